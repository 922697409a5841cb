// Progress of exasol-ws/bulk transfers on the session's status$ (and onProgress), against the emulator over real
// sockets: reports while the IMPORT runs (state running, its SQL, bytes and rows growing), throttled to one per
// 100 ms, the final one with done and the statement's row count in state ready, nothing after a failed transfer.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, type RunningEmulator } from '../src/emulator/index';
import { connect, type Session, type SessionStatus } from '../src/node';
import { BulkError, bulkExport, bulkImport, exportRows, type BulkProgress } from '../src/bulk/index';
import { Writable } from 'node:stream';

let emu: RunningEmulator;
let s: Session<'array'>;
before(async () => {
  emu = await startEmulator();
  s = await connect({ url: emu.url, user: 'sys', password: 'exasol', rowMode: 'array' });
  await s.execute('CREATE SCHEMA BP');
  await s.execute('CREATE TABLE BP.T (ID DECIMAL(18,0), V VARCHAR(40))');
});
after(async () => {
  await s.close();
  await emu.close();
});

/** Rows from an async source that takes a little time, so that the transfer spans several report intervals. */
async function* slowRows(n: number) {
  for (let i = 0; i < n; i++) {
    if (i % 20_000 === 0) await new Promise((r) => setTimeout(r, 40));
    yield [i, `row ${i}`];
  }
}

test('status$ carries the transfer progress of an IMPORT: running reports (throttled), the final one done in state ready; onProgress too', async () => {
  const seen: { at: number; status: SessionStatus }[] = [];
  const sub = s.status$.subscribe((status) => seen.push({ at: Date.now(), status }));
  const progress: BulkProgress[] = [];
  const N = 200_000;
  const t0 = Date.now();
  let r;
  try {
    r = await bulkImport(s, 'BP.T', slowRows(N), { onProgress: (p) => progress.push(p) });
  } finally {
    sub.unsubscribe();
  }
  const ms = Date.now() - t0;
  assert.equal(r.rows, N);
  const reports = seen.filter((x) => x.status.transfer !== undefined);
  const running = reports.filter((x) => !x.status.transfer!.done);
  assert.ok(running.length >= 2, `${running.length} running reports`);
  for (const x of running) {
    assert.equal(x.status.state, 'running');
    assert.match(x.status.sql ?? '', /^IMPORT INTO "BP"\."T"/);
    assert.equal(x.status.transfer!.direction, 'import');
    assert.equal(x.status.transfer!.streams, 1);
  }
  // growing totals, at most one report per 100 ms (a little slack for the timer's resolution)
  for (let i = 1; i < running.length; i++) {
    assert.ok(running[i]!.status.transfer!.bytes >= running[i - 1]!.status.transfer!.bytes);
    assert.ok(running[i]!.status.transfer!.rows! >= running[i - 1]!.status.transfer!.rows!);
    assert.ok(running[i]!.at - running[i - 1]!.at >= 95, `reports ${running[i]!.at - running[i - 1]!.at} ms apart`);
  }
  assert.ok(running.length <= ms / 100 + 1, `${running.length} reports in ${ms} ms`);
  // the last one: done, the statement's row count, the bytes of the result, state ready
  const last = reports.at(-1)!;
  assert.equal(reports.filter((x) => x.status.transfer!.done).length, 1);
  assert.deepEqual(last.status, { state: 'ready', transfer: { direction: 'import', bytes: r.bytes, rows: N, streams: 1, done: true } });
  // onProgress gets the same reports
  assert.deepEqual(progress.at(-1), last.status.transfer);
  assert.equal(progress.filter((p) => !p.done).length, running.length);
  // the next statement's status values do not carry it
  const after: SessionStatus[] = [];
  const sub2 = s.status$.subscribe((status) => after.push(status));
  await s.execute('SELECT 1');
  sub2.unsubscribe();
  assert.ok(after.slice(1).every((st) => st.transfer === undefined));
});

test('status$ after a failed IMPORT: no final report; the session is ready again without a transfer', async () => {
  const seen: SessionStatus[] = [];
  const sub = s.status$.subscribe((status) => seen.push(status));
  try {
    await assert.rejects(
      bulkImport(s, 'BP.T', (async function* () {
        yield* slowRows(30_000);
        yield [1, 'x'.repeat(50)]; // too long for VARCHAR(40)
      })()),
      BulkError,
    );
  } finally {
    sub.unsubscribe();
  }
  assert.ok(seen.every((st) => st.transfer?.done !== true));
  assert.equal(seen.at(-1)!.state, 'ready');
  assert.equal(seen.at(-1)!.transfer, undefined);
  // a throwing onProgress breaks neither the transfer nor status$
  const r = await bulkImport(s, 'BP.T', [[1, 'a']], {
    onProgress: () => {
      throw new Error('boom');
    },
  });
  assert.equal(r.rows, 1);
  assert.equal(s.status$.value.transfer?.done, true);
});

test('status$ carries EXPORT progress too (bulkExport to a Writable and exportRows): the final report done with the row count', async () => {
  await s.execute('CREATE TABLE BP.E (ID DECIMAL(18,0), V VARCHAR(40))');
  await s.execute("INSERT INTO BP.E SELECT I, 'row ' || I FROM range(50000) t(I)");
  for (const how of ['writable', 'rows'] as const) {
    const seen: SessionStatus[] = [];
    const sub = s.status$.subscribe((status) => seen.push(status));
    let rows = 0;
    try {
      if (how === 'writable') {
        const sink = new Writable({ write: (_c, _e, done) => done() });
        rows = (await bulkExport(s, 'BP.E', sink)).rows;
      } else for await (const _ of exportRows(s, 'BP.E')) rows++;
    } finally {
      sub.unsubscribe();
    }
    assert.equal(rows, 50_000, how);
    seen.shift(); // the value status$ holds at subscription (the previous transfer's final report)
    const reports = seen.filter((x) => x.transfer !== undefined);
    assert.ok(reports.every((x) => x.transfer!.direction === 'export'), how);
    assert.equal(reports.filter((x) => x.transfer!.done).length, 1, how);
    const last = seen.at(-1)!;
    assert.equal(last.state, 'ready', how);
    assert.equal(last.transfer?.done, true, how);
    assert.equal(last.transfer?.rows, 50_000, how);
    assert.ok(last.transfer!.bytes > 50_000 * 8, how);
  }
});
