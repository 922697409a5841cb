#!/usr/bin/env node
// Runs every test/*.test.ts with Node's test runner (files named explicitly, no auto-discovery).
// Extra arguments filter the files by substring: `npm run test:node -- emulator`.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const filters = process.argv.slice(2);
const files = readdirSync('test')
  .filter((f) => f.endsWith('.test.ts'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort()
  .map((f) => `test/${f}`);
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-timeout=300000', ...files], {
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
