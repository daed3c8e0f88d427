import { expect, test } from "@playwright/test";
import { emu } from "./emulator";
import { ChatPage } from "./pages/chat-page";

const SHOWCASE = [
  "Here is a typed `debounce` helper:",
  "",
  "```ts",
  "export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number) {",
  "  let timer: ReturnType<typeof setTimeout> | undefined;",
  "  return (...args: A) => {",
  "    clearTimeout(timer);",
  "    timer = setTimeout(() => fn(...args), ms);",
  "  };",
  "}",
  "```",
  "",
  "| Call pattern | Runs |",
  "| --- | --- |",
  "| 10 calls within 200 ms | once |",
  "| calls 1 s apart | every time |",
  "",
  "- Use it for **search boxes** and resize handlers.",
  "- Keep `ms` between 150 and 300 for typing.",
].join("\n");

/** The main screens, light and dark, saved as test artifacts for the README and for review. */
for (const colorScheme of ["light", "dark"] as const) {
  test(`screens (${colorScheme})`, async ({ page }, testInfo) => {
    await page.emulateMedia({ colorScheme });
    const chat = new ChatPage(page);
    await chat.goto();
    await page.screenshot({ path: testInfo.outputPath(`${colorScheme}-empty.png`) });
    const memory = await chat.openMemory();
    if ((await memory.item("I write TypeScript every day").count()) === 0) {
      await memory.add("I write TypeScript every day");
    }
    await chat.sendAndWait(
      `How do I debounce in TypeScript? say exactly: ${SHOWCASE} ${emu({ tokenIntervalMs: 4 })}`,
    );
    await expect(chat.lastAnswer().locator(".hljs-keyword").first()).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath(`${colorScheme}-conversation.png`) });
    await chat.send(`And why does it matter? ${emu({ replyTokens: 400, tokenIntervalMs: 40 })}`);
    await expect.poll(async () => (await chat.answerText().catch(() => "")).length).toBeGreaterThan(120);
    await page.screenshot({ path: testInfo.outputPath(`${colorScheme}-streaming.png`) });
    await chat.stopButton.click();
    await chat.waitForAnswer("interrupted");
  });
}

test.describe("in Swedish", () => {
  test.use({ locale: "sv-SE" });

  test("the UI follows the browser's language and can be switched", async ({ page }) => {
    const chat = new ChatPage(page);
    await chat.goto();
    await expect(chat.composer).toHaveAttribute("placeholder", "Skriv till Lumia…");
    await expect(page.getByTestId("new-thread")).toContainText("Ny chatt");
    await page.getByTestId("language").selectOption("en");
    await expect(chat.composer).toHaveAttribute("placeholder", "Message Lumia…");
    await chat.reload();
    await expect(chat.composer).toHaveAttribute("placeholder", "Message Lumia…");
  });
});
