// Honest states of the query console: a server lost in the middle of a query ends the run as FAILED (not
// "Cancelled") with the error's class and text, the rows that arrived are marked partial (also the export), and
// Reconnect is offered; a connection lost while idle says why; a wss:// server the browser does not trust gets a
// link to open https://host:port once. Each test runs its own console (the emulator is killed in some of them).
import { fillEditor } from './shared-console';
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { startConsole, type RunningConsole } from '../../scripts/console-server.mjs';
import { startEmulatorProcess, type EmulatorProcess } from '../fixtures/servers';

const SHOTS = 'test-e2e/output/screenshots';
const build = process.env.CONSOLE_E2E_BUILD !== '0';
let apps: RunningConsole[] = [];
let emulators: EmulatorProcess[] = [];

test.describe.configure({ mode: 'serial' });
test.beforeAll(() => mkdirSync(SHOTS, { recursive: true }));
test.afterEach(async () => {
  await Promise.all([...apps.map((a) => a.close()), ...emulators.map((e) => e.close())]);
  apps = [];
  emulators = [];
});

async function openConsole(page: Page): Promise<RunningConsole> {
  const app = await startConsole({ port: 0, emulatorPort: 0, build });
  apps.push(app);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(app.url);
  await expect(page.locator('body')).toHaveAttribute('data-sdk', 'loaded');
  return app;
}

async function connect(page: Page) {
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Disconnect' })).toBeEnabled();
}

async function runSql(page: Page, sql: string) {
  await fillEditor(page, sql);
  await page.getByRole('button', { name: /^Run\b/ }).first().click();
}

test('a server killed mid-query fails the run with ConnectionError, marks the rows partial and offers Reconnect', async ({ page }) => {
  const app = await openConsole(page);
  await connect(page);
  await runSql(page, 'SELECT * FROM RETAIL.EVENTS');
  // wait until rows are streaming, then kill the emulator process outright
  await expect.poll(async () => Number(await page.locator('#progress-text').getAttribute('data-fetched')), { timeout: 60_000 }).toBeGreaterThan(0);
  expect(app.emulatorPid).toBeGreaterThan(0);
  process.kill(app.emulatorPid!, 'SIGKILL');

  const tab = page.getByRole('tablist', { name: 'Results' }).getByRole('tab').first();
  await expect(tab).toHaveAttribute('data-state', 'error', { timeout: 30_000 });
  const progressText = page.locator('#progress-text');
  await expect(progressText).toContainText('Failed');
  await expect(progressText).toContainText('ConnectionError');
  await expect(progressText).not.toContainText('Cancelled');
  await expect(progressText).toContainText('partial result');
  // the result area names the error's class and text
  const resultAlert = page.getByRole('region', { name: 'Result' }).getByRole('alert');
  await expect(resultAlert).toContainText('ConnectionError');
  await expect(resultAlert).toContainText(/closed|lost|dropped/);
  // the rows that arrived are shown and marked partial
  const note = page.locator('[data-partial="true"]');
  await expect(note).toContainText('partial result');
  await expect(page.locator('#grid .grid-body .grid-row').first()).toBeVisible();
  // export says partial, in the button and in the file name
  const exportButton = page.getByRole('button', { name: 'Export partial CSV' });
  await expect(exportButton).toBeEnabled();
  const [download] = await Promise.all([page.waitForEvent('download'), exportButton.click()]);
  expect(download.suggestedFilename()).toMatch(/-PARTIAL\.csv$/);
  // the connection panel says the connection was lost and offers Reconnect
  const connAlert = page.locator('#connect-error');
  await expect(connAlert).toContainText('Connection lost');
  await expect(connAlert).toContainText('ConnectionError');
  await expect(page.getByRole('button', { name: 'Reconnect' })).toBeVisible();
  await expect(page.locator('#state')).toHaveText('disconnected');
  await page.screenshot({ path: `${SHOTS}/20-killed-mid-query.png` });
  // Reconnect tries again with the same settings; the server is gone, so it reports that
  await page.getByRole('button', { name: 'Reconnect' }).click();
  await expect(connAlert).not.toContainText('Connection lost', { timeout: 30_000 });
  await expect(connAlert).toContainText('ConnectionError');
});

test('a connection lost while idle says why and offers Reconnect', async ({ page }) => {
  const app = await openConsole(page);
  await connect(page);
  await runSql(page, 'SELECT 1 AS ONE FROM DUAL');
  await expect(page.locator('#live')).toHaveAttribute('data-state', 'done');
  process.kill(app.emulatorPid!, 'SIGTERM'); // a clean shutdown: close frame 1001 "going away"
  const connAlert = page.locator('#connect-error');
  await expect(connAlert).toContainText('Connection lost', { timeout: 30_000 });
  await expect(connAlert).toContainText('ConnectionError');
  await expect(connAlert).toContainText('1001');
  await expect(page.locator('#progress-text')).toContainText('Connection lost');
  await expect(page.getByRole('button', { name: 'Reconnect' })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/21-lost-idle.png` });
});

test('a wss:// server with a self-signed certificate gets a link to trust it', async ({ page }) => {
  const tls = await startEmulatorProcess({ cli: 'auto', args: ['--tls'] });
  emulators.push(tls);
  expect(tls.url).toMatch(/^wss:\/\/127\.0\.0\.1:\d+$/);
  await openConsole(page);
  await page.getByLabel('URL').fill(tls.url);
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  const connAlert = page.locator('#connect-error');
  await expect(connAlert).toContainText('ConnectionError', { timeout: 30_000 });
  const https = tls.url.replace('wss://', 'https://') + '/';
  const link = page.getByRole('link', { name: https });
  await expect(link).toHaveAttribute('href', https);
  await expect(connAlert).toContainText('(opens in a new tab)');
  await expect(connAlert).toContainText('accept the certificate');
  await expect(page.getByRole('button', { name: 'Reconnect' })).toBeHidden();
  await page.screenshot({ path: `${SHOTS}/22-self-signed-hint.png` });
});
