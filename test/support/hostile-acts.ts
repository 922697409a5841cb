// Misbehaviours for the hostile server: each is one way a server (or a broken network) can fail,
// applied in place of one normal reply. Raw WebSocket frames are built here byte by byte.
import type { ActContext, Misbehaviour } from './hostile-server';
import { zlibBadAdler, zlibBomb, zlibFlipped, zlibOf, zlibTruncated } from './hostile-replies';

/** Closes the connection with a close frame (default code 1011). */
export function closeFrame(code = 1011): Misbehaviour {
  return (c) => c.close(code, 'hostile close');
}

/** Resets the TCP connection (RST, no close frame). */
export function tcpReset(): Misbehaviour {
  return (c) => c.reset();
}

/** Hangs: stops reading the socket, so nothing is answered, not even the client's close frame (TCP stays open). */
export function frozen(): Misbehaviour {
  return (c) => c.freeze();
}

/** Never answers; with `pongMs`, keeps sending heartbeat Pongs meanwhile. `abortQuery` is ignored. */
export function silence(pongMs?: number): Misbehaviour {
  return (c) => {
    if (pongMs !== undefined) c.pongEvery(pongMs);
  };
}

/** Answers normally after `ms` (an `abortQuery` meanwhile makes it answer R0003 at once); Pongs every `pongMs`. */
export function late(ms: number, pongMs?: number): Misbehaviour {
  return (c) => {
    if (pongMs !== undefined) c.pongEvery(pongMs);
    c.later(ms, () => c.normal !== undefined && c.send(c.normal));
  };
}

/** Answers with this text instead (sent as the session would: zlib binary when compressed). */
export function replyWith(text: string): Misbehaviour {
  return (c) => c.send(text);
}

/** Answers with the normal reply changed by `fn`. */
export function transform(fn: (normal: string) => string): Misbehaviour {
  return (c) => c.send(fn(c.normal ?? '{"status":"ok"}'));
}

/** Answers with the normal reply cut after `keep` characters (default: half). */
export function truncated(keep?: number): Misbehaviour {
  return transform((t) => t.slice(0, keep ?? Math.floor(t.length / 2)));
}

/** Sends the normal reply twice, back to back. */
export function duplicate(): Misbehaviour {
  return (c) => {
    const t = c.normal ?? '{"status":"ok"}';
    c.send(t);
    c.send(t);
  };
}

/** Sends the normal reply as a plain JSON text frame (in a compressed session some clients accept this). */
export function plainText(): Misbehaviour {
  return (c) => c.sendText(c.normal ?? '{"status":"ok"}');
}

/** Sends the normal reply as a zlib binary frame (wrong in an uncompressed session). */
export function binaryReply(): Misbehaviour {
  return (c) => c.sendBinary(zlibOf(c.normal ?? '{"status":"ok"}'));
}

/** Sends the normal reply as a corrupt zlib binary frame. */
export function corruptZlib(kind: 'flip' | 'adler' | 'truncate'): Misbehaviour {
  const make = kind === 'flip' ? zlibFlipped : kind === 'adler' ? zlibBadAdler : zlibTruncated;
  return (c) => c.sendBinary(make(c.normal ?? '{"status":"ok"}'));
}

/** The normal reply as a valid zlib frame, with invalid UTF-8 bytes inside its first column name (otherwise a valid reply). */
export function zlibInvalidUtf8(): Misbehaviour {
  return (c) => {
    const t = c.normal ?? '{}';
    const at = t.indexOf('"name":"');
    if (at < 0) throw new Error('zlibInvalidUtf8 needs a reply with a column name');
    const i = at + '"name":"'.length;
    c.sendBinary(zlibOf(Buffer.concat([Buffer.from(t.slice(0, i)), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(t.slice(i))])));
  };
}

/** Sends a ~1 MB zlib frame that inflates to 1100 MiB. */
export function zlibBombReply(): Misbehaviour {
  return (c) => c.sendBinary(zlibBomb());
}

/** Options of a hand-made WebSocket frame. */
export interface RawFrame {
  opcode: number;
  payload: Buffer;
  fin?: boolean;
  /** RSV1..3 bits as a 3-bit number (4 = RSV1). */
  rsv?: number;
  /** Masks the payload (servers must not). */
  mask?: boolean;
  /** The length written in the header, when it should differ from the payload's. */
  claimedLength?: number;
}

/** Encodes one WebSocket frame (RFC 6455 §5.2). */
export function encodeFrame(f: RawFrame): Buffer {
  const len = f.claimedLength ?? f.payload.length;
  const b0 = ((f.fin ?? true) ? 0x80 : 0) | ((f.rsv ?? 0) << 4) | (f.opcode & 0x0f);
  const maskBit = f.mask ? 0x80 : 0;
  let head: Buffer;
  if (len < 126) head = Buffer.from([b0, maskBit | len]);
  else if (len < 65536) {
    head = Buffer.alloc(4);
    head[0] = b0;
    head[1] = maskBit | 126;
    head.writeUInt16BE(len, 2);
  } else {
    head = Buffer.alloc(10);
    head[0] = b0;
    head[1] = maskBit | 127;
    head.writeBigUInt64BE(BigInt(len), 2);
  }
  if (!f.mask) return Buffer.concat([head, f.payload]);
  const key = Buffer.from([0x12, 0x34, 0x56, 0x78]);
  const body = Buffer.from(f.payload.map((x, i) => x ^ key[i % 4]!));
  return Buffer.concat([head, key, body]);
}

/** Writes one raw frame to the socket. */
export function rawFrame(f: RawFrame): Misbehaviour {
  return (c: ActContext) => c.sendRaw(encodeFrame(f));
}

/** A text frame whose header claims `mib` MiB; only a few bytes follow. */
export function oversizedFrame(mib = 300): Misbehaviour {
  return rawFrame({ opcode: 1, payload: Buffer.from('{"status":"ok","responseData":{"x":"'), claimedLength: mib * 1024 * 1024 });
}

/** The normal reply in a frame with a reserved opcode (0x3). */
export function reservedOpcode(): Misbehaviour {
  return (c) => c.sendRaw(encodeFrame({ opcode: 3, payload: Buffer.from(c.normal ?? '{}') }));
}

/** The normal reply in a text frame with RSV1 set (no extension was negotiated). */
export function rsvBits(): Misbehaviour {
  return (c) => c.sendRaw(encodeFrame({ opcode: 1, rsv: 4, payload: Buffer.from(c.normal ?? '{}') }));
}

/** The normal reply in a masked text frame (servers must not mask). */
export function maskedFrame(): Misbehaviour {
  return (c) => c.sendRaw(encodeFrame({ opcode: 1, mask: true, payload: Buffer.from(c.normal ?? '{}') }));
}

/** A text frame with invalid UTF-8 inside a JSON string. */
export function invalidUtf8(): Misbehaviour {
  return (c) => c.sendRaw(encodeFrame({ opcode: 1, payload: Buffer.concat([Buffer.from('{"status":"ok","x":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')]) }));
}

/** Sends an extra, unsolicited reply (for the idle phase). */
export function unsolicited(text = '{"status":"ok","responseData":{"numResults":1,"results":[{"resultType":"rowCount","rowCount":1}]}}'): Misbehaviour {
  return (c) => c.send(text);
}

/** A JSON value nested `depth` arrays deep. */
export function nested(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}
