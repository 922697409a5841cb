// One console server (emulator + page, started as `npm start` does, on port 0) per spec file: the spec runs its tests
// in order against it and the server is closed after the last one.
import { test } from '@playwright/test';
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
