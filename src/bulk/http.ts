/**
 * The HTTP exchange inside a tunnel (http-transport.md §3): the database is the HTTP client, this side
 * the server. Reading the request head, sending a chunked body (IMPORT), reading a chunked,
 * Content-Length or close-delimited body (EXPORT), and the status lines this side answers with.
 */
import type { Duplex } from 'node:stream';
import { TransferError } from './errors';
import type { Guard } from './guard';

/** Largest request head accepted, bytes. */
const MAX_HEAD = 64 * 1024;

/** The database's request: method, target and lower-cased headers. */
export interface RequestHead {
  method: string;
  target: string;
  headers: Map<string, string>;
}

/** Waits for the request head (up to the empty line); bytes after it stay in the stream. */
export function readHead(g: Guard): Promise<RequestHead> {
  const s = g.stream;
  return new Promise<RequestHead>((resolve, reject) => {
    if (s.destroyed) return reject(g.closedError('before it sent its request'));
    let buf: Buffer = Buffer.alloc(0);
    const done = (e: Error | undefined, head?: RequestHead) => {
      s.off('data', onData);
      s.off('close', onClose);
      s.pause();
      if (e) reject(e);
      else resolve(head!);
    };
    const onData = (c: Buffer) => {
      g.touch();
      buf = buf.length === 0 ? c : Buffer.concat([buf, c]);
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) {
        if (buf.length > MAX_HEAD) done(new TransferError(`the database's request head exceeds ${MAX_HEAD} bytes`));
        return;
      }
      const rest = buf.subarray(end + 4);
      const lines = buf.subarray(0, end).toString('latin1').split('\r\n');
      const m = /^([A-Z]+) (\S+) HTTP\/1\.[01]$/.exec(lines[0]!);
      if (m === null) return done(new TransferError(`the database sent a malformed request line ${JSON.stringify(lines[0]!.slice(0, 80))}`));
      const headers = new Map<string, string>();
      for (const l of lines.slice(1)) {
        // a line that is no `name: value` (or a folded one) could hide the body's framing: refuse it
        const i = l.indexOf(':');
        const name = l.slice(0, i).toLowerCase();
        if (i <= 0 || !/^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(name)) return done(new TransferError(`the database sent a malformed header line ${JSON.stringify(l.slice(0, 80))}`));
        const value = l.slice(i + 1).trim();
        const had = headers.get(name);
        if (had !== undefined && name === 'content-length' && had !== value) return done(new TransferError(`the database sent two different Content-Length headers (${JSON.stringify(had.slice(0, 20))}, ${JSON.stringify(value.slice(0, 20))})`));
        headers.set(name, had !== undefined && name !== 'content-length' ? `${had}, ${value}` : value);
      }
      s.off('data', onData);
      s.pause();
      if (rest.length > 0) s.unshift(rest);
      done(undefined, { method: m[1]!, target: m[2]!, headers });
    };
    const onClose = () => done(g.closedError('before it sent its request'));
    s.on('data', onData);
    s.on('close', onClose);
    s.resume();
  });
}

/** Checks the request's method and file. */
export function expectRequest(head: RequestHead, method: 'GET' | 'PUT', file: string): void {
  if (head.method !== method || head.target !== `/${file}`) throw new TransferError(`the database requested ${head.method} ${head.target}, expected ${method} /${file}`);
}

/** The IMPORT response head (the body follows in chunks). */
export const IMPORT_RESPONSE = 'HTTP/1.1 200 OK\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n';
/** The end of a chunked body. */
export const LAST_CHUNK = '0\r\n\r\n';
/** The EXPORT answer after the whole body was read. */
export const EXPORT_OK = 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n';
/** The EXPORT answer when this side failed (the statement then fails). */
export const EXPORT_FAILED = 'HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n';

/** Writes one chunk of a chunked body; resolves when the stream can take more. */
export async function writeChunk(g: Guard, data: Buffer): Promise<void> {
  const s = g.stream;
  if (s.destroyed) throw g.closedError('while sending');
  s.cork();
  s.write(data.length.toString(16) + '\r\n');
  s.write(data);
  const ok = s.write('\r\n');
  s.uncork();
  g.touch();
  if (!ok) await g.drain();
}

/**
 * The request body as it arrives (chunked, Content-Length, or until the database closes), read with
 * backpressure: the next piece is read only when the consumer asks for it.
 */
export async function* requestBody(g: Guard, head: RequestHead): AsyncGenerator<Buffer> {
  const s = g.stream;
  const te = head.headers.get('transfer-encoding');
  const cl = head.headers.get('content-length');
  // only `chunked` is undone here: any other coding (gzip, deflate) would pass as CSV unchanged
  if (te !== undefined && !/^chunked$/i.test(te)) throw new TransferError(`the database sent Transfer-Encoding ${JSON.stringify(te.slice(0, 40))}; only chunked is supported`);
  const chunked = te !== undefined;
  let remaining = !chunked && cl !== undefined ? Number(cl) : -1;
  // digits only: Number() would also take '0x10', '1e3', ' 8' or '+8'
  if (!chunked && cl !== undefined && !(/^\d{1,15}$/.test(cl) && Number.isSafeInteger(remaining))) throw new TransferError(`the database sent a bad Content-Length ${JSON.stringify(cl)}`);
  if (remaining === 0) return;
  // chunked decoder state
  let state: 'size' | 'data' | 'crlf' | 'trailer' = 'size';
  let line = '';
  let left = 0;
  let trailer = 0;
  const it = s.iterator({ destroyOnReturn: false });
  {
    for (;;) {
      let r: IteratorResult<unknown>;
      try {
        r = await it.next();
      } catch {
        throw g.closedError('during the body'); // the stream's error, as the guard names it
      }
      if (r.done === true) break;
      g.touch();
      let c = r.value as Buffer;
      if (!chunked) {
        if (remaining >= 0) {
          if (c.length >= remaining) {
            if (c.length > remaining) throw new TransferError(`the database sent more than its Content-Length of ${cl} bytes`);
            const last = c.subarray(0, remaining);
            remaining = 0;
            if (last.length > 0) yield last;
            return;
          }
          remaining -= c.length;
        }
        yield c;
        continue;
      }
      while (c.length > 0) {
        if (state === 'size' || state === 'trailer' || state === 'crlf') {
          const nl = c.indexOf(0x0a);
          if (nl < 0) {
            line += c.toString('latin1');
            if (line.length > 4096) throw new TransferError('the database sent an over-long chunk line');
            c = c.subarray(c.length);
            break;
          }
          line += c.subarray(0, nl).toString('latin1');
          c = c.subarray(nl + 1);
          const text = line.replace(/\r$/, '');
          line = '';
          if (state === 'crlf') {
            if (text !== '') throw new TransferError('the database sent a chunk without its CRLF');
            state = 'size';
          } else if (state === 'trailer') {
            if (text === '') {
              if (c.length > 0) throw new TransferError('the database sent data after the last chunk');
              return;
            }
            if ((trailer += text.length) > MAX_HEAD) throw new TransferError(`the database's chunked trailer exceeds ${MAX_HEAD} bytes`);
          } else {
            const m = /^([0-9A-Fa-f]{1,12})(;.*)?$/.exec(text);
            if (m === null) throw new TransferError(`the database sent a bad chunk size ${JSON.stringify(text.slice(0, 40))}`);
            left = parseInt(m[1]!, 16);
            state = left === 0 ? 'trailer' : 'data';
          }
        } else {
          const take = Math.min(left, c.length);
          const piece = c.subarray(0, take);
          c = c.subarray(take);
          left -= take;
          if (left === 0) state = 'crlf';
          yield piece;
        }
      }
    }
    if (chunked || remaining > 0) throw g.closedError('before the end of the body');
  }
}
