// TLS: wss with a self-signed certificate made at start; the reported fingerprint is the SHA-256 of
// the DER leaf certificate the client actually sees; login and compression work over TLS.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TLSSocket } from 'node:tls';
import { startEmulator, type RunningEmulator } from '../src/emulator/index';
import { WireClient } from './support/wire-client';

let emu: RunningEmulator;
before(async () => {
  emu = await startEmulator({ tls: true, tokens: { accessTokens: ['tok'] } });
});
after(async () => {
  await emu.close();
});

test('wss URL and a 64-hex fingerprint matching the served certificate', async () => {
  assert.match(emu.url, /^wss:\/\/127\.0\.0\.1:\d+$/);
  assert.match(emu.fingerprint ?? '', /^[0-9A-F]{64}$/);
  const c = await WireClient.open(emu.url, { rejectUnauthorized: false });
  const sock = (c.ws as unknown as { _socket: TLSSocket })._socket;
  const seen = sock.getPeerX509Certificate()!.fingerprint256.replace(/:/g, '');
  assert.equal(seen, emu.fingerprint);
  const r = await c.login({ useCompression: true });
  assert.equal(r.status, 'ok');
  const a = await c.ok({ command: 'getAttributes' });
  assert.equal(a.attributes.compressionEnabled, true);
  await c.close();
});

test('token login over wss', async () => {
  const c = await WireClient.open(emu.url, { rejectUnauthorized: false });
  await c.ok({ command: 'loginToken', protocolVersion: 3 });
  assert.equal((await c.request({ accessToken: 'tok', useCompression: false })).status, 'ok');
  await c.close();
});

test('an unverified client is refused by default (self-signed)', async () => {
  await assert.rejects(WireClient.open(emu.url));
});
