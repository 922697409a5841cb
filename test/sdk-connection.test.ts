// Connection-level behaviour: timeouts against tiny silent servers, lost connections, wrong
// credentials, token login, TLS fingerprint pinning, host-list failover, protocol downgrade.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import * as net from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { startEmulator } from '../src/emulator/index';
import { AbortError, AuthError, ConnectionError, connect, InputError, TimeoutError } from '../src/node';

type Emu = Awaited<ReturnType<typeof startEmulator>>;
let emu: Emu;
let tlsEmu: Emu;
const ACCESS = 'access-token-for-tests';

before(async () => {
  emu = await startEmulator({ maxProtocolVersion: 2 });
  tlsEmu = await startEmulator({ tls: true, tokens: { accessTokens: [ACCESS] } });
});
after(async () => {
  await emu.close();
  await tlsEmu.close();
});

const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
const PEM = publicKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const JWK = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
const hex = (s: string) => Buffer.from(s, 'base64url').toString('hex').toUpperCase();

/** A scripted server on 127.0.0.1: logs in any client, answers getAttributes, then follows `onCommand`. */
async function fakeServer(onCommand: (ws: WebSocket, msg: Record<string, unknown>) => void) {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const seen: Record<string, unknown>[] = [];
  wss.on('connection', (ws) => {
    ws.on('message', (data) => {
      const msg = JSON.parse(data.toString()) as Record<string, unknown>;
      seen.push(msg);
      if (msg.command === 'login') {
        ws.send(JSON.stringify({ status: 'ok', responseData: { publicKeyPem: PEM, publicKeyModulus: hex(JWK.n), publicKeyExponent: hex(JWK.e) } }));
      } else if (msg.username !== undefined) {
        ws.send(
          '{"status":"ok","responseData":{"protocolVersion":3,"sessionId":1750902846820319232,"releaseVersion":"8.29.11","databaseName":"FAKE","productName":"EXASolution","maxDataMessageSize":67108864,"maxIdentifierLength":128,"maxVarcharLength":2000000,"identifierQuoteString":"\\"","timeZone":"UNIVERSAL","timeZoneBehavior":"INVALID SHIFT AMBIGUOUS ST"}}',
        );
      } else if (msg.command === 'getAttributes') {
        ws.send(JSON.stringify({ status: 'ok', attributes: { autocommit: true } }));
      } else onCommand(ws, msg);
    });
  });
  const port = (wss.address() as net.AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((r) => {
        for (const c of wss.clients) c.terminate();
        wss.close(() => r());
      }),
  };
}

test('connect timeout: a TCP server that never completes the WebSocket handshake', async () => {
  const sockets: net.Socket[] = [];
  const srv = net.createServer((s) => sockets.push(s));
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as net.AddressInfo).port;
  try {
    await assert.rejects(connect({ url: `ws://127.0.0.1:${port}`, user: 'sys', password: 'x', connectTimeout: 300 }), TimeoutError);
  } finally {
    sockets.forEach((s) => s.destroy());
    await new Promise((r) => srv.close(r));
  }
});

test('connect timeout: a WebSocket server that never answers the login', async () => {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const port = (wss.address() as net.AddressInfo).port;
  try {
    await assert.rejects(connect({ url: `ws://127.0.0.1:${port}`, user: 'sys', password: 'x', connectTimeout: 300 }), TimeoutError);
  } finally {
    for (const c of wss.clients) c.terminate();
    await new Promise((r) => wss.close(r));
  }
});

test('login over the fake server keeps the 64-bit session id exact', async () => {
  const fake = await fakeServer(() => {});
  try {
    const s = await connect({ url: fake.url, user: 'sys', password: 'pw' });
    assert.equal(s.info.sessionId, '1750902846820319232');
    const creds = fake.seen.find((m) => m.username !== undefined)!;
    assert.equal(creds.username, 'sys');
    assert.equal(Buffer.from(creds.password as string, 'base64').length, 128);
    assert.equal(creds.useCompression, false);
    assert.equal(creds.clientName, 'exasol-ws');
    await s.close();
  } finally {
    await fake.close();
  }
});

test('command timeout aborts the statement (abortQuery sent) with TimeoutError', async () => {
  const fake = await fakeServer(() => {});
  try {
    const s = await connect({ url: fake.url, user: 'sys', password: 'pw', commandTimeout: 300 });
    await assert.rejects(s.query('SELECT 1'), (e: unknown) => e instanceof TimeoutError && e.sql === 'SELECT 1');
    await new Promise((r) => setTimeout(r, 50));
    assert.ok(fake.seen.some((m) => m.command === 'abortQuery'), 'abortQuery was sent');
    await s.close();
    assert.equal(s.closed, true);
  } finally {
    await fake.close();
  }
});

test('idle timeout: a silent server drops the connection with TimeoutError; queued calls fail too', async () => {
  const fake = await fakeServer(() => {});
  try {
    const s = await connect({ url: fake.url, user: 'sys', password: 'pw', idleTimeout: 300 });
    const a = s.query('SELECT 1');
    const b = s.query('SELECT 2');
    await assert.rejects(a, TimeoutError);
    await assert.rejects(b, ConnectionError);
    assert.equal(s.closed, true);
    assert.equal(s.status$.value.state, 'closed');
  } finally {
    await fake.close();
  }
});

test('heartbeat Pongs keep the idle timer alive', async () => {
  const fake = await fakeServer((ws, msg) => {
    if (msg.command !== 'execute') return;
    const t = setInterval(() => ws.pong(), 100);
    setTimeout(() => {
      clearInterval(t);
      ws.send('{"status":"ok","responseData":{"numResults":1,"results":[{"resultType":"rowCount","rowCount":7}]}}');
    }, 800);
  });
  try {
    const s = await connect({ url: fake.url, user: 'sys', password: 'pw', idleTimeout: 400 });
    let beats = 0;
    s.heartbeat$.subscribe(() => beats++);
    assert.equal(await s.execute('UPDATE X SET A = 1'), 7);
    assert.ok(beats >= 3);
    await s.close();
  } finally {
    await fake.close();
  }
});

test('a lost connection rejects the running and queued calls with ConnectionError', async () => {
  const fake = await fakeServer((ws) => ws.terminate());
  try {
    const s = await connect({ url: fake.url, user: 'sys', password: 'pw' });
    const all = [s.query('SELECT 1'), s.execute('SELECT 2'), s.getAttributes()];
    for (const p of all) await assert.rejects(p, ConnectionError);
    await assert.rejects(s.query('SELECT 3'), ConnectionError);
    await s.close();
  } finally {
    await fake.close();
  }
});

test('a reply that is not protocol JSON fails with ProtocolError', async () => {
  const fake = await fakeServer((ws) => ws.send('{"status":"maybe"}'));
  try {
    const s = await connect({ url: fake.url, user: 'sys', password: 'pw' });
    await assert.rejects(s.query('SELECT 1'), (e: unknown) => e instanceof Error && e.name === 'ProtocolError');
    await s.close();
  } finally {
    await fake.close();
  }
});

test('wrong password is AuthError; bad options are InputError; aborted connect is AbortError', async () => {
  await assert.rejects(connect({ url: emu.url, user: 'sys', password: 'wrong' }), (e: unknown) => e instanceof AuthError && e.sqlCode === '08004');
  await assert.rejects(connect({ url: emu.url, user: 'sys' } as never), InputError);
  await assert.rejects(connect({ url: 'http://x', user: 'a', password: 'b' }), InputError);
  await assert.rejects(connect({ url: emu.url, user: 'sys', password: 'exasol', signal: AbortSignal.abort() }), AbortError);
});

test('protocol downgrade is accepted (server max 2, client asks 3)', async () => {
  const s = await connect({ url: emu.url, user: 'sys', password: 'exasol' });
  assert.equal(s.info.protocolVersion, 2);
  await s.close();
});

test('host list failover: the first host refuses, the next one accepts', async () => {
  const dead = net.createServer();
  await new Promise<void>((r) => dead.listen(0, '127.0.0.1', () => r()));
  const deadPort = (dead.address() as net.AddressInfo).port;
  await new Promise((r) => dead.close(r));
  const port = new URL(emu.url).port;
  const s = await connect({ hosts: `127.0.0.1:${deadPort},127.0.0.1:${port}`, shuffleHosts: false, user: 'sys', password: 'exasol' });
  assert.equal((await s.query('SELECT 1 AS X')).rows[0]!.X, 1);
  await s.close();
  await assert.rejects(
    connect({ hosts: `127.0.0.1:${deadPort},127.0.0.1:${deadPort}`, shuffleHosts: false, user: 'sys', password: 'exasol' }),
    (e: unknown) => e instanceof ConnectionError && e.attempts?.length === 2,
  );
});

test('TLS: fingerprint pinning accepts the right certificate and refuses a wrong one', async () => {
  const fp = tlsEmu.fingerprint!;
  assert.match(fp, /^[0-9A-Fa-f:]{64,}$/);
  const s = await connect({ url: tlsEmu.url, user: 'sys', password: 'exasol', tls: { fingerprint: fp.toLowerCase() } });
  assert.equal((await s.query('SELECT 1 AS X')).rows[0]!.X, 1);
  await s.close();
  const wrong = 'AB'.repeat(32);
  await assert.rejects(connect({ url: tlsEmu.url, user: 'sys', password: 'exasol', tls: { fingerprint: wrong } }), (e: unknown) => e instanceof ConnectionError && /fingerprint/.test(e.message));
  // Self-signed without pinning: refused by default, accepted with the explicit opt-out.
  await assert.rejects(connect({ url: tlsEmu.url, user: 'sys', password: 'exasol' }), ConnectionError);
  const t = await connect({ url: tlsEmu.url, user: 'sys', password: 'exasol', tls: { rejectUnauthorized: false } });
  await t.close();
  // Fingerprint inline in the host list, as in Exasol connection strings.
  const u = new URL(tlsEmu.url);
  const h = await connect({ url: `wss://${u.hostname}/${fp.replace(/:/g, '')}:${u.port}`, user: 'sys', password: 'exasol' });
  await h.close();
});

test('token login (v3 loginToken) with an access token; a wrong token is AuthError', async () => {
  const tls = { rejectUnauthorized: false };
  const s = await connect({ url: tlsEmu.url, accessToken: ACCESS, tls, compression: true });
  assert.equal(s.info.protocolVersion, 3);
  assert.equal((await s.query('SELECT 2 AS X')).rows[0]!.X, 2);
  await s.close();
  await assert.rejects(connect({ url: tlsEmu.url, accessToken: 'nope', tls }), AuthError);
  await assert.rejects(connect({ url: tlsEmu.url, accessToken: ACCESS, tls, protocolVersion: 2 }), InputError);
});
