/**
 * Runs one bench script in a fresh Node process (`node --import tsx <script> <args>`) so each
 * measurement has its own heap, JIT state and peak RSS. The child's last stdout line is JSON.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Absolute path of a file in bench/. */
export function benchFile(name: string): string {
  return fileURLToPath(new URL(`./${name}`, import.meta.url));
}

/** Spawns a bench script with tsx; `nodeArgs` go before the script (e.g. `--cpu-prof`). */
export function spawnBench(script: string, args: string[], nodeArgs: string[] = []): ChildProcess {
  return spawn(process.execPath, [...nodeArgs, '--import', 'tsx', benchFile(script), ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
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
