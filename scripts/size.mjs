#!/usr/bin/env node
// `npm run size`: prints min and min+gzip sizes of the builds in dist/ and enforces the browser budgets:
//   dist/exasol-ws.umd.min.js (everything inlined)         <= 47 KB min+gzip (35 KB before jsencrypt took over the
//   login password's RSA from a hand-written encryptor: jsencrypt's public-key part costs about 14 KB; then tagged
//   templates with their statement cache, logging and tracing, token providers and keep-alive about 3 KB more, then
//   sub-connections, parallel reads, the session pool and transactions about 5 KB)
//   dist/browser.mjs (rxjs, fflate, jsencrypt, isomorphic-ws external)     <= 27 KB min+gzip (minified here with terser to
//   measure; 12 KB before every reply and value was validated, frames bounded and errors given caller frames (18 KB), then
//   tagged templates with a statement cache, logger and tracer hooks, token providers, keep-alive and socket factories (21 KB),
//   then sub-connections, parallel reads, the session pool and transactions (about 5 KB))
//   query console first load (dist/console/main.js + the UMD bundle it loads) <= 300 KB min+gzip
// KB = 1000 bytes; gzip level 9; terser with the same options as the UMD build (two compress passes). Exits 1 when a budget is passed or a build is missing (run `npm run build` first).
import { readFileSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { minify } from 'terser';

if (process.argv.includes('--modules')) {
  const { printModules } = await import('./size-modules.mjs');
  await printModules();
  process.exit(0);
}

const KB = 1000;
const builds = [
  { file: 'dist/exasol-ws.umd.min.js', label: 'browser UMD (all inlined)', alreadyMinified: true, budgetGz: 47 * KB },
  { file: 'dist/browser.mjs', label: 'browser ESM (deps external)', module: true, budgetGz: 27 * KB },
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
  const raw = readFileSync(b.file, 'utf8');
  let min = raw;
  if (!b.alreadyMinified) {
    const out = await minify(raw, { ecma: 2020, module: b.module, compress: { passes: 2 }, mangle: true, format: { comments: false } });
    min = out.code ?? '';
  }
  const minBytes = Buffer.byteLength(min);
  const gzBytes = gzipSync(min, { level: 9 }).length;
  const over = b.budgetGz !== undefined && gzBytes > b.budgetGz;
  if (over) failed = true;
  rows.push({ ...b, rawBytes: Buffer.byteLength(raw), minBytes, gzBytes, over });
}

console.log(`${'build'.padEnd(30)} ${'file'.padEnd(28)} ${'raw'.padStart(10)} ${'min'.padStart(10)} ${'min+gz'.padStart(10)}  budget`);
for (const r of rows) {
  const budget = r.budgetGz === undefined ? '' : `${r.over ? 'OVER' : 'ok  '} <= ${(r.budgetGz / KB).toFixed(0)} KB`;
  console.log(`${r.label.padEnd(30)} ${r.file.padEnd(28)} ${fmt(r.rawBytes)} ${fmt(r.minBytes)} ${fmt(r.gzBytes)}  ${budget}`);
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
