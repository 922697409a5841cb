// Parallel reads in Chromium (UMD build): sub-connections opened from the browser's own WebSocket on a 3-node
// emulator (protocol v5 and v3, with and without compression); rows in result order equal the serial read, rows in
// arrival order the same multiset; breaking out mid-read leaves only the main session; a pool caps its sessions.
import { expect, test } from '@playwright/test';
import { startEmulatorProcess, startStaticServer, type EmulatorProcess, type StaticServer } from '../fixtures/servers';

let v5: EmulatorProcess;
let v3: EmulatorProcess;
let site: StaticServer;

test.beforeAll(async () => {
  v5 = await startEmulatorProcess({ args: ['--nodes', '3', '--max-protocol', '5'] });
  v3 = await startEmulatorProcess({ args: ['--nodes', '3'] });
  site = await startStaticServer({ '/': 'test-e2e/fixtures/script-tag', '/fixtures/': 'test-e2e/fixtures', '/dist/': 'dist' });
});

test.afterAll(async () => {
  await site?.close();
  await v5?.close();
  await v3?.close();
});

for (const [name, compression] of [
  ['v5', false],
  ['v5', true],
  ['v3', true],
] as const) {
  test(`browser, ${name}${compression ? ', compressed' : ''}: parallel read equals the serial read`, async ({ page }) => {
    await page.goto(`${site.url}/`);
    const url = name === 'v5' ? v5.url : v3.url;
    const r = await page.evaluate(
      async ({ url, compression }) => {
        const X = (window as unknown as { ExasolWS: any }).ExasolWS;
        const s = await X.connect({ url, user: 'sys', password: 'exasol', compression, fetchSize: 16384 });
        const sql = "SELECT I AS ID, 'n' || I AS NAME FROM range(20000) t(I) ORDER BY I";
        const serial = (await s.query(sql, { rowMode: 'array' })).rows.map((r: unknown[]) => JSON.stringify(r));
        const ordered = (await s.parallel.query(sql, { rowMode: 'array' })).rows.map((r: unknown[]) => JSON.stringify(r));
        const shares = new Set<number>();
        const arrived: string[] = [];
        for await (const c of s.parallel.chunks(sql, { order: 'arrival', rowMode: 'array' })) {
          shares.add(c.share);
          for (let i = 0; i < c.rows.length; i++) if (JSON.stringify(c.rows[i]) !== serial[c.offset + i]) throw new Error(`row ${c.offset + i} misplaced`);
          arrived.push(...c.rows.map((r: unknown[]) => JSON.stringify(r)));
        }
        let seen = 0;
        for await (const c of s.parallel.chunks(sql, { order: 'arrival' })) if ((seen += c.rows.length) > 3000) break;
        const version = s.info.protocolVersion;
        await s.close();
        return { version, serial: serial.length, sameOrder: ordered.join('\n') === serial.join('\n'), sameSet: [...arrived].sort().join('\n') === [...serial].sort().join('\n'), shares: shares.size, seen };
      },
      { url, compression },
    );
    expect(r).toEqual({ version: name === 'v5' ? 5 : 3, serial: 20000, sameOrder: true, sameSet: true, shares: 3, seen: r.seen });
    expect(r.seen).toBeLessThan(20000);
  });
}

test('browser: a pool of max 3 serves 40 concurrent one-shot queries with at most 3 sessions', async ({ page }) => {
  await page.goto(`${site.url}/`);
  const r = await page.evaluate(async (url) => {
    const X = (window as unknown as { ExasolWS: any }).ExasolWS;
    const pool = X.createPool({ url, user: 'sys', password: 'exasol' }, { max: 3 });
    const out = await Promise.all(Array.from({ length: 40 }, (_, i) => pool.query(`SELECT ${i} AS N`).then((q: any) => q.rows[0].N)));
    const created = pool.stats.created;
    await pool.close();
    return { ok: out.every((n: number, i: number) => n === i), created };
  }, v5.url);
  expect(r.ok).toBe(true);
  expect(r.created).toBeLessThanOrEqual(3);
  expect(r.created).toBeGreaterThanOrEqual(1);
});
