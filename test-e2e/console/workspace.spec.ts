// The console's workspace: saved queries (separate from the editor tabs) and the searchable history.
// Controls are found by role and label.
import { expect, test, type Page } from '@playwright/test';
import { openConsole, sharedConsole } from './shared-console';

const app = sharedConsole();

const editor = (page: Page) => page.getByLabel('SQL editor');

const open = (page: Page, options: { connect?: boolean } = {}) => openConsole(page, app, options);

async function setText(page: Page, text: string) {
  await editor(page).click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

test('saved queries: save under a name, list, open into a new tab, replace, delete; kept across reloads', async ({ page }) => {
  await open(page, { connect: false });
  const saved = page.getByRole('region', { name: 'Saved queries' });
  await expect(saved.getByText('No saved queries.')).toBeVisible();
  // at 1280x720 the sidebar's panels do not overlap (the sidebar scrolls instead)
  const boxes = await Promise.all(['Connection', 'Schemas', 'Saved queries', 'History']
    .map((name) => page.getByRole('region', { name, exact: true }).boundingBox()));
  for (let i = 1; i < boxes.length; i++) expect(boxes[i]!.y).toBeGreaterThanOrEqual(boxes[i - 1]!.y + boxes[i - 1]!.height);
  // an empty name is refused with a reason
  await setText(page, 'SELECT 1 FROM DUAL');
  await saved.getByRole('button', { name: 'Save query' }).click();
  await expect(saved.getByRole('status')).toHaveText('Give the query a name first.');

  await saved.getByLabel('Query name').fill('Revenue by status');
  await saved.getByRole('button', { name: 'Save query' }).click();
  await expect(saved.getByRole('status')).toHaveText('Saved Revenue by status.');
  await setText(page, "SELECT 'x' AS <b>TAG</b> FROM DUAL");
  await saved.getByLabel('Query name').fill('<b>tags</b>');
  await saved.getByRole('button', { name: 'Save query' }).click();
  await expect(saved.getByRole('button', { name: /^Open / })).toHaveText(['<b>tags</b>', 'Revenue by status']);

  // saving does not create editor tabs; opening does, with the saved name and text
  const tabs = page.getByRole('tablist', { name: 'Editor tabs' }).getByRole('tab');
  await expect(tabs).toHaveCount(1);
  await setText(page, 'SELECT 2 FROM DUAL');
  await page.reload();
  await expect(page.locator('body')).toHaveAttribute('data-sdk', 'loaded');
  await saved.getByRole('button', { name: 'Open Revenue by status' }).click();
  await expect(tabs).toHaveCount(2);
  await expect(page.getByRole('tab', { name: 'Revenue by status', selected: true })).toBeVisible();
  await expect(editor(page)).toHaveText('SELECT 1 FROM DUAL');
  // the first tab kept its own text
  await tabs.first().click();
  await expect(editor(page)).toHaveText('SELECT 2 FROM DUAL');

  // the same name replaces the text
  await saved.getByLabel('Query name').fill('Revenue by status');
  await saved.getByRole('button', { name: 'Save query' }).click();
  await expect(saved.getByRole('status')).toHaveText('Replaced Revenue by status.');
  await expect(saved.getByRole('button', { name: /^Open / })).toHaveCount(2);
  await saved.getByRole('button', { name: 'Open Revenue by status' }).click();
  await expect(editor(page)).toHaveText('SELECT 2 FROM DUAL');
  await expect(tabs).toHaveCount(3);

  await saved.getByRole('button', { name: 'Delete <b>tags</b>' }).click();
  await expect(saved.getByRole('button', { name: /^Open / })).toHaveText(['Revenue by status']);
  await page.reload();
  await expect(saved.getByRole('button', { name: /^Open / })).toHaveText(['Revenue by status']);
  await saved.getByRole('button', { name: 'Delete Revenue by status' }).click();
  await expect(saved.getByText('No saved queries.')).toBeVisible();
});

test('history search filters the list by words; choosing a found entry inserts it at the cursor, undo takes it back', async ({ page }) => {
  await open(page);
  await page.getByRole('region', { name: 'History' }).getByRole('button', { name: 'Clear' }).click();
  const history = page.getByRole('list', { name: 'History' });
  const runs = ['SELECT COUNT(*) AS N FROM RETAIL.ORDERS', "SELECT 'needle' AS HAY FROM DUAL", 'SELECT CUSTOMER_ID FROM RETAIL.CUSTOMERS'];
  for (const sql of runs) {
    await setText(page, sql);
    await page.keyboard.press('ControlOrMeta+Enter');
    await expect(page.locator('#live')).toHaveAttribute('data-state', 'done');
  }
  await expect(history.getByRole('button')).toHaveCount(3);
  const search = page.getByRole('searchbox', { name: 'Search history' });
  await search.fill('retail');
  await expect(history.getByRole('button')).toHaveCount(2);
  // every word must match, in any case and order
  await search.fill('orders  count');
  await expect(history.getByRole('button')).toHaveCount(1);
  await expect(history.getByRole('button')).toContainText('SELECT COUNT(*) AS N FROM RETAIL.ORDERS');
  await search.fill('no such words');
  await expect(history.getByRole('button')).toHaveCount(0);
  await expect(history).toContainText('No query in the history matches the search.');

  await setText(page, '-- start\n');
  await search.fill('NEEDLE');
  await expect(history.getByRole('button')).toHaveCount(1);
  // Down from the search box reaches the entry; Enter picks it
  await search.press('ArrowDown');
  await expect(history.getByRole('button')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(editor(page)).toHaveText("-- startSELECT 'needle' AS HAY FROM DUAL");
  await editor(page).click();
  await page.keyboard.press('ControlOrMeta+Z');
  await expect(editor(page)).toHaveText('-- start');
  // a new run keeps the search applied to the new list
  await search.fill('dual');
  await setText(page, 'SELECT 42 AS ANSWER FROM DUAL');
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(page.locator('#live')).toHaveAttribute('data-state', 'done');
  await expect(history.getByRole('button')).toHaveCount(2);
  await search.fill('');
  await expect(history.getByRole('button')).toHaveCount(4);
});

test('each result tab shows its rows, elapsed time and size (estimated from the values, and labelled so)', async ({ page }) => {
  await open(page);
  const stats = page.getByRole('group', { name: 'Result statistics' });
  // "aé" is 5 bytes as JSON text, 12 is 2 and NULL 4, each with a separator: 14 bytes
  await setText(page, "SELECT 'aé' AS S, 12 AS N, CAST(NULL AS VARCHAR(5)) AS Z FROM DUAL;\nSELECT CUSTOMER_ID, NAME FROM RETAIL.CUSTOMERS;");
  await page.keyboard.press('ControlOrMeta+Shift+Enter');
  await expect(page.locator('#live')).toHaveAttribute('data-state', 'done');
  const tabs = page.getByRole('tablist', { name: 'Results' }).getByRole('tab');
  await tabs.first().click();
  await expect(stats.getByLabel('Rows')).toHaveText('1 row');
  await expect(stats.getByLabel('Elapsed')).toHaveText(/^\d+ ms$|^\d+\.\d s$/);
  await expect(stats.getByLabel('Size (estimated from the values)')).toHaveText('≈ 14 B');
  await expect(stats).toContainText('size estimated from the values');
  await expect(tabs.first()).toHaveAttribute('title', /1 rows in .*, ≈ 14 B \(estimated\)/);

  // the second tab: its own numbers, the size the sum over the rows the grid shows
  await tabs.nth(1).click();
  const count = await page.evaluate(() => Number(document.querySelector('#progress-text')?.getAttribute('data-fetched')));
  expect(count).toBeGreaterThan(1);
  await expect(stats.getByLabel('Rows')).toHaveText(`${count.toLocaleString('en-US')} rows`);
  const shown = (await stats.getByLabel('Size (estimated from the values)').textContent())!;
  const exact = Number((await stats.getByLabel('Size (estimated from the values)').getAttribute('title'))!.match(/^([\d,]+) bytes/)![1].replace(/,/g, ''));
  expect(exact).toBeGreaterThan(count * 3);
  expect(shown).toBe(exact < 1000 ? `≈ ${exact} B` : `≈ ${(exact / 1000).toFixed(1)} kB`);
  // an update statement's tab has no rows and no size
  await setText(page, 'CREATE OR REPLACE TABLE RETAIL.SIZE_E2E (A DECIMAL(9,0))');
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(page.locator('#live')).toHaveAttribute('data-state', 'done');
  await expect(stats.getByLabel('Elapsed')).toHaveText(/\d/);
  await expect(stats.getByLabel('Size (estimated from the values)')).toHaveText('');
  await expect(stats.getByLabel('Rows')).toHaveText('');
});

test('the sidebar and editor resize with the mouse and the keyboard (separators), kept across reloads', async ({ page }) => {
  await open(page, { connect: false });
  await page.evaluate(() => localStorage.removeItem('exasol-ws-console.panes'));
  await page.reload();
  const side = page.getByRole('separator', { name: 'Resize the sidebar' });
  const ed = page.getByRole('separator', { name: 'Resize the editor' });
  const sidebar = page.getByRole('complementary').filter({ has: page.getByRole('region', { name: 'Connection' }) });
  const edBox = () => page.getByRole('tabpanel').boundingBox();
  await expect(side).toHaveAttribute('aria-valuenow', '300');
  expect(Math.round((await sidebar.boundingBox())!.width)).toBe(300);

  // mouse: drag the separator 120 px to the right
  const b = (await side.boundingBox())!;
  await page.mouse.move(b.x + b.width / 2, b.y + 200);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2 + 60, b.y + 200, { steps: 3 });
  await page.mouse.move(b.x + b.width / 2 + 120, b.y + 200, { steps: 3 });
  await page.mouse.up();
  await expect(side).toHaveAttribute('aria-valuenow', '420');
  expect(Math.round((await sidebar.boundingBox())!.width)).toBe(420);

  // keyboard: arrows step 16 px, Shift+arrow 64, Home/End go to the limits
  await side.focus();
  await page.keyboard.press('ArrowLeft');
  await expect(side).toHaveAttribute('aria-valuenow', '404');
  await page.keyboard.press('Shift+ArrowLeft');
  await expect(side).toHaveAttribute('aria-valuenow', '340');
  await page.keyboard.press('Home');
  await expect(side).toHaveAttribute('aria-valuenow', '200');
  await page.keyboard.press('ArrowLeft'); // not past the minimum
  await expect(side).toHaveAttribute('aria-valuenow', '200');
  await page.keyboard.press('End');
  await expect(side).toHaveAttribute('aria-valuemax', '640');
  await expect(side).toHaveAttribute('aria-valuenow', '640');
  await page.keyboard.press('Shift+ArrowLeft');
  await expect(side).toHaveAttribute('aria-valuenow', '576');

  // the editor's height: keyboard and mouse; the results keep the space below
  const h0 = Number(await ed.getAttribute('aria-valuenow'));
  expect(Math.round((await edBox())!.height)).toBe(h0);
  await ed.focus();
  await page.keyboard.press('ArrowDown');
  await expect(ed).toHaveAttribute('aria-valuenow', String(h0 + 16));
  const e = (await ed.boundingBox())!;
  await page.mouse.move(e.x + 300, e.y + e.height / 2);
  await page.mouse.down();
  await page.mouse.move(e.x + 300, e.y + e.height / 2 - 50, { steps: 4 });
  await page.mouse.up();
  await expect(ed).toHaveAttribute('aria-valuenow', String(h0 + 16 - 50));
  expect(Math.round((await edBox())!.height)).toBe(h0 - 34);
  const results = (await page.getByRole('region', { name: 'Result' }).boundingBox())!;
  expect(results.y + results.height).toBeLessThanOrEqual(720);
  expect(results.height).toBeGreaterThan(150);

  await page.reload();
  await expect(side).toHaveAttribute('aria-valuenow', '576');
  await expect(ed).toHaveAttribute('aria-valuenow', String(h0 - 34));
  expect(Math.round((await sidebar.boundingBox())!.width)).toBe(576);

  // a phone: one column, so no sidebar separator; the editor's separator still works and is clamped
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(side).toBeHidden();
  await expect(ed).toBeVisible();
  await ed.focus();
  await page.keyboard.press('End');
  const max = Number(await ed.getAttribute('aria-valuemax'));
  expect(max).toBe(844 - 260);
  expect(Math.round((await edBox())!.height)).toBeLessThanOrEqual(Math.ceil(844 * 0.7));
  await page.keyboard.press('Home');
  await expect(ed).toHaveAttribute('aria-valuenow', '80');
  expect(Math.round((await edBox())!.height)).toBe(80);
});
