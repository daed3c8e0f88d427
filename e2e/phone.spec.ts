import { expect, test } from "@playwright/test";
import { emu } from "./emulator";
import { ChatPage } from "./pages/chat-page";

const fast = emu({ tokenIntervalMs: 2, firstTokenDelayMs: 0 });

test.describe("on a phone", () => {
  test("the closed drawer takes no Tab stops: the composer is reached at once", async ({ page }) => {
    const chat = new ChatPage(page);
    await chat.goto();
    await expect(page.getByTestId("sidebar")).toHaveAttribute("inert", "");
    await expect(page.getByTestId("new-thread")).not.toBeInViewport();
    // From the top of the page, Tab goes through the header's few buttons to the composer.
    await page.locator("body").focus();
    const visited: string[] = [];
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press("Tab");
      const testId = await page.evaluate(() => document.activeElement?.getAttribute("data-testid") ?? "");
      visited.push(testId);
      if (testId === "composer") break;
    }
    expect(visited).toContain("composer");
    expect(visited).not.toContain("thread-title");
    expect(visited).not.toContain("new-thread");
  });

  test("rename and delete are reachable by touch in the drawer", async ({ page }, testInfo) => {
    const chat = new ChatPage(page);
    await chat.goto();
    await chat.sendAndWait(`say exactly: a chat on the phone ${fast}`);
    const id = chat.threadIdFromUrl();
    await page.getByRole("button", { name: "Toggle sidebar" }).tap();
    await expect(page.getByTestId("sidebar")).not.toHaveAttribute("inert", "");
    const item = chat.threadItems.and(page.locator(`[data-thread-id="${id}"]`));
    await expect(item.getByTestId("rename-thread")).toBeVisible();
    await expect(item.getByTestId("delete-thread")).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath("phone-drawer.png") });
    await item.getByTestId("rename-thread").tap();
    await item.getByTestId("rename-input").fill("Renamed on the phone");
    await item.getByTestId("rename-input").press("Enter");
    await expect(item.getByTestId("thread-title")).toHaveText("Renamed on the phone");
    await item.getByTestId("delete-thread").tap();
    await item.getByTestId("confirm-delete").tap();
    await expect(item).toHaveCount(0);
    await expect(page.getByTestId("undo-toast")).toBeVisible();
  });
});
