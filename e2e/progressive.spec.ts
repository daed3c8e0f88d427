import { expect, test } from "@playwright/test";
import { emu, readStamps } from "./emulator";
import { ChatPage } from "./pages/chat-page";
import { analyseFrames, startFrameSampler, stopFrameSampler } from "./pages/frame-sampler";

const PACED = { replyTokens: 60, tokenIntervalMs: 30, stampTokens: true } as const;

async function measure(chat: ChatPage, directive: Parameters<typeof emu>[0]) {
  await chat.goto();
  await startFrameSampler(chat.page);
  await chat.send(`Explain streaming ${emu(directive)}`);
  await chat.waitForAnswer("done");
  // A few more frames, so the sample after the last chunk is certainly in.
  await chat.page.waitForTimeout(100);
  const samples = await stopFrameSampler(chat.page);
  const stamps = readStamps(await chat.answerText());
  return { stamps, ...analyseFrames({ samples, stamps }) };
}

test.describe("progressive rendering", () => {
  test("text grows on screen chunk by chunk, within a frame of each chunk", async ({ page }, testInfo) => {
    const chat = new ChatPage(page);
    const figures = await measure(chat, PACED);
    console.log(
      `[progressive] 60 tokens @30ms: ${figures.distinctLengths} distinct lengths over ${figures.frames} frames, ` +
        `first text ${figures.firstTextDelayMs.toFixed(1)} ms after the emulator's first token, ` +
        `complete ${figures.endDelayMs.toFixed(1)} ms after its last chunk`,
    );
    await testInfo.attach("progressive-figures.json", { body: JSON.stringify(figures, null, 2) });
    expect(figures.stamps).toHaveLength(60);
    expect(figures.distinctLengths).toBeGreaterThanOrEqual(40);
    expect(figures.firstTextDelayMs).toBeLessThanOrEqual(300);
    expect(figures.endDelayMs).toBeLessThanOrEqual(300);
  });

  test("negative control: a reply sent in one piece fails the same measurement", async ({ page }) => {
    const chat = new ChatPage(page);
    const figures = await measure(chat, { ...PACED, oneShot: true });
    console.log(
      `[progressive] one-shot control: ${figures.distinctLengths} distinct lengths over ${figures.frames} frames`,
    );
    expect(figures.stamps).toHaveLength(60);
    expect(figures.distinctLengths).toBeLessThan(40);
  });

  test("live stats update while streaming and give way to Ollama's figures at the end", async ({
    page,
  }, testInfo) => {
    const chat = new ChatPage(page);
    await chat.goto();
    await chat.send(`Tell me more ${emu({ replyTokens: 80, tokenIntervalMs: 40 })}`);
    const stats = chat.lastAnswer().getByTestId("stream-stats");
    await expect(stats).toHaveAttribute("data-live", "true");
    await expect(stats).toHaveAttribute("data-phase", "streaming");
    await expect
      .poll(async () => Number(await stats.locator('[data-stat="chunks"] .stat-value').textContent()))
      .toBeGreaterThan(10);
    await page.screenshot({ path: testInfo.outputPath("streaming.png") });
    await chat.waitForAnswer("done");
    await expect(stats).toHaveAttribute("data-live", "false");
    await expect(stats.locator('[data-stat="eval_count"] .stat-value')).toHaveText("80");
    await expect(stats.locator('[data-stat="prompt_eval_count"]')).toBeVisible();
    await expect(stats.locator(".sparkline rect").first()).toBeVisible();
    // The persisted stats come back after a reload.
    await chat.reload();
    await expect(
      chat.lastAnswer().getByTestId("stream-stats").locator('[data-stat="eval_count"] .stat-value'),
    ).toHaveText("80");
  });

  test("a stuck model looks different from a slow one", async ({ page }, testInfo) => {
    const chat = new ChatPage(page);
    await chat.goto();
    // Slow: a chunk every 1.2 s is slow but alive.
    await chat.send(`Slowly ${emu({ replyTokens: 4, tokenIntervalMs: 1200, firstTokenDelayMs: 0 })}`);
    const stats = chat.lastAnswer().getByTestId("stream-stats");
    await expect(stats).toHaveAttribute("data-phase", "streaming");
    await page.waitForTimeout(1500);
    await expect(stats).not.toHaveAttribute("data-phase", "stalled");
    await chat.waitForAnswer("done");
    // Stuck: no chunk after the third.
    await chat.send(`Then stop ${emu({ fault: "stall", faultAfterTokens: 3 })}`);
    const stuck = chat.lastAnswer().getByTestId("stream-stats");
    await expect(stuck).toHaveAttribute("data-phase", "stalled", { timeout: 5000 });
    await expect(stuck).toContainText(/stuck/);
    await page.screenshot({ path: testInfo.outputPath("stalled.png") });
    await page.keyboard.press("Escape");
    await chat.waitForAnswer("interrupted");
  });
});
