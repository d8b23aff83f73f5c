// The audit log, an add-on written outside the library, as it runs in the showcase.
import { test, expect } from '@playwright/test';
import { AuditLogPage } from './audit-log-page.mjs';

test('each accepted change is audited with who made it and what it overwrote', async ({ page }) => {
  const audit = new AuditLogPage(page);
  await audit.open();
  await audit.type('Name', 'Ada');
  await audit.actAs('grace');
  await audit.type('Name', 'Grace');
  await audit.toggleAdmin();
  await expect(audit.entries).toHaveText([
    'ada set name (was "")',
    'grace set name (was "Ada")',
    'grace set admin (was false)',
  ]);
});

test('a refused change shows its error and is not audited', async ({ page }) => {
  const audit = new AuditLogPage(page);
  await audit.open();
  await audit.type('Email', 'not an address');
  await expect(audit.error).toContainText('an email address needs an @');
  await expect(audit.entries).toHaveCount(0);
  await audit.type('Email', 'ada@example.com');
  await expect(audit.error).toBeEmpty();
  await expect(audit.entries).toHaveText(['ada set email (was "")']);
});
