// Clearing the query history can be undone: Clear history shows Undo clear next to it, which puts every entry back
// (and into storage: they survive a reload); a new run after the clear makes the undo go away. Keyboard only, found
// by role and name. Demo seed (fixed data), one console server for the file.
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
