// The UMD build in a plain page: <script src="exasol-ws.umd.min.js"> and the global ExasolWS, against the emulator.
import { expect, test } from '@playwright/test';
import { expectScenarioReport, runScenarioInPage, scenarioOptions } from '../fixtures/scenario-check';
import { startEmulatorProcess, startStaticServer, type EmulatorProcess, type StaticServer } from '../fixtures/servers';

let emulator: EmulatorProcess;
let site: StaticServer;

test.beforeAll(async () => {
  emulator = await startEmulatorProcess({ seed: 'demo' });
  site = await startStaticServer({ '/': 'test-e2e/fixtures/script-tag', '/fixtures/': 'test-e2e/fixtures', '/dist/': 'dist' });
});

test.afterAll(async () => {
  await site?.close();
  await emulator?.close();
});

test('script tag: login with password + compression, 100k rows via query$, prepared insert, SqlError by class', async ({ page }) => {
  const report = await runScenarioInPage(page, `${site.url}/`, scenarioOptions(emulator.url, 'E2E_UMD'));
  expectScenarioReport(report);
});

test('script tag: the UMD global exposes the public API and its error classes work with instanceof', async ({ page }) => {
  await page.goto(`${site.url}/`);
  const api = await page.evaluate(() => {
    const g = (window as unknown as { ExasolWS: Record<string, unknown> }).ExasolWS;
    return Object.fromEntries(
      ['connect', 'SqlError', 'AuthError', 'TimeoutError', 'AbortError', 'ConnectionError', 'ProtocolError', 'ExasolError'].map(
        (k) => [k, typeof g[k]],
      ),
    );
  });
  const classes = await page.evaluate(() => {
    const X = (window as unknown as { ExasolWS: Record<string, new (...a: unknown[]) => Error> }).ExasolWS;
    const sql = new X.SqlError!('table not found', '42000');
    const auth = new X.AuthError!('bad password');
    return {
      sqlIsSql: sql instanceof X.SqlError!,
      sqlIsBase: sql instanceof X.ExasolError!,
      sqlIsError: sql instanceof Error,
      sqlIsAuth: sql instanceof X.AuthError!,
      authIsBase: auth instanceof X.ExasolError!,
      plainIsBase: new Error('x') instanceof X.ExasolError!,
    };
  });
  expect(classes).toEqual({ sqlIsSql: true, sqlIsBase: true, sqlIsError: true, sqlIsAuth: false, authIsBase: true, plainIsBase: false });
  expect(api).toEqual({
    connect: 'function',
    SqlError: 'function',
    AuthError: 'function',
    TimeoutError: 'function',
    AbortError: 'function',
    ConnectionError: 'function',
    ProtocolError: 'function',
    ExasolError: 'function',
  });
});
