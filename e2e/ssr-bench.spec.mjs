// Hydrating 10,000 rows sent by the server, in one run: from a shared store (a slice per
// row), from a plain Leptos Resource with a signal per row (the same fine-grained updates; the
// baseline, target ratio <= 1.2), and from a Resource drawn once with no per-row reactivity
// (the least work hydration can do; printed for reference). The pages take turns over
// BENCH_ROUNDS rounds (5 by default; `scripts/bench-ssr` runs more); medians are printed.
import { test, expect } from '@playwright/test';
import { ssrUrl } from './ssr-page.mjs';

const rounds = Number(process.env.BENCH_ROUNDS ?? 5);

// Between two pages the tab rests on a blank page, so that the browser collects the garbage
// of the page before while nothing is measured.
async function hydration(page, path) {
  await page.goto('about:blank');
  await page.waitForTimeout(500);
  await page.goto(ssrUrl + path);
  const ms = await page.waitForFunction(() => window.__hydration_ms, null, { timeout: 30_000 });
  await expect(page.locator('#bench tr')).toHaveCount(10_000);
  return ms.jsonValue();
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const pages = {
  store: '/bench/store',
  resource: '/bench/resource',
  static: '/bench/resource-static',
};

test('hydrating 10,000 rows from a shared store against Resources', async ({ page }) => {
  test.setTimeout(60_000 + rounds * 30_000);
  const times = Object.fromEntries(Object.keys(pages).map((name) => [name, []]));
  // A first round warms the browser's caches; it is not counted.
  for (const path of Object.values(pages)) await hydration(page, path);
  for (let round = 0; round < rounds; round += 1) {
    for (const [name, path] of Object.entries(pages)) times[name].push(await hydration(page, path));
  }
  const [store, resource, drawnOnce] = Object.keys(pages).map((name) => median(times[name]));
  console.log(
    `hydrating 10,000 rows (medians of ${rounds} rounds): shared store ${store.toFixed(1)} ms; ` +
      `Resource with a signal per row ${resource.toFixed(1)} ms, ratio ` +
      `${(store / resource).toFixed(2)} (target <= 1.2); Resource drawn once ` +
      `${drawnOnce.toFixed(1)} ms, ratio ${(store / drawnOnce).toFixed(2)} (for reference)`,
  );
  if (process.env.BENCH_RAW) console.log(JSON.stringify(times));
});
