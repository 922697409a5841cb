import { readFileSync, readdirSync } from 'node:fs';
import { minify } from 'terser';
import { gzipSync } from 'node:zlib';
import { execSync } from 'node:child_process';
const srcs = execSync("grep -rhoE '(private|protected)( readonly| static| async| get| set)* [A-Za-z_$][A-Za-z0-9_$]*' src/client src/protocol src/platform src/errors.ts src/browser.ts").toString().split('\n').filter(Boolean);
const names = new Set(srcs.map(s => s.split(' ').pop()));
console.log(names.size, [...names].join(' '));
for (const f of [process.argv[2]]) {
  const code = readFileSync(f, 'utf8');
  const base = (await minify(code, { ecma: 2020, module: true, compress: { passes: 2 }, mangle: true })).code;
  const re = new RegExp('^(' + [...names].join('|') + ')$');
  const m = (await minify(code, { ecma: 2020, module: true, compress: { passes: 2 }, mangle: { properties: { regex: re } } })).code;
  console.log(f, gzipSync(base, { level: 9 }).length, gzipSync(m, { level: 9 }).length);
}
