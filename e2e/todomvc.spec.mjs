// TodoMVC in the showcase: todos saved in IndexedDB survive a reload and reach other tabs.
import { test, expect } from '@playwright/test';

async function open(page) {
  await page.goto('/');
  // The saved todos have been read once the status says so.
  await expect(page.locator('#storage')).toHaveText('saved in this browser');
}

async function add(page, text) {
  await page.locator('#new-todo').fill(text);
  await page.locator('#new-todo').press('Enter');
}

const todos = (page) => page.locator('#todo-list li.todo');
const labels = (page) => page.locator('#todo-list li.todo label');

test('todos saved in IndexedDB survive a reload', async ({ page }) => {
  await open(page);
  await expect(todos(page)).toHaveCount(0);
  await add(page, 'buy milk');
  await add(page, 'walk the dog');
  await page.locator('#todo-list li.todo').first().locator('.toggle').check();
  // The simulated server confirms after 600 ms; the write follows within 100 ms.
  await expect(page.locator('#saving')).toHaveText('0 saving');
  await page.waitForTimeout(300);

  await page.reload();
  await expect(page.locator('#storage')).toHaveText('saved in this browser');
  await expect(labels(page)).toHaveText(['buy milk', 'walk the dog']);
  await expect(todos(page).first()).toHaveClass(/completed/);
  await expect(page.locator('#storage-error')).toBeEmpty();
});

test('a todo added in one tab shows in the other', async ({ context }) => {
  const first = await context.newPage();
  const second = await context.newPage();
  await open(first);
  await open(second);

  await add(first, 'call the plumber');
  await expect(labels(second)).toHaveText(['call the plumber']);
  await second.locator('#todo-list li.todo .toggle').check();
  await expect(todos(first).first()).toHaveClass(/completed/);
  await expect(first.locator('#storage-error')).toBeEmpty();
  await expect(second.locator('#storage-error')).toBeEmpty();
});
