// Screenshots of every example and of the devtools panel, at a fixed viewport, saved in
// target/screenshots/ to be looked at (nothing compares them).
import { test, expect } from '@playwright/test';
import { TodoPage } from './todomvc-page.mjs';
import { DevtoolsPage } from './devtools-page.mjs';

const dir = 'target/screenshots';

test.use({ viewport: { width: 1280, height: 900 } });

test('screenshots of the examples and the panel', async ({ page }) => {
  const todos = new TodoPage(page);
  await todos.open();
  await page.evaluate(() => localStorage.removeItem('leptos-state-devtools'));
  await todos.add('buy milk');
  await todos.add('write the docs');
  await todos.add('ship it');
  await todos.toggle('buy milk');
  await todos.settled();
  await todos.add('one more, saving');
  await page.locator('#increment').click();
  await page.locator('#increment').click();
  await page.locator('#address').fill('1 Main Street, Springfield');
  await page.locator('#next').click();
  await page.locator('#card').fill('4111222233334444');
  await page.locator('#next').click();
  await expect(page.locator('#step')).toHaveText('Review');
  await page.locator('#power').click();
  await expect(page.locator('#light .lamp.red')).toHaveClass(/lit/);
  await page.locator('#signup-example input[name="name"]').fill('Ada');

  await page.screenshot({ path: `${dir}/showcase.png`, fullPage: true });
  for (const example of ['counter', 'todomvc', 'checkout', 'traffic-light', 'audit-log', 'signup']) {
    await page.locator(`#${example}-example`).screenshot({ path: `${dir}/${example}.png` });
  }

  const devtools = new DevtoolsPage(page);
  await devtools.open();
  await devtools.select('todos');
  await expect(devtools.panel).toHaveAttribute('data-dock', 'right');
  await page.screenshot({ path: `${dir}/panel-store-docked-right.png` });
  await devtools.panel.locator('.machine-list button', { hasText: 'checkout' }).click();
  await expect(devtools.panel.locator('.lsd-machine[data-machine="checkout"]')).toBeVisible();
  await page.screenshot({ path: `${dir}/panel-machine-docked-right.png` });
  await devtools.panel.locator('.lsd-dock[data-dock="bottom"]').click();
  await page.screenshot({ path: `${dir}/panel-machine-docked-bottom.png` });
  await devtools.panel.locator('.lsd-dock[data-dock="float"]').click();
  await devtools.select('checkout form');
  await page.screenshot({ path: `${dir}/panel-store-floating.png` });
});
