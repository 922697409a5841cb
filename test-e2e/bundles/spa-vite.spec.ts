// A bundler user: a small app built by Vite 7 that imports `exasol-ws` by package name from the `npm pack` tarball,
// then runs in Chromium against the emulator. The build must pull in no Node built-in and need no polyfill.
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { build, type Plugin } from 'vite';
import { packedInstall } from '../fixtures/packed';
import { expectScenarioReport, runScenarioInPage, scenarioOptions } from '../fixtures/scenario-check';
import { REPO_ROOT, startEmulatorProcess, startStaticServer, type EmulatorProcess, type StaticServer } from '../fixtures/servers';

const builtins = new Set(builtinModules);
const isBuiltin = (id: string) => id.startsWith('node:') || builtins.has(id) || builtins.has(id.split('/')[0]!);

/** Fails the Vite build on any import of a Node built-in and records every module that went into the bundle. */
function guard(seen: string[]): Plugin {
  return {
    name: 'e2e-no-node-builtins',
    enforce: 'pre',
    resolveId(source, importer) {
      if (isBuiltin(source)) this.error(`the app bundle imports the Node built-in "${source}" (from ${importer})`);
      return null;
    },
    transform(_code, id) {
      seen.push(id);
      return null;
    },
  };
}

let emulator: EmulatorProcess;
let site: StaticServer;
let outDir: string;
const bundled: string[] = [];

test.beforeAll(async () => {
  test.setTimeout(400_000);
  const packed = await packedInstall();
  const root = join(packed.dir, 'spa');
  cpSync(join(REPO_ROOT, 'test-e2e/fixtures/spa'), root, { recursive: true });
  cpSync(join(REPO_ROOT, 'test-e2e/fixtures/scenario.mjs'), join(root, 'scenario.mjs'));
  outDir = join(packed.dir, 'spa-dist');
  await build({
    root,
    configFile: false,
    logLevel: 'warn',
    plugins: [guard(bundled)],
    build: { outDir, emptyOutDir: true, reportCompressedSize: false },
  });
  emulator = await startEmulatorProcess({ seed: 'demo' });
  site = await startStaticServer({ '/': outDir });
});

test.afterAll(async () => {
  await site?.close();
  await emulator?.close();
});

test('Vite SPA: bundles the browser ESM build by package name, with no Node built-in or polyfill', () => {
  // The browser ESM entry and its chunks (dist/browser/*.mjs: the shared core and the features loaded on first use).
  const sdkModules = bundled.filter((id) => id.includes('/node_modules/exasol-ws/')).map((id) => id.slice(id.indexOf('/node_modules/exasol-ws/')));
  expect(sdkModules).toContain('/node_modules/exasol-ws/dist/browser.mjs');
  expect(sdkModules).toContain('/node_modules/exasol-ws/dist/browser/core.mjs');
  for (const id of sdkModules) expect(id).toMatch(/^\/node_modules\/exasol-ws\/dist\/browser(\.mjs|\/[a-z-]+\.mjs)$/);
  const js = readdirSync(join(outDir, 'assets')).filter((f) => f.endsWith('.js'));
  expect(js.length).toBeGreaterThan(0);
  for (const f of js) {
    const code = readFileSync(join(outDir, 'assets', f), 'utf8');
    expect(code, f).not.toContain('__vite-browser-external');
    expect(code, f).not.toMatch(/["'`]node:[a-z_]+/);
    expect(code, f).not.toMatch(/\brequire\s*\(/);
  }
});

test('Vite SPA: login with password + compression, 100k rows via query$, prepared insert, SqlError by class', async ({ page }) => {
  const report = await runScenarioInPage(page, `${site.url}/`, scenarioOptions(emulator.url, 'E2E_SPA'));
  expectScenarioReport(report);
});
