#!/usr/bin/env node
// `npm run size`: prints min and min+gzip sizes of the builds in dist/ and enforces the browser budgets:
//   dist/exasol-ws.umd.min.js (everything inlined)         <= 35 KB min+gzip
//   dist/browser.mjs (rxjs, fflate, jsencrypt external)     <= 24 KB min+gzip (minified here with terser to measure;
//   was 12 KB before every reply and value was validated, frames bounded and errors given caller frames; 17.6 KB
//   before sub-connections, parallel reads, the session pool and transactions, which add 5.1 KB)
// KB = 1000 bytes; gzip level 9; terser with the same options as the UMD build (two compress passes). Exits 1 when a budget is passed or a build is missing (run `npm run build` first).
import { readFileSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { minify } from 'terser';

const KB = 1000;
const builds = [
  { file: 'dist/exasol-ws.umd.min.js', label: 'browser UMD (all inlined)', alreadyMinified: true, budgetGz: 35 * KB },
  { file: 'dist/browser.mjs', label: 'browser ESM (deps external)', module: true, budgetGz: 24 * KB },
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
if (failed) {
  console.error('size: budget exceeded or build missing');
  process.exit(1);
}
