// The result grid: sort by a column, the client-side quick filter, column resize, keyboard navigation of cells,
// the detail panel (JSON pretty-printed), copy as TSV/CSV/JSON, DECIMAL padded to its scale and right-aligned,
// NULL distinct, "No rows", JSON / CSV-with-BOM exports, and a rectangular selection (Shift+arrows, Shift+click) copied as TSV.
import { expect, test, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { SHOTS, fillEditor, sharedConsole } from './shared-console';

const app = sharedConsole();

const SQL = `SELECT * FROM (
  SELECT 1 AS ID, 'beta' AS NAME, CAST(9208.1 AS DECIMAL(12,2)) AS AMOUNT, '{"a":[1,2],"b":"x"}' AS DOC FROM DUAL
  UNION ALL SELECT 2, 'alpha', CAST(0 AS DECIMAL(12,2)), NULL FROM DUAL
  UNION ALL SELECT 3, NULL, CAST(-12.5 AS DECIMAL(12,2)), 'line one
line two' FROM DUAL
) t ORDER BY ID`;

async function runQuery(page: Page, sql: string) {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(app.url);
  await expect(page.locator('body')).toHaveAttribute('data-sdk', 'loaded');
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Disconnect' })).toBeEnabled();
  await fillEditor(page, sql);
  await page.getByRole('button', { name: /^Run\b/ }).first().click();
  await expect(page.locator('#live')).toHaveAttribute('data-state', 'done');
}

const grid = (page: Page) => page.getByRole('grid', { name: 'Result rows' });
const column = (page: Page, n: number) => grid(page).getByRole('row').locator(`[role="gridcell"]:nth-child(${n + 2})`);

test('DECIMAL is padded to its scale and right-aligned; NULL is distinct', async ({ page }) => {
  await runQuery(page, SQL);
  await expect(column(page, 2)).toHaveText(['9208.10', '0.00', '-12.50']);
  await expect(column(page, 2).first()).toHaveCSS('text-align', 'right');
  await expect(column(page, 1).nth(2)).toHaveText('NULL');
  await expect(column(page, 1).nth(2)).toHaveClass(/v-null/);
});

test('sorting by a column cycles ascending, descending, as fetched; the filter is client-side', async ({ page }) => {
  await runQuery(page, SQL);
  const sortName = grid(page).getByRole('button', { name: 'Sort by NAME' });
  await sortName.click();
  await expect(column(page, 1)).toHaveText(['alpha', 'beta', 'NULL']);
  await expect(grid(page).getByRole('columnheader', { name: 'NAME', exact: true })).toHaveAttribute('aria-sort', 'ascending');
  await sortName.click();
  await expect(column(page, 1)).toHaveText(['beta', 'alpha', 'NULL']);
  await grid(page).getByRole('button', { name: 'Sort by AMOUNT' }).click();
  await expect(column(page, 2)).toHaveText(['-12.50', '0.00', '9208.10']);
  const filter = page.getByLabel('Filter rows (client-side)');
  await expect(page.locator('#filter-note')).toContainText('not in the database');
  await filter.fill('ALP');
  await expect(column(page, 1)).toHaveText(['alpha']);
  await filter.fill('');
  await expect(column(page, 1)).toHaveCount(3);
  await page.screenshot({ path: `${SHOTS}/27-grid-sorted.png` });
});

test('keyboard navigation of cells, the detail panel and copying as TSV, CSV and JSON', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await runQuery(page, SQL);
  await grid(page).focus();
  await expect(page.locator('.grid-cell.active')).toHaveText('1');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('.grid-cell.active')).toHaveText('9208.10');
  await page.keyboard.press('ControlOrMeta+c');
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe('9208.1');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  const detail = page.getByRole('complementary', { name: /DOC, row 1/ });
  await expect(detail).toBeVisible();
  await expect(detail.getByLabel('Full value')).toHaveText('{\n  "a": [\n    1,\n    2\n  ],\n  "b": "x"\n}');
  await page.screenshot({ path: `${SHOTS}/28-cell-detail.png` });
  await page.getByRole('button', { name: 'Close' }).last().click();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.getByRole('button', { name: 'Cell detail' }).click();
  await expect(page.getByLabel('Full value')).toHaveText('line one\nline two');
  await page.getByLabel('Copy as').selectOption('json');
  await page.getByRole('button', { name: 'Copy row', exact: true }).click();
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe('[{"ID":3,"NAME":null,"AMOUNT":-12.5,"DOC":"line one\\nline two"}]');
  await page.getByLabel('Copy as').selectOption('csv');
  await page.getByRole('button', { name: 'Copy row', exact: true }).click();
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe('ID,NAME,AMOUNT,DOC\r\n3,,-12.5,"line one\nline two"\r\n');
  await page.getByLabel('Copy as').selectOption('tsv');
  await page.getByRole('button', { name: 'Copy rows' }).click();
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toMatch(/^ID\tNAME\tAMOUNT\tDOC\n1\tbeta\t9208.1\t/);
});

test('a column can be resized by dragging its header edge', async ({ page }) => {
  await runQuery(page, SQL);
  const header = grid(page).getByRole('columnheader', { name: /NAME/ });
  const before = (await header.boundingBox())!.width;
  const handle = header.locator('.col-resize');
  const box = (await handle.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 120, box.y + box.height / 2, { steps: 4 });
  await page.mouse.up();
  await expect.poll(async () => (await header.boundingBox())!.width).toBeGreaterThan(before + 100);
  expect((await column(page, 1).first().boundingBox())!.width).toBeGreaterThan(before + 100);
});

test('an empty result says "No rows."; JSON export and CSV with a BOM', async ({ page }) => {
  await runQuery(page, 'SELECT 1 AS X FROM DUAL WHERE 1 = 0');
  await expect(page.getByRole('region', { name: 'Result' })).toContainText('No rows.');
  await fillEditor(page, SQL);
  await page.getByRole('button', { name: /^Run\b/ }).first().click();
  await expect(page.locator('#live')).toHaveAttribute('data-state', 'done');
  const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSON' }).click()]);
  expect(json.suggestedFilename()).toMatch(/\.json$/);
  const parsed = JSON.parse(await readFile(await json.path(), 'utf8'));
  expect(parsed).toHaveLength(3);
  expect(parsed[1]).toEqual({ ID: 2, NAME: 'alpha', AMOUNT: 0, DOC: null });
  await page.getByLabel('BOM').check();
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  const bytes = await readFile(await csv.path());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(bytes.subarray(3).toString('utf8').split('\r\n')[0]).toBe('ID,NAME,AMOUNT,DOC');
});

test('a rectangle of cells chosen with Shift+arrows or Shift+click copies as TSV (no header line), in view order', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await runQuery(page, SQL);
  await grid(page).focus();
  // from row 1 NAME, Shift+Down twice and Shift+Right once: rows 1-3 of NAME and AMOUNT
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Shift+ArrowRight');
  const selected = grid(page).locator('[role="gridcell"][aria-selected="true"]');
  await expect(selected).toHaveText(['beta', '9208.10', 'alpha', '0.00', 'NULL', '-12.50']);
  const copy = page.getByRole('button', { name: 'Copy selection' });
  await expect(copy).toBeEnabled();
  await page.keyboard.press('ControlOrMeta+c');
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe('beta\t9208.1\nalpha\t0\n\t-12.5\n');
  await expect(page.locator('#copy-status')).toHaveText('Copied 3 × 2 cells as TSV.');

  // a plain arrow collapses the selection to one cell again
  await page.keyboard.press('ArrowLeft');
  await expect(selected).toHaveText(['NULL']);
  await expect(page.getByRole('button', { name: 'Copy cell' })).toBeEnabled();

  // Shift+click: from the clicked cell to the active one, after sorting by NAME descending (view order)
  await page.getByRole('button', { name: 'Sort by NAME' }).click();
  await page.getByRole('button', { name: 'Sort by NAME' }).click();
  await expect(column(page, 1)).toHaveText(['beta', 'alpha', 'NULL']);
  await column(page, 0).first().click();
  await column(page, 3).nth(1).click({ modifiers: ['Shift'] });
  await expect(selected).toHaveCount(8);
  await page.getByRole('button', { name: 'Copy selection' }).click();
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText()))
    .toBe('1\tbeta\t9208.1\t"{""a"":[1,2],""b"":""x""}"\n2\talpha\t0\t\n');
  // the format choice applies to selections too
  await page.getByLabel('Copy as').selectOption('csv');
  await page.getByRole('button', { name: 'Copy selection' }).click();
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText()))
    .toBe('1,beta,9208.1,"{""a"":[1,2],""b"":""x""}"\r\n2,alpha,0,\r\n');
});
