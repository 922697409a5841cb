/**
 * Runs one bench script in a fresh Node process so each measurement has its own heap, JIT state and
 * peak RSS. Scripts are bundled once with esbuild (which tsx brings along) into plain ESM under
 * node_modules/.cache/exasol-ws-bench/ and run with plain `node`, so no TypeScript loader sits in the
 * measured process's memory; without esbuild they run through `node --import tsx`.
 * The child's last stdout line is JSON.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bundled = new Map<string, string>();

/** Absolute path of a file in bench/. */
export function benchFile(name: string): string {
  return fileURLToPath(new URL(`./${name}`, import.meta.url));
}

/** Directory of the bench's build output (bundled children, the browser page script). */
export function benchCacheDir(): string {
  return fileURLToPath(new URL('../node_modules/.cache/exasol-ws-bench/', import.meta.url));
}

/**
 * Bundles bench entry scripts (packages stay external and resolve from the project's node_modules).
 * Returns false (and the scripts run through tsx) when esbuild is not available.
 */
export async function bundleBenchScripts(names: string[]): Promise<boolean> {
  let esbuild: typeof import('esbuild');
  try {
    esbuild = await import('esbuild');
  } catch {
    return false;
  }
  const outdir = benchCacheDir();
  await esbuild.build({
    entryPoints: names.map(benchFile),
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  for (const n of names) bundled.set(n, `${outdir}${n.replace(/\.ts$/, '.mjs')}`);
  return true;
}

/** Spawns a bench script (bundled if {@link bundleBenchScripts} did it); `nodeArgs` go before the script (e.g. `--cpu-prof`). */
export function spawnBench(script: string, args: string[], nodeArgs: string[] = []): ChildProcess {
  const b = bundled.get(script);
  const argv = b ? [...nodeArgs, b, ...args] : [...nodeArgs, '--import', 'tsx', benchFile(script), ...args];
  return spawn(process.execPath, argv, { stdio: ['pipe', 'pipe', 'inherit'] });
}

/** Runs a bench script to completion and returns its last stdout line parsed as JSON. */
export function runBenchChild<T>(script: string, args: string[], timeoutMs: number, nodeArgs: string[] = []): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const child = spawnBench(script, args, nodeArgs);
    let out = '';
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (d: string) => (out += d));
    child.stdin!.end();
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} ${args.join(' ')}: no result within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`${script} ${args.join(' ')} exited with ${code}: ${last}`));
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`${script}: last stdout line is not JSON: ${last}`));
      }
    });
  });
}
