#!/usr/bin/env node
// `npm test`: typecheck, build, Node tests against the emulator, size budget, browser tests.
// Each step is a real check; the first failure stops the run with its exit code.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

function run(title, cmd, args, env = {}) {
  console.log(`\n=== ${title}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) {
    console.error(`\n${title} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status || 1);
  }
}

run('typecheck', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
if (existsSync('rollup.config.mjs')) run('build', 'npx', ['rollup', '-c', '--silent']);
run('node tests', 'node', ['scripts/test-node.mjs']);
if (existsSync('scripts/size.mjs')) run('size budget', 'node', ['scripts/size.mjs']);
if (existsSync('playwright.config.ts')) {
  run('chromium', 'bash', ['scripts/ensure-chromium.sh']);
  run('browser tests', 'npx', ['playwright', 'test']);
}
