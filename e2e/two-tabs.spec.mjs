// Two tabs of TodoMVC adding todos as fast as they can: each tab's write takes in what the
// other wrote, so every todo either tab showed is in both tabs, and in storage.
import { test, expect } from '@playwright/test';
import { TodoPage } from './todomvc-page.mjs';

test('two tabs adding as fast as they can keep every todo, in both and after a reload', async ({
  context,
}) => {
  test.setTimeout(60_000);
  const one = new TodoPage(await context.newPage());
  const two = new TodoPage(await context.newPage());
  await one.open();
  await two.open();

  const shown = [];
  const addFor = async (tab, name, millis) => {
    const end = Date.now() + millis;
    for (let n = 1; Date.now() < end; n += 1) {
      const text = `${name} ${n}`;
      await tab.add(text);
      // Acknowledged: the tab shows it.
      await expect(tab.row(text)).toHaveCount(1);
      shown.push(text);
    }
  };
  await Promise.all([addFor(one, 'one', 5000), addFor(two, 'two', 5000)]);
  await one.settled();
  await two.settled();

  const expected = [...shown].sort();
  const texts = async (tab) => (await tab.labels.allTextContents()).sort();
  for (const tab of [one, two]) {
    await expect.poll(() => texts(tab), { timeout: 10_000 }).toEqual(expected);
    await expect(tab.storageError).toBeEmpty();
  }
  await one.reload();
  expect(await texts(one)).toEqual(expected);
  console.log(`two tabs: ${shown.length} todos added, all ${expected.length} in both tabs and after a reload`);
});
