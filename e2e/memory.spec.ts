import { expect, test } from "@playwright/test";
import { emu } from "./emulator";
import { ChatPage } from "./pages/chat-page";

test.describe("memory", () => {
  test("add, edit and delete memories; an answer shows the memories it used", async ({ page }, testInfo) => {
    const chat = new ChatPage(page);
    await chat.goto();
    const memory = await chat.openMemory();
    await memory.add("My cat is called Mimmi");
    await memory.edit("My cat is called Mimmi", "My cat is called Mimmi and she loves tuna");
    await page.screenshot({ path: testInfo.outputPath("memory-panel.png") });

    await chat.reload();
    const reopened = await chat.openMemory();
    await expect(reopened.item("My cat is called Mimmi and she loves tuna")).toBeVisible();

    await chat.sendAndWait(
      `What is my cat called and what does she love? ${emu({ replyTokens: 10, tokenIntervalMs: 5 })}`,
    );
    const used = chat.lastAnswer().getByTestId("memories-used");
    await expect(used).toBeVisible();
    await used.locator("summary").click();
    await expect(used.getByTestId("memory-used").filter({ hasText: "Mimmi" })).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath("memories-used.png") });

    // The stored answer keeps the list.
    await chat.reload();
    await expect(chat.lastAnswer().getByTestId("memories-used")).toBeVisible();

    const again = await chat.openMemory();
    await again.remove("My cat is called Mimmi and she loves tuna");
    await chat.reload();
    const after = await chat.openMemory();
    await expect(after.item("Mimmi")).toHaveCount(0);
  });
});
