// A keyboard-only walk-through of the console: from page load, with Tab / Shift+Tab / Enter / arrow keys (and
// Escape once each time the focus leaves the SQL editor, where Tab indents; the editor's description says so),
// connect, run a query, reach a grid cell, open its detail and export the result. Each step is asserted.
import { expect, test } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { moveFocusTo, sharedConsole } from './shared-console';

const app = sharedConsole();

test('keyboard only: connect, run, reach a grid cell, open its detail, export CSV', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(app.url);
  await expect(page.locator('body')).toHaveAttribute('data-sdk', 'loaded');

  // 1. the first Tab stop is the skip link
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to the SQL editor' })).toBeFocused();

  // 2. Tab to Connect, Enter: connected, and the focus is in the editor, which says how to leave it
  const connect = page.getByRole('button', { name: 'Connect', exact: true });
  expect(await moveFocusTo(page, connect, 'Tab')).toBeGreaterThan(0);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Disconnect' })).toBeEnabled();
  const editor = page.getByRole('textbox', { name: 'SQL editor' });
  await expect(editor).toBeFocused();
  await expect(editor).toHaveAccessibleDescription(/Press Escape, then Tab or Shift\+Tab, to leave the editor/);

  // 3. back to Run, Enter: the statement at the cursor runs; the focus returns to Run when it ends
  const run = page.getByRole('button', { name: /^Run Ctrl\+Enter/ });
  await moveFocusTo(page, run, 'Shift+Tab');
  await page.keyboard.press('Enter');
  await expect(page.locator('#live')).toHaveAttribute('data-state', 'done');
  await expect(page.getByRole('tablist', { name: 'Results' }).getByRole('tab', { selected: true })).toHaveAttribute('title', /FROM RETAIL\.CUSTOMERS/);
  await expect(run).toBeFocused();

  // 4. Tab on to the grid: the first cell becomes active; arrows move it
  const grid = page.getByRole('grid', { name: 'Result rows' });
  await moveFocusTo(page, grid, 'Tab');
  await expect(grid.locator('[role="gridcell"].active')).toHaveCount(1);
  const names = (await grid.getByRole('button', { name: /^Sort by / }).evaluateAll((bs) => bs.map((b) => b.getAttribute('aria-label')!)))
    .map((label) => label.replace(/^Sort by /, ''));
  expect(names.length).toBeGreaterThan(1);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowDown');
  const row2 = grid.getByRole('row').nth(2);
  const expected = (await row2.getByRole('gridcell').nth(1).textContent())!;
  await expect(grid.locator('[role="gridcell"].active')).toHaveText(expected);
  await expect(grid).toHaveAttribute('aria-activedescendant', 'grid-active-cell');

  // 5. Enter opens the detail of that cell, with the focus on its full value
  await page.keyboard.press('Enter');
  const detail = page.getByRole('complementary', { name: `${names[1]}, row 2` });
  await expect(detail).toBeVisible();
  await expect(page.getByLabel('Full value')).toBeFocused();
  await expect(page.getByLabel('Full value')).toHaveText(expected === 'NULL' ? /NULL/ : expected);

  // 6. Shift+Tab back to Export CSV, Enter: a CSV with a header line and every row fetched
  const exportCsv = page.getByRole('button', { name: 'Export CSV' });
  await moveFocusTo(page, exportCsv, 'Shift+Tab');
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  expect(download.suggestedFilename()).toMatch(/^result-.*\.csv$/);
  const csv = await readFile((await download.path())!, 'utf8');
  const lines = csv.trimEnd().split('\r\n');
  const fetched = Number(await page.locator('#progress-text').getAttribute('data-fetched'));
  expect(fetched).toBeGreaterThan(1);
  expect(lines).toHaveLength(fetched + 1);
  expect(lines[0]).toBe(names.join(','));
});
