import { expect, type Locator, type Page } from "@playwright/test";
import { MemoryPanel } from "./memory-panel";

export type AnswerState = "streaming" | "done" | "interrupted" | "error";

/** Lumia's main screen: composer, conversation, sidebar and header, by their data-testids. */
export class ChatPage {
  readonly composer: Locator;
  readonly sendButton: Locator;
  readonly stopButton: Locator;
  readonly assistantMessages: Locator;
  readonly userMessages: Locator;
  readonly threadList: Locator;
  readonly threadItems: Locator;
  readonly modelPicker: Locator;
  readonly healthBanner: Locator;

  constructor(readonly page: Page) {
    this.composer = page.getByTestId("composer");
    this.sendButton = page.getByTestId("send");
    this.stopButton = page.getByTestId("stop");
    this.assistantMessages = page.getByTestId("message-assistant");
    this.userMessages = page.getByTestId("message-user");
    this.threadList = page.getByTestId("thread-list");
    this.threadItems = page.getByTestId("thread-item");
    this.modelPicker = page.getByTestId("model-picker");
    this.healthBanner = page.getByTestId("health-banner");
  }

  /** Opens a URL and waits until React owns the page (typing before hydration would be lost). */
  async goto(url = "/") {
    await this.page.goto(url);
    await expect(this.page.locator(".app[data-hydrated]")).toBeVisible();
  }

  async reload() {
    await this.page.reload();
    await expect(this.page.locator(".app[data-hydrated]")).toBeVisible();
  }

  async send(text: string) {
    await this.composer.fill(text);
    await this.composer.press("Enter");
  }

  lastAnswer(): Locator {
    return this.assistantMessages.last();
  }

  answerText(answer: Locator = this.lastAnswer()): Promise<string> {
    return answer
      .locator(".markdown")
      .textContent()
      .then((text) => text ?? "");
  }

  async waitForAnswer(state: AnswerState = "done", timeout = 20_000) {
    await expect(this.lastAnswer()).toHaveAttribute("data-state", state, { timeout });
  }

  async sendAndWait(text: string) {
    const before = await this.assistantMessages.count();
    await this.send(text);
    await expect(this.assistantMessages).toHaveCount(before + 1);
    await this.waitForAnswer("done");
  }

  async newThread() {
    await this.page.getByTestId("new-thread").click();
    await expect(this.userMessages).toHaveCount(0);
  }

  thread(title: string | RegExp): Locator {
    return this.threadItems.filter({ has: this.page.getByTestId("thread-title").getByText(title) });
  }

  async renameThread(item: Locator, title: string) {
    await item.hover();
    await item.getByTestId("rename-thread").click();
    await item.getByTestId("rename-input").fill(title);
    await item.getByTestId("rename-input").press("Enter");
  }

  /** Deletes a thread and lets the undo toast go (the deletion reaches the server then). */
  async deleteThread(item: Locator) {
    await item.hover();
    await item.getByTestId("delete-thread").click();
    await item.getByTestId("confirm-delete").click();
    const deleted = this.page.waitForResponse(
      (response) => response.request().method() === "DELETE" && response.url().includes("/api/threads/"),
    );
    await this.page.getByTestId("dismiss-toast").click();
    await deleted;
  }

  async search(query: string) {
    await this.page.getByTestId("thread-search").fill(query);
  }

  async openMemory(): Promise<MemoryPanel> {
    await this.page.getByTestId("open-memory").click();
    const panel = new MemoryPanel(this.page);
    // The list has loaded: what the test sees next is the server's state.
    await expect(panel.root).toHaveAttribute("data-loaded", "true");
    return panel;
  }

  /** The thread id the URL shows (`/c/{id}`), null on a new chat (`/`). */
  threadIdFromUrl(): string | null {
    const match = /^\/c\/([^/]+)$/.exec(new URL(this.page.url()).pathname);
    return match?.[1] ? decodeURIComponent(match[1]) : null;
  }
}
