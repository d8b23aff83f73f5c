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

test('TodoMVC counts, hides what is empty and toggles every todo at once', async ({ page }) => {
  const todos = new TodoPage(page);
  await todos.open();
  await expect(page.locator('.todoapp h1')).toHaveText('todos');
  await expect(page.locator('.todoapp .main')).toHaveCount(0);
  await expect(page.locator('.todoapp .footer')).toHaveCount(0);

  await todos.add('one');
  await todos.add('two');
  await expect(page.locator('.todoapp .main')).toBeVisible();
  await expect(todos.count).toHaveText('2 items left');
  await expect(todos.clearCompleted).toHaveCount(0);
  await todos.toggle('one');
  await expect(todos.count).toHaveText('1 item left');
  await expect(todos.clearCompleted).toBeVisible();

  await todos.toggleAll.click();
  await expect(todos.rows).toHaveClass([/completed/, /completed/]);
  await expect(todos.count).toHaveText('0 items left');
  await expect(page.locator('#toggle-all')).toBeChecked();
  await todos.toggleAll.click();
  await expect(todos.rows).not.toHaveClass([/completed/, /completed/]);
  await expect(todos.count).toHaveText('2 items left');

  // The selected filter is shown, and is the address.
  await page.locator('.filters a', { hasText: 'Active' }).click();
  await expect(page).toHaveURL(/#\/active$/);
  await expect(page.locator('.filters a.selected')).toHaveText('Active');

  // Removing the last todos hides the list and the footer again.
  for (const text of ['one', 'two']) {
    await todos.row(text).hover();
    await todos.row(text).locator('.destroy').click();
  }
  await expect(page.locator('.todoapp .main')).toHaveCount(0);
  await expect(page.locator('.todoapp .footer')).toHaveCount(0);
  await todos.settled();
});

test('TodoMVC edits a todo on double-click: Enter and blur save, Escape cancels, empty removes', async ({ page }) => {
  const todos = new TodoPage(page);
  await todos.open();
  await todos.add('first');
  await todos.add('second');
  await todos.settled();

  const edit = async (text) => {
    await todos.row(text).locator('label').dblclick();
    const input = page.locator('#todo-list li.editing .edit');
    await expect(input).toBeFocused();
    await expect(input).toHaveValue(text);
    return input;
  };

  let input = await edit('second');
  await input.fill('  second, edited  ');
  await input.press('Enter');
  await expect(todos.labels).toHaveText(['first', 'second, edited']);
  await expect(page.locator('#todo-list li.editing')).toHaveCount(0);

  input = await edit('first');
  await input.fill('not this');
  await input.press('Escape');
  await expect(todos.labels).toHaveText(['first', 'second, edited']);

  input = await edit('first');
  await input.fill('first, by blur');
  await page.locator('.todoapp h1').click();
  await expect(todos.labels).toHaveText(['first, by blur', 'second, edited']);

  input = await edit('second, edited');
  await input.fill('   ');
  await input.press('Enter');
  await expect(todos.labels).toHaveText(['first, by blur']);

  // Each edit is an undo step.
  await todos.undo();
  await expect(todos.labels).toHaveText(['first, by blur', 'second, edited']);
});

test('TodoMVC shows a todo as saving until the server answers, and a refusal that clears', async ({ page }) => {
  const todos = new TodoPage(page);
  await todos.open();
  await todos.add('slow one');
  const row = todos.row('slow one');
  await expect(row).toHaveClass(/pending/);
  await expect(row.locator('.pending-note')).toHaveText('saving…');
  await todos.settled();
  await expect(row).not.toHaveClass(/pending/);
  await expect(row.locator('.pending-note')).toHaveCount(0);

  // A refusal shows, then clears by itself.
  await todos.add('please fail');
  await expect(todos.failure).toHaveText('the server refused "please fail"');
  await expect(todos.failure).toHaveCount(0, { timeout: 10_000 });
  await expect(todos.labels).toHaveText(['slow one']);

  // Or when dismissed.
  await todos.add('fail again');
  await expect(todos.failure).toHaveText('the server refused "fail again"');
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await expect(todos.failure).toHaveCount(0);
});
