// `npm run size -- --modules`: which source modules cost what in the browser builds. Each build of rollup.config.mjs
// (browser ESM, browser UMD) is bundled again in memory; every module's rendered code is minified on its own with the
// terser options of `npm run size` (top-level names kept, so a module is measured as it sits in the bundle) and gzipped
// on its own. Gzip alone overstates small modules (no shared dictionary), so the table also gives each module's share
// of its chunk's real min+gzip size, in proportion to its minified bytes ("~gz in chunk").
import { gzipSync } from 'node:zlib';
import { rollup } from 'rollup';
import { minify } from 'terser';

const KB = 1000;
const BUILDS = [
  { label: 'browser ESM (deps external)', output: 'dist/browser.mjs' },
  { label: 'browser UMD (all inlined)', output: 'dist/exasol-ws.umd.min.js' },
];
/** Fresh options every call: terser fills its option objects in place. */
const MINIFY = () => ({ ecma: 2020, compress: { passes: 2 }, mangle: true, format: { comments: false } });

const outputsOf = (config) => (Array.isArray(config.output) ? config.output : [config.output]);
const matches = (o, file) => o.file === file || (o.dir !== undefined && `${o.dir}/${o.entryFileNames}` === file);

/** Per-module sizes of one build, grouped by chunk. */
export async function measureModules(configs, file) {
  const config = configs.find((c) => outputsOf(c).some((o) => matches(o, file)));
  if (config === undefined) throw new Error(`size-modules: no build writes ${file} in rollup.config.mjs`);
  const output = outputsOf(config).find((o) => matches(o, file));
  // Measured in memory: plugins that touch dist/ (clean-dir empties the chunk directory) are left out.
  const plugins = (config.plugins ?? []).filter((p) => p && p.name !== 'clean-dir');
  const bundle = await rollup({ ...config, plugins, onwarn() {} });
  // Output plugins (terser) are left out: modules are minified one by one below, and the chunk as a whole.
  const { output: chunks } = await bundle.generate({ ...output, plugins: [], banner: '', sourcemap: false });
  await bundle.close();
  const result = [];
  for (const chunk of chunks) {
    if (chunk.type !== 'chunk') continue;
    const whole = (await minify(chunk.code, { ...MINIFY(), module: output.format === 'es' })).code ?? '';
    const modules = [];
    for (const [id, m] of Object.entries(chunk.modules)) {
      if (!m.code) continue;
      const min = (await minify(m.code, { ...MINIFY(), module: false, toplevel: false })).code ?? '';
      modules.push({ id: shortId(id), rendered: m.renderedLength, min: min.length, gz: gzipSync(min, { level: 9 }).length });
    }
    const sumMin = modules.reduce((s, m) => s + m.min, 0) || 1;
    const chunkGz = gzipSync(whole, { level: 9 }).length;
    for (const m of modules) m.share = (chunkGz * m.min) / sumMin;
    modules.sort((a, b) => b.min - a.min);
    result.push({ fileName: chunk.fileName, isEntry: chunk.isEntry, dynamic: chunk.isDynamicEntry, min: whole.length, gz: chunkGz, modules });
  }
  return result;
}

function shortId(id) {
  const n = id.replace(/\\/g, '/');
  const nm = n.lastIndexOf('/node_modules/');
  if (nm >= 0) return n.slice(nm + '/node_modules/'.length);
  const src = n.indexOf('/src/');
  return src >= 0 ? n.slice(src + 1) : n;
}

const fmt = (n) => `${(n / KB).toFixed(2).padStart(6)} KB`;

/** Prints the table of every browser build. */
export async function printModules(top = Infinity) {
  const configs = (await import(new URL('../rollup.config.mjs', import.meta.url).href)).default;
  for (const b of BUILDS) {
    const chunks = await measureModules(configs, b.output);
    console.log(`\n${b.label}: ${b.output}`);
    for (const c of chunks) {
      const kind = c.isEntry ? 'entry' : c.dynamic ? 'lazy chunk' : 'shared chunk';
      console.log(`  ${c.fileName} (${kind}): ${fmt(c.min)} min, ${fmt(c.gz)} min+gz`);
      console.log(`    ${'module'.padEnd(48)} ${'rendered'.padStart(10)} ${'min'.padStart(10)} ${'gz alone'.padStart(10)} ${'~gz in chunk'.padStart(12)}`);
      for (const m of c.modules.slice(0, top)) {
        console.log(`    ${m.id.padEnd(48)} ${fmt(m.rendered)} ${fmt(m.min)} ${fmt(m.gz)} ${fmt(m.share).padStart(12)}`);
      }
      if (c.modules.length > top) console.log(`    ... ${c.modules.length - top} more`);
    }
  }
}
