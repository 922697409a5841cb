// The EXPORT text decoder (src/bulk/text-decode.ts), whose ASCII pieces skip the fatal TextDecoder, against one
// fatal TextDecoder over all bytes at once: seeded random byte texts (ASCII runs, 2-4 byte characters, a BOM,
// and in some texts one bad sequence: a lone continuation byte, a cut character, an overlong form, a surrogate)
// cut into random pieces (characters cut by piece borders, ASCII pieces right after such a cut) must give the
// same text, or both an error (a TransferError here).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mulberry32 } from '../bench/rng';
import { TransferError } from '../src/bulk/errors';
import { CsvTextDecoder } from '../src/bulk/text-decode';

const GOOD = ['a', 'bc,d', '1234567890', '\n', '"', 'é', '€', '😀', '\u{10ffff}', '\ufeff'].map((s) => Buffer.from(s));
const BAD = [[0x80], [0xbf], [0xc3], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xff], [0xf5, 0x80, 0x80, 0x80]].map((b) => Buffer.from(b));

/** The text of `pieces` through the decoder, or 'error' (checked to be a TransferError). */
function decodePieces(encoding: string, pieces: Buffer[]): string {
  const dec = new CsvTextDecoder(encoding);
  let out = '';
  let before = 0;
  try {
    for (const p of pieces) {
      out += dec.push(p, before);
      before += p.length;
    }
    return out + dec.end(before);
  } catch (e) {
    assert.ok(e instanceof TransferError, String(e));
    return 'error';
  }
}

/** The text of all bytes through one fatal decoder, or 'error'. */
function reference(encoding: string, bytes: Buffer): string {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return 'error';
  }
}

test('the decoder gives one fatal TextDecoder\'s text or error for random UTF-8 bytes cut anywhere', () => {
  const r = mulberry32(14);
  let errors = 0;
  for (let k = 0; k < 3000; k++) {
    const parts: Buffer[] = [];
    const len = Math.floor(r() * 40);
    for (let i = 0; i < len; i++) parts.push(GOOD[Math.floor(r() * GOOD.length)]!);
    if (r() < 0.3) parts.splice(Math.floor(r() * (parts.length + 1)), 0, BAD[Math.floor(r() * BAD.length)]!);
    const bytes = Buffer.concat(parts);
    const pieces: Buffer[] = [];
    for (let at = 0; at < bytes.length; ) {
      const n = Math.min(bytes.length - at, r() < 0.1 ? 0 : 1 + Math.floor(r() * 12));
      pieces.push(bytes.subarray(at, at + n));
      at += n;
    }
    const want = reference('utf-8', bytes);
    if (want === 'error') errors++;
    assert.equal(decodePieces(r() < 0.5 ? 'UTF-8' : 'utf8', pieces), want, `${bytes.toString('hex')} in ${pieces.map((p) => p.length)}`);
  }
  assert.ok(errors > 300, `texts with a bad sequence: ${errors}`);
});

test('the decoder keeps a UTF-8 BOM, decodes other encodings with their decoder, and names the bytes before an error', () => {
  assert.equal(decodePieces('UTF-8', [Buffer.from([0xef, 0xbb]), Buffer.from([0xbf, 0x61])]), '\ufeffa');
  assert.equal(decodePieces('windows-1252', [Buffer.from('a,'), Buffer.from([0x80, 0xe9])]), 'a,€é');
  const dec = new CsvTextDecoder('UTF-8');
  assert.equal(dec.push(Buffer.from('ab'), 0), 'ab');
  assert.equal(dec.push(Buffer.from([0xe2, 0x82]), 2), '');
  assert.throws(() => dec.push(Buffer.from('c'), 4), (e: unknown) => e instanceof TransferError && /not valid UTF-8 \(after 4 bytes\)/.test(e.message));
  const cut = new CsvTextDecoder('UTF-8');
  assert.equal(cut.push(Buffer.from([0x61, 0xc3]), 0), 'a');
  assert.throws(() => cut.end(2), TransferError);
});
