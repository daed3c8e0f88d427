import { expect, test } from "@playwright/test";
import { emu } from "./emulator";
import { ChatPage } from "./pages/chat-page";

const WORDS = Array.from({ length: 200 }, (_, i) => `word${i + 1}`).join(" ");

test.describe("chat", () => {
  test("Enter sends, Shift+Enter adds a line", async ({ page }) => {
    const chat = new ChatPage(page);
    await chat.goto();
    await chat.composer.fill("say exactly: two lines");
    await chat.composer.press("Shift+Enter");
    await chat.composer.pressSequentially("second line");
    await expect(chat.composer).toHaveValue("say exactly: two lines\nsecond line");
    await chat.composer.press("Enter");
    await expect(chat.userMessages.last()).toContainText("second line");
    await chat.waitForAnswer("done");
    await expect(chat.composer).toHaveValue("");
    // The answer names its model as the picker does: a default set as "llama3.2" is "llama3.2:latest".
    const picked = (await chat.modelPicker.locator(".model-name").textContent()) ?? "";
    expect(picked).toContain(":");
    await expect(chat.lastAnswer().locator(".model-tag")).toHaveText(picked);
  });

  test("markdown and code render, with highlighting and a copy button", async ({ page }, testInfo) => {
    const chat = new ChatPage(page);
    await chat.goto();
    const markdown = [
      "## Plan",
      "",
      "- first item",
      "- second item",
      "",
      "| Model | Size |",
      "| --- | --- |",
      "| llama3.2 | 3.2B |",
      "",
      "```ts",
      "const answer: number = 42;",
      "```",
    ].join("\n");
    await chat.sendAndWait(`say exactly: ${markdown} ${emu({ tokenIntervalMs: 5 })}`);
    const answer = chat.lastAnswer();
    await expect(answer.locator("h2")).toHaveText("Plan");
    await expect(answer.locator("ul > li")).toHaveCount(2);
    await expect(answer.locator("table td").first()).toHaveText("llama3.2");
    await expect(answer.getByTestId("code-block")).toContainText("const answer: number = 42;");
    await expect(answer.locator(".hljs-keyword").first()).toHaveText("const");
    await expect(answer.getByTestId("code-block").getByTestId("copy")).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath("markdown.png") });
  });

  test("an XSS attempt renders as text", async ({ page }) => {
    const chat = new ChatPage(page);
    await chat.goto();
    const attack = [
      "<script>window.__xss = 1</script>",
      '<img src="x" onerror="window.__xss = 2">',
      "[click me](javascript:window.__xss=3)",
    ].join("\n\n");
    await chat.sendAndWait(`say exactly: ${attack} ${emu({ tokenIntervalMs: 2 })}`);
    const answer = chat.lastAnswer();
    await expect(answer).toContainText("<script>window.__xss = 1</script>");
    await expect(answer).toContainText("onerror");
    await expect(answer.locator("script, img")).toHaveCount(0);
    await expect(answer.locator('a[href^="javascript"]')).toHaveCount(0);
    await expect(answer.getByText("click me")).toBeVisible();
    await answer.getByText("click me").click();
    await expect(chat.userMessages.last().locator("script, img")).toHaveCount(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  });

  test("Stop keeps the partial answer, marked interrupted, after a reload", async ({ page }) => {
    const chat = new ChatPage(page);
    await chat.goto();
    await chat.send(`say exactly: ${WORDS} ${emu({ tokenIntervalMs: 40 })}`);
    await expect.poll(async () => (await chat.answerText().catch(() => "")).length).toBeGreaterThan(40);
    await chat.stopButton.click();
    await chat.waitForAnswer("interrupted");
    await expect(chat.lastAnswer().getByTestId("interrupted-note")).toBeVisible();
    const shown = await chat.answerText();
    expect(shown.startsWith("word1 word2")).toBe(true);
    expect(shown).not.toContain("word200");
    await expect(chat.sendButton).toBeVisible();

    await page.waitForTimeout(500);
    await chat.reload();
    await expect(chat.assistantMessages).toHaveCount(1);
    await chat.waitForAnswer("interrupted");
    const stored = await chat.answerText();
    expect(stored.startsWith(shown.trim())).toBe(true);
    expect(stored).not.toContain("word200");
  });

  test("Esc stops the stream too", async ({ page }) => {
    const chat = new ChatPage(page);
    await chat.goto();
    await chat.send(`say exactly: ${WORDS} ${emu({ tokenIntervalMs: 40 })}`);
    await expect.poll(async () => (await chat.answerText().catch(() => "")).length).toBeGreaterThan(20);
    await page.keyboard.press("Escape");
    await chat.waitForAnswer("interrupted");
  });

  test("regenerate the last answer; edit and resend the last user message", async ({ page }) => {
    const chat = new ChatPage(page);
    await chat.goto();
    await chat.sendAndWait(`say exactly: the first answer ${emu({ tokenIntervalMs: 5 })}`);
    const firstId = await chat.lastAnswer().getAttribute("data-message-id");

    await chat.lastAnswer().hover();
    await chat.lastAnswer().getByTestId("regenerate").click();
    await expect(chat.lastAnswer()).not.toHaveAttribute("data-message-id", firstId ?? "");
    await chat.waitForAnswer("done");
    await expect(chat.assistantMessages).toHaveCount(1);
    await expect(chat.lastAnswer()).toContainText("the first answer");

    const user = chat.userMessages.last();
    await user.hover();
    await user.getByTestId("edit-message").click();
    await user.getByTestId("edit-input").fill(`say exactly: an edited answer ${emu({ tokenIntervalMs: 5 })}`);
    await user.getByTestId("edit-input").press("Enter");
    await expect(chat.userMessages.last()).toContainText("an edited answer");
    await chat.waitForAnswer("done");
    await expect(chat.lastAnswer()).toContainText("an edited answer");

    await chat.reload();
    await expect(chat.userMessages).toHaveCount(1);
    await expect(chat.assistantMessages).toHaveCount(1);
    await expect(chat.lastAnswer()).toContainText("an edited answer");
  });

  test("a failed answer is marked as an error", async ({ page }) => {
    const chat = new ChatPage(page);
    await chat.goto();
    await chat.send(`Break please ${emu({ fault: "error-mid", faultAfterTokens: 5 })}`);
    await chat.waitForAnswer("error");
    await expect(chat.lastAnswer().getByTestId("error-note")).toBeVisible();
    await chat.reload();
    await chat.waitForAnswer("error");
  });
});
