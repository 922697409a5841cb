// The query console's build (part of `rollup -c`, after the SDK builds): demo/ becomes dist/console/, the folder
// the emulator serves with `--console` (and `npm start`):
//   dist/console/index.html, console.css, config.json   copied from demo/ (config.json: connection defaults, {} = own origin)
//   dist/console/main.js                    demo/main.js and everything it imports, one minified ES module
//   dist/console/exasol-ws.umd.min.js       the SDK's UMD bundle, loaded by the page through a <script> tag
import { copyFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import resolve from '@rollup/plugin-node-resolve';
import commonjs from '@rollup/plugin-commonjs';
import terser from '@rollup/plugin-terser';

/** Files copied from demo/ as they are. */
const STATIC = ['index.html', 'console.css', 'config.json'];
/** The SDK bundle the page loads (built by the earlier UMD entry of rollup.config.mjs). */
const SDK_BUNDLE = 'dist/exasol-ws.umd.min.js';

/** Copies the page's static files and the SDK bundle next to the built script. */
const copyConsoleFiles = () => ({
  name: 'copy-console-files',
  async writeBundle() {
    await mkdir('dist/console', { recursive: true });
    for (const f of STATIC) await copyFile(`demo/${f}`, `dist/console/${f}`);
    if (!existsSync(SDK_BUNDLE)) this.error(`${SDK_BUNDLE} is missing: the console build must run after the UMD build`);
    await copyFile(SDK_BUNDLE, 'dist/console/exasol-ws.umd.min.js');
  },
});

/** Rollup configurations of the console. */
export const consoleBuilds = [
  {
    input: 'demo/main.js',
    plugins: [resolve({ browser: true }), commonjs(), copyConsoleFiles()],
    output: {
      file: 'dist/console/main.js',
      format: 'es',
      plugins: [terser({ ecma: 2020, module: true, compress: { passes: 2 }, format: { comments: false } })],
    },
  },
];

/** Built alone with `npx rollup -c rollup.console.mjs` (needs dist/exasol-ws.umd.min.js from a full build). */
export default consoleBuilds;
