/** Types of scripts/console-server.mjs (the query console's start-up path) for TypeScript callers such as the browser tests. */

/** A running console: the emulator serving the page on its own port, and a close() that stops it. */
export interface RunningConsole {
  /** URL of the console page on the emulator's port, e.g. `http://127.0.0.1:8563/` (`https://` with `tls`). */
  url: string;
  /** URL of the emulator (the same port), e.g. `ws://127.0.0.1:8563` (`wss://` with `tls`). */
  emulatorUrl: string;
  /** Process id of the emulator child process. */
  emulatorPid?: number;
  /** Stops the emulator process (sent `signal`, default SIGTERM; SIGKILL after 2.5 s). */
  close(signal?: NodeJS.Signals): Promise<void>;
}

/** Options of {@link startConsole}. */
export interface ConsoleOptions {
  /** Port of the emulator and its page (used when free, else any free port; 0 = any; default 0). */
  port?: number;
  /** Old name of `port` (the page and the emulator used to be on two ports); `port` wins. */
  emulatorPort?: number;
  /** Serve wss:// and the page over https:// with a self-signed certificate. */
  tls?: boolean;
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** Build dist/ first when it is missing or stale (default true). */
  build?: boolean;
  /** Receives log lines (build progress, emulator stderr). */
  log?: (line: string) => void;
}

/** Starts the whole console: the build (made if needed) and the emulator (demo seed) serving the page on its port. */
export function startConsole(options?: ConsoleOptions): Promise<RunningConsole>;
/** Builds dist/ with rollup when the browser bundle or dist/console/ is missing or older than src/ or demo/. */
export function ensureBuild(options?: { log?: (line: string) => void }): string;
/** The browser bundle found in dist/ (UMD preferred). */
export function findBrowserBundle(): { src: string; format: 'umd' | 'esm' } | undefined;
/** Resolves `preferred` when free on `host`, else 0. */
export function pickPort(preferred: number, host?: string): Promise<number>;
/** Starts the emulator CLI with the demo seed in a child process. */
export function startEmulatorProcess(options?: { port?: number; host?: string; tls?: boolean; log?: (line: string) => void }): Promise<{ url: string; pid?: number; close(signal?: NodeJS.Signals): Promise<void> }>;
/** Starts the static server for demo/ and dist/ with a generated /config.json. */
export function startStaticServer(options: { port?: number; host?: string; config: () => Record<string, unknown> }): Promise<{ url: string; close(): Promise<void> }>;
/** The package version. */
export function packageVersion(): string;
/** Repository root. */
export const repoRoot: string;
