// The sign-up example on the showcase page: a form garde validates field by field.
import { expect } from '@playwright/test';

export class SignupPage {
  constructor(page) {
    this.page = page;
    this.section = page.locator('#signup-example');
    this.submit = this.section.getByRole('button', { name: 'Sign up' });
    this.welcome = this.section.locator('.welcome');
  }

  async open() {
    await this.page.goto('/');
    await expect(this.section.getByRole('heading', { name: 'Sign up' })).toBeVisible();
  }

  field(label) {
    return this.section.getByLabel(label);
  }

  error(field) {
    return this.section.locator(`.field-error[data-field="${field}"]`);
  }

  // Types key by key, as a person does: each keystroke is an `input` event.
  async type(label, text) {
    const input = this.field(label);
    await input.fill('');
    await input.pressSequentially(text);
  }
}
