// A page object for TodoMVC on the showcase page: its todos are saved in IndexedDB, synced
// across tabs, and sent to a simulated server that answers after 600 ms and refuses the
// todos that mention "fail".
import { expect } from '@playwright/test';

export class TodoPage {
  constructor(page) {
    this.page = page;
    this.rows = page.locator('#todo-list li.todo');
    this.labels = page.locator('#todo-list li.todo label');
    this.saving = page.locator('#saving');
    this.failure = page.locator('#failure');
    this.storageError = page.locator('#storage-error');
    this.count = page.locator('#todo-count');
    this.clearCompleted = page.locator('#clear-completed');
    this.toggleAll = page.locator('.toggle-all-label');
  }

  // Opens the showcase (at `path`, e.g. '/?storage=local' to save in localStorage) and
  // waits for the saved todos to be read.
  async open(path = '/') {
    await this.page.goto(path);
    await this.ready();
  }

  async ready() {
    await expect(this.page.locator('#storage')).toHaveText('saved in this browser');
  }

  async reload() {
    await this.page.reload();
    await this.ready();
  }

  async add(text) {
    await this.page.locator('#new-todo').fill(text);
    await this.page.locator('#new-todo').press('Enter');
  }

  // The row whose label is exactly `text`.
  row(text) {
    return this.rows.filter({ has: this.page.getByText(text, { exact: true }) });
  }

  async toggle(text) {
    await this.row(text).locator('.toggle').check();
  }

  async undo() {
    await this.page.locator('#undo').click();
  }

  async redo() {
    await this.page.locator('#redo').click();
  }

  // Waits until the server has answered every todo sent to it, and the answer is saved.
  async settled() {
    await expect(this.saving).toHaveText('0 saving');
    // The write follows a change within 100 ms.
    await this.page.waitForTimeout(300);
  }
}
