// The console served by the emulator on its own port (issue 12 item 1): the page, its script and the SDK bundle come
// from the emulator's HTTP(S) port with a strict CSP, the form connects to that same origin by default (ws:// for an
// http page, wss:// for https), and queries run. Plain and TLS (the browser context accepts the self-signed
// certificate, as a user does by opening the page once).
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { startConsole, type RunningConsole } from '../../scripts/console-server.mjs';

const SHOTS = 'test-e2e/output/screenshots';
const build = process.env.CONSOLE_E2E_BUILD !== '0';
let app: RunningConsole | undefined;

test.describe.configure({ mode: 'serial' });
test.beforeAll(() => mkdirSync(SHOTS, { recursive: true }));
test.afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** Opens the page, checks what came over the wire, connects with the pre-filled form and runs a query. */
async function openAndQuery(page: Page, url: string, wsUrl: string) {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  const types = new Map<string, string>();
  page.on('response', (r) => types.set(new URL(r.url()).pathname, r.headers()['content-type'] ?? ''));
  await page.setViewportSize({ width: 1280, height: 720 });
  const response = await page.goto(url);
  expect(response?.status()).toBe(200);
  const csp = response?.headers()['content-security-policy'] ?? '';
  expect(csp).toMatch(/script-src 'self';/);
  expect(csp).toMatch(/style-src 'self' 'nonce-[A-Za-z0-9+/=]+';/);
  expect(csp).not.toContain('unsafe-eval');
  await expect(page.locator('body')).toHaveAttribute('data-sdk', 'loaded');
  expect(types.get('/main.js')).toBe('text/javascript; charset=utf-8');
  expect(types.get('/exasol-ws.umd.min.js')).toBe('text/javascript; charset=utf-8');
  expect(types.get('/console.css')).toBe('text/css; charset=utf-8');
  // the form points at the page's own origin
  await expect(page.getByLabel('URL')).toHaveValue(wsUrl);
  expect(new URL(wsUrl).host).toBe(new URL(url).host);
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Disconnect' })).toBeEnabled();
  await page.getByLabel('SQL editor').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('SELECT 6 * 7 AS ANSWER FROM DUAL');
  await page.getByRole('button', { name: /^Run\b/ }).first().click();
  await expect(page.locator('#live')).toHaveAttribute('data-state', 'done');
  await expect(page.locator('#grid .grid-body .grid-row').first().locator('.grid-cell:not(.gutter)')).toHaveText(['42']);
  expect(problems).toEqual([]);
}

test('the emulator serves the console on its own port (http, ws:// to the same origin)', async ({ page }) => {
  app = await startConsole({ port: 0, build });
  expect(app.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  await openAndQuery(page, app.url, app.emulatorUrl);
  await page.screenshot({ path: `${SHOTS}/23-served-by-emulator.png` });
});

test('with TLS the console comes over https on the wss port', async ({ browser }) => {
  app = await startConsole({ port: 0, tls: true, build });
  expect(app.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
  expect(app.emulatorUrl).toMatch(/^wss:\/\//);
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  try {
    const page = await context.newPage();
    await openAndQuery(page, app.url, app.emulatorUrl);
    await page.screenshot({ path: `${SHOTS}/24-served-by-emulator-tls.png` });
  } finally {
    await context.close();
  }
});

test('?url= naming another server does not keep the pre-filled password', async ({ page }) => {
  app = await startConsole({ port: 0, build });
  await page.goto(`${app.url}?url=${encodeURIComponent('wss://db.example:8563')}&user=alice`);
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  await expect(page.getByLabel('URL')).toHaveValue('wss://db.example:8563');
  await expect(page.getByLabel('User')).toHaveValue('alice');
  await expect(page.getByRole('textbox', { name: 'Password' })).toHaveValue('');
  await page.goto(app.url);
  await expect(page.getByRole('textbox', { name: 'Password' })).toHaveValue('exasol');
});
