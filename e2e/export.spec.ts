import { readFile } from "node:fs/promises";
import { expect, type Page, test } from "@playwright/test";
import { emu } from "./emulator";
import { ChatPage } from "./pages/chat-page";

const fast = emu({ tokenIntervalMs: 2, firstTokenDelayMs: 0 });

async function download(page: Page, testId: string): Promise<{ name: string; text: string; path: string }> {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByTestId(testId).click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), text: await readFile(path, "utf8"), path };
}

test.describe("export and import", () => {
  test("a chat exports as Markdown and JSON, and the JSON imports as a new chat", async ({ page }) => {
    const chat = new ChatPage(page);
    await chat.goto();
    const title = `Exported chat ${Date.now()}`;
    await chat.sendAndWait(`say exactly: Figs are **sweet**. ${fast}`);
    const id = chat.threadIdFromUrl();
    await chat.renameThread(chat.threadItems.and(page.locator(`[data-thread-id="${id}"]`)), title);

    await page.getByTestId("open-settings").click();
    await page.getByTestId("settings-tab-chat").click();
    const markdown = await download(page, "export-markdown");
    expect(markdown.name).toMatch(/^exported-chat-\d+\.md$/);
    expect(markdown.text).toContain(`# ${title}`);
    expect(markdown.text).toContain("## You");
    expect(markdown.text).toContain("Figs are **sweet**.");

    const json = await download(page, "export-json");
    const data = JSON.parse(json.text);
    expect(data).toMatchObject({ format: "lumia-export", version: 1 });
    expect(data.threads).toHaveLength(1);
    expect(data.threads[0].title).toBe(title);
    expect(data.threads[0].messages.map((m: { role: string }) => m.role)).toEqual(["user", "assistant"]);

    await page.getByTestId("settings-tab-general").click();
    await page.getByTestId("import-file").setInputFiles(json.path);
    await expect(page.getByTestId("import-result")).toHaveText("Imported 1 chat and 0 memories.");
    await page.keyboard.press("Escape");
    const copies = chat.threadItems.filter({ hasText: title });
    await expect(copies).toHaveCount(2);
    const copy = copies.and(page.locator(`:not([data-thread-id="${id}"])`)).first();
    await copy.getByTestId("thread-title").click();
    await expect(chat.lastAnswer()).toContainText("Figs are sweet.");
    expect(chat.threadIdFromUrl()).not.toBe(id);
  });

  test("export all data holds every chat and the memories; a broken file is refused clearly", async ({
    page,
  }) => {
    const chat = new ChatPage(page);
    await chat.goto();
    const memory = await chat.openMemory();
    const fact = `I keep bees ${Date.now()}`;
    await memory.add(fact);
    await chat.sendAndWait(`say exactly: all data ${fast}`);
    await page.getByTestId("open-settings").click();
    const all = await download(page, "export-all");
    expect(all.name).toMatch(/^lumia-export-\d{4}-\d{2}-\d{2}\.json$/);
    const data = JSON.parse(all.text);
    expect(data.threads.some((t: { id: string }) => t.id === chat.threadIdFromUrl())).toBe(true);
    expect(data.memories.some((m: { content: string }) => m.content === fact)).toBe(true);

    await page.getByTestId("import-file").setInputFiles({
      name: "broken.json",
      mimeType: "application/json",
      buffer: Buffer.from('{"format":"something else","threads":[]}'),
    });
    await expect(page.getByTestId("import-result")).toContainText("not a Lumia export");
  });

  test("the endpoints: 25 MB at most, JSON only, an unknown chat is a 404", async ({ request }) => {
    const huge = await request.post("/api/import", {
      headers: { "content-type": "application/json" },
      data: JSON.stringify({
        format: "lumia-export",
        version: 1,
        threads: [],
        pad: "x".repeat(26 * 1024 * 1024),
      }),
    });
    expect(huge.status()).toBe(413);
    const text = await request.post("/api/import", { headers: { "content-type": "text/plain" }, data: "{}" });
    expect(text.status()).toBe(415);
    const broken = await request.post("/api/import", {
      headers: { "content-type": "application/json" },
      data: "{not json",
    });
    expect(broken.status()).toBe(400);
    const missing = await request.get("/api/threads/no-such-thread/export?format=markdown");
    expect(missing.status()).toBe(404);
    const format = await request.get("/api/threads/no-such-thread/export?format=pdf");
    expect(format.status()).toBe(400);
  });
});
