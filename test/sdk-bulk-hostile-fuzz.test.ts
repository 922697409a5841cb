// exasol-ws/bulk EXPORT against seeded random tunnels (test/support/hostile-tunnel.ts): a valid exchange
// (request head, chunked body with random chunk sizes, hex case and extensions, optionally gzip) of a
// tricky CSV (quotes, separators and line breaks inside fields, multi-byte UTF-8, NULL) is
// (a) delivered in random TCP pieces with small pauses: the rows must come out exactly;
// (b) broken in one framing byte (deleted, replaced, doubled) or cut: either exactly the same rows, or a
//     BulkError whose transfer cause is a TransferError or TimeoutError; never a hang, an unhandled
//     rejection or an open tunnel (test/support/hostile-bulk-run.ts);
// (c) for IMPORT, the database's GET request broken in one byte: either the exact chunked body, or a
//     BulkError with a TransferError or TimeoutError.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { mulberry32 } from '../bench/rng';
import { BulkError } from '../src/bulk/index';
import { runHostileBulk } from './support/hostile-bulk-run';
import { getHead, handshakeReply, putHead, type TunnelPeer } from './support/hostile-tunnel';

const CSV = '1,"a,b"\n2,"say ""hi"""\n3,"line\nbreak"\n4,é€😀\n5,\n';
const ROWS = [['1', 'a,b'], ['2', 'say "hi"'], ['3', 'line\nbreak'], ['4', 'é€😀'], ['5', null]];

/** The exchange as pieces, each marked as framing (head, chunk lines, CRLFs) or payload. */
function exchange(rnd: () => number, gzip: boolean): { bytes: Buffer; framing: number[] } {
  const payload = gzip ? gzipSync(CSV) : Buffer.from(CSV);
  const parts: { b: Buffer; framing: boolean }[] = [{ b: Buffer.from(putHead(gzip ? '000.gz' : '000.csv')), framing: true }];
  for (let at = 0; at < payload.length; ) {
    const n = Math.min(payload.length - at, 1 + Math.floor(rnd() * 12));
    let size = n.toString(16);
    if (rnd() < 0.3) size = size.toUpperCase();
    if (rnd() < 0.2) size += ';ext=1';
    parts.push({ b: Buffer.from(size + '\r\n'), framing: true }, { b: payload.subarray(at, at + n), framing: false }, { b: Buffer.from('\r\n'), framing: true });
    at += n;
  }
  parts.push({ b: Buffer.from('0\r\n\r\n'), framing: true });
  const framing: number[] = [];
  let off = 0;
  for (const p of parts) {
    if (p.framing) for (let i = 0; i < p.b.length; i++) framing.push(off + i);
    off += p.b.length;
  }
  return { bytes: Buffer.concat(parts.map((p) => p.b)), framing };
}

/** Sends `bytes` in random pieces with pauses of 0-3 ms; ends the tunnel afterwards when `close`. */
async function sendPieces(p: TunnelPeer, rnd: () => number, bytes: Buffer): Promise<void> {
  for (let at = 0; at < bytes.length; ) {
    const n = 1 + Math.floor(rnd() * 40);
    await p.send(bytes.subarray(at, at + n));
    at += n;
    if (rnd() < 0.3) await new Promise((r) => setTimeout(r, Math.floor(rnd() * 4)));
  }
}

for (let seed = 1; seed <= 12; seed++) {
  const gzip = seed % 3 === 0;
  test(`hostile bulk fuzz: valid exchange in random pieces, seed ${seed}${gzip ? ' (gzip)' : ''}`, async () => {
    const rnd = mulberry32(seed);
    const { bytes } = exchange(rnd, gzip);
    const { r } = await runHostileBulk({
      op: 'rows',
      gzip,
      tunnel: async (p, sql) => {
        await p.send(handshakeReply());
        await sendPieces(p, rnd, bytes);
        if (await p.waitFor('\r\n\r\n')) sql.answer({ rows: ROWS.length });
      },
    });
    assert.ok(r.ok, r.ok ? '' : String(r.error));
    assert.deepEqual(r.value, ROWS);
  });
}

const MUTATIONS = ['delete', 'replace', 'double', 'cut'] as const;
const BYTES = [0x0d, 0x0a, 0x20, 0x30, 0x66, 0x47, 0x3a, 0x00, 0x3b, 0x22];

for (let seed = 101; seed <= 116; seed++) {
  const rnd = mulberry32(seed);
  const gzip = seed % 4 === 0;
  const { bytes, framing } = exchange(rnd, gzip);
  const at = framing[Math.floor(rnd() * framing.length)]!;
  const kind = MUTATIONS[Math.floor(rnd() * MUTATIONS.length)]!;
  const b = BYTES[Math.floor(rnd() * BYTES.length)]!;
  const broken =
    kind === 'delete' ? Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1)])
    : kind === 'replace' ? Buffer.concat([bytes.subarray(0, at), Buffer.from([b]), bytes.subarray(at + 1)])
    : kind === 'double' ? Buffer.concat([bytes.subarray(0, at + 1), bytes.subarray(at)])
    : bytes.subarray(0, at);
  test(`hostile bulk fuzz: ${kind} at byte ${at}${kind === 'replace' ? ` by 0x${b.toString(16)}` : ''}, seed ${seed}${gzip ? ' (gzip)' : ''}`, async () => {
    const { r } = await runHostileBulk({
      op: 'rows',
      gzip,
      tunnel: async (p, sql) => {
        await p.send(handshakeReply());
        await sendPieces(p, rnd, broken);
        if (kind === 'cut') p.end();
        // the statement succeeds once this side answered, as the database would (or never, if it does not)
        if (await p.waitFor('\r\n\r\n', 1500)) sql.answer({ rows: ROWS.length });
      },
    });
    if (r.ok) return assert.deepEqual(r.value, ROWS, 'resolved: then with exactly the rows sent');
    const e = r.error;
    assert.ok(e instanceof BulkError, `a BulkError: ${String(e)}`);
    assert.equal(e.side, 'transfer', e.message);
    assert.ok(['TransferError', 'TimeoutError'].includes(e.transferError?.constructor.name ?? ''), `transferError: ${String(e.transferError)}`);
  });
}

const SENT = 'HTTP/1.1 200 OK\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n1,a\n2,b\n\r\n0\r\n\r\n';

for (let seed = 201; seed <= 208; seed++) {
  const rnd = mulberry32(seed);
  const head = Buffer.from(getHead());
  const at = Math.floor(rnd() * head.length);
  const kind = MUTATIONS[Math.floor(rnd() * MUTATIONS.length)]!;
  const b = BYTES[Math.floor(rnd() * BYTES.length)]!;
  const broken =
    kind === 'delete' ? Buffer.concat([head.subarray(0, at), head.subarray(at + 1)])
    : kind === 'replace' ? Buffer.concat([head.subarray(0, at), Buffer.from([b]), head.subarray(at + 1)])
    : kind === 'double' ? Buffer.concat([head.subarray(0, at + 1), head.subarray(at)])
    : head.subarray(0, at);
  test(`hostile bulk fuzz: IMPORT request ${kind} at byte ${at}${kind === 'replace' ? ` by 0x${b.toString(16)}` : ''}, seed ${seed}`, async () => {
    const { r, peers } = await runHostileBulk({
      op: 'import',
      tunnel: async (p, sql) => {
        await p.send(handshakeReply());
        await sendPieces(p, rnd, broken);
        if (kind === 'cut') p.end();
        if (await p.waitFor('\r\n0\r\n\r\n', 1500)) sql.answer({ rows: 2 });
      },
    });
    if (r.ok) return assert.equal(peers[0]!.received().toString('latin1'), SENT, 'resolved: then with exactly the body');
    const e = r.error;
    assert.ok(e instanceof BulkError, `a BulkError: ${String(e)}`);
    assert.equal(e.side, 'transfer', e.message);
    assert.ok(['TransferError', 'TimeoutError'].includes(e.transferError?.constructor.name ?? ''), `transferError: ${String(e.transferError)}`);
  });
}
