// A stranger's keyboard-only walk through the console, next to what other query tools do: every control found by
// its role and accessible name; the focus never drops to the page when the control that had it is disabled,
// hidden or rebuilt; Ctrl+Enter runs from anywhere outside text fields (as the Run button's aria-keyshortcuts
// says); a column resizes from the keyboard; exports are announced; a zoomed (200%) screen keeps the focused
// control out from under the sticky toolbar. Demo seed (fixed data), one console server for the file.
import { expect, test, type Page } from '@playwright/test';
import { startConsole } from '../../scripts/console-server.mjs';
import { lowContrastTexts } from './contrast';
import { fillEditor, isFocused, moveFocusTo, openConsole, sharedConsole } from './shared-console';

const app = sharedConsole();

/** The polite live region of the result area (the end of runs, sorts, filters, column widths). */
const announced = (page: Page) => page.locator('#announce');
/** The status line that says what Copy and Export did. */
const copyStatus = (page: Page) => page.getByRole('region', { name: 'Result', exact: true }).getByRole('status').first();

test('a failed Connect pressed with the keyboard keeps the focus on Connect; Disconnect hands it to Connect', async ({ page }) => {
  await openConsole(page, app, { connect: false });
  await page.getByRole('textbox', { name: 'Password' }).fill('not-the-password');
  const connect = page.getByRole('button', { name: 'Connect', exact: true });
  await moveFocusTo(page, connect, 'Tab');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('alert')).toContainText('08004');
  await expect(connect).toBeFocused();

  // fix the password (Shift+Tab back to it), connect: the focus is in the editor
  await moveFocusTo(page, page.getByRole('textbox', { name: 'Password' }), 'Shift+Tab');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('exasol');
  await moveFocusTo(page, connect, 'Tab');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('textbox', { name: 'SQL editor' })).toBeFocused();
  // while connected the authentication kind is fixed like the other fields (not a Tab stop that does nothing)
  await expect(page.getByRole('radio', { name: 'Access token' })).toBeDisabled();
  await expect(page.getByRole('radio', { name: 'Password' })).toBeDisabled();

  const disconnect = page.getByRole('button', { name: 'Disconnect' });
  await moveFocusTo(page, disconnect, 'Shift+Tab');
  await page.keyboard.press('Enter');
  await expect(connect).toBeEnabled();
  await expect(connect).toBeFocused();
  await expect(page.getByRole('radio', { name: 'Access token' })).toBeEnabled();
});

test('deleting a saved query moves the focus to the Delete in its place, the last one to the name field; a profile to the profile list', async ({ page }) => {
  await openConsole(page, app, { connect: false });
  const saved = page.getByRole('region', { name: 'Saved queries' });
  const name = saved.getByRole('textbox', { name: 'Query name' });
  for (const n of ['alpha', 'beta']) {
    await name.focus();
    await page.keyboard.type(n);
    await page.keyboard.press('Enter');
    await expect(saved.getByRole('button', { name: `Open ${n}` })).toBeVisible();
  }
  await moveFocusTo(page, saved.getByRole('button', { name: 'Delete alpha' }), 'Tab');
  await page.keyboard.press('Enter');
  await expect(saved.getByRole('status')).toHaveText('Deleted alpha.');
  await expect(saved.getByRole('button', { name: 'Delete beta' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(saved.getByRole('listitem')).toHaveText(['No saved queries.']);
  await expect(name).toBeFocused();

  // profiles: save one, pick it, delete it with the keyboard
  await page.getByText('Profiles', { exact: true }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('textbox', { name: 'Profile name' }).fill('walk');
  await page.getByRole('button', { name: 'Save profile' }).focus();
  await page.keyboard.press('Enter');
  const profile = page.getByRole('combobox', { name: 'Profile', exact: true });
  await profile.selectOption('walk');
  const del = page.getByRole('button', { name: 'Delete profile' });
  await moveFocusTo(page, del, 'Tab');
  await page.keyboard.press('Enter');
  await expect(page.getByText('Deleted profile "walk".')).toBeVisible();
  await expect(del).toBeDisabled();
  await expect(profile).toBeFocused();
});

test('Ctrl+Enter runs from the grid and the focus comes back to the grid; Ctrl+Shift+Enter from the schema tree runs the script', async ({ page }) => {
  await openConsole(page, app, { connect: false });
  // before connecting, Ctrl+Enter says why nothing ran
  await page.getByRole('button', { name: /^Colour theme/ }).focus();
  await page.keyboard.press('Control+Enter');
  await expect(announced(page)).toHaveText(/^Not connected: connect first/);

  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Disconnect' })).toBeEnabled();
  await fillEditor(page, 'SELECT CUSTOMER_ID, NAME FROM RETAIL.CUSTOMERS WHERE CUSTOMER_ID <= 3 ORDER BY CUSTOMER_ID');
  await page.keyboard.press('Control+Enter');
  const grid = page.getByRole('grid', { name: 'Result rows' });
  await expect(grid.getByRole('gridcell', { name: 'Customer 3', exact: true })).toBeVisible();
  await moveFocusTo(page, grid, 'Tab');
  await page.keyboard.press('ArrowDown');
  // Ctrl+Enter on a cell runs the statement again (it does not open the cell's detail)
  await page.keyboard.press('Control+Enter');
  await expect(announced(page)).toHaveText(/^3 of 3 rows fetched in /);
  await expect(page.getByRole('complementary', { name: /, row / })).toBeHidden();
  await expect(grid).toBeFocused();

  // in the schema tree Ctrl+Shift+Enter runs every statement (and inserts no name)
  await fillEditor(page, 'SELECT 1 AS A FROM DUAL;\nSELECT 2 AS B FROM DUAL;');
  const tree = page.getByRole('tree', { name: 'Schemas' });
  await moveFocusTo(page, tree, 'Shift+Tab');
  await page.keyboard.press('Control+Shift+Enter');
  await expect(page.getByRole('tablist', { name: 'Results' }).getByRole('tab')).toHaveCount(2);
  await expect(announced(page)).toHaveText(/^2 statements done\./);
  await expect(page.getByRole('textbox', { name: 'SQL editor' })).toHaveText('SELECT 1 AS A FROM DUAL;SELECT 2 AS B FROM DUAL;');
  expect(await isFocused(tree)).toBe(true);
});

test('a column header: Alt+Right widens the column, Alt+Left narrows it, and the width is announced', async ({ page }) => {
  await openConsole(page, app);
  await fillEditor(page, 'SELECT CUSTOMER_ID, NAME FROM RETAIL.CUSTOMERS WHERE CUSTOMER_ID <= 3');
  await page.keyboard.press('Control+Enter');
  const grid = page.getByRole('grid', { name: 'Result rows' });
  await expect(grid.getByRole('gridcell', { name: 'Customer 3', exact: true })).toBeVisible();
  await expect(grid).toHaveAccessibleDescription(/Alt\+Left or Alt\+Right narrows or widens the column/);
  await moveFocusTo(page, grid, 'Tab');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowUp');
  const header = grid.getByRole('columnheader', { name: 'NAME', exact: true });
  const before = (await header.boundingBox())!.width;
  await page.keyboard.press('Alt+ArrowRight');
  await page.keyboard.press('Alt+ArrowRight');
  await expect.poll(async () => (await header.boundingBox())!.width).toBe(before + 32);
  await expect(announced(page)).toHaveText(`NAME: ${before + 32} pixels wide.`);
  await page.keyboard.press('Alt+ArrowLeft');
  await expect.poll(async () => (await header.boundingBox())!.width).toBe(before + 16);
  // the rows follow their header, and the page did not navigate away
  const cell = grid.getByRole('gridcell', { name: 'Customer 1', exact: true });
  expect((await cell.boundingBox())!.width).toBe(before + 16);
  await expect(header).toHaveAttribute('id', (await grid.getAttribute('aria-activedescendant'))!);
  expect(page.url()).toBe(app.url);
});

test('the chart controls keep the focus when a choice redraws the chart; Export CSV and JSON are announced', async ({ page }) => {
  await openConsole(page, app);
  await fillEditor(page, 'SELECT STATUS, COUNT(*) AS ORDERS, SUM(TOTAL) AS REVENUE FROM RETAIL.ORDERS GROUP BY STATUS ORDER BY STATUS');
  await page.keyboard.press('Control+Enter');
  await expect(announced(page)).toHaveText(/^5 of 5 rows fetched in /);

  const exportCsv = page.getByRole('button', { name: 'Export CSV' });
  await moveFocusTo(page, exportCsv, 'Tab');
  const [csv] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  await expect(copyStatus(page)).toHaveText(`Exported 5 rows as ${csv.suggestedFilename()}.`);
  await page.keyboard.press('Tab');
  const [json] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  expect(json.suggestedFilename()).toMatch(/\.json$/);
  await expect(copyStatus(page)).toHaveText(`Exported 5 rows as ${json.suggestedFilename()}.`);

  const chartButton = page.getByRole('button', { name: 'Chart', exact: true });
  await moveFocusTo(page, chartButton, 'Shift+Tab');
  await page.keyboard.press('Enter');
  await expect(chartButton).toHaveAttribute('aria-pressed', 'true');
  const y = page.getByRole('combobox', { name: 'Chart Y column' });
  await expect(page.getByRole('img', { name: 'ORDERS by STATUS' })).toBeVisible();
  await moveFocusTo(page, y, 'Tab');
  await page.keyboard.press('ArrowDown'); // a closed select changes its value at once: the chart is redrawn
  await expect(page.getByRole('img', { name: 'REVENUE by STATUS' })).toBeVisible();
  await expect(y).toBeFocused();
  await page.keyboard.press('Tab');
  const kind = page.getByRole('combobox', { name: 'Chart kind' });
  await expect(kind).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByText('Bar chart: REVENUE by STATUS')).toBeVisible();
  await expect(kind).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByText('Line chart: REVENUE by STATUS')).toBeVisible();
  await expect(kind).toBeFocused();
});

test('the Run toolbar: arrow keys move between its enabled buttons; the theme button is named by its own text', async ({ page }) => {
  await openConsole(page, app);
  const toolbar = page.getByRole('toolbar', { name: 'Editor' });
  const run = toolbar.getByRole('button', { name: /^Run Ctrl\+Enter/ });
  const script = toolbar.getByRole('button', { name: /^Run script/ });
  await moveFocusTo(page, run, 'Shift+Tab');
  await page.keyboard.press('ArrowRight');
  await expect(script).toBeFocused();
  await page.keyboard.press('ArrowRight'); // Cancel is disabled (nothing runs): round to Run
  await expect(run).toBeFocused();
  await page.keyboard.press('End');
  await expect(script).toBeFocused();
  await page.keyboard.press('Home');
  await expect(run).toBeFocused();

  // label in name: the visible text is part of the accessible name in each state (speech input says what it sees)
  const theme = page.getByRole('button', { name: /^Colour theme/ });
  for (let i = 0; i < 3; i++) {
    const text = (await theme.textContent())!;
    const name = (await theme.getAttribute('aria-label'))!;
    expect(name.toLowerCase()).toContain(text.toLowerCase());
    await theme.focus();
    await page.keyboard.press('Enter');
  }
});

test('200% zoom (640x360): Shift+Tab never leaves the focused control under the sticky Run toolbar', async ({ page }) => {
  await openConsole(page, app);
  await page.setViewportSize({ width: 640, height: 360 });
  await page.keyboard.press('Control+Enter');
  const grid = page.getByRole('grid', { name: 'Result rows' });
  await expect(grid.getByRole('gridcell', { name: 'Customer 2', exact: true })).toBeVisible();
  await moveFocusTo(page, grid, 'Tab');
  const toolbar = page.getByRole('toolbar', { name: 'Editor' });
  const editor = page.getByRole('textbox', { name: 'SQL editor' });
  const covered: string[] = [];
  // back up through the result tools, the editor (Escape first: Shift+Tab outdents there) and its tabs to the toolbar
  for (let i = 0; i < 30; i++) {
    if (await isFocused(editor)) await page.keyboard.press('Escape');
    await page.keyboard.press('Shift+Tab');
    if (await isFocused(toolbar)) break;
    const hit = await page.evaluate(() => {
      const a = document.activeElement as HTMLElement;
      const r = a.getBoundingClientRect();
      const x = r.left + Math.min(r.width / 2, 20);
      const y = r.top + Math.min(r.height / 2, 10);
      const at = document.elementFromPoint(x, y);
      return at === a || a.contains(at) ? '' : `${a.id || a.className || a.tagName} under ${at?.id || at?.className || at?.tagName}`;
    });
    if (hit) covered.push(hit);
  }
  expect(await isFocused(toolbar)).toBe(true);
  expect(covered).toEqual([]);
});

test('forced colours (high contrast): selected cells, a pressed button and the selected tab keep a visible state; the sidebar landmark is named', async ({ page }) => {
  await page.emulateMedia({ forcedColors: 'active' });
  await openConsole(page, app);
  await expect(page.getByRole('complementary', { name: 'Sidebar' })).toBeVisible();
  await fillEditor(page, 'SELECT CUSTOMER_ID, NAME FROM RETAIL.CUSTOMERS WHERE CUSTOMER_ID <= 3 ORDER BY CUSTOMER_ID');
  await page.keyboard.press('Control+Enter');
  const grid = page.getByRole('grid', { name: 'Result rows' });
  await expect(grid.getByRole('gridcell', { name: 'Customer 3', exact: true })).toBeVisible();
  await moveFocusTo(page, grid, 'Tab');
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Shift+ArrowRight');
  const bg = (name: string) => grid.getByRole('gridcell', { name, exact: true }).evaluate((n) => getComputedStyle(n).backgroundColor);
  await expect(grid.getByRole('gridcell', { name: 'Customer 2', exact: true })).toHaveAttribute('aria-selected', 'true');
  expect(await bg('Customer 2')).not.toBe(await bg('Customer 3'));
  // Grid is pressed, Chart is not: told apart by more than the weight of the text
  const pressed = await page.getByRole('button', { name: 'Grid', exact: true }).evaluate((n) => getComputedStyle(n).backgroundColor);
  const notPressed = await page.getByRole('button', { name: 'Chart', exact: true }).evaluate((n) => getComputedStyle(n).backgroundColor);
  expect(pressed).not.toBe(notPressed);
  const tab = page.getByRole('tablist', { name: 'Editor tabs' }).getByRole('tab', { selected: true });
  const newTab = page.getByRole('button', { name: 'New editor tab' });
  expect(await tab.evaluate((n) => getComputedStyle(n).backgroundColor)).not.toBe(await newTab.evaluate((n) => getComputedStyle(n).backgroundColor));
});

test('the history search says how many entries match; Escape in the grid closes an open cell detail', async ({ page }) => {
  await openConsole(page, app);
  for (const sql of ['SELECT 1 AS ONE FROM DUAL', 'SELECT 2 AS TWO FROM DUAL', "SELECT 'x' AS ONE_MORE FROM DUAL"]) {
    await fillEditor(page, sql);
    await page.keyboard.press('Control+Enter');
    await expect(announced(page)).toHaveText(/^1 of 1 rows fetched in /);
  }
  const search = page.getByRole('searchbox', { name: 'Search history' });
  await moveFocusTo(page, search, 'Shift+Tab');
  await page.keyboard.type('one');
  await expect(announced(page)).toHaveText('2 of 3 history entries match.');
  await expect(page.getByRole('list', { name: 'History' }).getByRole('button')).toHaveCount(2);
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await expect(announced(page)).toHaveText('Search cleared: 3 history entries.');

  // the detail of the last result's cell; Shift+Tab from its value passes Close and reaches the grid; Escape there closes it
  const grid = page.getByRole('grid', { name: 'Result rows' });
  await moveFocusTo(page, grid, 'Tab');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  const detail = page.getByRole('complementary', { name: 'ONE_MORE, row 1' });
  await expect(detail).toBeVisible();
  await expect(page.getByLabel('Full value')).toBeFocused();
  await moveFocusTo(page, grid, 'Shift+Tab', 3);
  await page.keyboard.press('Escape');
  await expect(detail).toBeHidden();
  await expect(grid).toBeFocused();
});

test('a connection lost while Disconnect has the focus hands it to Reconnect; a failed Reconnect to Connect', async ({ page }) => {
  // its own console: the emulator is stopped
  const own = await startConsole({ port: 0, build: false });
  try {
    await openConsole(page, own);
    const disconnect = page.getByRole('button', { name: 'Disconnect' });
    await moveFocusTo(page, disconnect, 'Shift+Tab');
    process.kill(own.emulatorPid!, 'SIGTERM');
    const reconnect = page.getByRole('button', { name: 'Reconnect' });
    await expect(page.getByRole('alert')).toContainText('Connection lost', { timeout: 30_000 });
    await expect(reconnect).toBeFocused();
    await page.keyboard.press('Enter');
    // the reason of the failed attempt replaces the loss's
    await expect(page.getByRole('alert')).not.toContainText('Connection lost');
    await expect(page.getByRole('alert')).toContainText('ConnectionError');
    await expect(page.getByRole('button', { name: 'Connect', exact: true })).toBeFocused();
  } finally {
    await own.close();
  }
});

for (const scheme of ['light', 'dark'] as const) {
  test(`${scheme}: Keyboard shortcuts opens a modal dialog that keeps Tab inside, closes on Escape and returns the focus`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await openConsole(page, app, { connect: false });
    const open = page.getByRole('button', { name: 'Keyboard shortcuts' });
    await moveFocusTo(page, open, 'Tab');
    await expect(open).toHaveAttribute('aria-haspopup', 'dialog');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(dialog).toBeVisible();
    const close = dialog.getByRole('button', { name: 'Close keyboard shortcuts' });
    await expect(close).toBeFocused();
    // what the offscreen descriptions say, visible: the grid's keys too
    await expect(dialog.getByRole('heading', { name: 'Result grid' })).toBeVisible();
    await expect(dialog).toContainText('Alt+Right');
    expect(await lowContrastTexts(page)).toEqual([]);
    // modal: Tab and Shift+Tab never reach the page behind it
    for (const key of ['Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab']) {
      await page.keyboard.press(key);
      expect(await page.evaluate(() => document.activeElement === document.body || !!document.activeElement?.closest('dialog'))).toBe(true);
      await expect(page.getByRole('link', { name: 'Skip to the SQL editor' })).not.toBeFocused();
    }
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(open).toBeFocused();
    // and Close, with the keyboard
    await page.keyboard.press('Enter');
    await expect(close).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(dialog).toBeHidden();
    await expect(open).toBeFocused();
  });
}

test('the schema tree holds tree items only: while not connected it is hidden and a note says why', async ({ page }) => {
  await openConsole(page, app, { connect: false });
  const region = page.getByRole('region', { name: 'Schemas' });
  const tree = region.getByRole('tree', { name: 'Schemas' });
  await expect(tree).toBeHidden();
  await expect(region.getByText('Connect to browse schemas.')).toBeVisible();
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  const retail = tree.getByRole('treeitem', { name: 'RETAIL', exact: true });
  await expect(retail).toBeVisible();
  await expect(region.getByText('Connect to browse schemas.')).toBeHidden();
  await retail.focus();
  await page.keyboard.press('ArrowRight');
  await expect(retail.getByRole('treeitem', { name: 'CUSTOMERS', exact: true })).toBeVisible();
  // every list item of the tree and its groups is a tree item, or (a loading or empty line) no item at all
  const stray = await tree.evaluate((t) => [...t.querySelectorAll('li')].filter((li) => !['treeitem', 'none'].includes(li.getAttribute('role') ?? '')).length);
  expect(stray).toBe(0);
  // disconnecting hides it again
  await page.getByRole('button', { name: 'Disconnect' }).click();
  await expect(tree).toBeHidden();
  await expect(region.getByText('Connect to browse schemas.')).toBeVisible();
});

test('renaming an editor tab: Tab out of the name field keeps the name and moves on; Escape keeps the old name', async ({ page }) => {
  await openConsole(page, app, { connect: false });
  const tabs = page.getByRole('tablist', { name: 'Editor tabs' });
  await moveFocusTo(page, tabs.getByRole('tab', { name: 'Query 1' }), 'Tab');
  await page.keyboard.press('F2');
  const field = page.getByRole('textbox', { name: 'New name for Query 1' });
  await expect(field).toBeFocused();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('Monthly report');
  await page.keyboard.press('Tab');
  await expect(tabs.getByRole('tab', { name: 'Monthly report' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'New editor tab' })).toBeFocused();
  // Escape: the old name stays and the focus is back on the tab
  await page.keyboard.press('Shift+Tab');
  await expect(tabs.getByRole('tab', { name: 'Monthly report' })).toBeFocused();
  await page.keyboard.press('F2');
  await page.keyboard.type(' (draft)');
  await page.keyboard.press('Escape');
  await expect(tabs.getByRole('tab', { name: 'Monthly report' })).toBeFocused();
});

test('while rows stream in, Escape closes the cell detail without cancelling the run; Escape again cancels it', async ({ page }) => {
  await openConsole(page, app);
  await fillEditor(page, 'SELECT * FROM RETAIL.EVENTS');
  await page.keyboard.press('Control+Enter');
  const grid = page.getByRole('grid', { name: 'Result rows' });
  const cancel = page.getByRole('button', { name: /^Cancel/ });
  await expect(grid.getByRole('gridcell').first()).toBeVisible();
  await expect(cancel).toBeEnabled();
  // out of the editor without Escape (which cancels while a statement runs): Ctrl+M, then Tab
  await page.keyboard.press('Control+m');
  await page.keyboard.press('Tab');
  await moveFocusTo(page, grid, 'Tab');
  await page.keyboard.press('Enter');
  const detail = page.getByRole('complementary', { name: /, row 1$/ });
  await expect(detail).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(detail).toBeHidden();
  await expect(grid).toBeFocused();
  // still streaming (a million rows take many seconds): the Escape only closed the detail
  await expect(cancel).toBeEnabled();
  await expect(announced(page)).toHaveText('Running…');
  await page.keyboard.press('Escape');
  await expect(announced(page)).toHaveText(/^Cancelled after /, { timeout: 30_000 });
});
