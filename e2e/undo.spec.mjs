// Undo and redo in TodoMVC take back this tab's own changes and nothing else: not another
// tab's, not a change the server is still deciding on, not a change made while recording
// was paused; and redo never brings back a todo the server refused.
import { test, expect } from '@playwright/test';
import { TodoPage } from './todomvc-page.mjs';
import { DevtoolsPage } from './devtools-page.mjs';

test("an undo takes back this tab's last add, and nothing the other tab did", async ({
  context,
}) => {
  const one = new TodoPage(await context.newPage());
  const two = new TodoPage(await context.newPage());
  await one.open();
  await two.open();
  await one.add('one');
  await one.add('two');
  await one.settled();
  await expect(two.labels).toHaveText(['one', 'two']);
  await two.add('three');
  await two.settled();
  await two.toggle('one');
  await expect(one.labels).toHaveText(['one', 'two', 'three']);
  await expect(one.row('one')).toHaveClass(/completed/);

  await one.undo();
  for (const tab of [one, two]) {
    await expect(tab.labels).toHaveText(['one', 'three']);
    await expect(tab.row('one')).toHaveClass(/completed/);
  }
  await one.settled();
  await one.reload();
  await expect(one.labels).toHaveText(['one', 'three']);
  await expect(one.row('one')).toHaveClass(/completed/);
});

test('an undo while a todo is saving takes back the saved one alone; the saving one stays', async ({
  page,
}) => {
  const todos = new TodoPage(page);
  await todos.open();
  await todos.add('X');
  await todos.settled();
  await todos.add('Y');
  await expect(todos.saving).toHaveText('1 saving');
  await todos.undo();
  await expect(todos.labels).toHaveText(['Y']);
  await todos.settled();
  await expect(todos.labels).toHaveText(['Y']);
  await todos.reload();
  await expect(todos.labels).toHaveText(['Y']);
});

test('redo never brings back a todo the server refused', async ({ page }) => {
  const todos = new TodoPage(page);
  await todos.open();
  await todos.add('A1');
  await todos.settled();
  await todos.add('fail this one');
  await todos.undo();
  await expect(todos.labels).toHaveText(['fail this one']);
  await expect(todos.failure).toContainText('the server refused');
  await expect(todos.labels).toHaveCount(0);
  await todos.redo();
  await expect(todos.labels).toHaveText(['A1']);
  await todos.settled();
  await todos.reload();
  await expect(todos.labels).toHaveText(['A1']);
});

test('a todo added while recording was paused survives the next undo', async ({ page }) => {
  const devtools = new DevtoolsPage(page);
  const todos = new TodoPage(page);
  await devtools.load();
  await todos.ready();
  await todos.add('recorded');
  await todos.settled();

  await devtools.open();
  await devtools.select('todos');
  const pause = devtools.panel.locator('.lsd-pause');
  await pause.click();
  await expect(pause).toHaveText('Resume recording');
  await todos.add('unrecorded');
  await todos.settled();
  await pause.click();
  await expect(pause).toHaveText('Pause recording');

  await todos.undo();
  await expect(todos.labels).toHaveText(['unrecorded']);
  await expect(page.locator('#undo')).toBeDisabled();
});
