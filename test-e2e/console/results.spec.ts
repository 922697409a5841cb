// Result tabs and the chart: a pinned tab survives the next run; the chart's x and y columns and kind are the
// user's choice (defaulting to a text column against the first numeric one); the schema tree works with the
// arrow keys; the history list is one Tab stop.
import { expect, test, type Page } from '@playwright/test';
import { SHOTS, fillEditor, sharedConsole } from './shared-console';

const app = sharedConsole();

async function connect(page: Page) {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(app.url);
  await expect(page.locator('body')).toHaveAttribute('data-sdk', 'loaded');
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Disconnect' })).toBeEnabled();
}

async function run(page: Page, sql: string) {
  await fillEditor(page, sql);
  await page.getByRole('button', { name: /^Run\b/ }).first().click();
  await expect(page.locator('#live')).toHaveAttribute('data-state', 'done');
}

test('a pinned result tab survives the next run', async ({ page }) => {
  await connect(page);
  const tabs = page.getByRole('tablist', { name: 'Results' }).getByRole('tab');
  await run(page, 'SELECT 1 AS KEEP_ME FROM DUAL');
  await page.getByRole('button', { name: 'Keep result' }).click();
  await expect(page.getByRole('button', { name: 'Keep result' })).toHaveAttribute('aria-pressed', 'true');
  await run(page, 'SELECT 2 AS NEXT_ONE FROM DUAL');
  await expect(tabs).toHaveCount(2);
  await run(page, 'SELECT 3 AS THIRD FROM DUAL');
  await expect(tabs).toHaveCount(2);
  await tabs.first().click();
  await expect(page.getByRole('grid', { name: 'Result rows' }).getByRole('columnheader', { name: /KEEP_ME/ })).toBeVisible();
  await page.getByRole('button', { name: 'Keep result' }).click();
  await run(page, 'SELECT 4 AS FOURTH FROM DUAL');
  await expect(tabs).toHaveCount(1);
});

test('the chart uses the columns and kind the user picks', async ({ page }) => {
  await connect(page);
  await run(page, 'SELECT STATUS, COUNT(*) AS ORDERS, SUM(TOTAL) AS REVENUE FROM RETAIL.ORDERS GROUP BY STATUS ORDER BY STATUS');
  await page.getByRole('button', { name: 'Chart' }).click();
  const caption = page.locator('.chart-caption');
  await expect(caption).toHaveText(/^Bar chart: ORDERS by STATUS/);
  await page.getByLabel('Chart Y column').selectOption({ label: 'REVENUE' });
  await expect(caption).toHaveText(/^Bar chart: REVENUE by STATUS/);
  await expect(page.locator('.chart-bar')).toHaveCount(5);
  await page.getByLabel('Chart kind').selectOption('line');
  await expect(caption).toHaveText(/^Line chart: REVENUE by STATUS/);
  await page.getByLabel('Chart X column').selectOption({ label: 'ORDERS' });
  await page.getByLabel('Chart kind').selectOption('scatter');
  await expect(caption).toHaveText(/^Scatter chart: REVENUE by ORDERS/);
  await expect(page.locator('.chart-dot')).toHaveCount(5);
  await page.screenshot({ path: `${SHOTS}/29-chart-picked.png` });
});

test('the schema tree works with the arrow keys; the history is one Tab stop', async ({ page }) => {
  await connect(page);
  await run(page, 'SELECT 1 AS A FROM DUAL');
  await run(page, 'SELECT 2 AS B FROM DUAL');
  const tree = page.getByRole('tree', { name: 'Schemas' });
  const retail = tree.getByRole('treeitem', { name: 'RETAIL' });
  await retail.focus();
  await page.keyboard.press('ArrowRight');
  await expect(retail).toHaveAttribute('aria-expanded', 'true');
  const first = retail.getByRole('treeitem').first();
  await expect(first).toBeVisible(); // the tables are read through tables()
  await page.keyboard.press('ArrowRight'); // into the first table
  await expect(first).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(retail.getByRole('treeitem').nth(1)).toBeFocused();
  await page.keyboard.press('ArrowLeft'); // to the parent
  await expect(retail).toBeFocused();
  await page.keyboard.press('ArrowLeft'); // collapse
  await expect(retail).toHaveAttribute('aria-expanded', 'false');
  // the history: Tab reaches the first entry once, arrows move within it, Tab leaves the list
  const items = page.locator('#history .history-item');
  await expect(items).toHaveCount(2);
  await items.first().focus();
  await page.keyboard.press('ArrowDown');
  await expect(items.nth(1)).toBeFocused();
  await expect(items.nth(0)).toHaveAttribute('tabindex', '-1');
  await page.keyboard.press('Shift+Tab');
  await expect(page.locator('#history .history-item:focus')).toHaveCount(0);
});

test('connection profiles keep URL and user, and the password only when "remember" is ticked', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(app.url);
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  await page.evaluate(() => localStorage.removeItem('exasol-ws-console.profiles'));
  await page.getByText('Profiles').click();
  await page.getByLabel('User', { exact: true }).fill('alice');
  await page.getByRole('textbox', { name: 'Password' }).fill('s3cret-pw');
  await page.getByLabel('Profile name').fill('no password');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.locator('#profile-status')).toContainText('without the password');
  await page.getByLabel('Remember password').check();
  await page.getByLabel('Profile name').fill('with password');
  await page.getByRole('button', { name: 'Save profile' }).click();
  const stored = await page.evaluate(() => localStorage.getItem('exasol-ws-console.profiles') ?? '');
  const profiles = JSON.parse(stored) as { name: string; user: string; secret?: string }[];
  expect(profiles.find((p) => p.name === 'no password')).toEqual(expect.not.objectContaining({ secret: expect.anything() }));
  expect(profiles.find((p) => p.name === 'no password')!.user).toBe('alice');
  expect(profiles.find((p) => p.name === 'with password')!.secret).toBe('s3cret-pw');
  expect(stored.split('s3cret-pw')).toHaveLength(2); // exactly once: only in the profile that asked for it
  await page.reload();
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  await page.getByText('Profiles').click();
  await page.getByLabel('Profile', { exact: true }).selectOption('no password');
  await expect(page.getByLabel('User', { exact: true })).toHaveValue('alice');
  await expect(page.getByRole('textbox', { name: 'Password' })).toHaveValue('');
  await page.getByLabel('Profile', { exact: true }).selectOption('with password');
  await expect(page.getByRole('textbox', { name: 'Password' })).toHaveValue('s3cret-pw');
  await page.getByRole('button', { name: 'Delete profile' }).click();
  await expect(page.getByLabel('Profile', { exact: true }).getByRole('option')).toHaveText(['(none)', 'no password']);
});
