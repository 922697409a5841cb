// Debian's Chromium for Playwright on these machines (see ../shared/toolchain.md), shared by the browser
// tests (playwright.config.ts) and the benchmark (bench/browser-runner.ts): never a downloaded browser.

/** Path of the Chromium binary (`CHROMIUM_PATH` overrides; scripts/ensure-chromium.sh installs it there). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags: no sandbox (root in a container), no GPU, and no background traffic to a network that is not there. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
