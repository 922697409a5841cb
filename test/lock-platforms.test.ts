// package-lock.json fits every platform: each optional dependency a locked package declares (the native packages of
// DuckDB, Rollup, esbuild for macOS, Windows, arm64, musl, ...) has a lock entry, so `npm ci` works everywhere.
// Reads the lock only (no network); scripts/check-lock.mjs is the same check as a command (`npm run check:lock`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lockProblems } from '../scripts/check-lock.mjs';

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, { optionalDependencies?: Record<string, string> }> };

test('the lock holds every platform package of DuckDB and Rollup (and every other optional dependency)', () => {
  assert.deepEqual(lockProblems(lock), []);
  const duck = Object.keys(lock.packages['node_modules/@duckdb/node-bindings']!.optionalDependencies!);
  const rollup = Object.keys(lock.packages['node_modules/rollup']!.optionalDependencies!);
  assert.ok(duck.length >= 8 && rollup.length >= 20, `${duck.length} DuckDB, ${rollup.length} Rollup platform packages`);
  for (const d of [...duck, ...rollup.filter((r) => r.startsWith('@rollup/'))]) assert.ok(`node_modules/${d}` in lock.packages, d);
});

test('the check fails when a platform package is dropped from the lock', () => {
  const copy = structuredClone(lock);
  delete copy.packages['node_modules/@duckdb/node-bindings-darwin-arm64'];
  delete copy.packages['node_modules/@rollup/rollup-win32-x64-msvc'];
  assert.deepEqual(lockProblems(copy).sort(), [
    'node_modules/@duckdb/node-bindings: optional dependency @duckdb/node-bindings-darwin-arm64 is not in the lock',
    'node_modules/rollup: optional dependency @rollup/rollup-win32-x64-msvc is not in the lock',
  ]);
  // a lock whose bindings entry declares no optional packages at all (trimmed by hand or an old npm)
  const bare = structuredClone(lock);
  delete bare.packages['node_modules/@duckdb/node-bindings']!.optionalDependencies;
  assert.match(lockProblems(bare).join('\n'), /@duckdb\/node-bindings declares no optional package for darwin-arm64/);
  assert.deepEqual(lockProblems({}), ['package-lock.json has no "packages" (lockfileVersion >= 2 needed)']);
});

test('npm run check:lock exits 1 with the problems on a bad lock, 0 on ours', () => {
  const ok = spawnSync(process.execPath, ['scripts/check-lock.mjs'], { encoding: 'utf8' });
  assert.equal(ok.status, 0, ok.stderr);
  const dir = mkdtempSync(join(tmpdir(), 'lock-'));
  try {
    const copy = structuredClone(lock);
    delete copy.packages['node_modules/@duckdb/node-bindings-win32-x64'];
    writeFileSync(join(dir, 'package-lock.json'), JSON.stringify(copy));
    const bad = spawnSync(process.execPath, ['scripts/check-lock.mjs', join(dir, 'package-lock.json')], { encoding: 'utf8' });
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /optional dependency @duckdb\/node-bindings-win32-x64 is not in the lock[\s\S]*npm install/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
