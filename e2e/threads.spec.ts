import { expect, test } from "@playwright/test";
import { emu } from "./emulator";
import { ChatPage } from "./pages/chat-page";

const fast = emu({ tokenIntervalMs: 2, firstTokenDelayMs: 0 });

test.describe("threads", () => {
  test("threads survive a reload, with their messages", async ({ page }, testInfo) => {
    const chat = new ChatPage(page);
    await chat.goto();
    await chat.sendAndWait(`say exactly: Apricots are orange. ${fast}`);
    const id = chat.threadIdFromUrl();
    expect(id).toBeTruthy();
    const item = chat.threadItems.and(page.locator(`[data-thread-id="${id}"]`));
    await expect(item).toBeVisible();

    await chat.reload();
    await expect(item).toBeVisible();
    await expect(item).toHaveClass(/active/);
    await expect(chat.lastAnswer()).toContainText("Apricots are orange.");

    await chat.newThread();
    expect(chat.threadIdFromUrl()).toBeNull();
    await item.getByTestId("thread-title").click();
    await expect(chat.userMessages).toHaveCount(1);
    await expect(chat.lastAnswer()).toContainText("Apricots are orange.");
    await page.screenshot({ path: testInfo.outputPath("threads.png") });
  });

  test("rename and delete", async ({ page }) => {
    const chat = new ChatPage(page);
    await chat.goto();
    await chat.sendAndWait(`say exactly: to be renamed ${fast}`);
    const id = chat.threadIdFromUrl();
    const item = chat.threadItems.and(page.locator(`[data-thread-id="${id}"]`));
    await chat.renameThread(item, "Renamed thread ✓");
    await expect(item.getByTestId("thread-title")).toHaveText("Renamed thread ✓");
    await chat.reload();
    await expect(item.getByTestId("thread-title")).toHaveText("Renamed thread ✓");

    await chat.deleteThread(item);
    await expect(item).toHaveCount(0);
    await expect(chat.userMessages).toHaveCount(0);
    await chat.reload();
    await expect(chat.threadItems.first()).toBeVisible();
    await expect(item).toHaveCount(0);
  });

  test("search finds threads by title and by message text", async ({ page }) => {
    const chat = new ChatPage(page);
    await chat.goto();
    await chat.sendAndWait(`Tell me about bananas ${emu({ replyTokens: 5, tokenIntervalMs: 2 })}`);
    const bananas = chat.threadIdFromUrl();
    await chat.newThread();
    await chat.sendAndWait(`say exactly: Cherries grow on quixotic trees. ${fast}`);
    const cherries = chat.threadIdFromUrl();
    const item = (id: string | null) => page.locator(`[data-testid="thread-item"][data-thread-id="${id}"]`);

    await chat.search("bananas");
    await expect(item(bananas)).toBeVisible();
    await expect(item(cherries)).toHaveCount(0);

    // "quixotic" is only in the answer's text, not in the title.
    await chat.search("quixotic");
    await expect(item(cherries)).toBeVisible();
    await expect(item(bananas)).toHaveCount(0);

    await chat.search("no thread has this zzz");
    await expect(chat.threadItems).toHaveCount(0);
    await chat.search("");
    await expect(item(bananas)).toBeVisible();
    await expect(item(cherries)).toBeVisible();
  });

  test("a link to a deleted thread says so and starts a new chat", async ({ page }) => {
    const chat = new ChatPage(page);
    await chat.goto("/?t=no-such-thread");
    await expect(page.getByTestId("composer-error")).toContainText("no longer exists");
    await expect.poll(() => chat.threadIdFromUrl()).toBeNull();
    await chat.sendAndWait(`say exactly: fresh start ${fast}`);
    expect(chat.threadIdFromUrl()).not.toBe("no-such-thread");
  });
});
