// The browser benchmark (scripts/bench-browser): the same browser as the end-to-end tests,
// but only the *.bench.mjs files, and no time limit per test beyond what each sets.
import base from './playwright.config.mjs';
import { defineConfig } from '@playwright/test';

export default defineConfig({
  ...base,
  testMatch: '*.bench.mjs',
});
