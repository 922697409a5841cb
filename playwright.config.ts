// Playwright for every browser test under test-e2e/ (bundles by engineer D, console by engineer E).
// Runs in Debian's Chromium (scripts/ensure-chromium.sh installs it); Playwright's own browsers are never downloaded.
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './scripts/chromium.mjs';

export default defineConfig({
  testDir: 'test-e2e',
  outputDir: 'test-e2e/output/results',
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  timeout: 180_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    headless: true,
    trace: 'off',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
    },
  },
  projects: [
    { name: 'bundles', testDir: 'test-e2e/bundles' },
    { name: 'console', testDir: 'test-e2e/console' },
  ],
});
