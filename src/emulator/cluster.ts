/**
 * The emulated cluster (protocol.md §3.15-§3.16, wire-quirks.md §13, protocol-v4-v5.md §3): the node
 * addresses (N nodes = N listeners on 127.0.0.1..127.0.0.N), `getHosts`, and parallel groups made by
 * `enterParallel` or (v4+) `requestParallelConnections`: a token, the sub-connections that log in with it, and each one's share of a
 * result set (read through `getResultSetHeader`, `getOffset` and `fetch`).
 */
import { randomInt } from 'node:crypto';

/** One node of the emulated cluster. */
export interface ClusterNode {
  /** Bare IPv4 address (what getHosts lists). */
  ip: string;
  /** Port the node listens on (set once listening). */
  port: number;
}

/** The node IPs for `nodes` listeners starting at `host` (127.0.0.1 -> 127.0.0.1..127.0.0.N). */
export function planNodeIps(host: string, nodes: number): string[] {
  if (!Number.isInteger(nodes) || nodes < 1 || nodes > 64) throw new RangeError(`nodes must be an integer 1..64, got ${nodes}`);
  if (nodes === 1) return [host];
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(host);
  if (m === null) throw new RangeError(`nodes > 1 needs an IPv4 host, got ${host}`);
  const last = Number(m[4]);
  if (last + nodes - 1 > 254) throw new RangeError(`not enough addresses after ${host} for ${nodes} nodes`);
  return Array.from({ length: nodes }, (_, i) => `${m[1]}.${m[2]}.${m[3]}.${last + i}`);
}

/** A member of a parallel group, as the group sees it. */
export interface ParallelMember {
  /** Releases what the member attached to (called when the group closes). */
  detach(): void;
}

/** A set of sub-connections opened by one `enterParallel`. */
export class ParallelGroup {
  /** Sub-connections that logged in, in login order (their index decides their share). */
  readonly members: ParallelMember[] = [];
  /** Whether the main session used compression (sub-connections without `useCompression` follow it). */
  compressed = false;
  /** Upper-case user of the main session (sub-connections must log in as the same user). */
  user: string | undefined;

  constructor(
    /** The number sub-connections present in `subLogin`. */
    readonly token: number,
    /** Session id of the main session. */
    readonly mainSessionId: bigint,
    /** Number of sub-connections granted. */
    readonly size: number,
    /** Looks up an open result set handle of the main session. */
    readonly mainHandle: (handle: number) => import('./results').OpenResult | undefined,
  ) {}

  /** Adds a sub-connection; returns its index or -1 when the group is full. */
  join(member: ParallelMember): number {
    if (this.members.length >= this.size) return -1;
    this.members.push(member);
    return this.members.length - 1;
  }

  /** Removes a sub-connection (it disconnected). */
  leave(member: ParallelMember): void {
    const i = this.members.indexOf(member);
    if (i >= 0) this.members[i] = { detach() {} };
  }

  /** The slice `[offset, offset+length)` of `total` rows served by member `index`. */
  share(index: number, total: number): { offset: number; length: number } {
    const from = Math.floor((index * total) / this.size);
    const to = Math.floor(((index + 1) * total) / this.size);
    return { offset: from, length: to - from };
  }
}

/** The cluster: its nodes and its open parallel groups. */
export class Cluster {
  readonly nodes: ClusterNode[];
  private readonly groups = new Map<number, ParallelGroup>();

  constructor(ips: string[]) {
    this.nodes = ips.map((ip) => ({ ip, port: 0 }));
  }

  /** `responseData` of getHosts: bare IPs, in node order (real servers shuffle; the emulator keeps tests reproducible). */
  hosts(): { numNodes: number; nodes: string[] } {
    return { numNodes: this.nodes.length, nodes: this.nodes.map((n) => n.ip) };
  }

  /**
   * Opens a parallel group for a main session (closing its previous one). `requested` 0 closes only.
   * Nodes start at the node the main session is connected to.
   */
  enterParallel(
    mainSessionId: bigint,
    requested: number,
    firstNode: number,
    mainHandle: ParallelGroup['mainHandle'],
  ): { numOpenConnections: number; token: number; nodes: string[] } {
    this.closeGroupsOf(mainSessionId);
    const n = Math.min(requested, this.nodes.length);
    let token = randomInt(1, 2 ** 47);
    while (this.groups.has(token)) token = randomInt(1, 2 ** 47);
    if (n === 0) return { numOpenConnections: 0, token, nodes: [] };
    this.groups.set(token, new ParallelGroup(token, mainSessionId, n, mainHandle));
    const nodes: string[] = [];
    for (let i = 0; i < n; i++) {
      const node = this.nodes[(firstNode + i) % this.nodes.length];
      nodes.push(`${node.ip}:${node.port}`);
    }
    return { numOpenConnections: n, token, nodes };
  }

  /** The group of a token, if open. */
  group(token: number): ParallelGroup | undefined {
    return this.groups.get(token);
  }

  /** Closes every group of a main session (it disconnected or re-entered parallel mode). */
  closeGroupsOf(mainSessionId: bigint): void {
    for (const [token, g] of this.groups) {
      if (g.mainSessionId !== mainSessionId) continue;
      this.groups.delete(token);
      for (const m of g.members) m.detach();
    }
  }
}
