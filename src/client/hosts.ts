/**
 * Host lists as Exasol drivers write them: comma-separated entries, numeric ranges
 * (`exa1..3`, `10.0.0.11..14`, zero padding kept: `n01..03`), an optional certificate
 * fingerprint (`host/<sha256>:port`) and an optional port. An entry without a port takes the port
 * of the next entry that has one (so `h1,h2,h3:8564` all use 8564), else 8563.
 */
import { DEFAULT_PORT } from '../protocol';
import { InputError } from '../errors';

/** One address to try. */
export interface HostEntry {
  host: string;
  port: number;
  /** Certificate fingerprint given inline (`host/FP:port`). */
  fingerprint?: string;
}

/** `host[/fingerprint][:port]`: groups 1 host, 2 fingerprint, 3 port. */
const ENTRY = /^(\[[^\]]+\]|[^/:\s]+?)(?:\/([^:\s]+))?(?::(\d+))?$/;
/** `prefix<from>..<to>suffix`: groups 1 prefix, 2 from, 3 to, 4 suffix. */
const RANGE = /^(.*?)(\d+)\.\.(\d+)(\D*)$/;

/** Expands a host list into addresses, in the written order. Throws InputError when malformed. */
export function parseHosts(list: string): HostEntry[] {
  const parts = list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (parts.length === 0) throw new InputError('host list is empty');
  // Never repeat an entry that may hold credentials.
  if (list.includes('@')) throw new InputError('host list must not contain user info (user:password@): pass user and password as options');
  const parsed = parts.map((p) => {
    const m = ENTRY.exec(p);
    if (m === null) throw new InputError(`bad host entry "${p}"`);
    const port = m[3] === undefined ? undefined : Number(m[3]);
    if (port !== undefined && (port < 1 || port > 65535)) throw new InputError(`bad port in "${p}"`);
    return { host: m[1]!, fp: m[2], port };
  });
  const out: HostEntry[] = [];
  let nextPort = DEFAULT_PORT;
  const ports: number[] = new Array(parsed.length);
  for (let i = parsed.length - 1; i >= 0; i--) {
    if (parsed[i]!.port !== undefined) nextPort = parsed[i]!.port!;
    ports[i] = nextPort;
  }
  parsed.forEach((p, i) => {
    for (const host of expandRange(p.host)) {
      const e: HostEntry = { host, port: ports[i]! };
      if (p.fp !== undefined) e.fingerprint = p.fp;
      out.push(e);
    }
  });
  return out;
}

function expandRange(host: string): string[] {
  const m = RANGE.exec(host);
  if (m === null) return [host];
  const [, prefix, from, to, suffix] = m as unknown as [string, string, string, string, string];
  const a = Number(from);
  const b = Number(to);
  if (b < a) throw new InputError(`bad host range "${host}": ${from} > ${to}`);
  if (b - a > 1000) throw new InputError(`host range "${host}" is too large`);
  const width = from.length > 1 && from.startsWith('0') ? from.length : 0;
  const hosts: string[] = [];
  for (let n = a; n <= b; n++) hosts.push(prefix + String(n).padStart(width, '0') + suffix);
  return hosts;
}

/** Returns a copy of the list in random order (Fisher-Yates), so clients spread over cluster nodes. */
export function shuffleHosts<T>(list: readonly T[], random: () => number = Math.random): T[] {
  const a = list.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}
