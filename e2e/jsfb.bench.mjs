// js-framework-benchmark's keyed operations in Chromium, three ways: the same app built with
// plain Leptos signals (the baseline), with reactive_stores, and with leptos-state
// (examples/js-framework-benchmark). Each operation runs on a freshly loaded page, after the
// set-up the benchmark defines, and is timed from the click to the paint of the frame that
// shows its result (the click is made as a frame begins; the figure ends at the first task
// after that frame). The builds take turns, operation by
// operation, over BENCH_ROUNDS rounds (after one round that warms the browser up and is not
// counted); each operation's median, its ratio to plain Leptos, the geometric mean of the
// ratios and each build's wasm size (gzip) are printed. The apps are served uncached, so each
// load compiles its wasm as a first visit does: code that the set-up did not run yet (swap,
// remove, append) still runs in the browser's first tier, a cost that grows with the size of
// the build. Every operation's outcome is checked
// too, so a build that does less work fails rather than looking fast.
//
// Started by scripts/bench-browser, which builds and serves the apps at JSFB_URL from
// JSFB_DIR.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const base = process.env.JSFB_URL ?? 'http://127.0.0.1:8184';
const dir = process.env.JSFB_DIR ?? 'target/jsfb';
const builds = ['plain', 'stores', 'leptos-state'];

const rows = (page) => page.locator('tbody > tr');
const label = (page, n) => page.locator(`tbody > tr:nth-child(${n}) > td:nth-child(2) > a`);

// Clicks the element at the start of a frame and resolves with the milliseconds until that
// frame is painted: the click's handlers, the effects they schedule, style, layout and
// paint, then the first task after the frame. Clicking as a frame begins keeps the wait for
// the next frame out of the figure.
async function timed(page, selector) {
  return page.evaluate(
    (selector) =>
      new Promise((resolve, reject) => {
        requestAnimationFrame(() => {
          const element = document.querySelector(selector);
          if (!element) {
            reject(new Error(`nothing matches ${selector}`));
            return;
          }
          const start = performance.now();
          element.click();
          setTimeout(() => resolve(performance.now() - start), 0);
        });
      }),
    selector,
  );
}

const operations = [
  {
    name: 'create 1,000 rows',
    async setup(page) {
      for (let i = 0; i < 2; i += 1) {
        await timed(page, '#run');
        await timed(page, '#clear');
      }
    },
    click: '#run',
    async check(page) {
      await expect(rows(page)).toHaveCount(1_000);
    },
  },
  {
    name: 'replace all 1,000 rows',
    async setup(page) {
      for (let i = 0; i < 2; i += 1) await timed(page, '#run');
    },
    click: '#run',
    async check(page) {
      await expect(rows(page)).toHaveCount(1_000);
      await expect(page.locator('tbody > tr:first-child > td:first-child')).toHaveText('2001');
    },
  },
  {
    name: 'partial update: every 10th of 10,000',
    async setup(page) {
      await timed(page, '#runlots');
    },
    click: '#update',
    async check(page) {
      await expect(label(page, 1)).toHaveText(/ !!!$/);
      await expect(label(page, 9_991)).toHaveText(/ !!!$/);
      await expect(label(page, 2)).not.toHaveText(/!!!/);
    },
  },
  {
    name: 'select a row',
    async setup(page) {
      await timed(page, '#run');
    },
    click: 'tbody > tr:nth-child(2) > td:nth-child(2) > a',
    async check(page) {
      await expect(page.locator('tbody > tr.danger')).toHaveCount(1);
      await expect(page.locator('tbody > tr:nth-child(2)')).toHaveClass(/danger/);
    },
  },
  {
    name: 'swap two rows of 1,000',
    async setup(page) {
      await timed(page, '#run');
      this.before = [await label(page, 2).textContent(), await label(page, 999).textContent()];
    },
    click: '#swaprows',
    async check(page) {
      await expect(label(page, 2)).toHaveText(this.before[1]);
      await expect(label(page, 999)).toHaveText(this.before[0]);
    },
  },
  {
    name: 'remove a row of 1,000',
    async setup(page) {
      await timed(page, '#run');
      this.gone = await page.locator('tbody > tr:nth-child(4) > td:first-child').textContent();
    },
    click: 'tbody > tr:nth-child(4) > td:nth-child(3) > a',
    async check(page) {
      await expect(rows(page)).toHaveCount(999);
      await expect(page.locator('tbody > tr > td:first-child', { hasText: new RegExp(`^${this.gone}$`) })).toHaveCount(0);
    },
  },
  {
    name: 'create 10,000 rows',
    click: '#runlots',
    async check(page) {
      await expect(rows(page)).toHaveCount(10_000);
    },
  },
  {
    name: 'append 1,000 rows to 10,000',
    async setup(page) {
      await timed(page, '#runlots');
    },
    click: '#add',
    async check(page) {
      await expect(rows(page)).toHaveCount(11_000);
    },
  },
  {
    name: 'clear 1,000 rows',
    async setup(page) {
      await timed(page, '#run');
    },
    click: '#clear',
    async check(page) {
      await expect(rows(page)).toHaveCount(0);
    },
  },
];

// One measurement: a fresh page, the operation's set-up, the timed click, the check.
async function measure(page, build, operation) {
  await page.goto('about:blank');
  await page.waitForTimeout(100);
  await page.goto(`${base}/${build}/`);
  await page.locator('#run').waitFor();
  if (operation.setup) await operation.setup(page);
  const ms = await timed(page, operation.click);
  await operation.check(page);
  return ms;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const gzipped = (build) => gzipSync(readFileSync(`${dir}/${build}/app_bg.wasm`), { level: 9 }).length;

test('js-framework-benchmark operations: plain Leptos, reactive_stores, leptos-state', async ({ page }) => {
  test.setTimeout(120_000 + rounds * 240_000);
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const times = Object.fromEntries(builds.map((build) => [build, operations.map(() => [])]));
  for (let round = 0; round <= rounds; round += 1) {
    // The order of the builds turns each round, so that none always follows the same one.
    const order = builds.map((_, at) => builds[(at + round) % builds.length]);
    for (const [at, operation] of operations.entries()) {
      for (const build of order) {
        const ms = await measure(page, build, operation);
        if (round > 0) times[build][at].push(ms);
      }
    }
  }
  expect(errors).toEqual([]);

  const medians = Object.fromEntries(builds.map((build) => [build, times[build].map(median)]));
  const ratio = (build, at) => medians[build][at] / medians.plain[at];
  const geomean = (build) =>
    Math.exp(operations.reduce((sum, _, at) => sum + Math.log(ratio(build, at)), 0) / operations.length);
  const cell = (text, width) => String(text).padStart(width);
  const lines = [
    `js-framework-benchmark (keyed) in Chromium, click to next paint, medians of ${rounds} rounds`,
    `${'operation'.padEnd(38)}${cell('plain', 10)}${cell('stores', 10)}${cell('state', 10)}` +
      `${cell('stores/plain', 14)}${cell('state/plain', 13)}`,
  ];
  for (const [at, operation] of operations.entries()) {
    lines.push(
      `${operation.name.padEnd(38)}` +
        builds.map((build) => cell(`${medians[build][at].toFixed(1)} ms`, 10)).join('') +
        cell(ratio('stores', at).toFixed(2), 14) +
        cell(ratio('leptos-state', at).toFixed(2), 13),
    );
  }
  lines.push(
    `${'geometric mean of the ratios'.padEnd(68)}${cell(geomean('stores').toFixed(2), 14)}` +
      `${cell(geomean('leptos-state').toFixed(2), 13)}`,
    `targets: leptos-state's geometric mean <= 1.1 and below reactive_stores', each operation <= 1.3`,
    `wasm size (gzip): ` + builds.map((build) => `${build} ${(gzipped(build) / 1024).toFixed(1)} KB`).join(', '),
  );
  console.log(lines.join('\n'));
  if (process.env.BENCH_RAW) console.log(JSON.stringify(times));
});
