import path from "node:path";
import { expect, type Page, type TestInfo, test } from "@playwright/test";
import { emu } from "./emulator";
import { ChatPage } from "./pages/chat-page";

/*
 * The README's screenshots of the new screens. `LUMIA_SCREENSHOTS=1 npx playwright test readme-screens`
 * writes them to docs/screenshots/; a plain run keeps them with the test's results.
 */
const EMULATOR = process.env.LUMIA_E2E_EMULATOR_URL as string;
const intoDocs = process.env.LUMIA_SCREENSHOTS === "1";

function shot(page: Page, testInfo: TestInfo, name: string) {
  const file = intoDocs
    ? path.join(import.meta.dirname, "..", "docs", "screenshots", `${name}.png`)
    : testInfo.outputPath(`${name}.png`);
  return page.screenshot({ path: file });
}

const ANSWER = [
  "The **Pythagorean theorem** relates the sides of a right triangle: $a^2 + b^2 = c^2$.",
  "",
  "$$",
  "c = \\sqrt{a^2 + b^2}",
  "",
  "$$",
  "",
  "```ts",
  "const hypotenuse = (a: number, b: number) => Math.hypot(a, b);",
  "```",
  "",
  "- [x] a 3-4-5 triangle checks out",
  "- [ ] try 5-12-13 next",
].join("\n");

for (const colorScheme of ["light", "dark"] as const) {
  test(`README screens (${colorScheme})`, async ({ page }, testInfo) => {
    await page.emulateMedia({ colorScheme });
    await page.setViewportSize({ width: 1280, height: 800 });
    const chat = new ChatPage(page);
    await chat.goto();
    await chat.sendAndWait(
      `How long is the hypotenuse? say exactly: ${ANSWER} ${emu({ tokenIntervalMs: 3 })}`,
    );
    await expect(chat.lastAnswer().locator(".katex").first()).toBeVisible();
    await shot(page, testInfo, `${colorScheme}-chat-math`);

    await page.getByTestId("open-settings").click();
    await expect(page.getByTestId("settings")).toBeVisible();
    await shot(page, testInfo, `${colorScheme}-settings-general`);
    await page.getByTestId("settings-tab-chat").click();
    await page.getByTestId("system-prompt").fill("Answer like a patient maths teacher.");
    await page.getByTestId("temperature").fill("0.4");
    await shot(page, testInfo, `${colorScheme}-settings-chat`);

    await page.request.post(`${EMULATOR}/_emulator/config`, { data: { pullIntervalMs: 150, pullSteps: 40 } });
    try {
      await page.getByTestId("settings-tab-models").click();
      await page.getByTestId("pull-input").fill("gemma3:1b");
      await page.getByTestId("pull-start").click();
      const bar = page
        .locator('[data-testid="pull-progress"][data-model="gemma3:1b"]')
        .getByRole("progressbar");
      await expect.poll(async () => Number(await bar.getAttribute("aria-valuenow"))).toBeGreaterThan(20);
      await shot(page, testInfo, `${colorScheme}-models-pull`);
      await expect(page.locator('[data-testid="pull-progress"][data-model="gemma3:1b"]')).toHaveAttribute(
        "data-state",
        "done",
        { timeout: 20_000 },
      );
    } finally {
      await page.request.post(`${EMULATOR}/_emulator/config`, { data: { pullIntervalMs: 20, pullSteps: 4 } });
      await page.request.delete(`${EMULATOR}/api/delete`, { data: { model: "gemma3:1b" } });
    }
    await page.keyboard.press("Escape");

    await page.keyboard.press("Control+/");
    await expect(page.getByTestId("shortcuts")).toBeVisible();
    await shot(page, testInfo, `${colorScheme}-shortcuts`);
    await page.keyboard.press("Escape");

    await page.getByTestId("health-menu").click();
    await shot(page, testInfo, `${colorScheme}-health-menu`);
    await page.keyboard.press("Escape");

    const id = chat.threadIdFromUrl();
    const item = chat.threadItems.and(page.locator(`[data-thread-id="${id}"]`));
    await item.hover();
    await item.getByTestId("delete-thread").click();
    await item.getByTestId("confirm-delete").click();
    await expect(page.getByTestId("undo-toast")).toBeVisible();
    await shot(page, testInfo, `${colorScheme}-undo-delete`);
    await page.getByTestId("undo-delete").click();

    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole("button", { name: "Toggle sidebar" }).click();
    await expect(page.getByTestId("sidebar")).not.toHaveAttribute("inert", "");
    await page.waitForTimeout(300);
    await shot(page, testInfo, `${colorScheme}-phone-drawer`);
  });
}
