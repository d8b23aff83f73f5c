// End-to-end tests of the showcase, served by `scripts/showcase` at E2E_BASE_URL.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.mjs',
  // A flaky test is a failing test: no retries.
  retries: 0,
  workers: 1,
  outputDir: '../target/playwright',
  timeout: 30_000,
  reporter: [['list'], ['./summary-reporter.mjs']],
  use: {
    baseURL: process.env.E2E_BASE_URL ?? 'http://127.0.0.1:8080',
    launchOptions: {
      // Debian's Chromium; Playwright never downloads a browser here.
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--no-first-run',
      ],
    },
  },
});
