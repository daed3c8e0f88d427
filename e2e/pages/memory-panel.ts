import { expect, type Locator, type Page } from "@playwright/test";

/** The memory drawer: list, add, edit, delete. */
export class MemoryPanel {
  readonly root: Locator;
  readonly items: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId("memory-panel");
    this.items = this.root.getByTestId("memory-item");
  }

  item(text: string | RegExp): Locator {
    return this.items.filter({ hasText: text });
  }

  async add(content: string) {
    await this.root.getByTestId("memory-input").fill(content);
    await this.root.getByTestId("memory-add").click();
    await expect(this.item(content)).toBeVisible();
  }

  async edit(from: string, to: string) {
    const item = this.item(from);
    await item.getByTestId("memory-edit").click();
    await item.getByTestId("memory-edit-input").fill(to);
    await item.getByTestId("memory-save").click();
    await expect(this.item(to)).toBeVisible();
  }

  async remove(content: string) {
    await this.item(content).getByTestId("memory-delete").click();
    await expect(this.item(content)).toHaveCount(0);
  }
}
