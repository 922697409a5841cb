// Builds every shipped artifact of exasol-ws into dist/ (`npm run build`):
//   dist/browser.mjs             browser ESM for bundlers; rxjs, fflate and jsencrypt stay imports so apps dedupe them;
//   dist/browser/*.mjs           its lazy chunks: optional features the entry loads with import() on first use
//   dist/exasol-ws.umd.min.js    browser UMD for <script> tags; everything inlined and minified; global `ExasolWS`
//   dist/node.mjs, dist/node.cjs Node ESM and CJS; `ws` and the other dependencies stay external
//   dist/bulk.mjs, dist/bulk.cjs exasol-ws/bulk: IMPORT/EXPORT over Exasol's HTTP transport (Node only: raw sockets)
//   dist/emulator.mjs/.cjs       the Exasol emulator (Node only); DuckDB and selfsigned stay external (optional peers)
//   dist/cli.mjs                 the `exasol-emulator` bin (ESM, with a shebang, executable)
//   dist/browser.d.ts            bundled declarations of the browser entry (bundlers, script tags)
//   dist/node.d.ts/.d.cts        bundled declarations of the Node entry (ESM and CJS flavours of the same text)
//   dist/bulk.d.ts/.d.cts        bundled declarations of exasol-ws/bulk
//   dist/emulator.d.ts/.d.cts    bundled declarations of the emulator
//   dist/console/                the query console (rollup.console.mjs; served by `exasol-emulator --console`)
// Browser builds fail on any Node built-in import, so a browser bundle can never need a polyfill.
import { builtinModules } from 'node:module';
import { chmod, copyFile, mkdir, rm } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import typescript from '@rollup/plugin-typescript';
import resolve from '@rollup/plugin-node-resolve';
import commonjs from '@rollup/plugin-commonjs';
import terser from '@rollup/plugin-terser';
import { dts } from 'rollup-plugin-dts';
import { consoleBuilds } from './rollup.console.mjs';
import { jsencryptPublicKeyOnly } from './scripts/rollup-jsencrypt.mjs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

/** Source entry points (owned by the SDK and emulator engineers). */
const SRC = {
  browser: 'src/browser.ts',
  node: 'src/node.ts',
  bulk: 'src/bulk/index.ts',
  emulator: 'src/emulator/index.ts',
  cli: 'src/emulator/cli.ts',
};
for (const [name, file] of Object.entries(SRC)) {
  if (!existsSync(file)) throw new Error(`rollup.config.mjs: entry "${name}" (${file}) does not exist yet`);
}

const banner = `/*! ${pkg.name} ${pkg.version} | ${pkg.license} */`;
const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
const isBuiltin = (id) => id.startsWith('node:') || builtins.has(id) || builtins.has(id.split('/')[0]);
const packageOf = (id) => (id.startsWith('@') ? id.split('/').slice(0, 2).join('/') : id.split('/')[0]);

/** Dependencies a browser app installs next to us and dedupes (left as imports in dist/browser.mjs). */
const browserExternal = new Set(['rxjs', 'fflate', 'jsencrypt', 'isomorphic-ws']);
/**
 * Dependencies left as imports in the Node builds. jsencrypt is NOT among them: its ESM files use extensionless
 * imports that native Node ESM refuses, so if a Node entry reaches it, it is inlined.
 */
const nodeExternal = new Set(
  [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})].filter((d) => d !== 'jsencrypt'),
);

/** TypeScript transpilation for rollup (type errors are reported by `npm run typecheck`, not here). */
const ts = () =>
  typescript({
    tsconfig: './tsconfig.json',
    include: ['src/**/*.ts'],
    exclude: ['test/**', 'bench/**', 'demo/**', 'scripts/**', 'test-e2e/**'],
    compilerOptions: { declaration: false, declarationMap: false, sourceMap: false, noEmit: false },
    filterRoot: process.cwd(),
    noEmitOnError: false,
  });

/** Fails the build when a browser bundle would import a Node built-in (which would need a polyfill). */
const noNodeBuiltins = () => ({
  name: 'no-node-builtins',
  resolveId(source, importer) {
    if (isBuiltin(source)) {
      this.error(`browser build must not import the Node built-in "${source}" (imported by ${importer ?? 'the entry'})`);
    }
    return null;
  },
});

/** Gives the emulator bin exactly one shebang line and makes it executable. */
const binEntry = (name, file) => ({
  name: 'bin-entry',
  generateBundle(_options, bundle) {
    for (const chunk of Object.values(bundle)) {
      if (chunk.type === 'chunk' && chunk.isEntry && chunk.name === name) {
        chunk.code = `#!/usr/bin/env node\n${chunk.code.replace(/^(#![^\n]*\n)+/, '')}`;
      }
    }
  },
  async writeBundle() {
    await chmod(file, 0o755);
  },
});

/** Empties a chunk directory before a build writes it, so no chunk of an earlier build is packed. */
const cleanDir = (dir) => ({
  name: 'clean-dir',
  async buildStart() {
    await rm(dir, { recursive: true, force: true });
  },
});

/** Copies a declaration file next to itself under another extension (.d.cts for `require` under NodeNext). */
const copyDeclaration = (from, to) => ({
  name: 'copy-declaration',
  async writeBundle() {
    await mkdir('dist', { recursive: true });
    await copyFile(from, to);
  },
});

/** A bundled declaration build; `cjsTwin` gets the same text for `require` consumers under NodeNext/Node16. */
function dtsBuild(input, file, cjsTwin) {
  return {
    input,
    external: (id) => isBuiltin(id) || nodeExternal.has(packageOf(id)) || browserExternal.has(packageOf(id)),
    plugins: [dts({ tsconfig: './tsconfig.json' }), ...(cjsTwin ? [copyDeclaration(file, cjsTwin)] : [])],
    output: { file, format: 'es' },
  };
}

// Three compress passes (a third still shrinks the UMD file; more do not). (src/errors.ts reads `this.constructor`, not `new.target`: terser inlines helpers into IIFEs where
// new.target is lost, which once broke `instanceof` in the UMD build.)
const terserOptions = { ecma: 2020, module: true, compress: { passes: 3 }, format: { comments: /^!/ } };

export default [
  // Browser ESM for bundlers: the entry and its lazy chunks (optional features loaded on first use).
  {
    input: SRC.browser,
    external: (id) => browserExternal.has(packageOf(id)),
    plugins: [cleanDir('dist/browser'), noNodeBuiltins(), resolve({ browser: true }), commonjs(), ts()],
    output: { dir: 'dist', entryFileNames: 'browser.mjs', chunkFileNames: (c) => (c.name === 'browser' ? 'browser/core.mjs' : 'browser/[name].mjs'), format: 'es', banner, sourcemap: false },
  },
  // Browser UMD for <script> tags: everything inlined, minified.
  {
    input: SRC.browser,
    plugins: [
      noNodeBuiltins(),
      jsencryptPublicKeyOnly(),
      resolve({ browser: true, exportConditions: ['es2015'] }),
      commonjs(),
      ts(),
    ],
    output: {
      file: 'dist/exasol-ws.umd.min.js',
      format: 'umd',
      name: 'ExasolWS',
      exports: 'named',
      inlineDynamicImports: true,
      // Arrow-function wrappers and plain (unfrozen, untagged) namespace objects for the inlined lazy parts: nobody
      // outside the bundle sees those namespaces, and the browsers the SDK supports all run ES2015+.
      generatedCode: { arrowFunctions: true, constBindings: true, objectShorthand: true, symbols: false },
      freeze: false,
      banner,
      plugins: [terser({ ...terserOptions, module: false })],
    },
  },
  // Node ESM and CJS.
  {
    input: SRC.node,
    external: (id) => isBuiltin(id) || nodeExternal.has(packageOf(id)),
    plugins: [resolve({ preferBuiltins: true, exportConditions: ['node'] }), commonjs(), ts()],
    output: [
      { file: 'dist/node.mjs', format: 'es', banner, inlineDynamicImports: true },
      { file: 'dist/node.cjs', format: 'cjs', exports: 'named', interop: 'auto', banner, inlineDynamicImports: true },
    ],
  },
  // exasol-ws/bulk (Node only). A bundle of its own: it finds a session's connection details under a global symbol
  // (src/client/session-context.ts), so it works with sessions from dist/node.mjs or dist/node.cjs alike.
  {
    input: SRC.bulk,
    external: (id) => isBuiltin(id) || nodeExternal.has(packageOf(id)),
    plugins: [resolve({ preferBuiltins: true, exportConditions: ['node'] }), commonjs(), ts()],
    output: [
      { file: 'dist/bulk.mjs', format: 'es', banner },
      { file: 'dist/bulk.cjs', format: 'cjs', exports: 'named', interop: 'auto', banner },
    ],
  },
  // The emulator (Node only) and its bin, sharing chunks.
  {
    input: { emulator: SRC.emulator, cli: SRC.cli },
    external: (id) => isBuiltin(id) || nodeExternal.has(packageOf(id)),
    plugins: [resolve({ preferBuiltins: true, exportConditions: ['node'] }), commonjs(), ts(), binEntry('cli', 'dist/cli.mjs')],
    output: {
      dir: 'dist',
      format: 'es',
      entryFileNames: '[name].mjs',
      chunkFileNames: 'chunks/[name]-[hash].mjs',
      banner,
    },
  },
  {
    input: SRC.emulator,
    external: (id) => isBuiltin(id) || nodeExternal.has(packageOf(id)),
    plugins: [resolve({ preferBuiltins: true, exportConditions: ['node'] }), commonjs(), ts()],
    output: { file: 'dist/emulator.cjs', format: 'cjs', exports: 'named', interop: 'auto', banner, inlineDynamicImports: true },
  },
  // Bundled declarations: one self-contained file per entry (no shared chunks, so the .d.cts twins stand alone).
  dtsBuild(SRC.browser, 'dist/browser.d.ts'),
  dtsBuild(SRC.node, 'dist/node.d.ts', 'dist/node.d.cts'),
  dtsBuild(SRC.bulk, 'dist/bulk.d.ts', 'dist/bulk.d.cts'),
  dtsBuild(SRC.emulator, 'dist/emulator.d.ts', 'dist/emulator.d.cts'),
  // The console last: it copies the UMD bundle built above.
  ...consoleBuilds,
];
