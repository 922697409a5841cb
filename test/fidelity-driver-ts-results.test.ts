// Fidelity: result sets as the official @exasol/exasol-driver-ts 0.8.0 reads them from the emulator:
// every Exasol type (values as JSON.parse gives them), empty results, paging with a small fetchSize,
// resultSetMaxRows (client side) against the resultSetMaxRows attribute (server side), executeBatch of
// queries, and the metadata commands sent through sendCommand.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { startEmulator, type RunningEmulator } from '../src/emulator/index';
import { connected, recordingFactory } from './support/driver-ts';
import type { ExaWebsocket, SQLQueriesResponse } from '@exasol/exasol-driver-ts';

let emu: RunningEmulator;
before(async () => {
  emu = await startEmulator({ seed: 'demo' });
});
after(async () => {
  await emu.close();
});

/** A factory whose sockets log every command the driver sends (parsed JSON). */
function loggingFactory(sent: Array<Record<string, unknown>>): (url: string) => ExaWebsocket {
  const sockets: WebSocket[] = [];
  const make = recordingFactory(sockets);
  return (url: string) => {
    const ws = make(url) as unknown as WebSocket;
    const send = ws.send.bind(ws);
    ws.send = ((data: string, ...rest: unknown[]) => {
      if (typeof data === 'string') sent.push(JSON.parse(data) as Record<string, unknown>);
      return (send as (...a: unknown[]) => void)(data, ...rest);
    }) as WebSocket['send'];
    return ws as unknown as ExaWebsocket;
  };
}

test('driver-ts: every Exasol type arrives with its metadata and wire value', async () => {
  const d = await connected(emu.url);
  try {
    const r = await d.query('SELECT * FROM RETAIL.ALL_TYPES ORDER BY ID');
    const types = Object.fromEntries(r.getColumns().map((c) => [c.name, c.dataType]));
    assert.deepEqual(types.C_DECIMAL, { type: 'DECIMAL', precision: 18, scale: 0 });
    assert.deepEqual(types.C_BIGINT, { type: 'DECIMAL', precision: 36, scale: 0 });
    assert.deepEqual(types.C_VARCHAR, { type: 'VARCHAR', size: 100, characterSet: 'UTF8' });
    assert.deepEqual(types.C_CHAR, { type: 'CHAR', size: 10, characterSet: 'UTF8' });
    assert.deepEqual(types.C_DOUBLE, { type: 'DOUBLE' });
    assert.deepEqual(types.C_BOOLEAN, { type: 'BOOLEAN' });
    assert.deepEqual(types.C_DATE, { type: 'DATE', size: 4 });
    const [one, two, three] = r.getRows();
    assert.equal(one!.C_BOOLEAN, true);
    assert.equal(one!.C_CHAR, 'abc       ');
    assert.equal(two!.C_VARCHAR, 'Grüße 😀');
    // DECIMAL(18,0) is a JSON number on the wire: JSON.parse in the driver rounds it to a double
    assert.equal(one!.C_DECIMAL, 123456789012345680);
    // DECIMAL(36,0) and scaled DECIMALs are strings (wire-quirks.md §5, §6)
    assert.equal(one!.C_BIGINT, '123456789012345678901234567890123456');
    assert.equal(one!.C_DECIMAL_SCALED, '3.1415');
    assert.equal(two!.C_DECIMAL_SCALED, '-0.001');
    assert.equal(one!.C_DOUBLE, 2.5);
    assert.equal(two!.C_DOUBLE, -1.5e-10);
    assert.equal(one!.C_DATE, '2024-06-18');
    // TIMESTAMP is TIMESTAMP(3): the digits after 3 are dropped, 6 digits printed before v5 (wire-quirks.md §7)
    assert.equal(one!.C_TIMESTAMP, '2024-06-18 17:22:13.123000');
    assert.equal(one!.C_HASHTYPE, '550e8400e29b11d4a716446655440000');
    assert.equal(one!.C_GEOMETRY, 'POINT (1 2)');
    for (const [k, v] of Object.entries(three!)) if (k !== 'ID') assert.equal(v, null, k);
  } finally {
    await d.close();
  }
});

test('driver-ts: an empty result has its columns and no rows', async () => {
  const d = await connected(emu.url);
  try {
    const r = await d.query('SELECT CUSTOMER_ID, NAME FROM RETAIL.CUSTOMERS WHERE 1 = 0');
    assert.deepEqual(r.getColumns().map((c) => c.name), ['CUSTOMER_ID', 'NAME']);
    assert.deepEqual(r.getRows(), []);
  } finally {
    await d.close();
  }
});

test('driver-ts: a small fetchSize pages a large result in many fetches by byte budget, then closes the handle', async () => {
  const sent: Array<Record<string, unknown>> = [];
  const d = await connected(emu.url, { fetchSize: 4096 }, loggingFactory(sent));
  try {
    const r = await d.query('SELECT CUSTOMER_ID, NAME FROM RETAIL.CUSTOMERS ORDER BY CUSTOMER_ID');
    const rows = r.getRows();
    assert.equal(rows.length, 10_000);
    rows.forEach((row, i) => assert.equal(row.CUSTOMER_ID, i + 1));
    assert.equal(rows[9_999]!.NAME, 'Customer 10000');
    const fetches = sent.filter((c) => c.command === 'fetch');
    assert.ok(fetches.length > 20, `${fetches.length} fetches`);
    assert.ok(fetches.every((f) => f.numBytes === 4096));
    assert.deepEqual(fetches.map((f) => f.startPosition).slice(0, 1), [0]);
    const closes = sent.filter((c) => c.command === 'closeResultSet');
    assert.deepEqual(closes.map((c) => c.resultSetHandles), [[fetches[0]!.resultSetHandle]]);
  } finally {
    await d.close();
  }
});

test('driver-ts: resultSetMaxRows in the config cuts on the client (paged results only); as an attribute the server cuts', async () => {
  const d = await connected(emu.url, { resultSetMaxRows: 1500 });
  try {
    // 10000 rows come by handle: the driver stops fetching at 1500
    assert.equal((await d.query('SELECT CUSTOMER_ID FROM RETAIL.CUSTOMERS')).getRows().length, 1500);
    // 900 rows come inline with the reply: the driver does not cut them
    assert.equal((await d.query('SELECT CUSTOMER_ID FROM RETAIL.CUSTOMERS WHERE CUSTOMER_ID <= 900')).getRows().length, 900);
  } finally {
    await d.close();
  }
  const s = await connected(emu.url);
  try {
    const r = await s.query('SELECT CUSTOMER_ID FROM RETAIL.CUSTOMERS ORDER BY CUSTOMER_ID', { resultSetMaxRows: 5 });
    assert.deepEqual(r.getRows().map((x) => x.CUSTOMER_ID), [1, 2, 3, 4, 5]);
  } finally {
    await s.close();
  }
});

test('driver-ts: executeBatch of queries and DML returns every result, large ones fetched in full', async () => {
  const d = await connected(emu.url);
  try {
    const r = await d.executeBatch([
      'SELECT COUNT(*) AS N FROM RETAIL.ORDERS',
      'SELECT ORDER_ID FROM RETAIL.ORDERS WHERE ORDER_ID <= 2500 ORDER BY ORDER_ID',
      'CREATE SCHEMA DRV_RES',
      'CREATE TABLE DRV_RES.T AS SELECT ORDER_ID FROM RETAIL.ORDERS WHERE ORDER_ID <= 10',
    ]);
    assert.equal(r.status, 'ok');
    assert.equal(r.responseData.numResults, 4);
    const [count, ids, schema, ctas] = r.responseData.results;
    assert.equal(count!.resultSet!.data![0]![0], 100000); // COUNT(*) is DECIMAL(18,0): a JSON number
    assert.equal(ids!.resultSet!.numRows, 2500);
    assert.equal(ids!.resultSet!.data![0]!.length, 2500);
    assert.equal(ids!.resultSet!.data![0]![2499], 2500);
    assert.deepEqual(schema, { resultType: 'rowCount', rowCount: 0 });
    assert.deepEqual(ctas, { resultType: 'rowCount', rowCount: 10 });
  } finally {
    await d.close();
  }
});

test('driver-ts: metadata commands through sendCommand (getSchemas, getTables, getColumns)', async () => {
  const d = await connected(emu.url);
  try {
    // replies have the shape of an execute reply: one result set (protocol.md §3.17)
    const meta = async (cmd: Record<string, unknown>) => {
      const r = await d.sendCommand<SQLQueriesResponse>(cmd as never);
      assert.equal(r.status, 'ok', JSON.stringify(r.exception));
      assert.equal(r.responseData.numResults, 1);
      const rs = r.responseData.results[0]!.resultSet!;
      const rows = Array.from({ length: rs.numRowsInMessage }, (_, i) => Object.fromEntries(rs.columns.map((c, k) => [c.name, rs.data![k]![i]])));
      return { rs, rows };
    };
    const schemas = await meta({ command: 'getSchemas' });
    assert.deepEqual(schemas.rs.columns.map((c) => c.name), ['NAME', 'OWNER', 'IS_VIRTUAL', 'COMMENT']);
    assert.ok(schemas.rows.some((r) => r.NAME === 'RETAIL'));
    const tables = await meta({ command: 'getTables', schema: 'RETAIL', table: 'CUST%' });
    assert.deepEqual(tables.rows.map((r) => [r.SCHEMA, r.NAME, r.TABLE_TYPE]), [['RETAIL', 'CUSTOMERS', 'TABLE']]);
    const columns = await meta({ command: 'getColumns', schema: 'RETAIL', table: 'CUSTOMERS' });
    assert.deepEqual(columns.rows.map((r) => r.NAME), ['CUSTOMER_ID', 'NAME', 'EMAIL', 'COUNTRY', 'CREATED_AT', 'IS_ACTIVE']);
  } finally {
    await d.close();
  }
});

test('driver-ts: DESCRIBE [FULL] answers with Exasol\'s columns (COLUMN_NAME, SQL_TYPE, NULLABLE, DISTRIBUTION_KEY, PARTITION_KEY)', async () => {
  const d = await connected(emu.url);
  try {
    const r = await d.query('DESCRIBE RETAIL.CUSTOMERS');
    assert.deepEqual(r.getColumns().map((c) => c.name), ['COLUMN_NAME', 'SQL_TYPE', 'NULLABLE', 'DISTRIBUTION_KEY', 'PARTITION_KEY']);
    const rows = r.getRows();
    assert.deepEqual(rows.map((x) => [x.COLUMN_NAME, x.SQL_TYPE, x.NULLABLE]), [
      ['CUSTOMER_ID', 'DECIMAL(18,0)', false],
      ['NAME', 'VARCHAR(100) UTF8', false],
      ['EMAIL', 'VARCHAR(200) ASCII', true],
      ['COUNTRY', 'CHAR(2) ASCII', true],
      ['CREATED_AT', 'TIMESTAMP(3)', true],
      ['IS_ACTIVE', 'BOOLEAN', true],
    ]);
    assert.ok(rows.every((x) => x.DISTRIBUTION_KEY === false && x.PARTITION_KEY === false));
    const full = await d.query('desc full RETAIL.PRODUCTS;');
    assert.equal(full.getColumns().at(-1)!.name, 'COLUMN_COMMENT');
    assert.equal(full.getRows().length, 6);
    await d.execute('OPEN SCHEMA RETAIL');
    await d.execute('CREATE OR REPLACE VIEW V_DESC AS SELECT ORDER_ID, TOTAL FROM ORDERS');
    const view = (await d.query('DESCRIBE V_DESC')).getRows();
    assert.deepEqual(view.map((x) => [x.COLUMN_NAME, x.SQL_TYPE, x.DISTRIBUTION_KEY, x.PARTITION_KEY]), [
      ['ORDER_ID', 'DECIMAL(18,0)', null, null],
      ['TOTAL', 'DECIMAL(12,2)', null, null],
    ]);
    await assert.rejects(d.query('DESCRIBE RETAIL.NOPE'), /code: '42000', message: 'object RETAIL\.NOPE not found \[line 1, column 10\] \(Session: \d+\)'/);
  } finally {
    await d.close();
  }
});
