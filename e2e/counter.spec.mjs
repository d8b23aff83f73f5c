// The counter showcase, built and served the way `scripts/showcase` serves it.
import { test, expect } from '@playwright/test';
import { CounterPage } from './counter-page.mjs';

test('the page starts at zero with no error', async ({ page }) => {
  const counter = new CounterPage(page);
  await counter.open();
  await expect(counter.parity).toHaveText('even');
  await expect(counter.error).toBeEmpty();
});

test('clicking +1 updates every component that reads the store', async ({ page }) => {
  const counter = new CounterPage(page);
  await counter.open();
  await counter.increment();
  await expect(counter.count).toHaveText('1');
  await expect(counter.parity).toHaveText('odd');
  await counter.increment();
  await expect(counter.count).toHaveText('2');
  await expect(counter.parity).toHaveText('even');
});

test('reset returns to zero', async ({ page }) => {
  const counter = new CounterPage(page);
  await counter.open();
  await counter.increment();
  await counter.increment();
  await counter.reset();
  await expect(counter.count).toHaveText('0');
});

test('going below zero is refused with the validator message', async ({ page }) => {
  const counter = new CounterPage(page);
  await counter.open();
  await counter.decrement();
  await expect(counter.error).toHaveText(
    'store `counter` refused action "decrement": validate says: the count cannot go below zero',
  );
  await expect(counter.count).toHaveText('0');
});

test('the logger prints each change to the console', async ({ page }) => {
  const counter = new CounterPage(page);
  const lines = [];
  page.on('console', (message) => lines.push(message.text()));
  await counter.open();
  await counter.increment();
  await expect(counter.count).toHaveText('1');
  expect(lines.filter((line) => line.startsWith('counter: "increment" (user'))).toHaveLength(1);
  expect(lines.find((line) => line.startsWith('counter: "increment"'))).toContain(
    '=> {"count":1}',
  );
});

test("the checkout's logger prints the card number as redacted", async ({ page }) => {
  const counter = new CounterPage(page);
  const lines = [];
  page.on('console', (message) => lines.push(message.text()));
  await counter.open();
  await page.locator('#address').fill('1 Main Street');
  await page.locator('#next').click();
  await page.locator('#card').fill('4111222233334444');
  await expect.poll(() => lines.filter((line) => line.startsWith('checkout form:')).length).toBeGreaterThan(1);
  const logged = lines.filter((line) => line.startsWith('checkout form:'));
  expect(logged.at(-1)).toContain('"card":"[redacted]"');
  for (const line of logged) {
    expect(line).not.toContain('4111');
  }
});

test('the devtools panel lists the live stores', async ({ page }) => {
  const counter = new CounterPage(page);
  await counter.open();
  await page.getByRole('button', { name: 'Open leptos-state devtools' }).click();
  // The showcase page also holds TodoMVC's, the checkout's, the audited profile's and the
  // sign-up form's stores.
  await expect(counter.devtools.locator('.store-list .store-name')).toHaveText([
    'counter',
    'todos',
    'checkout form',
    'profile',
    'signup',
  ]);
  await expect(counter.devtools.locator('.store-list .store-type')).toHaveText([
    'counter::Counter',
    'todomvc::Todos',
    'checkout::Form',
    'audit_log::Profile',
    'signup::Signup',
  ]);
});
