// Escape while a statement runs: it cancels the run, except where it only undoes something smaller first. A search
// box that holds text (the history search; the grid's quick filter is disabled during a run) is cleared by its
// Escape, as browsers do, and the run goes on; in an empty box Escape cancels. Demo seed (fixed data), one console
// server for the file.
import { expect, test, type Page } from '@playwright/test';
import { fillEditor, openConsole, sharedConsole } from './shared-console';

const app = sharedConsole();

/** Starts a statement that streams for many seconds (a million rows) and leaves the editor without Escape. */
async function startLongRun(page: Page): Promise<void> {
  await openConsole(page, app);
  await fillEditor(page, 'SELECT * FROM RETAIL.EVENTS');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByRole('grid', { name: 'Result rows' }).getByRole('gridcell').first()).toBeVisible();
  await page.keyboard.press('Control+m');
  await page.keyboard.press('Tab');
}

test('Escape in the history search clears its text without cancelling the run; Escape in the empty box cancels', async ({ page }) => {
  await startLongRun(page);
  const cancel = page.getByRole('button', { name: /^Cancel/ });
  await expect(cancel).toBeEnabled();
  const search = page.getByRole('searchbox', { name: 'Search history' });
  await expect(search).toBeEnabled();
  await search.focus();
  await page.keyboard.type('zz');
  await expect(search).toHaveValue('zz');
  await page.keyboard.press('Escape');
  await expect(search).toHaveValue('');
  // still streaming: the Escape only cleared the box
  await page.waitForTimeout(300);
  await expect(cancel).toBeEnabled();
  await expect(page.locator('#announce')).not.toHaveText(/^Cancelled/);
  await page.keyboard.press('Escape');
  await expect(page.locator('#announce')).toHaveText(/^Cancelled after /, { timeout: 30_000 });
});
