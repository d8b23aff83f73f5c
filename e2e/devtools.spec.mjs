// The devtools panel on the showcase page: opening, the state tree, redaction, time travel,
// export and import.
import { test, expect } from '@playwright/test';
import { DevtoolsPage } from './devtools-page.mjs';

test('the panel opens from its button and its shortcut, and remembers it across reloads', async ({
  page,
}) => {
  const devtools = new DevtoolsPage(page);
  await devtools.load();
  await expect(devtools.panel).toBeHidden();
  await devtools.open();
  await page.reload();
  await expect(devtools.panel).toBeVisible();

  await page.keyboard.press('Alt+Shift+KeyD');
  await expect(devtools.panel).toBeHidden();
  await page.reload();
  await expect(page.locator('#count')).toHaveText('0');
  await expect(devtools.panel).toBeHidden();
  await page.keyboard.press('Alt+Shift+KeyD');
  await expect(devtools.panel).toBeVisible();
});

test('the panel docks and floats where it is dragged', async ({ page }) => {
  const devtools = new DevtoolsPage(page);
  await devtools.load();
  await devtools.open();
  await expect(devtools.panel).toHaveAttribute('data-dock', 'right');
  await devtools.panel.locator('.lsd-dock[data-dock="bottom"]').click();
  await expect(devtools.panel).toHaveAttribute('data-dock', 'bottom');
  const viewport = page.viewportSize();
  const bottom = await devtools.panel.boundingBox();
  expect(Math.round(bottom.y + bottom.height)).toBe(viewport.height);
  expect(Math.round(bottom.width)).toBe(viewport.width);

  await devtools.panel.locator('.lsd-dock[data-dock="float"]').click();
  const header = devtools.panel.locator('.lsd-header h2');
  const start = await header.boundingBox();
  await page.mouse.move(start.x + 5, start.y + 5);
  await page.mouse.down();
  await page.mouse.move(start.x + 125, start.y + 85, { steps: 5 });
  await page.mouse.up();
  const moved = await header.boundingBox();
  expect(Math.round(moved.x - start.x)).toBe(120);
  expect(Math.round(moved.y - start.y)).toBe(80);

  await page.reload();
  await expect(devtools.panel).toHaveAttribute('data-dock', 'float');
  const after = await devtools.panel.locator('.lsd-header h2').boundingBox();
  expect(Math.round(after.x)).toBe(Math.round(moved.x));
});

// The room the page's root element leaves for a docked panel, on `side`.
const room = (page, side) =>
  page.evaluate((side) => getComputedStyle(document.documentElement)[`padding${side}`], side);

test('a docked panel makes room for the page, and its edge resizes it', async ({ page }) => {
  const devtools = new DevtoolsPage(page);
  await devtools.load();
  await devtools.open();
  const viewport = page.viewportSize();
  const card = page.locator('#counter-example');
  let panel = await devtools.panel.boundingBox();
  expect(await room(page, 'Right')).toBe(`${panel.width}px`);
  expect((await card.boundingBox()).x + (await card.boundingBox()).width).toBeLessThanOrEqual(panel.x);
  // The page still has room of its own: nothing of the showcase's header goes under it.
  const nav = await page.locator('header.showcase').boundingBox();
  expect(nav.x + nav.width).toBeLessThanOrEqual(panel.x + 1);

  // Dragging the inner edge resizes the panel, and the page's room with it.
  const edge = await devtools.panel.locator('.lsd-resize').boundingBox();
  await page.mouse.move(edge.x + edge.width / 2, edge.y + 200);
  await page.mouse.down();
  await page.mouse.move(viewport.width - 600, edge.y + 200, { steps: 5 });
  await page.mouse.up();
  panel = await devtools.panel.boundingBox();
  expect(Math.round(panel.width)).toBe(600);
  expect(await room(page, 'Right')).toBe('600px');
  // Never wider than leaves some of the page.
  await page.mouse.move(viewport.width - 600, edge.y + 200);
  await page.mouse.down();
  await page.mouse.move(5, edge.y + 200, { steps: 5 });
  await page.mouse.up();
  expect(Math.round((await devtools.panel.boundingBox()).width)).toBe(viewport.width - 120);

  await devtools.panel.locator('.lsd-dock[data-dock="left"]').click();
  expect(await room(page, 'Right')).toBe('0px');
  expect(await room(page, 'Left')).toBe(`${(await devtools.panel.boundingBox()).width}px`);
  await devtools.panel.locator('.lsd-dock[data-dock="bottom"]').click();
  const bottom = await devtools.panel.boundingBox();
  expect(await room(page, 'Bottom')).toBe(`${bottom.height}px`);
  // The page's end scrolls above the panel.
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  const last = await page.locator('#signup-example').boundingBox();
  expect(last.y + last.height).toBeLessThanOrEqual(bottom.y);

  // Closed or floating, the page gets its room back.
  await devtools.panel.locator('.lsd-dock[data-dock="float"]').click();
  expect(await room(page, 'Bottom')).toBe('0px');
  await devtools.panel.locator('.lsd-dock[data-dock="right"]').click();
  await devtools.panel.locator('.lsd-close').click();
  expect(await room(page, 'Right')).toBe('0px');
});

test('a floating panel stays inside the window on drag, reload and resize, and resets', async ({
  page,
}) => {
  const devtools = new DevtoolsPage(page);
  await devtools.load();
  await devtools.open();
  await devtools.panel.locator('.lsd-dock[data-dock="float"]').click();
  // The panel is clamped by its window's resize listener, which runs after the resize: the
  // check is retried until it holds (or times out).
  const inside = async () => {
    let box;
    await expect(async () => {
      box = await devtools.panel.boundingBox();
      const viewport = page.viewportSize();
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(Math.round(box.x + box.width)).toBeLessThanOrEqual(viewport.width);
      expect(Math.round(box.y + box.height)).toBeLessThanOrEqual(viewport.height);
    }).toPass({ timeout: 5_000 });
    return box;
  };

  // Dragged far past the bottom right corner: it stops at the window's edges.
  const header = await devtools.panel.locator('.lsd-header h2').boundingBox();
  await page.mouse.move(header.x + 5, header.y + 5);
  await page.mouse.down();
  await page.mouse.move(header.x + 3000, header.y + 3000, { steps: 5 });
  await page.mouse.up();
  let box = await inside();
  const viewport = page.viewportSize();
  expect(Math.round(box.x + box.width)).toBe(viewport.width);
  // And past the top left.
  await page.mouse.move(box.x + 20, box.y + 10);
  await page.mouse.down();
  await page.mouse.move(-500, -500, { steps: 5 });
  await page.mouse.up();
  box = await inside();
  expect(Math.round(box.x)).toBe(0);
  expect(Math.round(box.y)).toBe(0);

  // Saved in a larger window, loaded in a smaller one.
  await page.mouse.move(box.x + 20, box.y + 10);
  await page.mouse.down();
  await page.mouse.move(3000, 3000, { steps: 5 });
  await page.mouse.up();
  await page.setViewportSize({ width: 900, height: 600 });
  await inside();
  await page.reload();
  await expect(devtools.panel).toBeVisible();
  await inside();

  await devtools.panel.locator('.lsd-reset').click();
  await expect(devtools.panel).toHaveAttribute('data-dock', 'right');
  expect(Math.round((await devtools.panel.boundingBox()).width)).toBe(460);
});

test("a store's tree follows the app, and searches by key", async ({ page }) => {
  const devtools = new DevtoolsPage(page);
  await devtools.load();
  await devtools.open();
  await devtools.select('counter');
  await expect(devtools.leaf('/count')).toHaveText('0');
  await page.locator('#increment').click();
  await expect(devtools.leaf('/count')).toHaveText('1');
  await expect(devtools.entries).toHaveCount(1);
  await expect(devtools.entries.first()).toHaveAttribute('data-origin', 'user');
  await expect(devtools.entries.first().locator('.lsd-action')).toHaveText('increment');

  await page.locator('#new-todo').fill('buy milk');
  await page.locator('#new-todo').press('Enter');
  await devtools.select('todos');
  await expect(devtools.leaf('/todos/0/text')).toHaveText('"buy milk"');
  await expect(devtools.leaf('/filter')).toBeVisible();
  await devtools.panel.locator('.lsd-search').fill('text');
  await expect(devtools.leaf('/todos/0/text')).toBeVisible();
  await expect(devtools.leaf('/filter')).toBeHidden();
  await expect(devtools.leaf('/todos/0/done')).toBeHidden();

  // A branch collapses and stays collapsed while the state changes.
  await devtools.panel.locator('.lsd-search').fill('');
  await devtools.tree.locator('details[data-path="/todos"] > summary').click();
  await expect(devtools.leaf('/todos/0/text')).toBeHidden();
  await page.locator('#new-todo').fill('walk the dog');
  await page.locator('#new-todo').press('Enter');
  await expect(devtools.tree.locator('details[data-path="/todos"] > summary .lsd-count')).toHaveText('[2]');
  await expect(devtools.leaf('/todos/0/text')).toBeHidden();
});

test('a redacted field never reaches the panel or an export', async ({ page }) => {
  const secret = '4111222233334444';
  const devtools = new DevtoolsPage(page);
  await devtools.load();
  await devtools.open();
  await devtools.select('checkout form');
  await page.locator('#address').fill('1 Main Street');
  await page.locator('#next').click();
  await page.locator('#card').fill(secret);
  await expect(devtools.leaf('/address')).toHaveText('"1 Main Street"');
  await expect(devtools.leaf('/card')).toHaveText('[redacted]');
  await expect(devtools.leaf('/card')).toHaveClass(/lsd-redacted/);
  // Look at the state after a card keystroke, and its diff.
  await devtools.entries.last().locator('button').click();
  await expect(devtools.panel.locator('.lsd-travel')).toBeVisible();

  for (const tab of ['action', 'state', 'diff']) {
    await devtools.tab(tab).click();
    const panelHtml = await devtools.panel.evaluate((panel) => panel.outerHTML);
    expect(panelHtml).not.toContain(secret.slice(0, 6));
  }
  const exported = await devtools.exportText();
  expect(exported).toContain('1 Main Street');
  expect(exported).not.toContain(secret.slice(0, 6));
  const href = await devtools.panel.locator('.lsd-download').getAttribute('href');
  expect(decodeURIComponent(href)).not.toContain(secret.slice(0, 6));
  // The app itself still has the card number.
  await expect(page.locator('#card')).toHaveValue(secret);
});

test('jumping back in the log puts the old state in the app', async ({ page }) => {
  const devtools = new DevtoolsPage(page);
  await devtools.load();
  await devtools.open();
  await devtools.select('counter');
  for (let i = 0; i < 3; i++) {
    await page.locator('#increment').click();
  }
  await expect(page.locator('#count')).toHaveText('3');
  await expect(devtools.entries).toHaveCount(3);

  await devtools.entry(1).click();
  await expect(devtools.mode).toHaveText('after #1');
  await expect(devtools.leaf('/count')).toHaveText('1');
  await devtools.tab('diff').click();
  await expect(devtools.panel.locator('.lsd-op .lsd-op-change')).toHaveText('0 → 1');
  // Viewing does not change the app.
  await expect(page.locator('#count')).toHaveText('3');
  await devtools.panel.locator('.lsd-live').click();
  await expect(devtools.mode).toHaveText('live');
  await devtools.tab('state').click();
  await expect(devtools.leaf('/count')).toHaveText('3');

  await devtools.entry(1).click();
  await devtools.panel.locator('.lsd-jump').click();
  await expect(page.locator('#count')).toHaveText('1');
  await expect(page.locator('#parity')).toHaveText('odd');
  await expect(devtools.mode).toHaveText('live');
  await expect(devtools.entries).toHaveCount(4);
  await expect(devtools.entries.last()).toHaveAttribute('data-origin', 'devtools');
  await expect(devtools.entries.last().locator('.lsd-action')).toHaveText('devtools: jump to #1');
});

test('the store view: log beside Action / State / Diff tabs, refusals, a filter, a slider, following', async ({
  page,
}) => {
  const devtools = new DevtoolsPage(page);
  await devtools.load();
  await devtools.open();
  await devtools.select('counter');
  await expect(devtools.tab('state')).toHaveAttribute('aria-selected', 'true');
  // The log and the tabs sit side by side in a wide panel.
  const edge = await devtools.panel.locator('.lsd-resize').boundingBox();
  await page.mouse.move(edge.x + 2, edge.y + 200);
  await page.mouse.down();
  await page.mouse.move(300, edge.y + 200, { steps: 4 });
  await page.mouse.up();
  const log = await devtools.panel.locator('.lsd-log-pane').boundingBox();
  const tabs = await devtools.panel.locator('.lsd-inspect-pane').boundingBox();
  expect(tabs.x).toBeGreaterThan(log.x + log.width - 1);

  await page.locator('#decrement').click();
  await expect(page.locator('#error')).toContainText('cannot go below zero');
  for (let i = 0; i < 3; i++) {
    await page.locator('#increment').click();
  }
  await expect(devtools.entries).toHaveCount(4);
  // The refused write is in the log, with the middleware and its reason, and no jump.
  const refused = devtools.entries.first();
  await expect(refused).toHaveClass(/lsd-refused/);
  await expect(refused.locator('.lsd-refusal')).toHaveText(
    'refused by validate: the count cannot go below zero',
  );
  await refused.locator('button').click();
  await devtools.tab('action').click();
  await expect(devtools.panel.locator('.lsd-action-detail .lsd-refusal')).toHaveText(
    'validate: the count cannot go below zero',
  );
  await expect(devtools.panel.locator('.lsd-jump')).toHaveCount(0);
  await expect(devtools.panel.locator('.lsd-live')).toBeVisible();

  // The filter keeps the actions whose name has the text.
  await devtools.panel.locator('.lsd-log-filter').fill('incr');
  await expect(devtools.entries).toHaveCount(3);
  await devtools.panel.locator('.lsd-log-filter').fill('');

  // The slider previews a past state without changing the app; "Jump here" commits to it.
  await devtools.tab('state').click();
  await devtools.panel.locator('.lsd-slider').fill('0');
  await expect(devtools.mode).toHaveText('after #2');
  await expect(devtools.leaf('/count')).toHaveText('1');
  await expect(page.locator('#count')).toHaveText('3');
  await devtools.panel.locator('.lsd-slider').fill('3');
  await expect(devtools.mode).toHaveText('live');
  await devtools.panel.locator('.lsd-slider').fill('1');
  await expect(devtools.leaf('/count')).toHaveText('2');
  await devtools.panel.locator('.lsd-jump').click();
  await expect(page.locator('#count')).toHaveText('2');
  await expect(devtools.mode).toHaveText('live');

  // The log follows new entries; an entry too old to restore offers no jump.
  await page.evaluate(() => {
    for (let i = 0; i < 110; i++) document.querySelector('#increment').click();
  });
  await expect(page.locator('#count')).toHaveText('112');
  await expect(devtools.entries.last()).toBeInViewport();
  await expect(devtools.entries.last().locator('.lsd-action')).toHaveText('increment');
  const old = devtools.panel.locator('.lsd-entry.lsd-no-state:not(.lsd-refused)').first();
  await old.locator('button').click();
  await devtools.tab('action').click();
  await expect(devtools.panel.locator('.lsd-action-detail')).toContainText('too old');
  await expect(devtools.panel.locator('.lsd-jump')).toHaveCount(0);
});

test('a state is imported, and a malformed one is refused with its reason', async ({ page }) => {
  const devtools = new DevtoolsPage(page);
  await devtools.load();
  await devtools.open();
  await devtools.select('counter');
  await devtools.importText('{"count": 5}');
  await expect(devtools.panel.locator('.lsd-import-done')).toHaveText('Imported.');
  await expect(page.locator('#count')).toHaveText('5');

  await devtools.importText('{"count": "five"}');
  await expect(devtools.panel.locator('.lsd-import-error')).toContainText(
    'the import is not a valid `counter::Counter`: invalid type: string "five", expected i64',
  );
  await expect(page.locator('#count')).toHaveText('5');

  await devtools.importText('{"count": ');
  await expect(devtools.panel.locator('.lsd-import-error')).toContainText('EOF while parsing');
  await expect(page.locator('#count')).toHaveText('5');

  // The validator still guards imports.
  await devtools.importText('{"count": -1}');
  await expect(devtools.panel.locator('.lsd-import-error')).toContainText(
    'the count cannot go below zero',
  );
  await expect(page.locator('#count')).toHaveText('5');
});

test("a store's optimistic changes, persistence and history show, and undo works from the panel", async ({
  page,
}) => {
  const devtools = new DevtoolsPage(page);
  await devtools.load();
  await expect(page.locator('#storage')).toHaveText('saved in this browser');
  await devtools.open();
  await devtools.select('todos');
  const persistence = devtools.panel.locator('.lsd-persist');
  await expect(persistence.locator('.lsd-hydrated')).toHaveText('hydrated');
  await expect(persistence.locator('.lsd-writes')).toHaveText('no writes yet');

  const todos = page.locator('#todo-list li.todo label');
  const add = async (text) => {
    await page.locator('#new-todo').fill(text);
    await page.locator('#new-todo').press('Enter');
  };
  // The showcase's server answers after 600 ms and refuses todos that mention "fail".
  await add('buy milk');
  await add('fail this one');
  const pending = devtools.panel.locator('.lsd-pending');
  await expect(pending).toHaveCount(2);
  await expect(pending.nth(0).locator('.lsd-action')).toHaveText('add todo');
  await expect(pending.nth(0)).toHaveAttribute('data-status', 'pending');
  await expect(pending.nth(0)).toHaveAttribute('data-status', 'confirmed');
  await expect(pending.nth(1)).toHaveAttribute('data-status', 'failed');
  await expect(pending.nth(1).locator('.lsd-status')).toContainText('failed: ');
  await expect(todos).toHaveText(['buy milk']);
  await expect(persistence.locator('.lsd-writes')).toContainText(/^\d+ writes, last at \d\d:\d\d:\d\d/);
  await expect(persistence.locator('.lsd-persist-error')).toHaveText('');

  // A confirmed change is an undo step; a rolled-back one is not.
  await page.locator('#todo-list li.todo .toggle').check();
  const steps = devtools.panel.locator('.lsd-hstep');
  const toggle = /^todos\[.+\]\.done$/;
  await expect(steps).toHaveText(['(oldest kept state)', 'add todo', toggle]);
  await expect(devtools.panel.locator('.lsd-hstep.lsd-now')).toHaveText(toggle);

  await devtools.panel.locator('.lsd-undo').click();
  await expect(page.locator('#todo-list li.todo')).not.toHaveClass(/completed/);
  await expect(devtools.panel.locator('.lsd-hstep.lsd-now')).toHaveText('add todo');
  await steps.first().locator('button').click();
  await expect(todos).toHaveCount(0);
  await expect(devtools.panel.locator('.lsd-undo')).toBeDisabled();
  await expect(page.locator('#undo')).toBeDisabled();
  await steps.last().locator('button').click();
  await expect(todos).toHaveText(['buy milk']);
  await expect(page.locator('#todo-list li.todo')).toHaveClass(/completed/);
  const origins = await devtools.entries.evaluateAll((rows) => rows.map((r) => r.dataset.origin));
  expect(origins).toEqual(expect.arrayContaining(['optimistic', 'rollback', 'undo', 'redo']));
});

test('a screenshot of the open panel is saved', async ({ page }, testInfo) => {
  const devtools = new DevtoolsPage(page);
  await devtools.load();
  await devtools.open();
  await page.locator('#increment').click();
  await page.locator('#increment').click();
  await devtools.entry(1).click();
  await expect(devtools.mode).toHaveText('after #1');
  const path = testInfo.outputPath('devtools-panel.png');
  await page.screenshot({ path, fullPage: false });
  await testInfo.attach('devtools panel', { path, contentType: 'image/png' });
  // A copy at a fixed place, for the README and CI artifacts.
  await page.screenshot({ path: 'target/devtools-panel.png' });
});

test("a machine's diagram highlights its active states, and the panel sends enabled events", async ({
  page,
}) => {
  const devtools = new DevtoolsPage(page);
  await devtools.load();
  await devtools.open();
  await expect(devtools.panel.locator('.machine-list .store-name')).toHaveText([
    'checkout',
    'traffic light',
  ]);
  await devtools.panel.locator('.machine-list button', { hasText: 'checkout' }).click();
  const machine = devtools.panel.locator('.lsd-machine[data-machine="checkout"]');
  const node = (state) => machine.locator(`.lsd-node[data-state="${state}"]`);
  const event = (name) => machine.locator(`.lsd-event[data-event="${name}"]`);
  await expect(node('Details')).toHaveClass(/lsd-active/);
  await expect(node('Address')).toHaveClass(/lsd-active/);
  await expect(node('Payment')).not.toHaveClass(/lsd-active/);
  await expect(node('Help')).not.toHaveClass(/lsd-active/);
  await expect(event('Help')).toBeEnabled();
  await expect(event('Next')).toBeDisabled();
  await expect(event('Pay')).toBeDisabled();

  await event('Help').click();
  await expect(page.locator('#step')).toHaveText('Help');
  await expect(node('Help')).toHaveClass(/lsd-active/);
  await expect(node('Details')).not.toHaveClass(/lsd-active/);
  await expect(event('Return')).toBeEnabled();
  await event('Return').click();
  await expect(page.locator('#step')).toHaveText('Address');

  // A guard that reads the form: the event turns enabled when the app's input fills it.
  await page.locator('#address').fill('1 Main Street');
  await expect(event('Next')).toBeEnabled();
  await event('Next').click();
  await expect(page.locator('#step')).toHaveText('Payment');
  await expect(node('Payment')).toHaveClass(/lsd-active/);
  // The chart is drawn as a graph: an arrow per transition, labelled with its event; the
  // last one taken is highlighted, and the arrows leaving the active states too.
  const arrows = machine.locator('.lsd-arrow');
  expect(await arrows.count()).toBeGreaterThanOrEqual(8);
  await expect(machine.locator('.lsd-arrow.lsd-last text')).toHaveText(['Next [guard]']);
  await expect(machine.locator('.lsd-arrow.lsd-from-active text')).toContainText(['Back', 'Next [guard]']);
  const steps = machine.locator('.lsd-step');
  await expect(steps).toHaveCount(3);
  await expect(steps.last().locator('.lsd-action')).toHaveText('Next');
  await expect(steps.last().locator('.lsd-touched')).toHaveText('Address → Payment');
  // The checkout's context is its form store, shown as its (redacted) state, and followed.
  const context = machine.locator('.lsd-context');
  await expect(context).toContainText('checkout::Form');
  await expect(context).toContainText('"address": "1 Main Street"');
  await expect(context).toContainText('"card": "[redacted]"');
  await page.locator('#card').fill('4111');
  await expect(context).toContainText('"card": "[redacted]"');
  await expect(context).not.toContainText('4111');
  await expect(machine.locator('.lsd-mermaid pre')).toContainText('Address --> Payment: Next [guard]');
  // Each edge reads as UML writes a transition: trigger, guard, actions, targets.
  await expect(node('Address').locator('.lsd-edge')).toHaveText(['Next [guard] → Payment']);
  await expect(node('Review').locator('.lsd-edge')).toHaveText([
    'Back → Payment',
    'Pay / 1 action → Confirmed',
  ]);
});

test("a timer's transition is named by its delay in the machine's log", async ({ page }) => {
  const devtools = new DevtoolsPage(page);
  await devtools.load();
  await devtools.open();
  await devtools.panel.locator('.machine-list button', { hasText: 'traffic light' }).click();
  const machine = devtools.panel.locator('.lsd-machine[data-machine="traffic light"]');
  await page.locator('#power').click();
  const steps = machine.locator('.lsd-step .lsd-action');
  await expect(steps.first()).toHaveText('Power');
  // Red lasts 3 s.
  await expect(steps.nth(1)).toHaveText('after 3000 ms', { timeout: 6_000 });
});

test('with the Redux DevTools extension, the showcase sends each store and its changes to it', async ({
  page,
}) => {
  // A stand-in for the extension, installed before the app starts.
  await page.addInitScript(() => {
    window.__connections = [];
    window.__REDUX_DEVTOOLS_EXTENSION__ = {
      connect(options) {
        const instance = {
          name: options.name,
          inits: [],
          sent: [],
          listener: null,
          init(state) { this.inits.push(JSON.stringify(state)); },
          send(action, state) { this.sent.push(JSON.stringify([action, state])); },
          error() {},
          subscribe(listener) { this.listener = listener; return () => { this.listener = null; }; },
        };
        window.__connections.push(instance);
        return instance;
      },
    };
  });
  await page.goto('/');
  await expect(page.locator('#count')).toHaveText('0');
  const names = () => page.evaluate(() => window.__connections.map((c) => c.name));
  await expect.poll(names).toEqual(expect.arrayContaining(['counter', 'todos', 'checkout form']));
  await page.locator('#increment').click();
  const sent = () =>
    page.evaluate(() => window.__connections.find((c) => c.name === 'counter').sent.map((s) => JSON.parse(s)));
  await expect.poll(sent).toEqual([[{ type: 'increment', origin: 'user' }, { count: 1 }]]);
  // The monitor jumps back: the app shows the state it sent.
  await page.evaluate(() => {
    const counter = window.__connections.find((c) => c.name === 'counter');
    counter.listener({ type: 'DISPATCH', payload: { type: 'JUMP_TO_STATE' }, state: '{"count":0}' });
  });
  await expect(page.locator('#count')).toHaveText('0');
});
