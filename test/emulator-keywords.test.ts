// Exasol 8's reserved keywords (docs.exasol.com, EXA_SQL_KEYWORDS), as drivers read them over real sockets: the
// getKeywords metadata command (protocol v2+) and the EXA_SQL_KEYWORDS system view list the same words.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, type RunningEmulator } from '../src/emulator/index';
import { toRows, WireClient } from './support/wire-client';

let emu: RunningEmulator;

before(async () => {
  emu = await startEmulator();
});
after(async () => {
  await emu.close();
});

test('getKeywords and EXA_SQL_KEYWORDS list the same reserved words, Exasol 8 ones included, no made-up ones', async () => {
  const c = await WireClient.connect(emu.url, { protocolVersion: 2 });
  try {
    const meta = await c.ok({ command: 'getKeywords' });
    const metaRows = toRows(meta.responseData.results[0].resultSet.data) as [string, boolean][];
    const view = await c.ok({ command: 'execute', sqlText: 'SELECT KEYWORD, RESERVED FROM EXA_SQL_KEYWORDS ORDER BY KEYWORD' });
    const viewRows = toRows(view.responseData.results[0].resultSet.data) as [string, boolean][];
    assert.deepEqual(new Set(metaRows.map((r) => r[0])), new Set(viewRows.map((r) => r[0])));
    assert.ok(viewRows.every((r) => r[1] === true));
    const words = new Set(viewRows.map((r) => r[0]));
    assert.equal(words.size, 467);
    for (const w of ['ABSOLUTE', 'CONSTRAINT_STATE_DEFAULT', 'CURRENT_CLUSTER', 'CURRENT_CLUSTER_UID', 'END-EXEC', 'NLS_DATE_FORMAT', 'SQL_PREPROCESSOR_SCRIPT', 'ZONE']) {
      assert.ok(words.has(w), w);
    }
    // not reserved in Exasol: CROSS, and PARQUET (reserved only from 2025 on)
    for (const w of ['CROSS', 'PARQUET']) assert.ok(!words.has(w), w);
  } finally {
    await c.close();
  }
});
