/**
 * The smallest possible Exasol client: one `ws` socket, `JSON.parse` of every reply, strictly one
 * request in flight. Used as the floor of the benchmark (no typed decoding, no row objects) and by
 * the replay server's test. Not lossless: it is only a yardstick. With compression, every message
 * after the login reply is zlib (node:zlib `deflateSync` / `inflateSync`).
 */
import { publicEncrypt, constants } from 'node:crypto';
import { deflateSync, inflateSync } from 'node:zlib';
import WebSocket from 'ws';

/** Options of {@link openWsJsonSession}. */
export interface WsJsonOptions {
  /** Log in with `useCompression: true` and use zlib frames afterwards (default false). */
  compression?: boolean;
}

/** A reply envelope as parsed by `JSON.parse`. */
export interface RawReply {
  status: 'ok' | 'error';
  responseData?: any;
  attributes?: Record<string, unknown>;
  exception?: { text: string; sqlCode: string };
}

/** A logged-in minimal session. */
export interface WsJsonSession {
  /** Sends one request and resolves with its parsed reply (rejects on an error reply or after `timeoutMs`). */
  request(req: object, timeoutMs?: number): Promise<RawReply>;
  /** Sends one request and resolves with the reply's raw text (the caller parses). */
  requestText(req: object, timeoutMs?: number): Promise<string>;
  /** `disconnect`, then closes the socket. */
  close(): Promise<void>;
}

/** Opens a socket to `url` and logs in with a password (RSA-encrypted with the server's PEM key). */
export async function openWsJsonSession(url: string, user = 'sys', password = 'exasol', timeoutMs = 10_000, options: WsJsonOptions = {}): Promise<WsJsonSession> {
  const ws = new WebSocket(url, { perMessageDeflate: false, maxPayload: 1 << 30 });
  let compressed = false;
  let pending: { resolve: (t: string) => void; reject: (e: Error) => void; timer: NodeJS.Timeout } | undefined;
  let closed = false;
  ws.on('message', (data: WebSocket.RawData) => {
    const p = pending;
    pending = undefined;
    if (!p) return;
    clearTimeout(p.timer);
    try {
      p.resolve(compressed ? inflateSync(data as Buffer).toString() : data.toString());
    } catch (e) {
      p.reject(e as Error);
    }
  });
  const fail = (e: Error) => {
    const p = pending;
    pending = undefined;
    if (p) {
      clearTimeout(p.timer);
      p.reject(e);
    }
  };
  ws.on('close', () => {
    closed = true;
    fail(new Error('socket closed'));
  });
  ws.on('error', (e) => fail(e));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`connect timeout ${url}`));
    }, timeoutMs);
    ws.once('open', () => {
      clearTimeout(timer);
      resolve();
    });
    ws.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });

  const requestText = (req: object, ms = 60_000): Promise<string> => {
    if (closed) return Promise.reject(new Error('socket closed'));
    if (pending) return Promise.reject(new Error('a request is already in flight'));
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error(`no reply within ${ms} ms`)), ms);
      pending = { resolve, reject, timer };
      const text = JSON.stringify(req);
      if (compressed) ws.send(deflateSync(text), { binary: true });
      else ws.send(text);
    });
  };
  const request = async (req: object, ms?: number): Promise<RawReply> => {
    const reply = JSON.parse(await requestText(req, ms)) as RawReply;
    if (reply.status !== 'ok') throw new Error(`${reply.exception?.sqlCode}: ${reply.exception?.text}`);
    return reply;
  };

  try {
    const key = await request({ command: 'login', protocolVersion: 3 });
    const cipher = publicEncrypt(
      { key: key.responseData.publicKeyPem as string, padding: constants.RSA_PKCS1_PADDING },
      Buffer.from(password, 'utf8'),
    );
    await request({ username: user, password: cipher.toString('base64'), useCompression: options.compression === true });
    compressed = options.compression === true;
  } catch (e) {
    ws.terminate();
    throw e;
  }
  return {
    request,
    requestText,
    close: async () => {
      if (!closed) {
        await request({ command: 'disconnect' }, 5_000).catch(() => undefined);
        ws.close();
      }
    },
  };
}
