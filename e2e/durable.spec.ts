import { expect, type Page, test } from "@playwright/test";
import { emu } from "./emulator";
import { ChatPage } from "./pages/chat-page";
import { analyseFrames, startFrameSampler, stopFrameSampler } from "./pages/frame-sampler";

/*
 * An answer belongs to its thread, not to the page that asked: a reload, a switch to another chat and
 * back, or a second tab all find it still being written, catch up, and watch it grow live to its end.
 */

// About 6 s of answer: long enough to leave and come back in the middle of it.
const LONG = emu({ replyTokens: 150, tokenIntervalMs: 40 });

async function storedAnswer(page: Page, threadId: string) {
  const response = await page.request.get(`/api/threads/${threadId}`);
  const { messages } = (await response.json()) as {
    messages: { role: string; status: string; content: string }[];
  };
  return messages.at(-1);
}

/** What the stored answer renders as: the page reloaded from the database. */
async function renderedFromDatabase(chat: ChatPage): Promise<string> {
  await chat.reload();
  await expect(chat.lastAnswer()).not.toHaveAttribute("data-state", "streaming");
  return chat.answerText();
}

/** Samples the answer from now to its end; returns how many distinct text lengths the user saw. */
async function watchToTheEnd(chat: ChatPage) {
  await startFrameSampler(chat.page);
  await chat.waitForAnswer("done", 30_000);
  await chat.page.waitForTimeout(100);
  const samples = await stopFrameSampler(chat.page);
  return analyseFrames({ samples, stamps: [] });
}

test.describe("durable answers", () => {
  test("a reload mid-answer picks the answer up: it catches up, grows live to its end, with live stats", async ({
    page,
  }) => {
    const chat = new ChatPage(page);
    await chat.goto();
    await chat.send(`Tell me a long story ${LONG}`);
    await expect.poll(async () => (await chat.answerText().catch(() => "")).length).toBeGreaterThan(60);
    const threadId = chat.threadIdFromUrl();
    expect(threadId).toBeTruthy();
    const before = (await chat.answerText()).length;

    await chat.reload();
    await expect(chat.lastAnswer()).toHaveAttribute("data-state", "streaming");
    const stats = chat.lastAnswer().getByTestId("stream-stats");
    await expect(stats).toHaveAttribute("data-live", "true");
    // The figures continue from the server's: chunks from before the reload are counted.
    await expect
      .poll(async () => Number(await stats.locator('[data-stat="chunks"] .stat-value').textContent()))
      .toBeGreaterThan(15);
    const figures = await watchToTheEnd(chat);
    console.log(
      `[durable] reload at ${before} characters: ${figures.distinctLengths} distinct lengths seen after it, ${figures.finalLength} at the end`,
    );
    expect(figures.distinctLengths).toBeGreaterThanOrEqual(20);
    await expect(chat.lastAnswer().getByTestId("stream-stats")).toHaveAttribute("data-live", "false");
    expect(await storedAnswer(page, threadId as string)).toMatchObject({ status: "complete" });
    const seen = await chat.answerText();
    expect(await renderedFromDatabase(chat)).toBe(seen);
    await expect(chat.userMessages).toHaveCount(1);
  });

  test("switching to another chat and back shows the running answer catching up, then growing live", async ({
    page,
  }) => {
    const chat = new ChatPage(page);
    await chat.goto();
    await chat.send(`Explain durable streams ${LONG}`);
    await expect.poll(async () => (await chat.answerText().catch(() => "")).length).toBeGreaterThan(40);
    const threadId = chat.threadIdFromUrl() as string;
    await chat.newThread();
    await page.waitForTimeout(800);
    await chat.threadItems
      .filter({ has: page.getByText("Explain durable streams") })
      .first()
      .click();
    await expect(chat.lastAnswer()).toHaveAttribute("data-state", "streaming");
    const figures = await watchToTheEnd(chat);
    console.log(
      `[durable] switch and back: ${figures.distinctLengths} distinct lengths seen after coming back`,
    );
    expect(figures.distinctLengths).toBeGreaterThanOrEqual(20);
    expect(await storedAnswer(page, threadId)).toMatchObject({ status: "complete" });
    const seen = await chat.answerText();
    expect(await renderedFromDatabase(chat)).toBe(seen);
  });

  test("two tabs on one thread both see a new answer live", async ({ page, context }) => {
    const first = new ChatPage(page);
    await first.goto();
    await first.sendAndWait(`Hello ${emu({ replyTokens: 10, tokenIntervalMs: 5 })}`);
    const threadId = first.threadIdFromUrl() as string;

    const second = new ChatPage(await context.newPage());
    await second.goto(`/c/${threadId}`);
    await expect(second.assistantMessages).toHaveCount(1);

    await first.send(`And now something longer ${emu({ replyTokens: 100, tokenIntervalMs: 40 })}`);
    await expect(second.assistantMessages).toHaveCount(2);
    await expect(second.lastAnswer()).toHaveAttribute("data-state", "streaming");
    const figures = await watchToTheEnd(second);
    console.log(
      `[durable] second tab: ${figures.distinctLengths} distinct lengths while the first tab asked`,
    );
    expect(figures.distinctLengths).toBeGreaterThanOrEqual(20);
    await first.waitForAnswer("done");
    expect(await second.answerText()).toBe(await first.answerText());
    await second.page.close();
  });

  test("Stop ends Ollama's generation at once, keeps the text and the stats row", async ({ page }) => {
    const chat = new ChatPage(page);
    await chat.goto();
    await chat.send(`Count to a thousand ${LONG}`);
    await expect.poll(async () => (await chat.answerText().catch(() => "")).length).toBeGreaterThan(40);
    const stoppedAt = Date.now();
    await chat.stopButton.click();
    await chat.waitForAnswer("interrupted");
    const stats = chat.lastAnswer().getByTestId("stream-stats");
    await expect(stats).toHaveAttribute("data-live", "false");
    await expect(stats.locator('[data-stat="chunks"]')).toBeVisible();
    const emulatorStats = (await (
      await page.request.get(`${process.env.LUMIA_E2E_EMULATOR_URL}/_emulator/stats`)
    ).json()) as { abandoned: { at: number }[] };
    const abandoned = emulatorStats.abandoned.filter((a) => a.at >= stoppedAt);
    expect(abandoned.length).toBeGreaterThanOrEqual(1);
    expect((await storedAnswer(page, chat.threadIdFromUrl() as string))?.status).toBe("interrupted");
    const seen = await chat.answerText();
    expect(await renderedFromDatabase(chat)).toBe(seen);
  });
});
