// The browser build (UMD, in Chromium) against the hostile fake server of test/support: the
// browser's own WebSocket and the fflate inflater must give the same typed errors as Node, within
// bounded time: a zlib bomb, a corrupt or wrong-checksum stream, a binary frame without
// compression, an oversized message, a bad value, a stalled fetch.
import { expect, test } from '@playwright/test';
import { startStaticServer, type StaticServer } from '../fixtures/servers';
import { startHostileServer, type HostileServer, type Misbehaviour, type Phase } from '../../test/support/hostile-server';
import { binaryReply, corruptZlib, replyWith, silence, transform, zlibBombReply } from '../../test/support/hostile-acts';
import { PASSWORD } from '../../test/support/hostile-cases';

let site: StaticServer;
let server: HostileServer;

test.beforeAll(async () => {
  site = await startStaticServer({ '/': 'test-e2e/fixtures/script-tag', '/fixtures/': 'test-e2e/fixtures', '/dist/': 'dist' });
  server = await startHostileServer();
});

test.afterAll(async () => {
  await server?.close();
  await site?.close();
});

interface Outcome {
  ok: boolean;
  name?: string;
  message?: string;
  closed?: boolean;
  ms: number;
  value?: string;
}

async function run(page: import('@playwright/test').Page, sql: string, options: Record<string, unknown>, op: 'query' | 'rows'): Promise<Outcome> {
  return page.evaluate(
    async ({ url, password, sql, options, op }) => {
      const X = (window as unknown as { ExasolWS: { connect(o: unknown): Promise<any> } }).ExasolWS;
      const started = performance.now();
      let s: any;
      try {
        s = await X.connect({ url, user: 'sys', password, ...options });
        let value = '';
        if (op === 'query') {
          const r = await s.query(sql);
          value = String(r.rows[0]?.BIGV ?? r.rows.length);
        } else {
          let n = 0;
          for await (const _ of s.rows(sql)) n++;
          value = String(n);
        }
        return { ok: true, value, ms: performance.now() - started };
      } catch (e) {
        const err = e as Error;
        return { ok: false, name: err.name, message: err.message, closed: s?.closed, ms: performance.now() - started };
      } finally {
        await s?.close();
      }
    },
    { url: server.url, password: PASSWORD, sql, options, op },
  );
}

const cases: { name: string; phase: Phase; act: Misbehaviour; sql: string; op: 'query' | 'rows'; options?: Record<string, unknown>; expect: string; within: number }[] = [
  { name: 'zlib bomb in a fetch (1 MB -> 1100 MiB)', phase: 'fetch', act: zlibBombReply(), sql: 'SELECT BIG', op: 'rows', options: { compression: true }, expect: 'ProtocolError', within: 5000 },
  { name: 'wrong Adler-32 trailer', phase: 'execute', act: corruptZlib('adler'), sql: 'SELECT SMALL', op: 'query', options: { compression: true }, expect: 'ProtocolError', within: 2000 },
  { name: 'flipped byte in the zlib body', phase: 'execute', act: corruptZlib('flip'), sql: 'SELECT SMALL', op: 'query', options: { compression: true }, expect: 'ProtocolError', within: 2000 },
  { name: 'truncated zlib stream', phase: 'execute', act: corruptZlib('truncate'), sql: 'SELECT SMALL', op: 'query', options: { compression: true }, expect: 'ProtocolError', within: 2000 },
  { name: 'binary frame in an uncompressed session', phase: 'execute', act: binaryReply(), sql: 'SELECT SMALL', op: 'query', expect: 'ProtocolError', within: 2000 },
  {
    name: 'a 2 MiB reply before login (limit 1 MiB)',
    phase: 'loginKey',
    act: replyWith(`{"status":"ok","responseData":{"pad":"${'a'.repeat(2 << 20)}"}}`),
    sql: 'SELECT SMALL',
    op: 'query',
    expect: 'ProtocolError',
    within: 3000,
  },
  { name: 'a text where the first (numeric) column holds a number', phase: 'execute', act: transform((t) => t.replace(/"data":\[\[/, '"data":[["abc",').replace(/,[^,\]]*\]/, ']')), sql: 'SELECT SMALL', op: 'query', expect: 'ProtocolError', within: 2000 },
  { name: 'a fetch that never answers (commandTimeout 800 ms)', phase: 'fetch', act: silence(), sql: 'SELECT BIG', op: 'rows', options: { commandTimeout: 800 }, expect: 'TimeoutError', within: 2500 },
];

for (const c of cases) {
  test(`hostile server in Chromium: ${c.name} -> ${c.expect}`, async ({ page }) => {
    await page.goto(`${site.url}/`);
    server.arm({ phase: c.phase, act: c.act });
    const out = await run(page, c.sql, c.options ?? {}, c.op);
    server.arm(undefined);
    expect(out.ok, JSON.stringify(out)).toBe(false);
    expect(out.name, out.message).toBe(c.expect);
    expect(out.ms).toBeLessThan(c.within);
    expect(out.message ?? '').not.toContain(PASSWORD);
  });
}

test('hostile server in Chromium: the well-behaved server gives exact values, plain and compressed', async ({ page }) => {
  await page.goto(`${site.url}/`);
  server.arm(undefined);
  for (const compression of [false, true]) {
    const small = await run(page, 'SELECT SMALL', { compression }, 'query');
    expect(small.ok, JSON.stringify(small)).toBe(true);
    expect(small.value).toBe('900719925474099300'); // an 18-digit DECIMAL(18,0) beyond 2^53, exact
    const big = await run(page, 'SELECT BIG', { compression }, 'rows');
    expect(big).toMatchObject({ ok: true, value: '2500' });
  }
});
