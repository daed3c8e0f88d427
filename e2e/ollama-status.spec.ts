import { expect, test } from "@playwright/test";
import { E2E_APPS } from "../playwright.config";
import { emu } from "./emulator";
import { ChatPage } from "./pages/chat-page";

test.describe("models and Ollama health", () => {
  test("the model picker lists the emulator's chat models and marks the loaded one", async ({
    page,
  }, testInfo) => {
    const chat = new ChatPage(page);
    await chat.goto();
    await chat.sendAndWait(`say exactly: warm up ${emu({ tokenIntervalMs: 2 })}`);
    await chat.modelPicker.click();
    const options = page.getByTestId("model-option");
    await expect(options.filter({ hasText: "llama3.2:latest" })).toBeVisible();
    await expect(options.filter({ hasText: "qwen2.5:0.5b" })).toBeVisible();
    // An embedding model cannot chat: Ollama reports it without the `completion` capability.
    await expect(options.filter({ hasText: "nomic-embed-text" })).toHaveCount(0);
    await expect(page.locator('[data-testid="model-option"][data-model="llama3.2:latest"]')).toHaveAttribute(
      "data-loaded",
      "true",
    );
    await page.screenshot({ path: testInfo.outputPath("model-picker.png") });

    await options.filter({ hasText: "qwen2.5:0.5b" }).click();
    await expect(chat.modelPicker).toContainText("qwen2.5:0.5b");
    await chat.sendAndWait(`say exactly: from qwen ${emu({ tokenIntervalMs: 2 })}`);
    await expect(chat.lastAnswer().locator(".model-tag")).toHaveText("qwen2.5:0.5b");
  });

  test("with Ollama down, a banner says so with the fix, and a send keeps its text", async ({
    page,
  }, testInfo) => {
    const chat = new ChatPage(page);
    await chat.goto(`http://127.0.0.1:${E2E_APPS.ollamaDown.port}/`);
    await expect(chat.healthBanner).toBeVisible();
    await expect(chat.healthBanner).toHaveAttribute("data-problem", "down");
    await expect(chat.healthBanner.getByTestId("health-fix")).toHaveText("ollama serve");
    await chat.send("Hello?");
    // Nothing was stored: the text is back in the composer for another try.
    await expect(chat.composer).toHaveValue("Hello?");
    await page.screenshot({ path: testInfo.outputPath("health-banner.png") });
  });

  test("with the model missing, the banner names the pull command", async ({ page }) => {
    const chat = new ChatPage(page);
    await chat.goto(`http://127.0.0.1:${E2E_APPS.modelMissing.port}/`);
    await expect(chat.healthBanner).toHaveAttribute("data-problem", "model");
    await expect(chat.healthBanner.getByTestId("health-fix")).toHaveText(
      "ollama pull mistral-nonexistent:7b",
    );
  });
});
