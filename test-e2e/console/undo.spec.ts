// What the console deletes at once can be taken back: Clear history shows Undo clear next to it, which puts every
// entry back (and into storage: they survive a reload), until a new run; deleting a saved query shows Undo delete,
// until the next save. Keyboard only, found by role and name. Demo seed (fixed data), one console server for the file.
import { expect, test } from '@playwright/test';
import { fillEditor, moveFocusTo, openConsole, sharedConsole } from './shared-console';

const app = sharedConsole();

test('Clear history, then Undo clear: the entries come back, survive a reload, and the focus returns to Clear', async ({ page }) => {
  await openConsole(page, app);
  const history = page.getByRole('region', { name: 'History' });
  for (const sql of ['SELECT 1 AS A', 'SELECT 2 AS B']) {
    await fillEditor(page, sql);
    await page.keyboard.press('Control+Enter');
    await expect(history.getByRole('listitem').filter({ hasText: sql })).toHaveCount(1);
  }
  const undo = history.getByRole('button', { name: 'Undo clear' });
  await expect(undo).toBeHidden();
  await page.keyboard.press('Control+m');
  await moveFocusTo(page, history.getByRole('button', { name: 'Clear history' }), 'Tab');
  await page.keyboard.press('Enter');
  await expect(page.locator('#announce')).toHaveText('History cleared (2 entries).');
  await expect(history.getByRole('listitem')).toHaveText(['No queries yet.']);
  await expect(undo).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(undo).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('#announce')).toHaveText('History restored (2 entries).');
  await expect(undo).toBeHidden();
  await expect(history.getByRole('button', { name: 'Clear history' })).toBeFocused();
  await expect(history.getByRole('listitem').filter({ hasText: /SELECT [12] AS/ })).toHaveCount(2);
  await page.reload();
  await expect(page.getByRole('region', { name: 'History' }).getByRole('listitem').filter({ hasText: /SELECT [12] AS/ })).toHaveCount(2);
});

test('a run after Clear history adds its statement and takes Undo clear away', async ({ page }) => {
  await openConsole(page, app);
  const history = page.getByRole('region', { name: 'History' });
  await fillEditor(page, 'SELECT 3 AS C');
  await page.keyboard.press('Control+Enter');
  await expect(history.getByRole('listitem').filter({ hasText: 'SELECT 3 AS C' })).toHaveCount(1);
  await history.getByRole('button', { name: 'Clear history' }).click();
  const undo = history.getByRole('button', { name: 'Undo clear' });
  await expect(undo).toBeVisible();
  await fillEditor(page, 'SELECT 4 AS D');
  await page.keyboard.press('Control+Enter');
  await expect(history.getByRole('listitem').filter({ hasText: 'SELECT 4 AS D' })).toHaveCount(1);
  await expect(undo).toBeHidden();
  await expect(history.getByRole('listitem').filter({ hasText: 'SELECT 3 AS C' })).toHaveCount(0);
});

test('deleting a saved query can be undone: Undo delete puts it back (after a reload too) and focuses it; saving hides the undo', async ({ page }) => {
  await openConsole(page, app, { connect: false });
  const saved = page.getByRole('region', { name: 'Saved queries' });
  const name = saved.getByRole('textbox', { name: 'Query name' });
  for (const n of ['alpha', 'Delete']) {
    await name.focus();
    await page.keyboard.type(n);
    await page.keyboard.press('Enter');
    await expect(saved.getByRole('button', { name: `Open ${n}`, exact: true })).toBeVisible();
  }
  const undo = saved.getByRole('button', { name: 'Undo delete' });
  await expect(undo).toBeHidden();
  await moveFocusTo(page, saved.getByRole('button', { name: 'Delete Delete', exact: true }), 'Tab');
  await page.keyboard.press('Enter');
  await expect(saved.getByRole('status')).toHaveText('Deleted Delete.');
  await expect(saved.getByRole('button', { name: 'Open Delete', exact: true })).toHaveCount(0);
  await expect(undo).toBeVisible();
  await moveFocusTo(page, undo, 'Tab');
  await page.keyboard.press('Enter');
  await expect(saved.getByRole('status')).toHaveText('Restored Delete.');
  await expect(undo).toBeHidden();
  await expect(saved.getByRole('button', { name: 'Open Delete', exact: true })).toBeFocused();
  await page.reload();
  const again = page.getByRole('region', { name: 'Saved queries' });
  await expect(again.getByRole('button', { name: /^Open / })).toHaveText(['alpha', 'Delete']);
  // a delete, then a save: the undo goes away
  await again.getByRole('button', { name: 'Delete alpha' }).click();
  await expect(again.getByRole('button', { name: 'Undo delete' })).toBeVisible();
  await again.getByRole('textbox', { name: 'Query name' }).fill('gamma');
  await again.getByRole('button', { name: 'Save query' }).click();
  await expect(again.getByRole('button', { name: 'Undo delete' })).toBeHidden();
});
