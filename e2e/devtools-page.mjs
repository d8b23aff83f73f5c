// A page object for the devtools panel on the showcase page.
import { expect } from '@playwright/test';

export class DevtoolsPage {
  constructor(page) {
    this.page = page;
    this.panel = page.getByRole('complementary', { name: 'leptos-state devtools' });
    this.toggle = page.getByRole('button', { name: 'Open leptos-state devtools' });
    this.tree = this.panel.locator('.lsd-state');
    this.entries = this.panel.locator('.lsd-entry');
    this.mode = this.panel.locator('.lsd-mode');
  }

  // Opens the showcase with the panel closed and the stored layout forgotten.
  async load() {
    await this.page.goto('/');
    await this.page.evaluate(() => localStorage.removeItem('leptos-state-devtools'));
    await this.page.reload();
    await expect(this.page.locator('#count')).toHaveText('0');
  }

  async open() {
    await this.toggle.click();
    await expect(this.panel).toBeVisible();
  }

  async select(store) {
    await this.panel.locator('.store button', { hasText: store }).click();
    await expect(this.panel.locator(`.lsd-store[data-store="${store}"]`)).toBeVisible();
  }

  // The value shown at a JSON Pointer path of the state tree.
  leaf(path) {
    return this.tree.locator(`.lsd-leaf[data-path="${path}"] .lsd-value`);
  }

  // The inspect pane's tab: 'action', 'state' or 'diff'.
  tab(name) {
    return this.panel.locator(`.lsd-tab[data-tab="${name}"]`);
  }

  entry(seq) {
    return this.panel.locator(`.lsd-entry[data-seq="${seq}"] button`);
  }

  async importText(text) {
    await this.panel.locator('.lsd-import').fill(text);
    await this.panel.locator('.lsd-import-button').click();
  }

  async exportText() {
    await this.panel.locator('.lsd-export-button').click();
    return this.panel.locator('.lsd-export').inputValue();
  }
}
