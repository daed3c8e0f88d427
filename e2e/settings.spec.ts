import { expect, type Page, test } from "@playwright/test";
import { emu } from "./emulator";
import { ChatPage } from "./pages/chat-page";

const fast = emu({ tokenIntervalMs: 2, firstTokenDelayMs: 0 });
const EMULATOR = process.env.LUMIA_E2E_EMULATOR_URL as string;

interface ChatRequest {
  model: string;
  messages: { role: string; content: string }[];
  options?: Record<string, unknown>;
}

/** The last /api/chat request the emulator got whose last message contains `marker`. */
async function ollamaRequest(page: Page, marker: string): Promise<ChatRequest | undefined> {
  const stats = (await (await page.request.get(`${EMULATOR}/_emulator/stats`)).json()) as {
    requests: { path: string; body: ChatRequest }[];
  };
  return stats.requests
    .filter((r) => r.path === "/api/chat" && r.body?.messages?.at(-1)?.content.includes(marker))
    .at(-1)?.body;
}

test.describe("settings", () => {
  test("theme: dark, light and system, kept across a reload without a flash", async ({ page }) => {
    const chat = new ChatPage(page);
    await chat.goto();
    const html = page.locator("html");
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.getByTestId("open-settings").click();
    await page.getByTestId("theme-dark").check();
    await expect(html).toHaveAttribute("data-theme", "dark");
    expect(await background()).toBe("rgb(21, 22, 26)");
    // The server renders the choice: the very first HTML has it.
    const first = await (await page.request.get("/")).text();
    expect(first).toMatch(/<html[^>]*data-theme="dark"/);
    await chat.reload();
    await expect(html).toHaveAttribute("data-theme", "dark");

    await page.getByTestId("open-settings").click();
    await page.getByTestId("theme-light").check();
    expect(await background()).toBe("rgb(255, 255, 255)");
    await page.emulateMedia({ colorScheme: "dark" });
    expect(await background()).toBe("rgb(255, 255, 255)");
    await page.getByTestId("theme-system").check();
    await expect(html).not.toHaveAttribute("data-theme", /./);
    expect(await background()).toBe("rgb(21, 22, 26)");
    await page.keyboard.press("Escape");
    await expect(page.getByTestId("settings")).not.toBeVisible();
  });

  test("language and default model from the settings", async ({ page }) => {
    const chat = new ChatPage(page);
    await chat.goto();
    await page.getByTestId("open-settings").click();
    await page.getByTestId("settings-language").selectOption("sv");
    await expect(page.getByTestId("settings").locator("h2")).toHaveText("Inställningar");
    await page.getByTestId("default-model").selectOption("qwen2.5:0.5b");
    await page.keyboard.press("Escape");
    await expect(chat.composer).toHaveAttribute("placeholder", "Skriv till Lumia…");
    await expect(chat.modelPicker).toContainText("qwen2.5:0.5b");
    await chat.reload();
    await expect(chat.composer).toHaveAttribute("placeholder", "Skriv till Lumia…");
    await chat.sendAndWait(`say exactly: default is qwen ${fast}`);
    await expect(chat.lastAnswer().locator(".model-tag")).toHaveText("qwen2.5:0.5b");

    await page.getByTestId("open-settings").click();
    await page.getByTestId("settings-language").selectOption("en");
    await page.getByTestId("default-model").selectOption("llama3.2:latest");
    await page.keyboard.press("Escape");
    await expect(chat.composer).toHaveAttribute("placeholder", "Message Lumia…");
  });

  test("per chat: model, system prompt, temperature and context size reach Ollama and stay with the chat", async ({
    page,
  }) => {
    const chat = new ChatPage(page);
    await chat.goto();
    await chat.sendAndWait(`say exactly: a chat of its own ${fast}`);
    const first = chat.threadIdFromUrl();

    await page.getByTestId("open-settings").click();
    await page.getByTestId("settings-tab-chat").click();
    await page.getByTestId("chat-model").selectOption("qwen2.5:0.5b");
    await page.getByTestId("system-prompt").fill("You are a terse pirate.");
    await page.getByTestId("temperature").fill("0.3");
    await page.getByTestId("num-ctx").fill("8192");
    await page.getByTestId("save-chat-settings").click();
    await expect(page.getByTestId("chat-settings-status")).toHaveText("Saved");
    await page.keyboard.press("Escape");
    await expect(chat.modelPicker).toContainText("qwen2.5:0.5b");

    const marker = `marker${Date.now()}`;
    await chat.sendAndWait(`say exactly: ${marker} ${fast}`);
    const sent = await ollamaRequest(page, marker);
    expect(sent?.model).toBe("qwen2.5:0.5b");
    expect(sent?.messages[0]).toEqual({ role: "system", content: expect.stringContaining("terse pirate") });
    expect(sent?.options).toMatchObject({ temperature: 0.3, num_ctx: 8192 });

    // Another chat has its own (default) model; coming back shows this one's again.
    await chat.newThread();
    await expect(chat.modelPicker).toContainText("llama3.2:latest");
    await chat.sendAndWait(`say exactly: the other chat ${fast}`);
    await expect(chat.lastAnswer().locator(".model-tag")).toHaveText("llama3.2:latest");
    await chat.threadItems
      .and(page.locator(`[data-thread-id="${first}"]`))
      .getByTestId("thread-title")
      .click();
    await expect(chat.modelPicker).toContainText("qwen2.5:0.5b");
    await chat.reload();
    await expect(chat.modelPicker).toContainText("qwen2.5:0.5b");
    await page.getByTestId("open-settings").click();
    await page.getByTestId("settings-tab-chat").click();
    await expect(page.getByTestId("system-prompt")).toHaveValue("You are a terse pirate.");
    await expect(page.getByTestId("temperature")).toHaveValue("0.3");
    await expect(page.getByTestId("num-ctx")).toHaveValue("8192");
  });

  test("a chat answered by one model reopens with it", async ({ page }) => {
    const chat = new ChatPage(page);
    await chat.goto();
    await chat.modelPicker.click();
    await page.getByTestId("model-option").filter({ hasText: "qwen2.5:0.5b" }).click();
    await chat.sendAndWait(`say exactly: picked in the header ${fast}`);
    await expect(chat.lastAnswer().locator(".model-tag")).toHaveText("qwen2.5:0.5b");
    await chat.newThread();
    await expect(chat.modelPicker).toContainText("llama3.2:latest");
    await page.goBack();
    await expect(chat.lastAnswer()).toContainText("picked in the header");
    await expect(chat.modelPicker).toContainText("qwen2.5:0.5b");
  });
});
