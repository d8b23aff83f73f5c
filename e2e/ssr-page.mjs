// A page object for the server-rendered example (examples/ssr-todo), served by `scripts/ssr`
// at E2E_SSR_URL. The server answers `add_todo` after 400 ms and refuses a todo whose text
// contains "fail".
import { expect } from '@playwright/test';

export const ssrUrl = process.env.E2E_SSR_URL ?? 'http://127.0.0.1:3000';

export class SsrTodoPage {
  constructor(page) {
    this.page = page;
    this.rows = page.locator('#todos li.todo');
    this.texts = page.locator('#todos li.todo .text');
    this.error = page.locator('#error');
    this.saving = page.locator('#saving');
    this.origin = page.locator('#origin');
    this.preferences = page.locator('#preferences');
    // Everything the page logs, from before it loads.
    this.console = [];
    page.on('console', (message) => this.console.push(`${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => this.console.push(`pageerror: ${error.message}`));
  }

  // Opens the page and waits until it has hydrated: the preferences are loaded only then.
  async open(path = '/') {
    await this.page.goto(ssrUrl + path);
    await this.hydrated();
  }

  async hydrated() {
    await expect(this.origin).toHaveText('rendered on the server, hydrated here');
    await expect(this.preferences).toHaveText('preferences loaded from this browser');
  }

  async reload() {
    await this.page.reload();
    await this.hydrated();
  }

  async add(text) {
    await this.page.locator('#new-todo').fill(text);
    await this.page.locator('#new-todo').press('Enter');
  }

  row(text) {
    return this.rows.filter({ has: this.page.getByText(text, { exact: true }) });
  }

  // What the page logged that is not expected: every warning and error.
  problems() {
    return this.console.filter((line) => /^(warning|error|pageerror)/.test(line));
  }
}
