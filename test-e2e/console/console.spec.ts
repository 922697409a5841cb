// The query console (demo/) in Chromium, started through the same path as `npm start` (startConsole on port 0):
// login, streaming, cancel, schema tree, CSV, errors, chart, history, scripts and an XSS probe.
import { expect, test, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { mkdirSync } from 'node:fs';
import { startConsole, type RunningConsole } from '../../scripts/console-server.mjs';

const SHOTS = 'test-e2e/output/screenshots';
/** The demo seed's big table and its row count (checked against COUNT(*) in the test). */
const BIG_TABLE = 'RETAIL.EVENTS';
/** A statement that runs for many seconds in the emulator (cross join count). */
const SLOW_SQL = 'SELECT COUNT(*) FROM RETAIL.EVENTS a CROSS JOIN RETAIL.EVENTS b';

let app: RunningConsole;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  // CONSOLE_E2E_BUILD=0 skips the rebuild check (for quick local runs while src/ changes)
  app = await startConsole({ port: 0, emulatorPort: 0, build: process.env.CONSOLE_E2E_BUILD !== '0' });
});

test.afterAll(async () => {
  await app?.close();
});

async function open(page: Page) {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(app.url);
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  await expect(page.locator('body')).toHaveAttribute('data-sdk', 'loaded');
  return errors;
}

async function login(page: Page) {
  const errors = await open(page);
  await page.click('#connect');
  await expect(page.locator('#state')).toHaveText('ready');
  return errors;
}

/** Puts `sql` into the editor (cursor at its end) and runs it with the keyboard. */
async function run(page: Page, sql: string, mode: 'current' | 'script' = 'current') {
  await page.fill('#sql', sql);
  await page.focus('#sql');
  await page.keyboard.press(mode === 'script' ? 'Control+Shift+Enter' : 'Control+Enter');
}

async function runToEnd(page: Page, sql: string, mode: 'current' | 'script' = 'current', state = 'done') {
  await run(page, sql, mode);
  await expect(page.locator('#live')).toHaveAttribute('data-state', state, { timeout: 120_000 });
}

/** Texts of the visible cells of grid row `n` (0-based among rendered rows), without the row number. */
async function rowTexts(page: Page, n: number) {
  const row = page.locator('#grid .grid-body .grid-row').nth(n);
  return row.locator('.grid-cell:not(.gutter)').allTextContents();
}

test('logs in with the prefilled emulator URL and shows the session', async ({ page }) => {
  const errors = await open(page);
  await expect(page.locator('#url')).toHaveValue(app.emulatorUrl);
  await expect(page.locator('#user')).toHaveValue('sys');
  // the newest protocol is asked for, as the SDK does; the server grants at most its own (the emulator's default: 3)
  await expect(page.getByRole('combobox', { name: 'Protocol' })).toHaveValue('5');
  await page.screenshot({ path: `${SHOTS}/01-login.png` });
  await page.click('#connect');
  await expect(page.locator('#state')).toHaveText('ready');
  await expect(page.locator('#session-id')).toHaveText(/^\d{5,}$/);
  await expect(page.locator('#server-version')).toHaveText(/^\d+\.\d+/);
  await expect(page.locator('#protocol-version')).toHaveText('v3');
  await expect(page.locator('#connect')).toBeDisabled();
  await page.click('#disconnect');
  await expect(page.locator('#state')).toHaveText('disconnected');
  await expect(page.locator('#session-id')).toHaveText('–');
  expect(errors).toEqual([]);
});

test('a wrong password shows the 08004 error and the form stays usable', async ({ page }) => {
  await open(page);
  await page.fill('#password', 'wrong');
  await page.click('#connect');
  await expect(page.locator('#connect-error')).toContainText('08004');
  await expect(page.locator('#connect-error')).toContainText('authentication failed');
  await expect(page.locator('#connect')).toBeEnabled();
});

test('runs a query: typed headers, NULL distinct from text, big numbers and timestamps exact', async ({ page }) => {
  await login(page);
  await runToEnd(page, `SELECT CAST(9007199254740993 AS DECIMAL(18,0)) AS BIG, NULL AS NOTHING, ' ' AS SPACE,
  'NULL' AS WORD, CAST(3.14 AS DECIMAL(5,2)) AS PI, TIMESTAMP '2024-06-18 17:22:13.123456' AS TS FROM DUAL`);
  const headers = await page.locator('#grid .grid-header .col-name').allTextContents();
  expect(headers).toEqual(['BIG', 'NOTHING', 'SPACE', 'WORD', 'PI', 'TS']);
  await expect(page.locator('#grid .grid-header .col-type').first()).toHaveText('DECIMAL(18,0)');
  const cells = await rowTexts(page, 0);
  expect(cells[0]).toBe('9007199254740993');
  expect(cells[1]).toBe('NULL');
  expect(cells[2]).toBe(' ');
  expect(cells[3]).toBe('NULL');
  expect(cells[4]).toBe('3.14');
  expect(cells[5]).toMatch(/^2024-06-18 17:22:13\.\d{6}$/);
  const row = page.locator('#grid .grid-body .grid-row').first();
  await expect(row.locator('.grid-cell').nth(2)).toHaveClass(/v-null/);
  // Exasol stores '' as NULL; a blank string and the word NULL are text, not NULL
  await expect(row.locator('.grid-cell').nth(3)).toHaveClass(/v-text/);
  await expect(row.locator('.grid-cell').nth(4)).toHaveClass(/v-text/);
  await expect(row.locator('.grid-cell').nth(1)).toHaveClass(/v-number/);
  await expect(page.locator('#progress-text')).toContainText('1 of 1 rows');
});

test(`streams the 1M-row ${BIG_TABLE} until the progress count reaches the total`, async ({ page }) => {
  await login(page);
  await runToEnd(page, `SELECT COUNT(*) AS N FROM ${BIG_TABLE}`);
  const total = Number((await rowTexts(page, 0))[0]);
  expect(total).toBeGreaterThanOrEqual(1_000_000);
  await run(page, `SELECT * FROM ${BIG_TABLE}`);
  await expect(page.locator('#grid .grid-body .grid-row').first()).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/03-streaming.png` });
  await expect(page.locator('#live')).toHaveAttribute('data-state', 'done', { timeout: 170_000 });
  // the grid painted its first rows before the rest had arrived
  const firstPaint = Number(await page.locator('#grid .grid-scroller').getAttribute('data-first-paint-rows'));
  expect(firstPaint).toBeGreaterThan(0);
  expect(firstPaint).toBeLessThan(total);
  await expect(page.locator('#progress-text')).toHaveAttribute('data-fetched', String(total));
  await expect(page.locator('#progress-text')).toHaveAttribute('data-total', String(total));
  await expect(page.locator('#progress-text')).toContainText(`${total.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} rows`);
  // virtual scrolling: only the visible rows exist, and the last row is reachable
  expect(await page.locator('#grid .grid-body .grid-row').count()).toBeLessThan(100);
  await page.locator('#grid .grid-scroller').focus();
  await page.keyboard.press('Control+End');
  await expect(page.locator('#grid .grid-body .grid-row:not([hidden]) .gutter').last()).toHaveText(String(total));
  await page.screenshot({ path: `${SHOTS}/04-streamed-1m.png` });
});

test('cancel stops a long statement and the console stays usable', async ({ page }) => {
  await login(page);
  await run(page, SLOW_SQL);
  await expect(page.locator('#live')).toHaveAttribute('data-state', 'running');
  await expect(page.locator('#cancel')).toBeEnabled();
  await page.click('#cancel');
  await expect(page.locator('#live')).toHaveAttribute('data-state', 'cancelled', { timeout: 30_000 });
  await expect(page.locator('#progress-text')).toContainText('Cancelled');
  await expect(page.locator('#run')).toBeEnabled();
  await runToEnd(page, 'SELECT 42 AS ANSWER FROM DUAL');
  expect(await rowTexts(page, 0)).toEqual(['42']);
  await expect(page.locator('#state')).toHaveText('ready');
});

test('the schema browser lists schemas, tables and columns and inserts names', async ({ page }) => {
  await login(page);
  await page.fill('#sql', 'SELECT  FROM x');
  await page.keyboard.press('Home');
  for (let i = 0; i < 7; i++) await page.keyboard.press('ArrowRight');
  const [schema, table] = BIG_TABLE.split('.');
  const schemaItem = page.locator('#schema-tree > li', { has: page.locator(`.tree-name:text-is("${schema}")`) });
  await schemaItem.locator('.tree-toggle').first().click();
  const tableItem = schemaItem.locator('li.tree-item', { has: page.locator(`.tree-name:text-is("${table}")`) });
  await expect(tableItem).toBeVisible();
  await tableItem.locator('.tree-toggle').first().click();
  const columns = tableItem.locator('li.tree-column .tree-name');
  await expect(columns.first()).toBeVisible();
  const firstColumn = (await columns.first().textContent()) ?? '';
  expect(firstColumn.length).toBeGreaterThan(0);
  await expect(tableItem.locator('li.tree-column .tree-detail').first()).not.toBeEmpty();
  await columns.first().click();
  await expect(page.locator('#sql')).toHaveText(`SELECT ${firstColumn} FROM x`);
  await page.screenshot({ path: `${SHOTS}/05-schema-tree.png` });
});

test('exports the current result as RFC 4180 CSV', async ({ page }) => {
  await login(page);
  await runToEnd(page, `SELECT 'a,b' AS X, 'say "hi"' AS Y, NULL AS Z, ' ' AS W, CAST(123456789012345678 AS DECIMAL(18,0)) AS B FROM DUAL`);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
  const text = await readFile(await download.path(), 'utf8');
  expect(text).toBe('X,Y,Z,W,B\r\n"a,b","say ""hi""",, ,123456789012345678\r\n');
});

test('an SQL error shows its sqlCode and the position in the editor', async ({ page }) => {
  await login(page);
  await runToEnd(page, 'SELECT 1 FROM DUAL;\n\nSELECT * FROM NO_SUCH_TABLE', 'current', 'error');
  await expect(page.locator('.message-error .sqlcode')).toHaveText('42000');
  await expect(page.locator('.message-error .error-text')).toContainText('NO_SUCH_TABLE');
  await expect(page.locator('.message-error .error-text')).toContainText('[line 1, column 15]');
  // the statement starts on editor line 3, so the server's line 1 is the editor's line 3
  await expect(page.locator('.error-position')).toHaveText('Show line 3, column 15 in the editor');
  await page.click('.error-position');
  // the name is marked in the editor (until the text changes) and selected
  await expect(page.locator('#sql .cm-sql-error')).toHaveText('NO_SUCH_TABLE');
  expect(await page.evaluate(() => window.getSelection()?.toString())).toBe('NO_SUCH_TABLE');
  await page.keyboard.press('End');
  await page.keyboard.type(' ');
  await expect(page.locator('#sql .cm-sql-error')).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/06-error.png` });
});

test('a script gives one tab per statement, with row counts for DML', async ({ page }) => {
  await login(page);
  await runToEnd(page, `CREATE OR REPLACE TABLE RETAIL.CONSOLE_E2E (ID DECIMAL(9,0), NAME VARCHAR(20));
INSERT INTO RETAIL.CONSOLE_E2E VALUES (1, 'one'), (2, 'two; not a split');
-- a comment; with a semicolon
SELECT * FROM RETAIL.CONSOLE_E2E ORDER BY ID;
DROP TABLE RETAIL.CONSOLE_E2E`, 'script');
  const tabs = page.locator('#tabs .tab');
  await expect(tabs).toHaveCount(4);
  for (let i = 0; i < 4; i++) await expect(tabs.nth(i)).toHaveAttribute('data-state', 'done');
  await tabs.nth(1).click();
  await expect(page.locator('#message')).toContainText('2 rows affected');
  await tabs.nth(2).click();
  expect(await rowTexts(page, 1)).toEqual(['2', 'two; not a split']);
  await page.keyboard.press('ArrowRight');
  await expect(tabs.nth(3)).toHaveAttribute('aria-selected', 'true');
  await expect(tabs.nth(3)).toBeFocused();
});

test('Ctrl+Enter runs only the selection', async ({ page }) => {
  await login(page);
  const text = 'SELECT 1 AS ONE FROM DUAL;\nSELECT 2 AS TWO FROM DUAL;\nSELECT 3 AS THREE FROM DUAL;';
  await page.fill('#sql', text);
  // select line 2 with the keyboard
  await page.keyboard.press('ControlOrMeta+Home');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Home');
  await page.keyboard.press('Shift+End');
  await page.keyboard.press('Control+Enter');
  await expect(page.locator('#live')).toHaveAttribute('data-state', 'done');
  await expect(page.locator('#tabs .tab')).toHaveCount(1);
  expect(await page.locator('#grid .grid-header .col-name').allTextContents()).toEqual(['TWO']);
});

test('the chart view draws the first numeric column', async ({ page }) => {
  await login(page);
  await runToEnd(page, `SELECT 'r' || CAST(X AS VARCHAR(5)) AS LABEL, X * X AS SQUARE FROM
  (SELECT 1 AS X FROM DUAL UNION ALL SELECT 2 FROM DUAL UNION ALL SELECT 3 FROM DUAL UNION ALL SELECT 4 FROM DUAL) t ORDER BY X`);
  await expect(page.locator('#view-chart')).toBeEnabled();
  await page.click('#view-chart');
  await expect(page.locator('#chart svg.chart')).toBeVisible();
  await expect(page.locator('#chart .chart-bar')).toHaveCount(4);
  await expect(page.locator('#chart .chart-caption')).toContainText('SQUARE by LABEL');
  await page.screenshot({ path: `${SHOTS}/07-chart.png` });
  await page.click('#view-grid');
  await expect(page.locator('#grid')).toBeVisible();
});

test('history survives a reload and a click inserts the query at the cursor (undo takes it back)', async ({ page }) => {
  await login(page);
  const sql = 'SELECT 7 AS SEVEN FROM DUAL';
  await runToEnd(page, sql);
  await page.reload();
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  const item = page.locator('#history .history-item', { hasText: sql }).first();
  await expect(item).toBeVisible();
  await page.fill('#sql', '-- kept\n');
  await item.click();
  await expect(page.locator('#sql')).toHaveText(`-- kept${sql}`);
  await page.keyboard.press('ControlOrMeta+Z');
  await expect(page.locator('#sql')).toHaveText('-- kept');
});

test('XSS probe: server text with HTML renders as text and runs no script', async ({ page }) => {
  const errors = await login(page);
  const probe = '<img src=x onerror="window.__xss=1">';
  await runToEnd(page, `SELECT '${probe}' AS "<img src=x onerror=window.__xss=2>" FROM DUAL`);
  await expect(page.locator('#grid .grid-header .col-name')).toHaveText('<img src=x onerror=window.__xss=2>');
  expect(await rowTexts(page, 0)).toEqual([probe]);
  await runToEnd(page, `SELECT * FROM "<svg onload=window.__xss=3>"`, 'current', 'error');
  await expect(page.locator('.message-error .error-text')).toContainText('<svg onload=window.__xss=3>');
  await page.waitForTimeout(300); // give a would-be image error handler the chance to fire
  expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
  expect(await page.locator('img, svg[onload]').count()).toBe(0);
  await page.screenshot({ path: `${SHOTS}/08-xss-probe.png` });
  expect(errors).toEqual([]);
});
