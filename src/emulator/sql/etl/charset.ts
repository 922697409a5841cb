/**
 * The ENCODING of IMPORT/EXPORT files: UTF-8, ASCII, and the single-byte code pages the WHATWG decoder knows
 * (ISO-8859-x, LATIN1, WINDOWS-125x): a streaming decoder that fails on bytes the encoding does not allow, and
 * an encoder that fails on characters it cannot represent (Exasol's ETL-3009 "Charset conversion").
 */
import { SqlCode } from '../../../protocol';
import { EngineError } from '../contract';

/** Turns the file's bytes into text, chunk by chunk (`final` on the last call). */
export type TextDecode = (bytes: Uint8Array, final: boolean) => string;
/** Turns text into the file's bytes. */
export type TextEncode = (text: string) => Buffer;

/** The 42636 error of a failed charset conversion. */
export function charsetError(from: string, to: string, where = ''): EngineError {
  return new EngineError('42636', `ETL-3009: ${where}[Charset conversion from '${from}' to '${to}' failed [Invalid or incomplete multibyte or wide character]]`);
}

function label(encoding: string): string {
  const e = encoding.toUpperCase().replace(/_/g, '-');
  if (e === 'UTF8' || e === 'UTF-8') return 'utf-8';
  if (e === 'ASCII' || e === 'US-ASCII') return 'ascii';
  if (e === 'LATIN1') return 'iso-8859-1';
  const cp = /^CP(125\d)$/.exec(e);
  if (cp) return `windows-${cp[1]}`;
  return e.toLowerCase();
}

/** Checks an encoding name; throws 42000 for one the emulator does not support. */
export function checkEncoding(encoding: string): void {
  const l = label(encoding);
  if (l === 'utf-8' || l === 'ascii') return;
  if (/^(iso-8859-\d{1,2}|windows-125\d)$/.test(l)) {
    try {
      new TextDecoder(l);
      return;
    } catch {
      /* fall through */
    }
  }
  throw new EngineError(SqlCode.syntaxOrAccess, `unknown or unsupported ENCODING '${encoding}' (UTF-8, ASCII, ISO-8859-x, WINDOWS-125x)`);
}

/** A streaming decoder for the encoding. */
export function decoderFor(encoding: string): TextDecode {
  const l = label(encoding);
  if (l === 'ascii') {
    return (bytes) => {
      for (const b of bytes) if (b > 0x7f) throw charsetError('ASCII', 'UTF-8');
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
    };
  }
  // iso-8859-1 is windows-1252 to the WHATWG decoder: decode it by hand, byte = code point
  if (l === 'iso-8859-1') return (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const d = new TextDecoder(l, { fatal: true });
  return (bytes, final) => {
    try {
      return d.decode(bytes, { stream: !final });
    } catch {
      throw charsetError(encoding.toUpperCase(), 'UTF-8');
    }
  };
}

const tables = new Map<string, Map<number, number>>();

/** An encoder for the encoding. */
export function encoderFor(encoding: string): TextEncode {
  const l = label(encoding);
  if (l === 'utf-8') return (text) => Buffer.from(text, 'utf8');
  const limit = l === 'ascii' ? 0x7f : l === 'iso-8859-1' ? 0xff : -1;
  if (limit >= 0) {
    return (text) => {
      for (let k = 0; k < text.length; k++) if (text.charCodeAt(k) > limit) throw charsetError('UTF-8', encoding.toUpperCase());
      return Buffer.from(text, 'latin1');
    };
  }
  let table = tables.get(l);
  if (table === undefined) {
    table = new Map();
    const d = new TextDecoder(l);
    for (let b = 0; b < 256; b++) {
      const ch = d.decode(Uint8Array.of(b));
      if (ch !== '\ufffd') table.set(ch.codePointAt(0)!, b);
    }
    tables.set(l, table);
  }
  const map = table;
  return (text) => {
    const out = Buffer.allocUnsafe(text.length);
    let n = 0;
    for (const ch of text) {
      const b = map.get(ch.codePointAt(0)!);
      if (b === undefined) throw charsetError('UTF-8', encoding.toUpperCase());
      out[n++] = b;
    }
    return out.subarray(0, n);
  };
}
