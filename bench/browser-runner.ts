/**
 * Runs benchmark cases in headless Chromium (Debian's /usr/bin/chromium through Playwright; no
 * browser is ever downloaded). The page loads the SDK's UMD bundle (dist/exasol-ws.umd.min.js,
 * rebuilt with `npx rollup -c` when older than src/) and the bench's page script, both from a local
 * static server on 127.0.0.1 (port 0). Every measurement gets a freshly launched browser, so each
 * runs in new browser and renderer processes, like the Node children.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { newestMtime, repoRoot, startStaticServer, type StaticServer } from '../scripts/servers.mjs';
import { benchFile, benchCacheDir } from './child';
import type { CaseSpec } from './cases';
import type { ChildReport } from './client-child';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium.mjs';


const UMD = join(repoRoot, 'dist', 'exasol-ws.umd.min.js');

const PAGE = `<!doctype html><meta charset="utf-8"><title>exasol-ws bench</title>
<script src="/dist/exasol-ws.umd.min.js"></script><script src="/bench/browser-page.js"></script>`;

/** A ready browser bench: static server up, UMD and page script built. */
export interface BrowserBench {
  /** Runs one case in a fresh browser; resolves with what the page reported. */
  measure(spec: CaseSpec, url: string, table: string, warmup: string, timeoutMs: number): Promise<ChildReport>;
  /** Stops the static server. */
  close(): Promise<void>;
}

/** Builds dist/ with rollup when the UMD bundle is missing or older than src/; returns a note for the log. */
function ensureUmd(): string {
  if (existsSync(UMD) && statSync(UMD).mtimeMs >= newestMtime(join(repoRoot, 'src'))) return 'UMD bundle up to date';
  const t0 = performance.now();
  const r = spawnSync('npx', ['rollup', '-c'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npx rollup -c failed: ${(r.stderr ?? '').trim().split('\n').slice(-5).join(' | ')}`);
  return `UMD bundle rebuilt with npx rollup -c in ${((performance.now() - t0) / 1000).toFixed(1)} s`;
}

/** Prepares the browser bench (builds, bundles, serves); rejects with the reason when it cannot run. */
export async function startBrowserBench(log: (line: string) => void): Promise<BrowserBench> {
  const executablePath = CHROMIUM_PATH;
  if (!existsSync(executablePath)) throw new Error(`no Chromium at ${executablePath}`);
  log(ensureUmd());
  const esbuild = await import('esbuild');
  const outdir = benchCacheDir();
  mkdirSync(outdir, { recursive: true });
  await esbuild.build({
    entryPoints: [benchFile('browser-page.ts')],
    outfile: join(outdir, 'browser-page.js'),
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    logLevel: 'warning',
  });
  const server: StaticServer = await startStaticServer({ mounts: { '/dist': 'dist', '/bench': outdir }, routes: { '/': () => ({ type: 'text/html; charset=utf-8', body: PAGE }) } });
  return {
    async measure(spec, url, table, warmup, timeoutMs) {
      const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
      const errors: string[] = [];
      let timer: NodeJS.Timeout | undefined;
      try {
        const page = await browser.newPage();
        page.on('pageerror', (e) => errors.push(e.message));
        await page.goto(`${server.url}/`);
        const run = page.evaluate(
          ([s, u, t, w]) => (globalThis as unknown as { benchMeasure(...a: unknown[]): Promise<ChildReport> }).benchMeasure(s, u, t, w),
          [spec, url, table, warmup] as const,
        );
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`${spec.id}: no result within ${timeoutMs} ms`)), timeoutMs);
        });
        return await Promise.race([run, timeout]);
      } catch (e) {
        throw new Error(`${(e as Error).message.split('\n')[0]}${errors.length ? ` (page errors: ${errors.join('; ')})` : ''}`);
      } finally {
        clearTimeout(timer);
        await browser.close();
      }
    },
    close: () => server.close(),
  };
}
