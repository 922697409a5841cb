#!/usr/bin/env node
// `npm run check:lock`: fails when package-lock.json lacks a platform's optional native package (no network).
// Every optionalDependency that a locked package declares (DuckDB's @duckdb/node-bindings-<platform>, Rollup's
// @rollup/rollup-<platform>, esbuild's @esbuild/<platform>, ...) must have its own entry in the lock, or `npm ci`
// on that platform installs nothing for it. npm writes those entries for every platform when it makes the lock;
// a lock trimmed by an old npm or by --omit=optional lacks them.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Packages whose native builds the project needs on every platform, with the platforms they must cover at least. */
export const REQUIRED_NATIVE = {
  '@duckdb/node-bindings': ['linux-x64', 'linux-arm64', 'darwin-x64', 'darwin-arm64', 'win32-x64'],
  rollup: ['linux-x64-gnu', 'linux-arm64-gnu', 'darwin-x64', 'darwin-arm64', 'win32-x64-msvc'],
};

/** Where npm would find `dep` for the package at lock path `from` (nested first, then each parent), or undefined. */
function locate(packages, from, dep) {
  let base = from;
  for (;;) {
    const candidate = `${base ? `${base}/` : ''}node_modules/${dep}`;
    if (candidate in packages) return candidate;
    if (!base) return undefined;
    const i = base.lastIndexOf('/node_modules/');
    base = i >= 0 ? base.slice(0, i) : '';
  }
}

/**
 * The problems of a parsed package-lock.json (lockfileVersion 2 or 3): optional dependencies without a lock
 * entry, and required native packages missing a platform. Empty when the lock fits every platform.
 */
export function lockProblems(lock) {
  const problems = [];
  const packages = lock?.packages;
  if (typeof packages !== 'object' || packages === null) return ['package-lock.json has no "packages" (lockfileVersion >= 2 needed)'];
  for (const [path, entry] of Object.entries(packages)) {
    for (const dep of Object.keys(entry?.optionalDependencies ?? {})) {
      if (locate(packages, path, dep) === undefined) problems.push(`${path || '(root)'}: optional dependency ${dep} is not in the lock`);
    }
  }
  for (const [name, platforms] of Object.entries(REQUIRED_NATIVE)) {
    const entry = packages[`node_modules/${name}`];
    if (entry === undefined) {
      problems.push(`node_modules/${name} is not in the lock`);
      continue;
    }
    const optional = Object.keys(entry.optionalDependencies ?? {});
    for (const p of platforms) {
      if (!optional.some((d) => d.endsWith(`-${p}`))) problems.push(`${name} declares no optional package for ${p}`);
    }
  }
  return problems;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2] ?? 'package-lock.json';
  const problems = lockProblems(JSON.parse(readFileSync(file, 'utf8')));
  if (problems.length > 0) {
    console.error(`${file} does not fit every platform (${problems.length} problem${problems.length > 1 ? 's' : ''}):\n  ${problems.join('\n  ')}\n` +
      'Regenerate it with a current npm without --omit=optional: rm package-lock.json && npm install');
    process.exit(1);
  }
  console.log(`${file}: every optional (platform) package is locked`);
}
