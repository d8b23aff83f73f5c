// Two real tabs of TodoMVC on one persisted store, with tab sync on, in IndexedDB and in
// localStorage: both add todos and tick their own as fast as they can, at the same time. Every
// change a tab acknowledged (showed) is in both tabs and in storage after a reload, the tabs
// converge, and once nobody changes anything the tabs stop writing: no write echoes back and
// forth.
import { test, expect } from '@playwright/test';
import { TodoPage } from './todomvc-page.mjs';

const backends = [
  {
    name: 'IndexedDB',
    path: '/',
    // Each write is announced on this channel; a listener of our own hears both tabs'.
    watch: { channel: 'leptos-state:leptos-state-showcase/todos/todos' },
  },
  {
    name: 'localStorage',
    path: '/?storage=local',
    // The browser sends a `storage` event to every other tab for each write.
    watch: { key: 'leptos-state-showcase-todos' },
  },
];

for (const backend of backends) {
  test(`two tabs writing at once in ${backend.name} converge, lose nothing and do not echo`, async ({
    context,
  }) => {
    test.setTimeout(60_000);
    // Counts the writes this page hears of, with their times.
    await context.addInitScript((watch) => {
      window.heardWrites = [];
      if (watch.channel) {
        const channel = new BroadcastChannel(watch.channel);
        channel.onmessage = () => window.heardWrites.push(performance.now());
      } else {
        addEventListener('storage', (event) => {
          if (event.key === watch.key) window.heardWrites.push(performance.now());
        });
      }
    }, backend.watch);
    const one = new TodoPage(await context.newPage());
    const two = new TodoPage(await context.newPage());
    await one.open(backend.path);
    await two.open(backend.path);

    const shown = [];
    const ticked = [];
    const writeFrom = async (tab, name, millis) => {
      const end = Date.now() + millis;
      for (let n = 1; Date.now() < end; n += 1) {
        const text = `${name} ${n}`;
        await tab.add(text);
        // Acknowledged: the tab shows it.
        await expect(tab.row(text)).toHaveCount(1);
        shown.push(text);
        if (n % 3 === 0) {
          await tab.toggle(text);
          await expect(tab.row(text)).toHaveClass(/completed/);
          ticked.push(text);
        }
      }
    };
    await Promise.all([writeFrom(one, 'one', 5000), writeFrom(two, 'two', 5000)]);
    await one.settled();
    await two.settled();

    const expected = [...shown].sort();
    const expectedTicked = [...ticked].sort();
    const texts = async (tab) => (await tab.labels.allTextContents()).sort();
    const tickedIn = async (tab) =>
      (await tab.page.locator('#todo-list li.todo.completed label').allTextContents()).sort();
    for (const tab of [one, two]) {
      await expect.poll(() => texts(tab), { timeout: 10_000 }).toEqual(expected);
      await expect.poll(() => tickedIn(tab), { timeout: 10_000 }).toEqual(expectedTicked);
      await expect(tab.storageError).toBeEmpty();
    }

    // Quiet: no tab writes once nobody changes anything.
    const heard = async () =>
      (await one.page.evaluate(() => window.heardWrites.length)) +
      (await two.page.evaluate(() => window.heardWrites.length));
    await one.page.waitForTimeout(500);
    const before = await heard();
    await one.page.waitForTimeout(2000);
    const after = await heard();
    expect(after, 'no write echoes between the tabs').toBe(before);

    await one.reload();
    expect(await texts(one)).toEqual(expected);
    expect(await tickedIn(one)).toEqual(expectedTicked);
    // Both tabs hear each announcement on the channel; a `storage` event reaches the other
    // tab only.
    const writes = backend.watch.channel ? before / 2 : before;
    console.log(
      `two tabs, ${backend.name}: ${shown.length} todos added and ${ticked.length} ticked ` +
        `at once; all in both tabs and after a reload; ${writes} writes, none in the 2 s ` +
        `after the last change`,
    );
  });
}
