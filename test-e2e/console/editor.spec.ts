// The console's SQL editor (CodeMirror 6): Exasol highlighting, completion of tables and columns from the
// metadata calls, comment toggle, search, Ctrl/Cmd+Shift+Enter for everything, editor tabs kept across reloads
// and renamable. Controls are found by role and label.
import { expect, test, type Page } from '@playwright/test';
import { openConsole, sharedConsole, SHOTS } from './shared-console';

const app = sharedConsole();

const editor = (page: Page) => page.getByLabel('SQL editor');

async function open(page: Page, { connect = true } = {}) {
  await openConsole(page, app, { connect });
  // completion's schema has been read through the metadata calls
  if (connect) await expect(page.locator('body')).toHaveAttribute('data-completion-loads', /^[1-9]/);
}

/** Replaces the editor's text by typing (Ctrl/Cmd+A, then the text). */
async function setText(page: Page, text: string) {
  await editor(page).click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

test('keywords, functions, strings and numbers are highlighted in the Exasol dialect', async ({ page }) => {
  await open(page, { connect: false });
  await setText(page, "SELECT TO_CHAR(ORDER_DATE, 'YYYY-MM') AS M, 42 FROM RETAIL.ORDERS -- note");
  await expect(editor(page).locator('.tok-keyword', { hasText: 'SELECT' })).toHaveCount(1);
  await expect(editor(page).locator('.tok-builtin', { hasText: 'TO_CHAR' })).toHaveCount(1);
  await expect(editor(page).locator('.tok-string')).toHaveText("'YYYY-MM'");
  await expect(editor(page).locator('.tok-number')).toHaveText('42');
  await expect(editor(page).locator('.tok-comment')).toHaveText('-- note');
});

test('completion offers tables and columns read through the metadata calls', async ({ page }) => {
  await open(page);
  await setText(page, 'SELECT * FROM RETAIL.ORD');
  await page.keyboard.press('Control+Space');
  const list = page.getByRole('listbox');
  // (the list ignores Enter for 75 ms after it opens, against accidental picks, so the test picks with the mouse)
  await list.getByRole('option', { name: /^ORDERS/ }).click();
  await expect(editor(page)).toHaveText('SELECT * FROM RETAIL.ORDERS');
  await page.keyboard.insertText(' WHERE RETAIL.ORDERS.STA');
  await page.keyboard.press('Control+Space');
  await expect(list.getByRole('option', { name: /^STATUS/ })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/25-completion.png` });
  await list.getByRole('option', { name: /^STATUS/ }).click();
  await expect(editor(page)).toHaveText('SELECT * FROM RETAIL.ORDERS WHERE RETAIL.ORDERS.STATUS');
});

test('completion learns a table created in the console (refreshed after DDL)', async ({ page }) => {
  await open(page);
  await setText(page, 'CREATE OR REPLACE TABLE RETAIL.EDITOR_E2E (WIDGET_ID DECIMAL(9,0));');
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(page.locator('#live')).toHaveAttribute('data-state', 'done');
  // the schema tree is read again without a manual refresh
  const tree = page.getByRole('tree', { name: 'Schemas' });
  await tree.getByRole('treeitem', { name: 'RETAIL', exact: true }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(tree.getByRole('treeitem', { name: 'EDITOR_E2E', exact: true })).toBeVisible();
  await expect(page.locator('body')).toHaveAttribute('data-completion-loads', '2');
  await setText(page, 'SELECT * FROM RETAIL.EDITOR_E');
  await page.keyboard.press('Control+Space');
  await expect(page.getByRole('listbox').getByRole('option', { name: /^EDITOR_E2E/ })).toBeVisible();
  await page.keyboard.press('Escape');
  await setText(page, 'DROP TABLE RETAIL.EDITOR_E2E');
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(page.locator('#live')).toHaveAttribute('data-state', 'done');
});

test('Ctrl/Cmd+/ toggles a line comment, Ctrl/Cmd+F opens search, Ctrl/Cmd+Shift+Enter runs everything', async ({ page }) => {
  await open(page);
  await setText(page, 'SELECT 1 AS A FROM DUAL;\nSELECT 2 AS B FROM DUAL;');
  await page.keyboard.press('ControlOrMeta+Home');
  await page.keyboard.press('ControlOrMeta+/');
  await expect(editor(page).locator('.cm-line').first()).toHaveText('-- SELECT 1 AS A FROM DUAL;');
  await page.keyboard.press('ControlOrMeta+/');
  await expect(editor(page).locator('.cm-line').first()).toHaveText('SELECT 1 AS A FROM DUAL;');
  await page.keyboard.press('ControlOrMeta+f');
  const find = page.getByRole('textbox', { name: 'Find' });
  await expect(find).toBeFocused();
  await page.keyboard.type('DUAL');
  await expect(page.locator('.cm-searchMatch')).toHaveCount(2);
  await page.keyboard.press('Escape');
  await editor(page).click();
  await page.keyboard.press('ControlOrMeta+Shift+Enter');
  await expect(page.locator('#live')).toHaveAttribute('data-state', 'done');
  await expect(page.getByRole('tablist', { name: 'Results' }).getByRole('tab')).toHaveCount(2);
});

test('editor tabs keep their text across a reload, can be renamed, and arrow keys move between them', async ({ page }) => {
  await open(page, { connect: false });
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  const tabs = page.getByRole('tablist', { name: 'Editor tabs' }).getByRole('tab');
  await expect(tabs).toHaveCount(1);
  await setText(page, 'SELECT 1 AS FIRST_TAB FROM DUAL');
  await page.getByRole('button', { name: 'New editor tab' }).click();
  await expect(tabs).toHaveCount(2);
  await expect(tabs.nth(1)).toHaveAttribute('aria-selected', 'true');
  await setText(page, 'SELECT 2 AS SECOND_TAB FROM DUAL');
  await page.getByRole('button', { name: 'Rename' }).click();
  const name = page.getByRole('textbox', { name: /^New name for/ });
  await name.fill('Monthly revenue');
  await name.press('Enter');
  await expect(tabs.nth(1)).toHaveText('Monthly revenue');
  // arrow keys move between tabs (roving tabindex)
  await tabs.nth(1).focus();
  await page.keyboard.press('ArrowLeft');
  await expect(tabs.nth(0)).toBeFocused();
  await expect(editor(page)).toHaveText('SELECT 1 AS FIRST_TAB FROM DUAL');
  await page.reload();
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  await expect(tabs).toHaveText(['Query 1', 'Monthly revenue']);
  await expect(editor(page)).toHaveText('SELECT 1 AS FIRST_TAB FROM DUAL');
  await tabs.nth(1).click();
  await expect(editor(page)).toHaveText('SELECT 2 AS SECOND_TAB FROM DUAL');
  await page.screenshot({ path: `${SHOTS}/26-editor-tabs.png` });
});
