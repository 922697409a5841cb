// The SDK's CSV reader (src/bulk/csv-read.ts) against its earlier, simpler version (test/support/csv-read-reference.ts):
// seeded random CSV texts (well-formed and broken: quotes, doubled delimiters, separators and line breaks inside
// fields, NULL texts, empty fields, a missing last row separator) in every dialect shape (one- and several-character
// separators, no delimiter, LF/CRLF/CR) are fed to both in randomly cut pieces; rows or error texts must be equal.
import { mulberry32 } from '../bench/rng';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CsvParser, type CsvRow } from '../src/bulk/csv-read';
import { dialectOf, type CsvFormat } from '../src/bulk/options';
import { ReferenceCsvParser } from './support/csv-read-reference';

/** Seeded random numbers. */
const rng = mulberry32;

/** Parses `text` cut into pieces at `cuts`; the rows, or the error text. */
function run(p: { push(t: string, out: CsvRow[]): void; end(out: CsvRow[]): void }, text: string, cuts: number[]): unknown {
  const out: CsvRow[] = [];
  try {
    let at = 0;
    for (const c of [...cuts, text.length]) {
      p.push(text.slice(at, c), out);
      at = c;
    }
    p.end(out);
    return out;
  } catch (e) {
    return { error: (e as Error).message, rowsBefore: out.length };
  }
}

const FORMATS: CsvFormat[] = [
  {},
  { rowSeparator: 'CRLF' },
  { rowSeparator: 'CR' },
  { columnSeparator: ';', columnDelimiter: "'" },
  { columnSeparator: '||', null: '\\N' },
  { columnSeparator: '\t', columnDelimiter: '' },
  { columnSeparator: 'ab', columnDelimiter: '"', rowSeparator: 'CRLF', null: 'NULL' },
];

test('the reader gives the reference reader\'s rows and errors for random texts in every dialect shape, cut anywhere', () => {
  const r = rng(7);
  let compared = 0;
  for (const f of FORMATS) {
    const d = dialectOf(f);
    const atoms = ['a', 'bc', ' ', 'é', '😀', d.sep, d.sep, d.rowSep, d.rowSep, '\n', '\r', d.delim, d.delim + d.delim, d.null ?? 'x', ',', '"', ''];
    for (let k = 0; k < 400; k++) {
      const parts: string[] = [];
      const len = Math.floor(r() * 30);
      for (let i = 0; i < len; i++) {
        if (d.delim !== '' && r() < 0.2) {
          // a well-formed enclosed field
          const inner = Array.from({ length: Math.floor(r() * 4) }, () => atoms[Math.floor(r() * atoms.length)]!).join('');
          parts.push(d.delim + inner.split(d.delim).join(d.delim + d.delim) + d.delim);
        } else parts.push(atoms[Math.floor(r() * atoms.length)]!);
      }
      const text = parts.join('') + (r() < 0.7 ? d.rowSep : '');
      const cuts = Array.from({ length: Math.floor(r() * 4) }, () => Math.floor(r() * (text.length + 1))).sort((a, b) => a - b);
      const want = run(new ReferenceCsvParser(d), text, cuts);
      const got = run(new CsvParser(d), text, cuts);
      assert.deepEqual(got, want, `${JSON.stringify(f)} ${JSON.stringify(text)} cut at ${cuts}`);
      compared++;
    }
  }
  assert.equal(compared, FORMATS.length * 400);
});
