import { expect, test } from "@playwright/test";
import { E2E_APPS } from "../playwright.config";
import { emu } from "./emulator";
import { ChatPage } from "./pages/chat-page";

const fast = emu({ tokenIntervalMs: 2, firstTokenDelayMs: 0 });

test.describe("chat extras", () => {
  test("math renders with KaTeX, its CSS and fonts served by Lumia", async ({ page }) => {
    const outside: string[] = [];
    page.on("request", (request) => {
      if (!request.url().startsWith("http://127.0.0.1")) outside.push(request.url());
    });
    const violations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy|Refused to/.test(message.text())) violations.push(message.text());
    });
    const chat = new ChatPage(page);
    await chat.goto();
    await chat.sendAndWait(
      `say exactly: Energy is $E=mc^2$, and\n\n$$\n\\int_0^1 x\\,dx = \\frac{1}{2}\n$$\n\nthat is all. ${fast}`,
    );
    const answer = chat.lastAnswer();
    await expect(answer.locator(".katex")).toHaveCount(2);
    await expect(answer.locator(".katex-display")).toHaveCount(1);
    await expect(answer.locator("math").first()).toBeAttached();
    expect(await answer.locator(".markdown").innerText()).not.toContain("$E=mc^2$");
    // The KaTeX stylesheet applied (its fonts are local): the formula uses KaTeX's font.
    const font = await answer
      .locator(".katex")
      .first()
      .evaluate((el) => getComputedStyle(el).fontFamily);
    expect(font).toContain("KaTeX_Main");
    expect(outside).toEqual([]);
    expect(violations).toEqual([]);
  });

  test("scrolled up while an answer streams: Jump to latest brings the newest text back", async ({
    page,
  }) => {
    const chat = new ChatPage(page);
    await chat.goto();
    for (let i = 0; i < 3; i++)
      await chat.sendAndWait(`Tell me more ${i} ${emu({ replyTokens: 120, tokenIntervalMs: 1 })}`);
    await chat.send(`And more ${emu({ replyTokens: 400, tokenIntervalMs: 30 })}`);
    await chat.waitForAnswer("streaming");
    await expect(page.getByTestId("jump-latest")).toHaveCount(0);
    await page.locator(".conversation").evaluate((el) => {
      el.scrollTop = 0;
      el.dispatchEvent(new Event("scroll"));
    });
    await expect(page.getByTestId("jump-latest")).toBeVisible();
    await page.getByTestId("jump-latest").click();
    await expect(page.getByTestId("jump-latest")).toHaveCount(0);
    await expect(chat.lastAnswer()).toBeInViewport();
    await chat.stopButton.click();
  });

  test("the health menu links to /diagnostics", async ({ page }) => {
    const chat = new ChatPage(page);
    await chat.goto();
    await page.getByTestId("health-menu").click();
    await expect(page.getByTestId("health-menu-panel")).toContainText("Ollama is running");
    await page.getByTestId("diagnostics-link").click();
    await expect(page).toHaveURL(/\/diagnostics$/);
    await expect(page.getByRole("main")).toBeVisible();
  });

  test("with several Ollama hosts the health menu lists each, the unreachable one marked", async ({
    page,
  }) => {
    await page.goto(`http://127.0.0.1:${E2E_APPS.twoHosts.port}/`);
    await page.getByTestId("health-menu").click();
    const hosts = page.getByTestId("ollama-host");
    await expect(hosts).toHaveCount(2);
    await expect(hosts.nth(0)).toContainText(E2E_APPS.twoHosts.ollamaHost.split(",")[0] as string);
    await expect(hosts.nth(0)).not.toContainText("unreachable");
    await expect(hosts.nth(1)).toContainText("http://127.0.0.1:9");
    await expect(hosts.nth(1)).toContainText("unreachable");
  });

  test("delete shows an undo toast: Undo keeps the chat, waiting it out deletes it", async ({ page }) => {
    const chat = new ChatPage(page);
    await chat.goto();
    await chat.sendAndWait(`say exactly: keep me ${fast}`);
    const id = chat.threadIdFromUrl();
    const item = chat.threadItems.and(page.locator(`[data-thread-id="${id}"]`));
    await item.hover();
    await item.getByTestId("delete-thread").click();
    await expect(item.getByTestId("confirm-delete")).toHaveText("Delete");
    await item.getByTestId("confirm-delete").click();
    await expect(item).toHaveCount(0);
    await expect(page).toHaveURL(/\/$/);
    await page.getByTestId("undo-delete").click();
    await expect(item).toBeVisible();
    expect((await page.request.get(`/api/threads/${id}`)).status()).toBe(200);

    await item.hover();
    await item.getByTestId("delete-thread").click();
    await item.getByTestId("confirm-delete").click();
    await expect(page.getByTestId("undo-toast")).toBeVisible();
    await expect(page.getByTestId("undo-toast")).toHaveCount(0, { timeout: 10_000 });
    await expect.poll(async () => (await page.request.get(`/api/threads/${id}`)).status()).toBe(404);
  });

  test("keyboard shortcuts: new chat, search, composer, and the help dialog lists them", async ({ page }) => {
    const chat = new ChatPage(page);
    await chat.goto();
    await chat.sendAndWait(`say exactly: shortcuts ${fast}`);
    await page.keyboard.press("Control+Shift+O");
    await expect(page).toHaveURL(/\/$/);
    await expect(chat.userMessages).toHaveCount(0);
    await page.keyboard.press("Control+k");
    await expect(page.getByTestId("thread-search")).toBeFocused();
    await page.keyboard.press("Shift+Escape");
    await expect(chat.composer).toBeFocused();
    await page.keyboard.press("Control+/");
    const help = page.getByTestId("shortcuts");
    await expect(help).toBeVisible();
    await expect(help).toContainText("Ctrl + Shift + O");
    await expect(help).toContainText("New chat");
    await expect(help).toContainText("Search chats");
    await page.keyboard.press("Escape");
    await expect(help).not.toBeVisible();
  });

  test("a streamed answer is announced politely, per sentence, not per chunk", async ({ page }) => {
    const chat = new ChatPage(page);
    await chat.goto();
    const announcer = page.getByTestId("announcer");
    await page.evaluate(() => {
      const w = window as unknown as { __spoken: string[] };
      w.__spoken = [];
      new MutationObserver(() => {
        const el = document.querySelector('[data-testid="announcer"]');
        if (el?.textContent) w.__spoken.push(el.textContent);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await chat.sendAndWait(
      `say exactly: The first sentence is here. The second one follows! And a third without a stop ${emu({ tokenIntervalMs: 20 })}`,
    );
    await expect(announcer).toHaveAttribute("aria-live", "polite");
    const spoken = await page.evaluate(() => [
      ...new Set((window as unknown as { __spoken: string[] }).__spoken),
    ]);
    expect(spoken).toEqual([
      "The first sentence is here.",
      "The second one follows!",
      "And a third without a stop",
    ]);
  });
});
