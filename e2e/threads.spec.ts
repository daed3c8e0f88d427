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

  test("the model's title replaces the first message's in the list, without a reload", async ({ page }) => {
    const chat = new ChatPage(page);
    await chat.goto();
    // The title request waits as long as the answer's first token: it comes well after the answer ends.
    await chat.sendAndWait(
      `say exactly: Plums ripen in August. ${emu({ tokenIntervalMs: 2, firstTokenDelayMs: 1500 })}`,
    );
    const id = chat.threadIdFromUrl();
    const title = chat.threadItems.and(page.locator(`[data-thread-id="${id}"]`)).getByTestId("thread-title");
    await expect(title).toContainText("say exactly");
    await expect(title).toHaveText("Plums ripen in August", { timeout: 10_000 });
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

  test("each chat has its own address: Back, Forward, reload and a bookmark open it", async ({ page }) => {
    const chat = new ChatPage(page);
    await chat.goto();
    await chat.sendAndWait(`say exactly: Plums are purple. ${fast}`);
    const plums = chat.threadIdFromUrl();
    expect(plums).toBeTruthy();
    expect(new URL(page.url()).pathname).toBe(`/c/${plums}`);
    await chat.newThread();
    expect(new URL(page.url()).pathname).toBe("/");
    await chat.sendAndWait(`say exactly: Limes are green. ${fast}`);
    const limes = chat.threadIdFromUrl();
    expect(limes).not.toBe(plums);

    await chat.threadItems
      .and(page.locator(`[data-thread-id="${plums}"]`))
      .getByTestId("thread-title")
      .click();
    await expect(page).toHaveURL(new RegExp(`/c/${plums}$`));
    await expect(chat.lastAnswer()).toContainText("Plums are purple.");

    await page.goBack();
    await expect(page).toHaveURL(new RegExp(`/c/${limes}$`));
    await expect(chat.lastAnswer()).toContainText("Limes are green.");
    await expect(chat.userMessages).toHaveCount(1);

    await page.goForward();
    await expect(page).toHaveURL(new RegExp(`/c/${plums}$`));
    await expect(chat.lastAnswer()).toContainText("Plums are purple.");

    await chat.reload();
    await expect(chat.lastAnswer()).toContainText("Plums are purple.");

    const bookmark = await page.context().newPage();
    const other = new ChatPage(bookmark);
    // The earlier `/?t={id}` links lead to the chat's address.
    await other.goto(`/?t=${limes}`);
    await expect(bookmark).toHaveURL(new RegExp(`/c/${limes}$`));
    await expect(other.lastAnswer()).toContainText("Limes are green.");
    await expect(other.threadItems.and(bookmark.locator(`[data-thread-id="${limes}"]`))).toHaveClass(
      /active/,
    );
    await bookmark.close();
  });

  test("more than a page of chats: Load more shows the next page", async ({ page, baseURL }) => {
    const tag = `pagetag${Date.now()}`;
    for (let i = 1; i <= 55; i++) {
      const response = await fetch(`${baseURL}/api/threads`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ title: `${tag} number ${i}` }),
      });
      expect(response.status).toBe(201);
    }
    const chat = new ChatPage(page);
    await chat.goto();
    await chat.search(tag);
    await expect(chat.threadItems).toHaveCount(50);
    await expect(chat.thread(new RegExp(`^${tag} number 55$`))).toBeVisible();
    await expect(chat.thread(new RegExp(`^${tag} number 1$`))).toHaveCount(0);
    await page.getByTestId("load-more").click();
    await expect(chat.threadItems).toHaveCount(55);
    await expect(chat.thread(new RegExp(`^${tag} number 1$`))).toBeVisible();
    await expect(page.getByTestId("load-more")).toHaveCount(0);
  });

  test("a link to a deleted thread says so and starts a new chat", async ({ page }) => {
    const chat = new ChatPage(page);
    await chat.goto("/c/no-such-thread");
    await expect(page.getByTestId("composer-error")).toContainText("no longer exists");
    await expect.poll(() => chat.threadIdFromUrl()).toBeNull();
    await chat.sendAndWait(`say exactly: fresh start ${fast}`);
    expect(chat.threadIdFromUrl()).not.toBe("no-such-thread");
  });
});
