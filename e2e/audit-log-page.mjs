// The audit log example on the showcase page: a profile form whose changes an add-on audits.
import { expect } from '@playwright/test';

export class AuditLogPage {
  constructor(page) {
    this.page = page;
    this.section = page.locator('#audit-log-example');
    this.entries = this.section.locator('ol li');
    this.error = this.section.locator('.error');
  }

  async open() {
    await this.page.goto('/');
    await expect(this.section.getByRole('heading', { name: 'Audit log' })).toBeVisible();
  }

  async actAs(who) {
    await this.section.getByLabel('Acting as').selectOption(who);
  }

  // A text field commits its value on `change`, as a person leaving the field does.
  async type(field, text) {
    const input = this.section.getByLabel(field);
    await input.fill(text);
    await input.blur();
  }

  async toggleAdmin() {
    await this.section.getByLabel('Administrator').click();
  }
}
