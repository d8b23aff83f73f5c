// TodoMVC in the showcase: todos saved in IndexedDB survive a reload and reach other tabs.
import { test, expect } from '@playwright/test';
import { TodoPage } from './todomvc-page.mjs';

test('todos saved in IndexedDB survive a reload', async ({ page }) => {
  const todos = new TodoPage(page);
  await todos.open();
  await expect(todos.rows).toHaveCount(0);
  await todos.add('buy milk');
  await todos.add('walk the dog');
  await todos.toggle('buy milk');
  await todos.settled();

  await todos.reload();
  await expect(todos.labels).toHaveText(['buy milk', 'walk the dog']);
  await expect(todos.rows.first()).toHaveClass(/completed/);
  await expect(todos.storageError).toBeEmpty();
});

test('a todo added in one tab shows in the other', async ({ context }) => {
  const first = new TodoPage(await context.newPage());
  const second = new TodoPage(await context.newPage());
  await first.open();
  await second.open();

  await first.add('call the plumber');
  await expect(second.labels).toHaveText(['call the plumber']);
  await second.toggle('call the plumber');
  await expect(first.rows.first()).toHaveClass(/completed/);
  await expect(first.storageError).toBeEmpty();
  await expect(second.storageError).toBeEmpty();
});
