/**
 * What every session of one emulator shares: the SQL engine, the user and token directory, the
 * login key, the cluster, identity settings of the reply to login, and the registry of live sessions.
 */
import { randomBytes } from 'node:crypto';
import type { Engine } from './sql/contract';
import type { LoginKey } from './rsa';
import type { Cluster } from './cluster';
import type { TunnelRegistry } from './tunnel';

/** Known users and OpenID tokens. Names are matched case-insensitively (Exasol upper-cases identifiers). */
export interface Directory {
  /** Upper-case user name -> password. */
  passwords: Map<string, string>;
  /** Access token -> upper-case user name. */
  accessTokens: Map<string, string>;
  /** Refresh token -> upper-case user name. */
  refreshTokens: Map<string, string>;
}

/** Something the emulator can shut down: a live session. */
export interface LiveSession {
  /** The session id (0 before login). */
  readonly sessionId: bigint;
  /** Ends the session for a shutdown (close frame, bounded waits) and frees everything it holds. */
  shutdown(): Promise<void>;
  /** Aborts the statement running in the session, if any (as `abortQuery` does). */
  abortStatement(): void;
}

/** Shared state of one emulator instance. */
export interface EmulatorContext {
  engine: Engine;
  directory: Directory;
  loginKey: LoginKey;
  cluster: Cluster;
  /** `releaseVersion` of the login reply, strict X.Y.Z. */
  releaseVersion: string;
  /** `size` of TIMESTAMP metadata in v1-v4 sessions, from the release: 8 before Exasol 8, 16 from 8 on. */
  timestampSize: number;
  /** `databaseName` of the login reply. */
  databaseName: string;
  /** Highest protocol version granted (requests above it are downgraded). */
  maxProtocolVersion: number;
  /** Milliseconds every reply is held back (0 = none). */
  latencyMs: number;
  /** Whether the listeners speak TLS (wss). */
  tls: boolean;
  /** Set when the emulator shuts down: sessions accepted from now on are ended at once. */
  closing: boolean;
  /** Live sessions, for shutdown. */
  sessions: Set<LiveSession>;
  /** Session ids in use. */
  sessionIds: Set<bigint>;
  /** Raw HTTP-transport tunnels waiting for an IMPORT/EXPORT statement (tunnel.ts). */
  tunnels: TunnelRegistry;
}

/** A fresh random 19-digit session id (> 2^53, < 2^63), unique within the emulator. */
export function newSessionId(ctx: EmulatorContext): bigint {
  for (;;) {
    const r = randomBytes(8).readBigUInt64BE() % 8_000_000_000_000_000_000n;
    const id = 1_000_000_000_000_000_000n + r;
    if (!ctx.sessionIds.has(id)) {
      ctx.sessionIds.add(id);
      return id;
    }
  }
}
