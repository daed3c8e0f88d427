import { expect, type Page, test } from "@playwright/test";
import { E2E_APPS } from "../playwright.config";
import { emu } from "./emulator";
import { ChatPage } from "./pages/chat-page";

const EMULATOR = process.env.LUMIA_E2E_EMULATOR_URL as string;

interface EmulatorConfig {
  registry: unknown[];
  pullIntervalMs: number;
  pullSteps: number;
}

async function emulatorConfig(page: Page): Promise<EmulatorConfig> {
  return (await (await page.request.get(`${EMULATOR}/_emulator/config`)).json()) as EmulatorConfig;
}

async function configure(page: Page, patch: Partial<EmulatorConfig>) {
  const response = await page.request.post(`${EMULATOR}/_emulator/config`, { data: patch });
  expect(response.ok()).toBe(true);
}

async function openModels(page: Page) {
  await page.getByTestId("open-settings").click();
  await page.getByTestId("settings-tab-models").click();
  await expect(page.getByTestId("models-panel")).toBeVisible();
}

test.describe("model management", () => {
  let saved: EmulatorConfig;
  test.beforeEach(async ({ page }) => {
    saved = await emulatorConfig(page);
  });
  test.afterEach(async ({ page }) => {
    // Other tests expect the emulator's own models: whatever a test pulled goes again.
    for (const model of ["gemma3:1b", "mistral-nonexistent:7b"]) {
      await page.request.delete(`${EMULATOR}/api/delete`, { data: { model } });
    }
    await configure(page, {
      registry: saved.registry,
      pullIntervalMs: saved.pullIntervalMs,
      pullSteps: saved.pullSteps,
    });
  });

  test("the list shows size, family, quantisation and state; a pull shows live progress that survives a reload", async ({
    page,
  }, testInfo) => {
    await configure(page, { pullIntervalMs: 120, pullSteps: 30 });
    const chat = new ChatPage(page);
    await chat.goto();
    await openModels(page);
    const llama = page.locator('[data-testid="model-row"][data-model="llama3.2:latest"]');
    await expect(llama).toContainText("llama · 3.2B · Q4_K_M · 2.0 GB");
    await expect(
      page.locator('[data-testid="model-row"][data-model="nomic-embed-text:latest"]'),
    ).toBeVisible();

    await page.getByTestId("pull-input").fill("gemma3:1b");
    await page.getByTestId("pull-start").click();
    const progress = page.locator('[data-testid="pull-progress"][data-model="gemma3:1b"]');
    const bar = progress.getByRole("progressbar");
    await expect(progress).toHaveAttribute("data-state", "pulling");
    await expect.poll(async () => Number(await bar.getAttribute("aria-valuenow"))).toBeGreaterThan(0);
    const before = Number(await bar.getAttribute("aria-valuenow"));
    await page.screenshot({ path: testInfo.outputPath("pull.png") });

    // The pull runs on the server: after a reload the page finds it still going.
    await chat.reload();
    await openModels(page);
    await expect(progress).toHaveAttribute("data-state", "pulling");
    await expect.poll(async () => Number(await bar.getAttribute("aria-valuenow"))).toBeGreaterThan(before);
    await expect(progress).toHaveAttribute("data-state", "done", { timeout: 15_000 });
    const gemma = page.locator('[data-testid="model-row"][data-model="gemma3:1b"]');
    await expect(gemma).toContainText("gemma3 · 999.89M");
    await expect(gemma.getByTestId("model-state")).toHaveText("cold");

    // It can answer at once, and is then warm in the picker.
    await page.keyboard.press("Escape");
    await chat.modelPicker.click();
    await page.getByTestId("model-option").filter({ hasText: "gemma3:1b" }).click();
    await chat.sendAndWait(`say exactly: from gemma ${emu({ tokenIntervalMs: 2 })}`);
    await expect(chat.lastAnswer().locator(".model-tag")).toHaveText("gemma3:1b");
    await chat.modelPicker.click();
    await expect(
      page.locator('[data-testid="model-option"][data-model="gemma3:1b"]').getByTestId("warm-badge"),
    ).toHaveAttribute("data-warm", "true");
    await page.keyboard.press("Escape");

    // Unload: cold again; delete: gone from Ollama.
    await openModels(page);
    await expect(gemma.getByTestId("model-state")).toHaveText("warm");
    await gemma.getByTestId("model-unload").click();
    await expect(gemma.getByTestId("model-state")).toHaveText("cold");
    await gemma.getByTestId("model-delete").click();
    await gemma.getByTestId("model-delete-confirm").click();
    await expect(gemma).toHaveCount(0);
    const tags = (await (await page.request.get(`${EMULATOR}/api/tags`)).json()) as {
      models: { name: string }[];
    };
    expect(tags.models.map((m) => m.name)).not.toContain("gemma3:1b");
  });

  test("a name the registry lacks: the pull says so", async ({ page }) => {
    const chat = new ChatPage(page);
    await chat.goto();
    await openModels(page);
    await page.getByTestId("pull-input").fill("no-such-model:1b");
    await page.getByTestId("pull-start").click();
    const progress = page.locator('[data-testid="pull-progress"][data-model="no-such-model:1b"]');
    await expect(progress).toHaveAttribute("data-state", "error");
    await expect(progress).toContainText("no-such-model:1b");
  });

  test("a missing model offers the pull in place, and the chat works when it is done", async ({ page }) => {
    const config = await emulatorConfig(page);
    await configure(page, {
      registry: [
        ...config.registry,
        { name: "mistral-nonexistent:7b", parameterSize: "7.2B", size: 4_113_301_824 },
      ],
      pullIntervalMs: 80,
      pullSteps: 20,
    });
    const chat = new ChatPage(page);
    await chat.goto(`http://127.0.0.1:${E2E_APPS.modelMissing.port}/`);
    await expect(chat.healthBanner).toHaveAttribute("data-problem", "model");
    await chat.healthBanner.getByTestId("pull-missing").click();
    await expect(chat.healthBanner.getByTestId("pull-progress")).toHaveAttribute("data-state", "pulling");
    await expect(chat.healthBanner).toHaveCount(0, { timeout: 20_000 });
    await chat.sendAndWait(`say exactly: now installed ${emu({ tokenIntervalMs: 2 })}`);
    await expect(chat.lastAnswer().locator(".model-tag")).toHaveText("mistral-nonexistent:7b");
  });

  test("the endpoints refuse bad input with a clear 4xx", async ({ request }) => {
    const bad = await request.post("/api/models/pulls", { data: { model: "" } });
    expect(bad.status()).toBe(400);
    expect((await bad.json()).code).toBe("invalid_request");
    const weird = await request.post("/api/models/pulls", { data: { model: "a b; rm -rf" } });
    expect(weird.status()).toBe(400);
    const missing = await request.post("/api/models/delete", { data: { model: "not-installed:1b" } });
    expect(missing.status()).toBe(404);
    expect((await missing.json()).code).toBe("model_not_found");
    const text = await request.post("/api/models/unload", {
      headers: { "content-type": "text/plain" },
      data: "llama3.2",
    });
    expect(text.status()).toBe(415);
  });
});
