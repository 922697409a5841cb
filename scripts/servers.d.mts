/** Types of scripts/servers.mjs (the emulator child process and the static HTTP server) for TypeScript callers. */
import type { Server } from 'node:http';

/** Absolute path of the repository root. */
export const repoRoot: string;

/** Newest modification time (ms) of any file below `dir` (0 if none). */
export function newestMtime(dir: string): number;

/** Content types of the files the servers hand out, by file extension. */
export const CONTENT_TYPES: Record<string, string>;

/** A running emulator child process. */
export interface EmulatorProcess {
  /** `ws://host:port` as printed by the CLI (its first stdout line). */
  url: string;
  /** The child's process id. */
  pid?: number;
  /** The last stderr output (for failure messages). */
  stderr(): string;
  /** Stops the process (`signal`, default SIGTERM; SIGKILL after 2.5 s) and waits for it to exit. */
  close(signal?: NodeJS.Signals): Promise<void>;
}

/** Options of {@link startEmulatorProcess}. */
export interface EmulatorProcessOptions {
  /** `'dist'` (default) = dist/cli.mjs, `'src'` = src/emulator/cli.ts through tsx, `'auto'` = the build when it is newer than the sources, or a path of a cli.mjs. */
  cli?: 'auto' | 'dist' | 'src' | (string & {});
  /** Port (0 = any free port). */
  port?: number;
  /** Interface (default 127.0.0.1). */
  host?: string;
  /** Load the demo seed. */
  seed?: 'demo';
  /** Extra CLI arguments. */
  args?: string[];
  /** How long to wait for the URL line, ms (default 120 s). */
  startTimeoutMs?: number;
  /** Receives stderr lines and later stdout lines. */
  log?: (line: string) => void;
}

/**
 * Starts the emulator CLI in a child process (own process group, stops by itself when this process dies) and
 * resolves once it printed its URL.
 */
export function startEmulatorProcess(options?: EmulatorProcessOptions): Promise<EmulatorProcess>;

/** A running static HTTP server. */
export interface StaticServer {
  /** `http://host:port` (no trailing slash). */
  url: string;
  /** The node:http server. */
  server: Server;
  /** Closes the server and every open connection. */
  close(): Promise<void>;
}

/** Options of {@link startStaticServer}. */
export interface StaticServerOptions {
  /** URL prefix -> directory (relative to the repository root, or absolute); the longest prefix wins. */
  mounts: Record<string, string>;
  /** Exact paths answered by a function instead of a file. */
  routes?: Record<string, () => { type: string; body: string | Uint8Array }>;
  /** Headers added to every response. */
  headers?: Record<string, string>;
  /** Port (0 = any free port). */
  port?: number;
  /** Interface (default 127.0.0.1). */
  host?: string;
}

/** Serves directories (GET/HEAD only, no path may leave its directory). */
export function startStaticServer(options: StaticServerOptions): Promise<StaticServer>;
