/** Where the tunnels of a transfer go: the session's node, or one per cluster node (`getHosts`, wrapping around). */
import { ProtocolError } from '../errors';
import type { SessionContext } from '../client/session-context';

/** A node's database port. */
export interface Endpoint {
  host: string;
  port: number;
}

/** The session's own host and port, from the URL it is connected to. */
export function sessionEndpoint(ctx: SessionContext): Endpoint {
  const url = new URL(ctx.url);
  return { host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || (url.protocol === 'wss:' ? 443 : 80)) };
}

/** `count` endpoints: from `hosts` (host:port), the session's node alone, or the `getHosts` nodes on the session's port. */
export async function endpoints(ctx: SessionContext, count: number, hosts: readonly string[] | undefined, signal: AbortSignal | undefined): Promise<Endpoint[]> {
  const main = sessionEndpoint(ctx);
  let pool: Endpoint[];
  if (hosts !== undefined) {
    pool = hosts.map((h) => {
      const i = h.lastIndexOf(':');
      return { host: h.slice(0, i).replace(/^\[|\]$/g, ''), port: Number(h.slice(i + 1)) };
    });
  } else if (count === 1) {
    pool = [main];
  } else {
    const reply = await ctx.transport.request<{ numNodes?: unknown; nodes?: unknown }>({ command: 'getHosts', hostIp: main.host }, { signal });
    const nodes = reply.responseData?.nodes;
    if (!Array.isArray(nodes) || nodes.length === 0 || !nodes.every((n) => typeof n === 'string' && n !== '')) throw new ProtocolError('getHosts reply: nodes must be a non-empty list of addresses');
    pool = [...new Set(nodes as string[])].map((host) => ({ host, port: main.port }));
  }
  return Array.from({ length: count }, (_, i) => pool[i % pool.length]!);
}
