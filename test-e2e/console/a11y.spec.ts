// The console as assistive technology meets it: controls found by role and accessible name, driven by the
// keyboard; colour contrast measured in both themes; headings and landmarks; focus kept on a control while a
// statement runs; connection changes announced. Demo seed (fixed data), one console server for the file.
import { expect, test } from '@playwright/test';
import { focusRingContrast, lowContrastTexts } from './contrast';
import { fillEditor, moveFocusTo, openConsole, sharedConsole } from './shared-console';

const app = sharedConsole();
/** A statement that runs for many seconds in the emulator (cross join count), to be cancelled. */
const SLOW_SQL = 'SELECT COUNT(*) FROM RETAIL.EVENTS a CROSS JOIN RETAIL.EVENTS b';

for (const scheme of ['light', 'dark'] as const) {
  test(`${scheme} theme: every visible text reaches WCAG AA contrast, and so does the focus ring`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await openConsole(page, app, { connect: false });
    // focus rings on the dark top bar, on a panel and on the page background (keyboard focus, so :focus-visible)
    await page.keyboard.press('Tab');
    await expect(page.getByRole('link', { name: 'Skip to the SQL editor' })).toBeFocused();
    for (const name of [/^Colour theme/, 'Keyboard shortcuts', 'URL']) {
      await page.keyboard.press('Tab');
      const ring = await focusRingContrast(page);
      expect(ring.ratio, `focus ring on ${ring.where}`).toBeGreaterThanOrEqual(3);
      await expect(page.getByRole(name === 'URL' ? 'textbox' : 'button', { name })).toBeFocused();
    }
    expect(await lowContrastTexts(page)).toEqual([]);

    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(page.getByRole('button', { name: 'Disconnect' })).toBeEnabled();
    await page.keyboard.press('Control+Enter');
    const grid = page.getByRole('grid', { name: 'Result rows' });
    await expect(grid.getByRole('gridcell', { name: 'TRUE' }).first()).toBeVisible();
    // the schema tree opened with the keyboard, so its items are measured too
    await page.getByRole('tree', { name: 'Schemas' }).getByRole('treeitem', { name: 'RETAIL' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('treeitem', { name: 'CUSTOMERS' })).toBeVisible();
    expect(await lowContrastTexts(page)).toEqual([]);
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    const treeRing = await focusRingContrast(page);
    expect(treeRing.ratio, `focus ring on ${treeRing.where}`).toBeGreaterThanOrEqual(3);

    // an SQL error: its code badge and text
    await page.getByRole('textbox', { name: 'SQL editor' }).fill('SELECT FROM WHERE');
    await page.getByRole('textbox', { name: 'SQL editor' }).press('Control+Enter');
    await expect(page.getByRole('alert')).toContainText('42000');
    expect(await lowContrastTexts(page)).toEqual([]);
  });
}

test('headings and landmarks: one h1, a heading per area; the editor panel is named after its selected tab', async ({ page }) => {
  await openConsole(page, app, { connect: false });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('exasol-ws query console');
  await expect(page.getByRole('heading', { level: 2 })).toHaveText(['Connection', 'Schemas', 'Saved queries', 'History', 'Editor', 'Result']);
  await expect(page.getByRole('banner')).toHaveCount(1);
  await expect(page.getByRole('main')).toHaveCount(1);
  await expect(page.getByRole('region', { name: 'Result', exact: true })).toBeVisible();

  // the tab panel is the editor, named after the selected tab; a new tab (Tab to "New editor tab", Enter) renames it
  const tabs = page.getByRole('tablist', { name: 'Editor tabs' });
  await expect(page.getByRole('tabpanel', { name: 'Query 1' })).toContainText('SELECT');
  await tabs.getByRole('tab', { name: 'Query 1' }).focus();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'New editor tab' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(tabs.getByRole('tab', { name: 'Query 2' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tabpanel', { name: 'Query 2' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'SQL editor' })).toBeFocused();
  // arrow keys back to the first tab: the panel follows
  await moveFocusTo(page, tabs.getByRole('tab', { name: 'Query 2' }), 'Shift+Tab');
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByRole('tabpanel', { name: 'Query 1' })).toContainText('SELECT');
});

test('the editor shows how to leave it while it has the focus; Escape then Tab leaves it', async ({ page }) => {
  await openConsole(page, app, { connect: false });
  const editor = page.getByRole('textbox', { name: 'SQL editor' });
  const hint = page.getByText(/then Tab: leave the editor/);
  await expect(hint).not.toBeInViewport();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to the SQL editor' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(editor).toBeFocused();
  await expect(hint).toBeInViewport();
  await page.keyboard.press('Tab'); // indents: the focus stays
  await expect(editor).toBeFocused();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('separator', { name: 'Resize the editor' })).toBeFocused();
  await expect(hint).not.toBeInViewport();
});

test('schema tree: each item is one control (no buttons nested in it); arrows expand, Enter inserts the name', async ({ page }) => {
  await openConsole(page, app);
  await fillEditor(page, 'SELECT * FROM ');
  const tree = page.getByRole('tree', { name: 'Schemas' });
  const retail = tree.getByRole('treeitem', { name: 'RETAIL', exact: true });
  await moveFocusTo(page, tree, 'Shift+Tab'); // the tree is one Tab stop (its current item)
  await expect(tree.getByRole('treeitem', { name: 'EXA_STATISTICS', exact: true })).toBeFocused(); // the server lists its system schemas first
  await page.keyboard.press('ArrowDown');
  await expect(retail).toBeFocused();
  await expect(retail).toHaveAttribute('aria-expanded', 'false');
  await page.keyboard.press('ArrowRight');
  await expect(retail).toHaveAttribute('aria-expanded', 'true');
  const customers = retail.getByRole('treeitem', { name: 'CUSTOMERS', exact: true });
  await expect(customers).toBeVisible(); // the tables are read when the schema opens
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(customers).toBeFocused();
  await expect(tree.getByRole('button')).toHaveCount(0);
  await page.keyboard.press('Enter');
  const editor = page.getByRole('textbox', { name: 'SQL editor' });
  await expect(editor).toBeFocused();
  await expect(editor).toHaveText('SELECT * FROM RETAIL.CUSTOMERS');
});

test('grid detail: Enter opens it, Escape closes it and the focus returns to the cell; buttons say what they act on', async ({ page }) => {
  await openConsole(page, app);
  await page.keyboard.press('Control+Enter');
  const grid = page.getByRole('grid', { name: 'Result rows' });
  await expect(grid.getByRole('gridcell', { name: 'Customer 2', exact: true })).toBeVisible();
  await moveFocusTo(page, grid, 'Tab');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  const detail = page.getByRole('complementary', { name: 'NAME, row 2' });
  await expect(detail).toBeVisible();
  await expect(page.getByLabel('Full value')).toBeFocused();
  await expect(detail.getByRole('button', { name: 'Close detail' })).toHaveAttribute('aria-keyshortcuts', 'Escape');
  await page.keyboard.press('Escape');
  await expect(detail).toBeHidden();
  await expect(grid).toBeFocused();
  await expect(grid.getByRole('gridcell', { name: 'Customer 2', exact: true })).toHaveAttribute('aria-selected', 'true');
  // no two buttons share a bare verb: each names what it acts on
  for (const name of ['Close editor tab', 'Rename editor tab', 'Clear history', 'Refresh schemas', 'Close detail']) {
    await expect(page.getByRole('button', { name, exact: true, includeHidden: true })).toHaveCount(1);
  }
  for (const verb of ['Close', 'Rename', 'Clear', 'Refresh']) await expect(page.getByRole('button', { name: verb, exact: true, includeHidden: true })).toHaveCount(0);
  await expect(page.getByRole('checkbox', { name: /^BOM: start CSV exports with a byte order mark/ })).toBeVisible();
});

test('result tabs say their state in words and label the result panel; arrow keys move between them', async ({ page }) => {
  await openConsole(page, app);
  await fillEditor(page, 'SELECT 1 AS A FROM DUAL;\nSELECT FROM WHERE;');
  await page.keyboard.press('Control+Shift+Enter');
  const results = page.getByRole('tablist', { name: 'Results' });
  const done = results.getByRole('tab', { name: /^1: SELECT 1 AS A FROM DUAL \(done\)$/ });
  const failed = results.getByRole('tab', { name: /^2: SELECT FROM WHERE \(failed\)$/ });
  await expect(failed).toHaveAttribute('aria-selected', 'true');
  await expect(done).toHaveAttribute('aria-selected', 'false');
  // at 1280x720 the tabs keep room for their titles (the statistics and buttons wrap instead)
  const list = (await results.boundingBox())!;
  const last = (await failed.boundingBox())!;
  expect(last.x + last.width).toBeLessThanOrEqual(list.x + list.width + 1);
  // the failed tab's panel holds its error
  const panel = page.getByRole('tabpanel', { name: /^2: SELECT FROM WHERE/ });
  await expect(panel.getByRole('alert')).toContainText('42000');
  await expect(failed).toHaveAttribute('aria-controls', (await page.getByRole('region', { name: 'Result', exact: true }).getByRole('tabpanel').getAttribute('id'))!);
  // keyboard: to the selected tab, Left selects the first; the panel follows with its grid
  await moveFocusTo(page, failed, 'Shift+Tab');
  await page.keyboard.press('ArrowLeft');
  await expect(done).toBeFocused();
  await expect(done).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tabpanel', { name: /^1: SELECT 1 AS A/ }).getByRole('grid', { name: 'Result rows' })).toBeVisible();
});

test('grid by keyboard: Up from the first row reaches the headers, Enter sorts (announced); the filter says how many rows it shows', async ({ page }) => {
  await openConsole(page, app);
  await page.keyboard.press('Control+Enter');
  const grid = page.getByRole('grid', { name: 'Result rows' });
  await expect(grid.getByRole('gridcell', { name: 'Customer 2', exact: true })).toBeVisible();
  await expect(grid).toHaveAccessibleDescription(/Up from the first row reaches the column headers, where Enter sorts/);
  await moveFocusTo(page, grid, 'Tab');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowUp');
  const nameHeader = grid.getByRole('columnheader', { name: 'NAME', exact: true });
  await expect(nameHeader).toHaveAttribute('id', (await grid.getAttribute('aria-activedescendant'))!);
  await expect(page.getByRole('button', { name: 'Copy cell' })).toBeDisabled(); // a header is not a cell
  const announced = page.getByRole('region', { name: 'Result', exact: true }).getByRole('status').last();
  await page.keyboard.press('Enter');
  await expect(nameHeader).toHaveAttribute('aria-sort', 'ascending');
  await expect(announced).toHaveText('Sorted by NAME, ascending (the rows fetched, in this browser).');
  await page.keyboard.press('Enter');
  await expect(nameHeader).toHaveAttribute('aria-sort', 'descending');
  await expect(nameHeader).toHaveAttribute('id', (await grid.getAttribute('aria-activedescendant'))!);
  // down into the rows: the first row is now the greatest name
  await page.keyboard.press('ArrowDown');
  await expect(grid.getByRole('gridcell', { name: 'Customer 9999', exact: true })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('button', { name: 'Copy cell' })).toBeEnabled();

  // the client-side filter: the statistics and the live region give rows shown of rows fetched
  const filter = page.getByRole('searchbox', { name: /^Filter rows/ });
  await filter.focus();
  await page.keyboard.type('Customer 999');
  await expect(announced).toHaveText('11 of 10,000 rows match the filter.');
  await expect(page.getByRole('group', { name: 'Result statistics' }).getByLabel('Rows')).toHaveText('11 of 10,000 rows (filtered)');
  await expect(grid).toHaveAttribute('aria-rowcount', '12');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await expect(announced).toHaveText('Filter cleared: 10,000 rows.');
  await expect(page.getByRole('group', { name: 'Result statistics' }).getByLabel('Rows')).toHaveText('10,000 rows');
});

test('connecting, the start and end of a run, disconnecting and clearing the history are announced (polite live region)', async ({ page }) => {
  await openConsole(page, app);
  const announced = page.getByRole('region', { name: 'Result', exact: true }).getByRole('status').last();
  await expect(announced).toHaveText(/^Connected to DB1 \(Exasol [\d.]+\) as sys\.$/);
  // a statement that keeps running for a moment, so that its start can be heard before its end
  await fillEditor(page, 'SELECT "$SLEEP"(1) AS SLEPT FROM DUAL');
  await page.keyboard.press('Control+Enter');
  await expect(announced).toHaveText('Running…');
  await expect(announced).toHaveText(/^1 of 1 rows fetched in /);

  // Disconnect, reached with the keyboard
  const disconnect = page.getByRole('button', { name: 'Disconnect' });
  await moveFocusTo(page, disconnect, 'Shift+Tab');
  await page.keyboard.press('Enter');
  await expect(announced).toHaveText('Disconnected.');
  await expect(page.getByRole('button', { name: 'Connect', exact: true })).toBeEnabled();

  // Clear history says what it did
  const history = page.getByRole('region', { name: 'History' });
  await expect(history.getByRole('listitem')).toHaveCount(1);
  await moveFocusTo(page, history.getByRole('button', { name: 'Clear history' }), 'Tab');
  await page.keyboard.press('Enter');
  await expect(announced).toHaveText('History cleared (1 entry).');
  await expect(history.getByRole('listitem')).toHaveText(['No queries yet.']);
});

test('while a statement runs, Ctrl+M then Tab leaves the editor without cancelling it (Escape would cancel)', async ({ page }) => {
  await openConsole(page, app);
  const editor = page.getByRole('textbox', { name: 'SQL editor' });
  await expect(editor).toHaveAccessibleDescription(/While a statement runs, Escape cancels it: press Ctrl\+M instead, then Tab/);
  await fillEditor(page, 'SELECT "$SLEEP"(2) AS SLEPT FROM DUAL');
  await page.keyboard.press('Control+Enter');
  const cancel = page.getByRole('button', { name: /^Cancel/ });
  await expect(cancel).toBeEnabled();
  await expect(editor).toBeFocused();
  await page.keyboard.press('Control+m');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('separator', { name: 'Resize the editor' })).toBeFocused();
  await expect(cancel).toBeEnabled(); // still running
  const announced = page.getByRole('region', { name: 'Result', exact: true }).getByRole('status').last();
  await expect(announced).toHaveText(/^1 of 1 rows fetched in /);
  // Ctrl+M again in the editor: Tab indents once more
  await editor.click();
  await page.keyboard.press('Control+m');
  await page.keyboard.press('Tab');
  await expect(editor).toBeFocused();
});

test('Run pressed with the keyboard keeps the focus on Run; while a long statement runs the focus is on Cancel, Enter cancels, the focus returns to Run', async ({ page }) => {
  await openConsole(page, app);
  const announced = page.getByRole('region', { name: 'Result', exact: true }).getByRole('status').last();
  const run = page.getByRole('button', { name: /^Run Ctrl\+Enter/ });
  const cancel = page.getByRole('button', { name: /^Cancel/ });
  await expect(cancel).toHaveAttribute('aria-keyshortcuts', 'Escape');

  // a quick statement: Run has the focus again at the end
  await fillEditor(page, 'SELECT 42 AS ANSWER FROM DUAL');
  await moveFocusTo(page, run, 'Shift+Tab');
  await page.keyboard.press('Enter');
  await expect(announced).toHaveText(/^1 of 1 rows fetched in /);
  await expect(run).toBeFocused();

  // a long one: Run is disabled, and the focus is on Cancel rather than lost on the page
  // (last in this file: the emulator may stay busy with the cancelled cross join for a while)
  await fillEditor(page, SLOW_SQL);
  await moveFocusTo(page, run, 'Shift+Tab');
  await page.keyboard.press('Enter');
  await expect(run).toBeDisabled();
  await expect(page.getByRole('progressbar', { name: 'Statement progress' })).toBeVisible();
  await expect(cancel).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(announced).toHaveText(/^Cancelled after /, { timeout: 30_000 });
  await expect(run).toBeEnabled();
  await expect(run).toBeFocused();
});
