/**
 * A raw-protocol test client: a plain `ws` socket that sends JSON requests and reads replies frame by
 * frame (lossless JSON, zlib frames once compression is on), with a login helper that encrypts the
 * password with node:crypto (RSA PKCS#1 v1.5). Every wait has a timeout. Reusable by any test.
 */
import { constants, publicEncrypt } from 'node:crypto';
import { deflateSync, inflateSync } from 'node:zlib';
import WebSocket from 'ws';
import { parseJson, stringifyJson } from '../../src/protocol';

/** One received frame. */
export interface Frame {
  /** Decoded JSON text. */
  text: string;
  /** Parsed JSON (integers beyond 2^53 as digit strings). */
  json: any;
  /** Whether it was a binary (zlib) frame. */
  binary: boolean;
}

/** Options of {@link WireClient.login}. */
export interface LoginOptions {
  user?: string;
  password?: string;
  protocolVersion?: number;
  useCompression?: boolean;
  attributes?: Record<string, unknown>;
  /** Extra fields for the credentials message. */
  extra?: Record<string, unknown>;
  /** Login command (default 'login'). */
  command?: 'login' | 'subLogin';
}

/** Encrypts a secret for a password login: RSA PKCS#1 v1.5 with the PEM from the public-key reply, Base64. */
export function encryptPassword(pem: string, secret: string): string {
  return publicEncrypt({ key: pem, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(secret, 'utf8')).toString('base64');
}

/** A raw WebSocket connection to the emulator. */
export class WireClient {
  /** Frames not yet taken by {@link next}. */
  private readonly queue: Frame[] = [];
  private waiter: ((f: Frame | Error) => void) | undefined;
  /** Number of unsolicited Pong frames received. */
  pongs = 0;
  /** Send and expect binary zlib frames. */
  compressed = false;
  /** Resolves with the close code once the socket closed. */
  readonly closed: Promise<number>;
  private isClosed = false;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      const text = isBinary ? inflateSync(data).toString('utf8') : data.toString('utf8');
      const f: Frame = { text, json: parseJson(text), binary: isBinary };
      if (this.waiter) {
        const w = this.waiter;
        this.waiter = undefined;
        w(f);
      } else this.queue.push(f);
    });
    ws.on('pong', () => this.pongs++);
    this.closed = new Promise((resolve) =>
      ws.on('close', (code: number) => {
        this.isClosed = true;
        if (this.waiter) {
          const w = this.waiter;
          this.waiter = undefined;
          w(new Error(`socket closed (${code})`));
        }
        resolve(code);
      }),
    );
    ws.on('error', () => undefined);
  }

  /** Opens a connection (rejects after `timeoutMs`). */
  static open(url: string, options: WebSocket.ClientOptions = {}, timeoutMs = 10000): Promise<WireClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { perMessageDeflate: false, ...options });
      const t = setTimeout(() => {
        ws.terminate();
        reject(new Error(`connect timeout ${url}`));
      }, timeoutMs);
      ws.once('open', () => {
        clearTimeout(t);
        resolve(new WireClient(ws));
      });
      ws.once('error', (e) => {
        clearTimeout(t);
        reject(e);
      });
    });
  }

  /** Sends a request object (or raw text) as a text frame, or as a zlib binary frame once compressed. */
  send(msg: unknown): void {
    const text = typeof msg === 'string' ? msg : stringifyJson(msg);
    if (this.compressed) this.ws.send(deflateSync(Buffer.from(text, 'utf8')), { binary: true });
    else this.ws.send(text);
  }

  /** The next frame (rejects after `timeoutMs` or when the socket closes). */
  next(timeoutMs = 20000): Promise<Frame> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    if (this.isClosed) return Promise.reject(new Error('socket closed'));
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => {
        this.waiter = undefined;
        reject(new Error(`no reply within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiter = (f) => {
        clearTimeout(t);
        if (f instanceof Error) reject(f);
        else resolve(f);
      };
    });
  }

  /** Sends a request and returns the parsed reply. */
  async request(msg: unknown, timeoutMs?: number): Promise<any> {
    this.send(msg);
    return (await this.next(timeoutMs)).json;
  }

  /** Sends a request that must succeed and returns its reply. */
  async ok(msg: unknown, timeoutMs?: number): Promise<any> {
    const r = await this.request(msg, timeoutMs);
    if (r.status !== 'ok') throw new Error(`request failed: ${JSON.stringify(r)}`);
    return r;
  }

  /** Performs the four-message password login; returns the final reply (ok or error). Switches framing on success. */
  async login(o: LoginOptions = {}): Promise<any> {
    const key = await this.request({ command: o.command ?? 'login', protocolVersion: o.protocolVersion ?? 3 });
    if (key.status !== 'ok') return key;
    const creds: Record<string, unknown> = {
      username: o.user ?? 'sys',
      password: encryptPassword(key.responseData.publicKeyPem, o.password ?? 'exasol'),
      ...(o.command === 'subLogin' ? {} : { useCompression: o.useCompression ?? false }),
      ...(o.attributes ? { attributes: o.attributes } : {}),
      ...o.extra,
    };
    const reply = await this.request(creds);
    if (reply.status === 'ok' && (o.useCompression || o.attributes?.compressionEnabled === true)) this.compressed = true;
    return reply;
  }

  /** Opens a connection and logs in as sys/exasol (or as given); throws if the login fails. */
  static async connect(url: string, o: LoginOptions = {}, options: WebSocket.ClientOptions = {}): Promise<WireClient> {
    const c = await WireClient.open(url, options);
    const r = await c.login(o);
    if (r.status !== 'ok') {
      c.terminate();
      throw new Error(`login failed: ${JSON.stringify(r)}`);
    }
    return c;
  }

  /** Closes the socket and waits for it to be closed (bounded). */
  async close(): Promise<void> {
    if (!this.isClosed) this.ws.close();
    let t: NodeJS.Timeout | undefined;
    await Promise.race([this.closed, new Promise((r) => (t = setTimeout(r, 5000)))]);
    clearTimeout(t);
    if (!this.isClosed) this.ws.terminate();
  }

  /** Drops the connection without a close handshake (a vanished client). */
  terminate(): void {
    this.ws.terminate();
  }
}

/** Turns column-major `data` into row arrays. */
export function toRows(data: unknown[][] | undefined): unknown[][] {
  if (!data || data.length === 0) return [];
  return data[0].map((_, r) => data.map((c) => c[r]));
}
