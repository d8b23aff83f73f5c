// A page object for the counter showcase.
import { expect } from '@playwright/test';

export class CounterPage {
  constructor(page) {
    this.page = page;
    this.count = page.locator('#count');
    this.parity = page.locator('#parity');
    this.error = page.locator('#error');
    this.devtools = page.getByRole('complementary', { name: 'leptos-state devtools' });
  }

  async open() {
    await this.page.goto('/');
    // The wasm app has started once the count shows.
    await expect(this.count).toHaveText('0');
  }

  async increment() {
    await this.page.locator('#increment').click();
  }

  async decrement() {
    await this.page.locator('#decrement').click();
  }

  async reset() {
    await this.page.locator('#reset').click();
  }
}
