// Missing optional peers: in a sandbox whose node_modules lacks @duckdb/node-api (or selfsigned), importing the
// emulator (source and, when built, dist/ as ESM and CJS) and running the CLI fail at once with a message that names
// the packages and the install command, never with a bare ERR_MODULE_NOT_FOUND.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DUCKDB_PEER, MissingPeerError, SELFSIGNED_PEER } from '../src/emulator/peers';

const ROOT = resolve('.');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { peerDependencies: Record<string, string> };

/** A directory with a copy of src/ (and dist/ as an installed exasol-ws when built) and node_modules links minus `omit`. */
function sandbox(omit: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'exasol-peers-'));
  const nm = join(dir, 'node_modules');
  mkdirSync(nm);
  for (const entry of readdirSync(join(ROOT, 'node_modules'))) {
    if (entry.startsWith('@')) {
      for (const sub of readdirSync(join(ROOT, 'node_modules', entry))) {
        const name = `${entry}/${sub}`;
        if (omit.some((o) => name === o || o === entry)) continue;
        mkdirSync(join(nm, entry), { recursive: true });
        symlinkSync(join(ROOT, 'node_modules', entry, sub), join(nm, entry, sub));
      }
    } else if (!omit.includes(entry)) {
      symlinkSync(join(ROOT, 'node_modules', entry), join(nm, entry));
    }
  }
  cpSync(join(ROOT, 'src'), join(dir, 'src'), { recursive: true });
  // not a copy of ours: a package named exasol-ws would resolve `exasol-ws/...` to itself
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'peers-sandbox', private: true, type: 'module' }));
  if (existsSync(join(ROOT, 'dist', 'emulator.mjs'))) {
    // real files, not a link: the emulator resolves its peers from where it lies
    cpSync(join(ROOT, 'dist'), join(nm, 'exasol-ws', 'dist'), { recursive: true });
    cpSync(join(ROOT, 'package.json'), join(nm, 'exasol-ws', 'package.json'));
  }
  writeFileSync(
    join(dir, 'probe.mjs'),
    `import { createRequire } from 'node:module';
const [how, what] = process.argv.slice(2);
try {
  if (how === 'require') createRequire(import.meta.url)(what); else await import(what);
  console.log(JSON.stringify({ loaded: true }));
} catch (e) {
  console.log(JSON.stringify({ name: e.name, code: e.code, message: e.message, packages: e.packages }));
}
`,
  );
  return dir;
}

function run(dir: string, args: string[]) {
  const r = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8', timeout: 60000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const installDuck = `npm install --save-dev ${DUCKDB_PEER.name}@${DUCKDB_PEER.version}`;

describe('emulator without its optional peers', () => {
  let noDuck: string;
  let noSelfsigned: string;
  before(() => {
    noDuck = sandbox(['@duckdb', 'selfsigned']);
    noSelfsigned = sandbox(['selfsigned']);
  });
  after(() => {
    rmSync(noDuck, { recursive: true, force: true });
    rmSync(noSelfsigned, { recursive: true, force: true });
  });

  it('names the versions package.json declares as peers', () => {
    assert.equal(pkg.peerDependencies[DUCKDB_PEER.name], DUCKDB_PEER.version);
    assert.equal(pkg.peerDependencies[SELFSIGNED_PEER.name], SELFSIGNED_PEER.version);
  });

  it('the sandbox really lacks DuckDB (and has the rest)', () => {
    const r = run(noDuck, ['probe.mjs', 'import', '@duckdb/node-api']);
    assert.equal(JSON.parse(r.stdout).code, 'ERR_MODULE_NOT_FOUND');
    assert.deepEqual(JSON.parse(run(noDuck, ['probe.mjs', 'import', 'ws']).stdout), { loaded: true });
    assert.deepEqual(JSON.parse(run(noSelfsigned, ['probe.mjs', 'import', '@duckdb/node-api']).stdout), { loaded: true });
  });

  it('importing the emulator source fails at once with the install command', () => {
    const r = run(noDuck, ['--import', 'tsx', 'probe.mjs', 'import', './src/emulator/index.ts']);
    const e = JSON.parse(r.stdout);
    assert.equal(e.name, 'MissingPeerError', r.stdout + r.stderr);
    assert.equal(e.code, 'EXASOL_EMULATOR_MISSING_PEER');
    assert.deepEqual(e.packages, ['@duckdb/node-api']);
    assert.ok(e.message.includes(installDuck), e.message);
  });

  it('the CLI exits 3 with one message naming every missing package', () => {
    const plain = run(noDuck, ['--import', 'tsx', 'src/emulator/cli.ts', '--port', '0']);
    assert.equal(plain.status, 3, plain.stderr);
    assert.equal(plain.stdout, '');
    assert.match(plain.stderr, /^exasol-emulator: exasol-emulator needs its SQL engine: @duckdb\/node-api is not installed\. Install with: npm install --save-dev @duckdb\/node-api@1\.5\.6-r\.1\n$/);
    const tls = run(noDuck, ['--import', 'tsx', 'src/emulator/cli.ts', '--port', '0', '--tls']);
    assert.equal(tls.status, 3, tls.stderr);
    assert.ok(tls.stderr.includes(`@duckdb/node-api and selfsigned are not installed. Install with: ${installDuck} selfsigned@${SELFSIGNED_PEER.version}`), tls.stderr);
    assert.doesNotMatch(plain.stderr + tls.stderr, /ERR_MODULE_NOT_FOUND|at /);
  });

  it('with DuckDB but without selfsigned: --tls fails before listening, naming selfsigned only', () => {
    const r = run(noSelfsigned, ['--import', 'tsx', 'src/emulator/cli.ts', '--port', '0', '--tls']);
    assert.equal(r.status, 3, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /selfsigned is not installed\. Install with: npm install --save-dev selfsigned@\^5\.5\.0\n$/);
    assert.doesNotMatch(r.stderr, /duckdb/);
    // the API: startEmulator({ tls: true }) rejects with the same error class
    writeFileSync(
      join(noSelfsigned, 'tls.mts'),
      `import { startEmulator, MissingPeerError } from './src/emulator/index.ts';
try { await startEmulator({ tls: true }); console.log('started'); } catch (e) { console.log(e instanceof MissingPeerError, e.packages.join(','), e.installCommand); }
`,
    );
    const api = run(noSelfsigned, ['--import', 'tsx', 'tls.mts']);
    assert.equal(api.stdout.trim(), 'true selfsigned npm install --save-dev selfsigned@^5.5.0', api.stderr);
  });

  it('the built package (dist/) fails the same way under import, require and its bin', (t) => {
    if (!existsSync(join(ROOT, 'dist', 'emulator.mjs'))) {
      t.skip('dist/ not built (npm test builds it before the Node tests)');
      return;
    }
    for (const how of ['import', 'require']) {
      const r = run(noDuck, ['probe.mjs', how, 'exasol-ws/emulator']);
      const e = JSON.parse(r.stdout);
      assert.equal(e.code, 'EXASOL_EMULATOR_MISSING_PEER', `${how}: ${r.stdout}${r.stderr}`);
      assert.ok(e.message.includes(installDuck), e.message);
    }
    const bin = run(noDuck, [join(noDuck, 'node_modules', 'exasol-ws', 'dist', 'cli.mjs'), '--port', '0']);
    assert.equal(bin.status, 3, bin.stderr);
    assert.ok(bin.stderr.includes(installDuck), bin.stderr);
    // and the SDK entry itself does not need DuckDB
    assert.deepEqual(JSON.parse(run(noDuck, ['probe.mjs', 'import', 'exasol-ws']).stdout), { loaded: true });
  });

  it('MissingPeerError carries packages and the install command', () => {
    const e = new MissingPeerError([DUCKDB_PEER, SELFSIGNED_PEER], 'why');
    assert.deepEqual(e.packages, ['@duckdb/node-api', 'selfsigned']);
    assert.equal(e.installCommand, `${installDuck} selfsigned@^5.5.0`);
    assert.equal(e.message, `why: @duckdb/node-api and selfsigned are not installed. Install with: ${e.installCommand}`);
  });
});
