import { expect, test } from "@playwright/test";
import { E2E_APPS } from "../playwright.config";
import { emu } from "./emulator";
import { ChatPage } from "./pages/chat-page";

const WORDS = Array.from({ length: 200 }, (_, i) => `word${i + 1}`).join(" ");

test.describe("failed sends and errors", () => {
  test("a message too long leaves no empty chat, stays in the composer, and can be sent again", async ({
    page,
  }) => {
    const chat = new ChatPage(page);
    await chat.goto();
    const tag = `toolong${Date.now()}`;
    const text = `${tag} ${"x".repeat(33_000)}`;
    await chat.composer.fill(text);
    await chat.composer.press("Enter");
    await expect(page.getByTestId("composer-error")).toBeVisible();
    await expect(chat.composer).toHaveValue(text);
    await expect(chat.userMessages).toHaveCount(0);
    expect(chat.threadIdFromUrl()).toBeNull();
    await expect(chat.threadItems.filter({ hasText: "New chat" })).toHaveCount(0);

    // The same text again: refused again, still there, still no chat.
    await chat.sendButton.click();
    await expect(page.getByTestId("composer-error")).toBeVisible();
    await expect(chat.composer).toHaveValue(text);
    await expect(chat.userMessages).toHaveCount(0);
    const listed = await (await page.request.get(`/api/threads?q=${tag}`)).json();
    expect(listed.threads).toHaveLength(0);
    const untitled = await (await page.request.get("/api/threads?limit=100")).json();
    expect(untitled.threads.filter((t: { title: string }) => t.title === "New chat")).toHaveLength(0);

    // A shorter one goes through.
    await chat.composer.fill(`say exactly: short enough ${emu({ tokenIntervalMs: 2 })}`);
    await chat.composer.press("Enter");
    await chat.waitForAnswer("done");
    await expect(page.getByTestId("composer-error")).toHaveCount(0);
  });

  test("a missing model: no empty chat, the text kept, the pull offered", async ({ page }) => {
    const chat = new ChatPage(page);
    const base = `http://127.0.0.1:${E2E_APPS.modelMissing.port}`;
    await chat.goto(`${base}/`);
    await expect(chat.healthBanner).toHaveAttribute("data-problem", "model");
    await chat.send("Hello there");
    await expect(chat.composer).toHaveValue("Hello there");
    await expect(chat.userMessages).toHaveCount(0);
    await chat.send("Hello there");
    await expect(chat.composer).toHaveValue("Hello there");
    const listed = await (await page.request.get(`${base}/api/threads`)).json();
    expect(listed.threads).toHaveLength(0);
  });

  test("one Ollama outage, one report: the banner alone, without raw markup", async ({ page }) => {
    const chat = new ChatPage(page);
    await chat.goto(`http://127.0.0.1:${E2E_APPS.ollamaDown.port}/`);
    await expect(chat.healthBanner).toBeVisible();
    await chat.send("Hello?");
    await expect(chat.composer).toHaveValue("Hello?");
    await page.waitForTimeout(500);
    // (Next's route announcer, outside the app, is an empty alert of its own.)
    await expect(page.locator(".app").getByRole("alert")).toHaveCount(1);
    await expect(page.getByTestId("composer-error")).toHaveCount(0);
    await expect(page.getByTestId("composer-notice")).toHaveCount(0);
    expect(await chat.healthBanner.innerText()).not.toContain("`");
  });

  test("after Stop the answer keeps its stats row, and a reload shows it with a rate", async ({ page }) => {
    const chat = new ChatPage(page);
    await chat.goto();
    await chat.send(`say exactly: ${WORDS} ${emu({ tokenIntervalMs: 40 })}`);
    await expect.poll(async () => (await chat.answerText().catch(() => "")).length).toBeGreaterThan(60);
    await chat.stopButton.click();
    await chat.waitForAnswer("interrupted");
    const stats = chat.lastAnswer().getByTestId("stream-stats");
    await expect(stats).toBeVisible();
    await expect(stats).toHaveAttribute("data-live", "false");
    await expect(stats.locator('[data-stat="first_chunk"] .stat-value')).not.toHaveText("–");
    const rate = await stats.locator('[data-stat="tokens_per_second"] .stat-value').innerText();
    expect(rate).not.toContain("–");
    await page.waitForTimeout(300);
    await chat.reload();
    await chat.waitForAnswer("interrupted");
    await expect(stats).toBeVisible();
    // This page did not watch it: the server's figure, under its own label.
    await expect(stats.locator('[data-stat="server_first_chunk"] .stat-label')).toHaveText(
      "first chunk at the server",
    );
    await expect(stats.locator('[data-stat="tokens_per_second"]')).toBeVisible();
    await expect(stats).not.toContainText("–");
  });

  test("first chunk: one figure, the same while live and after the end", async ({ page }) => {
    const chat = new ChatPage(page);
    await chat.goto();
    await chat.send(`say exactly: ${WORDS} ${emu({ tokenIntervalMs: 15, firstTokenDelayMs: 300 })}`);
    const stats = chat.lastAnswer().getByTestId("stream-stats");
    await expect(stats).toHaveAttribute("data-live", "true");
    await expect(stats.locator('[data-stat="first_chunk"] .stat-value')).not.toHaveText("–");
    const live = await stats.locator('[data-stat="first_chunk"] .stat-value').innerText();
    await chat.waitForAnswer("done");
    await expect(stats).toHaveAttribute("data-live", "false");
    await expect(stats.locator('[data-stat="first_chunk"] .stat-value')).toHaveText(live);
    await expect(stats.locator('[data-stat="first_chunk"] .stat-label')).toHaveText("first chunk");
    await chat.reload();
    await expect(stats.locator('[data-stat="first_chunk"]')).toHaveCount(0);
    await expect(stats.locator('[data-stat="server_first_chunk"]')).toBeVisible();
  });

  test.describe("in Swedish", () => {
    test.use({ locale: "sv-SE" });

    test("server errors are shown in Swedish, and the first paint is Swedish", async ({ page }) => {
      const html = await (await page.request.get("/", { headers: { "accept-language": "sv-SE" } })).text();
      expect(html).toMatch(/<html[^>]*lang="sv"/);
      expect(html).toContain("Skriv till Lumia…");
      expect(html).not.toContain("Message Lumia…");
      const chat = new ChatPage(page);
      await chat.goto();
      await chat.composer.fill("x".repeat(33_000));
      await chat.composer.press("Enter");
      await expect(page.getByTestId("composer-error")).toContainText("för långt");
      await chat.goto("/c/no-such-thread");
      await expect(page.getByTestId("composer-error")).toContainText("Chatten finns inte längre");
    });
  });
});
