import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { emu } from "./emulator";
import { ChatPage } from "./pages/chat-page";

const CONTENT = [
  "## A heading",
  "",
  "Some `inline code`, a [link](https://example.com) and math: $a^2 + b^2 = c^2$.",
  "",
  "- [x] a task done",
  "- [ ] a task open",
  "",
  "| Model | Size |",
  "| --- | --- |",
  "| llama3.2 | 3.2B |",
  "",
  "```ts",
  "// a comment, and a line wide enough to scroll sideways in the code block on any screen width at all",
  'const greeting: string = "hello"; export function add(a: number, b: number) { return a + b + 42; }',
  "```",
].join("\n");

/** Serious and critical violations only, each with the rule and the first few offending elements. */
async function scan(page: Page, name: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${name}: ${v.id} (${v.impact}) ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(" "))
          .join(" | ")}`,
    );
  expect(bad, bad.join("\n")).toEqual([]);
}

for (const colorScheme of ["light", "dark"] as const) {
  test.describe(`accessibility (${colorScheme})`, () => {
    test.use({ colorScheme });

    test("chat, memory panel and settings have no serious or critical axe violations", async ({ page }) => {
      const chat = new ChatPage(page);
      await chat.goto();
      await scan(page, "empty chat");
      await chat.sendAndWait(`say exactly: ${CONTENT} ${emu({ tokenIntervalMs: 1, firstTokenDelayMs: 0 })}`);
      await chat.lastAnswer().getByTestId("stream-stats").waitFor();
      await scan(page, "chat");
      await chat.modelPicker.click();
      await scan(page, "model picker");
      await page.keyboard.press("Escape");
      await chat.openMemory();
      await scan(page, "memory panel");
      await page.getByTestId("open-memory").click();
      for (const tab of ["general", "chat", "models"] as const) {
        if (tab === "general") await page.getByTestId("open-settings").click();
        else await page.getByTestId(`settings-tab-${tab}`).click();
        await expect(page.getByTestId("settings")).toBeVisible();
        await scan(page, `settings ${tab}`);
      }
      await page.keyboard.press("Escape");
      await page.getByTestId("open-shortcuts").click();
      await scan(page, "shortcuts");
    });

    test("/diagnostics has no serious or critical axe violations", async ({ page }) => {
      await page.goto("/diagnostics");
      await expect(page.locator("main[data-hydrated]")).toBeVisible();
      await expect(page.getByTestId("pace-verdict").or(page.locator("[data-verdict]")).first()).toBeVisible({
        timeout: 20_000,
      });
      await scan(page, "diagnostics");
    });
  });
}

test("the model picker is a listbox that follows the arrow keys", async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.goto();
  await chat.modelPicker.focus();
  await page.keyboard.press("Enter");
  const listbox = page.getByRole("listbox");
  await expect(listbox).toBeVisible();
  const selected = listbox.getByRole("option", { selected: true });
  await expect(selected).toBeFocused();
  await page.keyboard.press("ArrowDown");
  const focused = await page.evaluate(() => document.activeElement?.getAttribute("data-model"));
  expect(focused).toBeTruthy();
  expect(focused).not.toBe(await selected.getAttribute("data-model"));
  await page.keyboard.press("Home");
  await expect(listbox.getByRole("option").first()).toBeFocused();
  await page.keyboard.press("End");
  await expect(listbox.getByRole("option").last()).toBeFocused();
  const last = await listbox.getByRole("option").last().getAttribute("data-model");
  await page.keyboard.press("Enter");
  await expect(listbox).toHaveCount(0);
  await expect(chat.modelPicker).toContainText(last ?? "");
  await expect(chat.modelPicker).toBeFocused();
});
