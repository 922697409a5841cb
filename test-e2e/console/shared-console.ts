// One console server (emulator + page, started as `npm start` does, on port 0) per spec file: the spec runs its tests
// in order against it and the server is closed after the last one.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { startConsole, type RunningConsole } from '../../scripts/console-server.mjs';

/** Where the console tests save their screenshots (git-ignored). */
export const SHOTS = 'test-e2e/output/screenshots';

/**
 * Registers serial mode and the hooks that start the spec file's console server and close it; returns the
 * server, whose properties can be read once the first test runs.
 */
export function sharedConsole(): RunningConsole {
  let started: RunningConsole | undefined;
  test.describe.configure({ mode: 'serial' });
  test.beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    started = await startConsole({ port: 0, build: process.env.CONSOLE_E2E_BUILD !== '0' });
  });
  test.afterAll(async () => {
    await started?.close();
  });
  return new Proxy({} as RunningConsole, {
    get(_target, key) {
      if (started === undefined) throw new Error('the console server starts in beforeAll: read it inside a test');
      const v = (started as unknown as Record<PropertyKey, unknown>)[key];
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(started) : v;
    },
  });
}

/**
 * Replaces the SQL editor's text with `text` and waits until the editor shows exactly that; fills again when the
 * editor was still restoring its saved text (under load the two could interleave).
 */
export async function fillEditor(page: Page, text: string): Promise<void> {
  const editor = page.getByLabel('SQL editor');
  const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
  await expect(async () => {
    await editor.fill(text);
    expect(norm(await editor.innerText())).toBe(norm(text));
  }).toPass({ timeout: 15_000 });
}

/** Opens the console at 1280x720, waits for the SDK to load and, unless `connect` is false, connects with the form's defaults. */
export async function openConsole(page: Page, app: RunningConsole, { connect = true } = {}): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(app.url);
  await expect(page.locator('body')).toHaveAttribute('data-sdk', 'loaded');
  if (!connect) return;
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Disconnect' })).toBeEnabled();
}

/** True when `target` or something inside it has the focus. */
export const isFocused = (target: Locator) => target.evaluate((node) => node === document.activeElement || node.contains(document.activeElement));

/**
 * Presses `key` until `target` has the focus (at most `max` presses) and returns how many it took. Only
 * `key` is pressed, except Escape once when the focus is in the SQL editor (Tab indents there).
 */
export async function moveFocusTo(page: Page, target: Locator, key: 'Tab' | 'Shift+Tab', max = 40): Promise<number> {
  const editor = page.getByRole('textbox', { name: 'SQL editor' });
  for (let n = 0; n <= max; n++) {
    if (await isFocused(target)) return n;
    if (await isFocused(editor)) await page.keyboard.press('Escape');
    await page.keyboard.press(key);
  }
  throw new Error(`${String(target)} not reached with ${max} presses of ${key}`);
}
