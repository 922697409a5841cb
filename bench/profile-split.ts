/**
 * Where does the SDK spend its time compared to the floor? Replays the benchmark's 1M-row fetch
 * frames in-process (no socket) through each stage of the SDK's receive path separately:
 * UTF-8 decode, `JSON.parse` (floor) vs the SDK's lossless `parseJson`, reply validation, column
 * decoding plus row building (`values: 'typed'`), and row building alone (`values: 'raw'`).
 * `node --import tsx bench/profile-split.ts [reps] [fetchBytes]`; prints ms and rows/s per stage.
 */
import { checkEnvelope, parseDataReply, parseJson } from '../src/protocol';
import type { Row } from '../src/values';
import { rowDecoder, type RowDecoder } from '../src/client/decode';
import { FETCH_DATA_PATH } from '../src/client/results';
import { PrecomputedRows } from './chunks';
import { BENCH_COLUMNS } from './dataset';
import { BENCH_FETCH_BYTES } from './sdk-client';
import { median, round } from './stats';
import { mulberry32 } from './rng';

const reps = Number(process.argv[2] ?? 5);
const fetchBytes = Number(process.argv[3] ?? BENCH_FETCH_BYTES);
const TOTAL = 1_000_000;

const source = new PrecomputedRows(TOTAL);

/** Decodes a fetch reply's data as the SDK does (`text`: the reply's JSON text, for the exact digits of IDs beyond 2^53) and builds its rows. */
function rowsOf(d: RowDecoder, data: unknown[][], n: number, text: string): Row[] {
  d.decode(data, n, text, FETCH_DATA_PATH);
  return d.rows(data, n, 'object') as Row[];
}
const frames: Buffer[] = [];
for (let pos = 0; pos < TOTAL; ) {
  const c = source.chunk(pos, fetchBytes);
  frames.push(Buffer.from(c.frame));
  pos += c.numRows;
}
console.log(`${frames.length} frames of ${fetchBytes} bytes, ${round(frames.reduce((a, f) => a + f.length, 0) / 2 ** 20, 1)} MiB total`);

type Stage = { name: string; run: () => void };
let texts: string[] = [];
let parsed: any[] = [];
let sink = 0;
const typed = rowDecoder(BENCH_COLUMNS, 'typed');
const raw = rowDecoder(BENCH_COLUMNS, 'raw');

const stages: Stage[] = [
  { name: 'utf8 decode (Buffer.toString)', run: () => void (texts = frames.map((f) => f.toString('utf8'))) },
  { name: 'JSON.parse (floor)', run: () => void (parsed = texts.map((t) => JSON.parse(t))) },
  { name: 'parseDataReply (SDK, fetch replies)', run: () => void (parsed = texts.map((t) => parseDataReply(t))) },
  { name: 'parseJson (SDK, other replies)', run: () => void (parsed = texts.map((t) => parseJson(t))) },
  { name: 'checkEnvelope', run: () => void parsed.forEach((p) => (sink += checkEnvelope(p, 'fetch').status === 'ok' ? 1 : 0)) },
  {
    name: 'floor row touch (data[0][i] % 1000)',
    run: () => {
      for (const p of parsed) {
        const ids = p.responseData.data[0];
        for (let i = 0; i < p.responseData.numRows; i++) sink = (sink + (ids[i] % 1000)) % 1_000_000_007;
      }
    },
  },
  {
    name: "rows 'raw' (row objects only)",
    run: () => {
      for (const t of texts) {
        const p = JSON.parse(t);
        sink += rowsOf(raw, p.responseData.data, p.responseData.numRows, t).length;
      }
    },
  },
  {
    name: "rows 'typed' (decode + row objects)",
    run: () => {
      for (const t of texts) {
        const p = JSON.parse(t);
        sink += rowsOf(typed, p.responseData.data, p.responseData.numRows, t).length;
      }
    },
  },
  {
    name: 'consumer: row.ID % 1000 (number or bigint)',
    run: () => {
      for (const t of texts) {
        const p = JSON.parse(t);
        for (const r of rowsOf(typed, p.responseData.data, p.responseData.numRows, t)) {
          const id = r.ID as number | bigint;
          sink = (sink + (typeof id === 'bigint' ? Number(id % 1000n) : id % 1000)) % 1_000_000_007;
        }
      }
    },
  },
];

const times = new Map<string, number[]>(stages.map((s) => [s.name, []]));
for (let rep = 0; rep < reps; rep++) {
  for (const s of stages) {
    const t0 = performance.now();
    s.run();
    times.get(s.name)!.push(performance.now() - t0);
  }
}
const jsonParseMs = median(times.get('JSON.parse (floor)')!);
for (const s of stages) {
  const ms = median(times.get(s.name)!);
  console.log(`${s.name.padEnd(40)} ${String(round(ms, 1)).padStart(8)} ms  ${round(TOTAL / ms / 1000, 2)}M rows/s`);
}
console.log(
  `note: the 'rows' and 'consumer' stages include a JSON.parse (${round(jsonParseMs, 1)} ms) to get fresh arrays; subtract it. sink ${sink % 10}`,
);

// Data-dependence of parseJson: a 60k-row frame whose DOUBLE column holds values in [0, 1) (16-17
// fraction digits, as computed ratios have): every value is a run of >= 16 digits.
{
  const r = mulberry32(1);
  const n = 60_000;
  const ids: string[] = [];
  const ds: string[] = [];
  const names: string[] = [];
  for (let i = 0; i < n; i++) {
    ids.push(String(1e9 + i));
    ds.push(String(r()));
    names.push(JSON.stringify(`name${i}`));
  }
  const text = `{"status":"ok","responseData":{"numRows":${n},"data":[[${ids.join(',')}],[${names.join(',')}],[${ds.join(',')}]]}}`;
  const time = (f: () => unknown) => {
    f();
    const ts: number[] = [];
    for (let k = 0; k < 3; k++) {
      const t0 = performance.now();
      f();
      ts.push(performance.now() - t0);
    }
    return median(ts);
  };
  console.log(
    `60k rows, DOUBLE in [0,1): JSON.parse ${round(time(() => JSON.parse(text)), 1)} ms, parseJson ${round(time(() => parseJson(text)), 1)} ms`,
  );
}
