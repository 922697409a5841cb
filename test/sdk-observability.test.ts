// Logging, tracing and real-deployment options against the emulator: a recording tracer (the
// structural shape of OpenTelemetry's), a recording logger with levels, token providers, a URL
// path through a small local WebSocket proxy, a custom socket factory and client keep-alive Pings.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import * as net from 'node:net';
import WebSocket from 'ws';
import { startEmulator } from '../src/emulator/index';
import { AuthError, connect, ConnectionError, InputError, SqlError, TimeoutError, type WebSocketLike } from '../src/node';

type Emu = Awaited<ReturnType<typeof startEmulator>>;
let emu: Emu;
const PASSWORD = 'exasol-secret-pw';
const TOKEN = 'tok-7f3a9c-secret';

before(async () => {
  emu = await startEmulator({ users: { sys: PASSWORD }, tokens: { accessTokens: [TOKEN] } } as Parameters<typeof startEmulator>[0]);
});
after(async () => {
  await emu.close();
});

interface Recorded {
  name: string;
  attributes: Record<string, unknown>;
  exceptions: Error[];
  status?: { code: number; message?: string };
  ended: number;
}

function recordingTracer() {
  const spans: Recorded[] = [];
  return {
    spans,
    startSpan(name: string, options?: { attributes?: Record<string, string | number | boolean> }) {
      const r: Recorded = { name, attributes: { ...options?.attributes }, exceptions: [], ended: 0 };
      spans.push(r);
      return {
        setAttribute: (k: string, v: unknown) => void (r.attributes[k] = v),
        recordException: (e: Error) => void r.exceptions.push(e),
        setStatus: (s: { code: number; message?: string }) => void (r.status = s),
        end: () => void r.ended++,
      };
    },
  };
}

function recordingLogger() {
  const lines: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) => void lines.push({ level, message, ...(fields ? { fields } : {}) });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

test('a recording tracer sees connect, login, statements and fetches with their attributes; errors are recorded; no secrets', async () => {
  const tracer = recordingTracer();
  const logger = recordingLogger();
  const s = await connect({ url: emu.url, user: 'sys', password: PASSWORD, tracer, logger, logLevel: 'debug', fetchSize: 4096 });
  let rows = 0;
  try {
    for await (const _ of s.rows('SELECT a.range AS N, CAST(a.range AS VARCHAR(20)) AS T FROM range(5000) a')) rows++;
    await assert.rejects(s.query("SELECT 'SECRET_LITERAL_42' AS X FROM NO_SUCH_TABLE_X"), SqlError);
  } finally {
    await s.close();
  }
  const names = tracer.spans.map((x) => x.name);
  assert.equal(names[0], 'exasol.connect');
  assert.ok(names.includes('exasol.login'));
  const statements = tracer.spans.filter((x) => x.name === 'exasol.statement');
  const fetches = tracer.spans.filter((x) => x.name === 'exasol.fetch');
  assert.equal(statements.length, 2);
  assert.ok(fetches.length >= 2, `several fetches (${fetches.length})`);
  for (const sp of tracer.spans) {
    assert.equal(sp.ended, 1, `${sp.name} ended once`);
    assert.equal(sp.attributes['db.system'], 'exasol');
  }
  for (const sp of [...statements, ...fetches]) assert.equal(sp.attributes['exasol.session_id'], s.info.sessionId);
  const [read, failed] = statements as [Recorded, Recorded];
  assert.equal(read.attributes['db.operation.name'], 'SELECT');
  assert.equal(read.attributes['db.response.returned_rows'], 5000);
  assert.equal(rows, 5000);
  assert.equal(read.attributes['db.query.text'], undefined, 'no statement text unless asked');
  const fetchedRows = fetches.reduce((n, f) => n + (f.attributes['db.response.returned_rows'] as number), 0);
  assert.ok(fetchedRows > 0 && fetchedRows <= 5000, `fetched rows (${fetchedRows}) are at most the result's`);
  assert.ok(fetches.every((f) => (f.attributes['exasol.fetch.bytes'] as number) > 0));
  assert.equal(read.exceptions.length, 0);
  assert.equal(failed.exceptions.length, 1);
  assert.ok(failed.exceptions[0] instanceof SqlError);
  assert.equal(failed.status?.code, 2);
  const login = tracer.spans.find((x) => x.name === 'exasol.login')!;
  assert.equal(login.attributes['server.address'], '127.0.0.1');
  assert.equal(login.attributes['exasol.login'], 'password');
  // Nothing secret anywhere: the password never reaches a span or a log line.
  const everything = JSON.stringify(tracer.spans) + JSON.stringify(logger.lines);
  assert.ok(!everything.includes(PASSWORD));
  assert.ok(logger.lines.some((l) => l.level === 'debug'));
  assert.ok(logger.lines.some((l) => l.level === 'info' && /connected to ws:\/\/127\.0\.0\.1/.test(l.message)));
  assert.ok(logger.lines.some((l) => l.level === 'warn' && /exasol\.statement failed/.test(l.message)));
  // The statement text (which SqlError's message ends with) stays out of logs and spans unless logStatements.
  assert.ok(!everything.includes('SECRET_LITERAL_42'), 'no statement text without logStatements');
  assert.ok(!failed.exceptions[0]!.message.includes('SECRET_LITERAL_42'));
  assert.equal(failed.exceptions[0]!.name, 'SqlError');
});

test('logger levels and logStatements; a throwing logger or tracer does not break the session', async () => {
  const logger = recordingLogger();
  const s = await connect({ url: emu.url, user: 'sys', password: PASSWORD, logger, logLevel: 'warn' });
  await s.query('SELECT 1 AS ONE');
  await s.close();
  assert.ok(logger.lines.every((l) => l.level === 'warn' || l.level === 'error'));
  const verbose = recordingLogger();
  const tracer = recordingTracer();
  const v = await connect({ url: emu.url, user: 'sys', password: PASSWORD, logger: verbose, logLevel: 'debug', logStatements: true, tracer });
  await v.query('SELECT 42 AS ANSWER');
  await v.close();
  assert.ok(verbose.lines.some((l) => JSON.stringify(l).includes('SELECT 42 AS ANSWER')));
  assert.equal(tracer.spans.find((x) => x.name === 'exasol.statement')!.attributes['db.query.text'], 'SELECT 42 AS ANSWER');
  const broken = {
    startSpan() {
      throw new Error('tracer down');
    },
  };
  const b = await connect({ url: emu.url, user: 'sys', password: PASSWORD, tracer: broken, logger: { info() { throw new Error('logger down'); } } });
  assert.equal((await b.query('SELECT 7 AS S')).rows[0]!.S, 7);
  await b.close();
  await assert.rejects(connect({ url: emu.url, user: 'sys', password: PASSWORD, tracer: {} as never }), InputError);
  await assert.rejects(connect({ url: emu.url, user: 'sys', password: PASSWORD, logLevel: 'loud' as never }), InputError);
});

test('token providers are called at every connect; failures, hangs and bad results are typed errors without the token', async () => {
  let calls = 0;
  const provider = async () => {
    calls++;
    await new Promise((r) => setTimeout(r, 5));
    return TOKEN;
  };
  for (let i = 0; i < 2; i++) {
    const s = await connect({ url: emu.url, accessToken: provider });
    assert.equal((await s.query('SELECT 1 AS A')).rows[0]!.A, 1);
    await s.close();
  }
  assert.equal(calls, 2);
  await assert.rejects(connect({ url: emu.url, accessToken: () => 'wrong-token' }), AuthError);
  await assert.rejects(
    connect({
      url: emu.url,
      accessToken: () => {
        throw new Error('vault unreachable');
      },
    }),
    (e: unknown) => e instanceof InputError && /vault unreachable/.test(e.message),
  );
  await assert.rejects(connect({ url: emu.url, accessToken: (() => 42) as never }), (e: unknown) => e instanceof InputError && /non-empty string/.test(e.message));
  await assert.rejects(connect({ url: emu.url, accessToken: () => new Promise<string>(() => {}), connectTimeout: 300 }), TimeoutError);
});

/** A WebSocket proxy on a path: upgrades on `path` are piped to the emulator, others get 404. */
async function pathProxy(path: string, target: URL) {
  const server = http.createServer((_req, res) => res.writeHead(404).end());
  let upgrades = 0;
  server.on('upgrade', (req, socket, head) => {
    if (req.url !== path) {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    upgrades++;
    const upstream = net.connect(Number(target.port), target.hostname, () => {
      const lines = [`GET / HTTP/1.1`, ...Object.entries(req.headers).map(([k, v]) => `${k}: ${v}`), '', ''];
      upstream.write(lines.join('\r\n'));
      upstream.write(head);
      socket.pipe(upstream).pipe(socket);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    upgrades: () => upgrades,
    close: () => new Promise<void>((r) => server.close(() => r())),
    server,
  };
}

test('a URL path and query reach a WebSocket proxy unchanged', async () => {
  const proxy = await pathProxy('/exasol/db?tenant=a', new URL(emu.url));
  try {
    const s = await connect({ url: `ws://127.0.0.1:${proxy.port}/exasol/db?tenant=a`, user: 'sys', password: PASSWORD });
    assert.equal((await s.query('SELECT 5 AS F')).rows[0]!.F, 5);
    await s.close();
    assert.equal(proxy.upgrades(), 1);
    await assert.rejects(connect({ url: `ws://127.0.0.1:${proxy.port}/other`, user: 'sys', password: PASSWORD }), ConnectionError);
  } finally {
    proxy.server.closeAllConnections?.();
    await proxy.close();
  }
});

test('keep-alive Pings go out on a quiet connection; a socket that cannot ping is refused', async () => {
  let pings = 0;
  const s = await connect({
    url: emu.url,
    user: 'sys',
    password: PASSWORD,
    keepAliveInterval: 20,
    createSocket: (url) => {
      const ws = new WebSocket(url);
      const ping = ws.ping.bind(ws);
      ws.ping = ((...a: Parameters<typeof ws.ping>) => {
        pings++;
        ping(...a);
      }) as typeof ws.ping;
      return ws as unknown as WebSocketLike;
    },
  });
  try {
    const deadline = Date.now() + 5000;
    while (pings < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.ok(pings >= 3, `pings sent (${pings})`);
    assert.equal((await s.query('SELECT 1 AS A')).rows[0]!.A, 1, 'the session still works');
  } finally {
    await s.close();
  }
  const seen = pings;
  await new Promise((r) => setTimeout(r, 80));
  assert.equal(pings, seen, 'no Ping after close');
  // A socket without ping() (as in browsers) cannot keep the connection alive: refused, not ignored.
  await assert.rejects(
    connect({
      url: emu.url,
      user: 'sys',
      password: PASSWORD,
      keepAliveInterval: 20,
      createSocket: (url) => {
        const ws = new WebSocket(url);
        return {
          get readyState() {
            return ws.readyState;
          },
          get binaryType() {
            return ws.binaryType;
          },
          set binaryType(v: string) {
            ws.binaryType = v as 'arraybuffer';
          },
          set onopen(f: WebSocketLike['onopen']) {
            ws.onopen = f as never;
          },
          set onmessage(f: WebSocketLike['onmessage']) {
            ws.onmessage = f as never;
          },
          set onerror(f: WebSocketLike['onerror']) {
            ws.onerror = f as never;
          },
          set onclose(f: WebSocketLike['onclose']) {
            ws.onclose = f as never;
          },
          send: (d: unknown) => ws.send(d as string),
          close: (c?: number) => ws.close(c),
        } as unknown as WebSocketLike;
      },
    }),
    (e: unknown) => e instanceof InputError && /Ping/.test(e.message),
  );
});

test('a token provider is asked again for every sub-connection login (v5 and v3 clusters)', async () => {
  for (const maxProtocolVersion of [5, 3]) {
    const cluster = await startEmulator({ nodes: 3, maxProtocolVersion, tokens: { accessTokens: [TOKEN] } } as Parameters<typeof startEmulator>[0]);
    try {
      let calls = 0;
      const s = await connect({
        url: cluster.url,
        accessToken: async () => {
          calls++;
          return TOKEN;
        },
      });
      try {
        const g = await s.openSubConnections();
        assert.equal(g.connections.length, 3);
        assert.equal(calls, 1 + 3, `v${maxProtocolVersion}: one call at connect, one per sub-login`);
        const r = await s.parallel.query('SELECT a.range AS N FROM range(3000) a ORDER BY 1');
        assert.equal(r.rows.length, 3000);
        await g.close();
      } finally {
        await s.close();
      }
    } finally {
      await cluster.close();
    }
  }
});
