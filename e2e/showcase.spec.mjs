// The showcase as a visitor meets it: a titled card per example with what to try, the
// checkout one step at a time, and the traffic light's lamps.
import { test, expect } from '@playwright/test';
import { DevtoolsPage } from './devtools-page.mjs';

test('every example is a card with a title and what to try', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('#count')).toHaveText('0');
  const cards = {
    'counter-example': 'Counter',
    'todomvc-example': 'TodoMVC',
    'checkout-example': 'Checkout',
    'traffic-light-example': 'Traffic light',
    'audit-log-example': 'Audit log',
    'signup-example': 'Sign up',
  };
  for (const [id, title] of Object.entries(cards)) {
    const card = page.locator(`#${id}`);
    await expect(card).toHaveClass(/card/);
    await expect(card.getByRole('heading', { level: 2 })).toHaveText(title);
    await expect(card.locator('.try-this')).not.toBeEmpty();
  }
  // Fields are labelled.
  await expect(page.getByLabel('Shipping address')).toBeVisible();
  await expect(page.getByLabel('New todo')).toBeVisible();
  await expect(page.locator('#signup-example').getByLabel('Email')).toBeVisible();
});

test('the checkout goes one step at a time, masks the card and locks the form once paid', async ({
  page,
}) => {
  const devtools = new DevtoolsPage(page);
  await devtools.load();
  const checkout = page.locator('#checkout-example');
  await expect(checkout.locator('.steps li.current')).toHaveText('Address');
  await expect(page.locator('#card')).toHaveCount(0);
  await expect(page.locator('#pay')).toBeHidden();

  await page.getByLabel('Shipping address').fill('1 Main Street');
  await page.locator('#next').click();
  await expect(checkout.locator('.steps li.current')).toHaveText('Payment');
  await expect(page.locator('#address')).toHaveCount(0);
  await page.getByLabel('Card number (12 digits or more)').fill('4111222233334444');
  await page.locator('#next').click();

  await expect(checkout.locator('.steps li.current')).toHaveText('Review');
  await expect(page.locator('#summary-card')).toHaveText('•••• •••• •••• 4444');
  await expect(checkout).not.toContainText('41112222');
  await page.locator('#pay').click();
  await expect(page.locator('#done')).toHaveText('Thank you for your order');
  await expect(checkout.locator('input')).toHaveCount(0);

  // Locked: even the devtools cannot change the paid form.
  await devtools.open();
  await devtools.select('checkout form');
  await devtools.importText('{"address": "elsewhere", "card": "[redacted]", "paid": false}');
  await expect(devtools.panel.locator('.lsd-import-error')).toContainText(
    'the order is paid: the form is locked',
  );
  await expect(page.locator('#summary-address')).toHaveText('1 Main Street');
});

test('the traffic light is three lamps, its cycles labelled', async ({ page }) => {
  await page.goto('/');
  const light = page.locator('#light');
  await expect(light.locator('.lamp')).toHaveCount(3);
  await expect(light.locator('.lamp.lit')).toHaveCount(0);
  await expect(light).toHaveAttribute('aria-label', 'traffic light: off');
  await page.locator('#power').click();
  await expect(light.locator('.lamp.red')).toHaveClass(/lit/);
  await expect(light.locator('.lamp.lit')).toHaveCount(1);
  await expect(page.getByLabel('Cycles:')).toHaveText('1');
  await expect(light.locator('.lamp.green')).toHaveClass(/lit/, { timeout: 5_000 });
  await expect(light).toHaveAttribute('aria-label', 'traffic light: green');
});
