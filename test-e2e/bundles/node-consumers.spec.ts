// Node users of the packed tarball: a native-ESM `import` and a CJS `require` each log in and query (child processes,
// against the emulator started from the tarball's own `exasol-emulator` bin), and the bundled declarations typecheck
// under moduleResolution NodeNext, Node16 and Bundler.
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { packedInstall, type PackedInstall } from '../fixtures/packed';
import { expectScenarioReport, scenarioOptions, type ScenarioReport } from '../fixtures/scenario-check';
import { REPO_ROOT, startEmulatorProcess, type EmulatorProcess } from '../fixtures/servers';

const run = promisify(execFile);

let packed: PackedInstall;
let emulator: EmulatorProcess;

const ESM_CONSUMER = `import { connect, SqlError } from 'exasol-ws';
import { runScenario } from './scenario.mjs';
const report = await runScenario({ connect, SqlError }, JSON.parse(process.argv[2]));
report.resolved = import.meta.resolve('exasol-ws');
console.log(JSON.stringify(report));
`;

const CJS_CONSUMER = `'use strict';
const { connect, SqlError } = require('exasol-ws');
import('./scenario.mjs')
  .then(({ runScenario }) => runScenario({ connect, SqlError }, JSON.parse(process.argv[2])))
  .then((report) => {
    report.resolved = require.resolve('exasol-ws');
    console.log(JSON.stringify(report));
  }, (e) => {
    console.error(e);
    process.exitCode = 1;
  });
`;

// exasol-ws/bulk from the tarball: a session from the main entry, IMPORT and EXPORT through the bulk entry (a separate
// bundle that finds the session's connection under a global symbol), in native ESM and in CJS.
const BULK_SCRIPT = (load: string) => `${load}
(async () => {
  const [url, schema] = process.argv.slice(2);
  const s = await connect({ url, user: 'sys', password: 'exasol' });
  try {
    await s.execute('CREATE SCHEMA ' + schema);
    await s.execute('CREATE TABLE ' + schema + '.B (ID DECIMAL(36,0), V VARCHAR(20))');
    const imported = await bulkImport(s, schema + '.B', [[123456789012345678901234567890n, 'a,"b"'], [2, null]]);
    const rows = [];
    for await (const r of exportRows(s, { query: 'SELECT * FROM ' + schema + '.B ORDER BY ID' })) rows.push(r);
    const e = await bulkImport(s, schema + '.MISSING', [[1]]).catch((x) => x);
    console.log(JSON.stringify({ imported: imported.rows, rows, bulkError: e instanceof BulkError, sqlCode: e.sqlCode }));
  } finally {
    await s.close();
  }
})().catch((e) => { console.error(e); process.exitCode = 1; });
`;
const BULK_ESM = BULK_SCRIPT("import { connect } from 'exasol-ws';\nimport { bulkImport, exportRows, BulkError } from 'exasol-ws/bulk';");
const BULK_CJS = BULK_SCRIPT("'use strict';\nconst { connect } = require('exasol-ws');\nconst { bulkImport, exportRows, BulkError } = require('exasol-ws/bulk');");

test.beforeAll(async () => {
  test.setTimeout(400_000);
  packed = await packedInstall();
  cpSync(join(REPO_ROOT, 'test-e2e/fixtures/scenario.mjs'), join(packed.dir, 'scenario.mjs'));
  writeFileSync(join(packed.dir, 'consumer-esm.mjs'), ESM_CONSUMER);
  writeFileSync(join(packed.dir, 'consumer-cjs.cjs'), CJS_CONSUMER);
  writeFileSync(join(packed.dir, 'bulk-esm.mjs'), BULK_ESM);
  writeFileSync(join(packed.dir, 'bulk-cjs.cjs'), BULK_CJS);
  emulator = await startEmulatorProcess({ seed: 'demo', cli: join(packed.packageDir, 'dist/cli.mjs') });
});

test.afterAll(async () => {
  await emulator?.close();
});

async function consumer(file: string, schema: string): Promise<ScenarioReport & { resolved: string }> {
  const { stdout } = await run(process.execPath, [file, JSON.stringify(scenarioOptions(emulator.url, schema))], {
    cwd: packed.dir,
    timeout: 180_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout.trim().split('\n').pop()!);
}

test('the tarball holds the builds, declarations, README and nothing else', () => {
  for (const f of ['dist/browser.mjs', 'dist/browser/core.mjs', 'dist/exasol-ws.umd.min.js', 'dist/node.mjs', 'dist/node.cjs', 'dist/browser.d.ts', 'dist/node.d.ts',
    'dist/node.d.cts', 'dist/bulk.mjs', 'dist/bulk.cjs', 'dist/bulk.d.ts', 'dist/bulk.d.cts', 'dist/emulator.mjs', 'dist/emulator.d.ts', 'dist/cli.mjs', 'README.md', 'package.json']) {
    expect(packed.files, f).toContain(f);
  }
  expect(packed.files.filter((f) => !f.startsWith('dist/') && !['README.md', 'package.json', 'LICENSE'].includes(f))).toEqual([]);
});

test('the browser ESM build in the tarball: an entry whose first load imports neither jsencrypt nor fflate; they and the optional features are chunks loaded with import()', () => {
  const relImports = (code: string, dynamic: boolean) =>
    [...code.matchAll(dynamic ? /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g : /(?:^|[;\n}])\s*(?:import|export)\s*(?:[^'"`;]*?\sfrom\s*)?['"]([^'"]+)['"]/g)].map((m) => m[1]!);
  const first = new Set<string>();
  const lazy = new Set<string>();
  const walk = (file: string) => {
    if (first.has(file)) return;
    first.add(file);
    const code = readFileSync(join(packed.packageDir, file), 'utf8');
    for (const i of relImports(code, false)) if (i.startsWith('.')) walk(join(dirname(file), i));
    for (const i of relImports(code, true)) lazy.add(join(dirname(file), i));
  };
  walk('dist/browser.mjs');
  const packages = new Set([...first].flatMap((f) => relImports(readFileSync(join(packed.packageDir, f), 'utf8'), false).filter((i) => !i.startsWith('.'))));
  expect([...packages].sort()).toEqual(['isomorphic-ws', 'rxjs']);
  for (const f of [...first, ...lazy]) expect(packed.files, f).toContain(f);
  const lazyNames = [...lazy].map((f) => f.replace(/^dist\/browser\//, '').replace(/\.mjs$/, '')).sort();
  for (const part of ['prepared-run', 'statement-cache', 'session-batch', 'transaction', 'browser-rsa', 'browser-zlib', 'metadata', 'parallel-read', 'pool-core', 'subconnections-open', 'telemetry-recorder']) expect(lazyNames).toContain(part);
  const rsa = readFileSync(join(packed.packageDir, 'dist/browser/browser-rsa.mjs'), 'utf8');
  expect(rsa).toMatch(/from ['"]jsencrypt['"]/);
});

test('Node ESM: import from the packed package logs in and queries (node.mjs)', async () => {
  const report = await consumer('consumer-esm.mjs', 'E2E_ESM');
  expect(report.resolved).toMatch(/node_modules\/exasol-ws\/dist\/node\.mjs$/);
  expectScenarioReport(report);
});

test('Node CJS: require of the packed package logs in and queries (node.cjs)', async () => {
  const report = await consumer('consumer-cjs.cjs', 'E2E_CJS');
  expect(report.resolved).toMatch(/node_modules\/exasol-ws\/dist\/node\.cjs$/);
  expectScenarioReport(report);
});

// The README's Node quick start, copied out of README.md as a stranger would paste it (it starts its own emulator from
// the tarball's exasol-ws/emulator): it must run as written and print the rows it promises.
test("the README's Node quick start runs as written from the packed package", async () => {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const block = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!).find((b) => b.includes("from 'exasol-ws/emulator'") && b.includes('for await'));
  expect(block, 'README has a Node quick start (```ts block with exasol-ws/emulator and for await)').toBeDefined();
  writeFileSync(join(packed.dir, 'readme-quickstart.mjs'), block!);
  const { stdout } = await run(process.execPath, ['readme-quickstart.mjs'], { cwd: packed.dir, timeout: 120_000, env: { ...process.env, FORCE_COLOR: '0' } });
  expect(stdout).toMatch(/^Row \{/); // rows print as rows, not as "Object <[Object: null prototype] {}>"
  expect([...stdout.matchAll(/ORDER_ID: (\d+)/g)].map((m) => Number(m[1]))).toEqual([1, 2, 3]);
});

for (const [kind, file] of [['ESM', 'bulk-esm.mjs'], ['CJS', 'bulk-cjs.cjs']] as const) {
  test(`Node ${kind}: exasol-ws/bulk from the packed package imports and exports over the HTTP transport`, async () => {
    const { stdout } = await run(process.execPath, [file, emulator.url, `E2E_BULK_${kind}`], { cwd: packed.dir, timeout: 120_000 });
    expect(JSON.parse(stdout.trim().split('\n').pop()!)).toEqual({
      imported: 2,
      rows: [['2', null], ['123456789012345678901234567890', 'a,"b"']],
      bulkError: true,
      sqlCode: '42000',
    });
  });
}

const TYPE_USE = `
async function use(): Promise<void> {
  const session = await connect({ url: 'ws://127.0.0.1:8563', user: 'sys', password: 'exasol', compression: true });
  const result = await session.query('SELECT 1');
  const names: string[] = result.columns.map((c) => c.name);
  session.query$('SELECT 1').subscribe((chunk) => chunk.rows.length);
  await session.close();
  void names;
  // @ts-expect-error connect needs an options object: proves the declarations are not \`any\`
  await connect(42);
  // Typed rows: the generic names the row type on every reading call and on the tagged template.
  interface User { ID: bigint; NAME: string }
  const users = await session.query<User>('SELECT ID, NAME FROM USERS');
  const id: bigint = users.rows[0]!.ID;
  // @ts-expect-error NAME is a string, not a number
  const wrong: number = users.rows[0]!.NAME;
  for await (const u of session.rows<User>('SELECT ID, NAME FROM USERS')) void u.NAME.toUpperCase();
  const minId = 10n;
  const tagged = await session.sql<User>\`SELECT ID, NAME FROM USERS WHERE ID > \${minId} AND NAME IN (\${session.sql.list(['a', 'b'])})\`;
  const name: string = tagged.rows[0]!.NAME;
  // @ts-expect-error the template's rows have no column AGE
  void tagged.rows[0]!.AGE;
  const pairs = await session.query<[bigint, string], 'array'>('SELECT ID, NAME FROM USERS', { rowMode: 'array' });
  const second: string = pairs.rows[0]![1];
  const arrays = await connect({ url: 'ws://127.0.0.1:8563', user: 'sys', password: 'exasol', rowMode: 'array' });
  const firstCell = (await arrays.query('SELECT 1')).rows[0]![0];
  // @ts-expect-error a session opened with rowMode 'array' gives arrays, not objects
  void (await arrays.query('SELECT 1')).rows[0]!.A;
  const stmt = await session.prepare('SELECT ID, NAME FROM USERS WHERE ID = ?');
  const one: User | undefined = (await stmt.query<User>([1n])).rows[0];
  session.query$<User>('SELECT ID, NAME FROM USERS').subscribe((chunk) => chunk.rows.map((r) => r.ID));
  void id; void wrong; void name; void second; void firstCell; void one;
}
function isSql(e: unknown): string | undefined {
  return e instanceof SqlError ? e.sqlCode : undefined;
}
void use; void isSql;
`;

test('declarations typecheck under moduleResolution NodeNext, Node16 and Bundler (skipLibCheck off)', async () => {
  test.setTimeout(180_000);
  const dir = join(packed.dir, 'types');
  mkdirSync(dir, { recursive: true });
  const nodeTypes = join(packed.dir, 'node_modules', '@types', 'node');
  if (!existsSync(nodeTypes)) {
    mkdirSync(join(packed.dir, 'node_modules', '@types'), { recursive: true });
    symlinkSync(join(REPO_ROOT, 'node_modules/@types/node'), nodeTypes, 'dir');
  }
  const bulkUse = `import { bulkImport, exportRows, type BulkError } from 'exasol-ws/bulk';\nasync function bulk(): Promise<number> {\n  const s = await connect({ url: 'ws://127.0.0.1:8563', user: 'sys', password: 'exasol' });\n  for await (const r of exportRows(s, 'T')) { const v: string | null = r[0]!; void v; }\n  // @ts-expect-error rows are arrays of values, not objects\n  await bulkImport(s, 'T', [{ a: 1 }]);\n  const e: BulkError | undefined = undefined; void e;\n  return (await bulkImport(s, 'T', [[1n, 'a', null]])).rows;\n}\nvoid bulk;\n`;
  writeFileSync(join(dir, 'esm.mts'), `import { connect, SqlError } from 'exasol-ws';\nimport { startEmulator } from 'exasol-ws/emulator';\nvoid startEmulator;\n${bulkUse}${TYPE_USE}`);
  writeFileSync(join(dir, 'cjs.cts'), `import { connect, SqlError } from 'exasol-ws';\nimport { startEmulator } from 'exasol-ws/emulator';\nvoid startEmulator;\n${bulkUse}${TYPE_USE}`);
  writeFileSync(join(dir, 'bundler.ts'), `import { connect, SqlError } from 'exasol-ws';\n${TYPE_USE}`);
  const base = { strict: true, noEmit: true, skipLibCheck: false, target: 'ES2022', lib: ['ES2022', 'DOM'], types: ['node'] };
  const configs: Record<string, object> = {
    'tsconfig.nodenext.json': { compilerOptions: { ...base, module: 'NodeNext', moduleResolution: 'NodeNext' }, files: ['esm.mts', 'cjs.cts'] },
    'tsconfig.node16.json': { compilerOptions: { ...base, module: 'Node16', moduleResolution: 'Node16' }, files: ['esm.mts', 'cjs.cts'] },
    'tsconfig.bundler.json': { compilerOptions: { ...base, module: 'ESNext', moduleResolution: 'Bundler' }, files: ['bundler.ts'] },
  };
  const tsc = join(REPO_ROOT, 'node_modules/typescript/bin/tsc');
  for (const [name, config] of Object.entries(configs)) {
    writeFileSync(join(dir, name), JSON.stringify(config, null, 2));
    const result = await run(process.execPath, [tsc, '-p', name], { cwd: dir, timeout: 120_000 }).then(
      () => '',
      (e: { stdout?: string; stderr?: string }) => `${e.stdout ?? ''}${e.stderr ?? ''}` || 'tsc failed',
    );
    expect(result, name).toBe('');
  }
});
