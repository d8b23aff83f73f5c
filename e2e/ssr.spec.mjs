// The server-rendered example: the HTML already holds the stores' state, the page hydrates
// without a mismatch, persistence and the devtools start after hydration, and optimistic
// changes call real server functions.
import { test, expect } from '@playwright/test';
import { SsrTodoPage, ssrUrl } from './ssr-page.mjs';

test('the HTML the server sends already holds the todos and the state sent with them', async ({
  request,
}) => {
  const html = await (await request.get(ssrUrl + '/')).text();
  expect(html).toContain('<span class="text">write the docs</span>');
  // The store's state and the machine's snapshot, in Leptos' own hydration data, each
  // named after what it belongs to.
  expect(html).toMatch(
    /__RESOLVED_RESOURCES\[\d+\] = "\{\\"shared\\":\\"store `todos` of [^"]*\\",\\"value\\":\{\\"todos\\":\[\{\\"id\\":1,/,
  );
  expect(html).toMatch(
    /__RESOLVED_RESOURCES\[\d+\] = "\{\\"shared\\":\\"a machine of [^"]*\\",\\"value\\":\{\\"states\\":\[\\"Server\\"\]/,
  );
  // Nothing of the devtools panel, and nothing from this browser's storage.
  expect(html).not.toContain('lsd-toggle');
  expect(html).toContain('<p id="preferences">loading preferences…</p>');
});

test('the page hydrates with no warning or error, and works', async ({ page }) => {
  const todos = new SsrTodoPage(page);
  await todos.open();
  await expect(todos.texts.first()).toHaveText('write the docs');
  const text = `hydrated ${Date.now()}`;
  await todos.add(text);
  await expect(todos.row(text)).toHaveClass(/saving/);
  await expect(todos.row(text)).not.toHaveClass(/saving/);
  // Ticked at once, and by the server: still ticked after a reload.
  await todos.row(text).getByRole('checkbox', { name: 'done' }).check();
  await expect(todos.row(text)).toHaveClass(/done/);
  await expect(todos.saving).toHaveText('0 saving');
  await todos.reload();
  await expect(todos.row(text)).toHaveClass(/done/);
  expect(todos.problems()).toEqual([]);
});

test('a reload restores the saved filter after hydration, with no mismatch', async ({ page }) => {
  const todos = new SsrTodoPage(page);
  await todos.open();
  await page.locator('#filter-active').click();
  await expect(page.locator('#filter-active')).toHaveClass(/selected/);
  await todos.reload();
  // The server rendered the default; the browser then loaded the saved filter.
  await expect(page.locator('#filter-active')).toHaveClass(/selected/);
  await expect(page.locator('#filter-all')).not.toHaveClass(/selected/);
  expect(todos.problems()).toEqual([]);
});

test('a todo the server refuses is rolled back alone while another in flight is saved', async ({
  page,
}) => {
  const todos = new SsrTodoPage(page);
  await todos.open();
  const kept = `kept ${Date.now()}`;
  const refused = `fail ${Date.now()}`;
  await todos.add(kept);
  await todos.add(refused);
  await expect(todos.saving).toHaveText('2 saving');
  await expect(todos.row(refused)).toHaveCount(1);
  await expect(todos.error).toContainText(`the server refused "${refused}"`);
  await expect(todos.row(refused)).toHaveCount(0);
  await expect(todos.saving).toHaveText('0 saving');
  // Saved: the server's answer gave it its id.
  await expect(todos.row(kept)).not.toHaveClass(/saving/);
  const id = Number(await todos.row(kept).getAttribute('data-id'));
  expect(id).toBeLessThan(2 ** 52);
  await todos.reload();
  await expect(todos.row(kept)).toHaveCount(1);
  await expect(todos.row(refused)).toHaveCount(0);
});

test('the devtools panel and the Redux DevTools bridge start once the page has hydrated, and show the machine where the server left it', async ({
  page,
}) => {
  await page.addInitScript(() => {
    window.__connections = [];
    window.__REDUX_DEVTOOLS_EXTENSION__ = {
      connect(options) {
        const instance = {
          name: options.name,
          init() {},
          send() {},
          error() {},
          subscribe() { return () => {}; },
        };
        window.__connections.push(instance);
        return instance;
      },
    };
  });
  const todos = new SsrTodoPage(page);
  await todos.open();
  const names = () => page.evaluate(() => window.__connections.map((c) => c.name));
  await expect.poll(names).toEqual(expect.arrayContaining(['todos', 'prefs']));
  await page.getByRole('button', { name: 'Open leptos-state devtools' }).click();
  const panel = page.getByRole('complementary', { name: 'leptos-state devtools' });
  await expect(panel.locator('.store button', { hasText: 'todos' })).toBeVisible();
  // The browser's machine started where the server's ended: read in the browser, by the
  // panel (hydration leaves the server's text alone, so the page's own text cannot tell).
  await panel.locator('.machine-list button', { hasText: 'origin' }).click();
  const machine = panel.locator('.lsd-machine[data-machine="origin"]');
  await expect(machine.locator('.lsd-node[data-state="Server"]')).toHaveClass(/lsd-active/);
  await expect(machine.locator('.lsd-node[data-state="Browser"]')).not.toHaveClass(/lsd-active/);
  expect(todos.problems()).toEqual([]);
});
