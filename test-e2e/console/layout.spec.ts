// Layout and access: a phone viewport (390x844) where Connect, the schema tree, Run and Cancel stay reachable,
// 1280x720, dark mode from prefers-color-scheme and from the toggle, the skip link to the editor, and the
// live region that announces the end of a run only.
import { expect, test, type Page } from '@playwright/test';
import { SHOTS, fillEditor, sharedConsole } from './shared-console';

const app = sharedConsole();

async function open(page: Page) {
  await page.goto(app.url);
  await expect(page.locator('body')).toHaveAttribute('data-sdk', 'loaded');
}

/** True when the element is not covered by another one at its centre. */
async function notCovered(page: Page, selector: string) {
  return page.locator(selector).evaluate((node) => {
    const r = node.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return hit === node || node.contains(hit);
  });
}

test('phone (390x844): Connect is not covered, the schema tree has height, Run and Cancel are reachable', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await open(page);
  const connect = page.getByRole('button', { name: 'Connect', exact: true });
  await connect.scrollIntoViewIfNeeded();
  expect(await notCovered(page, '#connect')).toBe(true);
  await connect.click();
  await expect(page.getByRole('button', { name: 'Disconnect' })).toBeEnabled();
  await page.screenshot({ path: `${SHOTS}/30-phone-connected.png`, fullPage: false });
  const tree = page.getByRole('tree', { name: 'Schemas' });
  await expect(tree.getByRole('treeitem', { name: 'RETAIL', exact: true })).toBeVisible();
  expect((await tree.boundingBox())!.height).toBeGreaterThan(40);
  // no horizontal page scroll
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await fillEditor(page, 'SELECT COUNT(*) FROM RETAIL.EVENTS a CROSS JOIN RETAIL.EVENTS b');
  const run = page.getByRole('button', { name: /^Run\b/ }).first();
  await run.click();
  const cancel = page.getByRole('button', { name: /^Cancel/ });
  await expect(cancel).toBeEnabled();
  await expect(cancel).toBeInViewport();
  expect(await notCovered(page, '#cancel')).toBe(true);
  await cancel.click();
  await expect(page.locator('#live')).toHaveAttribute('data-state', 'cancelled', { timeout: 30_000 });
  await fillEditor(page, 'SELECT * FROM RETAIL.CUSTOMERS');
  await run.click();
  await expect(page.locator('#live')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  // the result area has a bounded height, so the grid still draws only the rows in sight
  expect(await page.locator('#grid .grid-body .grid-row').count()).toBeLessThan(100);
  await page.getByRole('grid', { name: 'Result rows' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/31-phone-result.png` });
});

test('dark mode follows prefers-color-scheme, and the toggle overrides it', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.setViewportSize({ width: 1280, height: 720 });
  await open(page);
  await page.evaluate(() => localStorage.removeItem('exasol-ws-console.theme'));
  await page.reload();
  const bg = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  const dark = await bg();
  expect(dark).toBe('rgb(15, 20, 27)');
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await fillEditor(page, "SELECT STATUS, COUNT(*) AS ORDERS FROM RETAIL.ORDERS GROUP BY STATUS -- dark");
  await page.getByRole('button', { name: /^Run\b/ }).first().click();
  await expect(page.locator('#live')).toHaveAttribute('data-state', 'done');
  await page.screenshot({ path: `${SHOTS}/32-dark-mode.png` });
  const toggle = page.getByRole('button', { name: /^Colour theme/ });
  await expect(toggle).toHaveText('Theme: auto');
  await toggle.click(); // dark
  await toggle.click(); // light
  await expect(toggle).toHaveText('Theme: light');
  expect(await bg()).toBe('rgb(243, 245, 248)');
  await page.reload();
  await expect(page.getByRole('button', { name: /^Colour theme/ })).toHaveText('Theme: light');
  expect(await bg()).toBe('rgb(243, 245, 248)');
  await page.getByRole('button', { name: /^Colour theme/ }).click(); // auto again
  expect(await bg()).toBe(dark);
});

test('the skip link is the first Tab stop and moves the focus into the editor', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await open(page);
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to the SQL editor' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('SQL editor')).toBeFocused();
});

test('the polite live region announces the start and the end of a run, not each chunk', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await open(page);
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Disconnect' })).toBeEnabled();
  // record every change of the live region while a streamed result arrives
  await page.evaluate(() => {
    const w = window as unknown as { __announced: string[] };
    w.__announced = [];
    const region = document.querySelector('#announce[aria-live="polite"]')!;
    new MutationObserver(() => w.__announced.push(region.textContent ?? '')).observe(region, { childList: true, characterData: true, subtree: true });
  });
  // the progress line (rewritten per chunk) is not a live region
  expect(await page.locator('.progress-line[aria-live], .progress-line [aria-live]').count()).toBe(0);
  await fillEditor(page, 'SELECT * FROM RETAIL.EVENTS LIMIT 300000');
  await page.getByRole('button', { name: /^Run\b/ }).first().click();
  await expect(page.locator('#live')).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  const announced = await page.evaluate(() => (window as unknown as { __announced: string[] }).__announced);
  expect(announced).toHaveLength(2);
  expect(announced[0]).toBe('Running…');
  expect(announced[1]).toMatch(/300,000 of 300,000 rows fetched/);
});
