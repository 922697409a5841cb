// The browser's password encryption (jsencrypt) checked against node:crypto's private key, and the
// cases it must refuse rather than get wrong. Runs in its own process: it defines a `window`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { constants, generateKeyPairSync, privateDecrypt } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError } from '../src/errors';
import { nodeRsaEncrypt } from '../src/platform/node-rsa';

const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024, publicExponent: 65537 });
const pem = publicKey.export({ type: 'pkcs1', format: 'pem' }) as string;

/** Decrypts raw (Node 20 refuses PKCS#1 v1.5 decryption) and checks the type-2 padding by hand. */
function decrypt(b64: string): string {
  const ct = Buffer.from(b64, 'base64');
  assert.equal(ct.length, 128);
  const em = privateDecrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, ct);
  assert.equal(em[0], 0);
  assert.equal(em[1], 2);
  const sep = em.indexOf(0, 2);
  assert.ok(sep >= 10, 'at least 8 non-zero padding bytes');
  return em.subarray(sep + 1).toString('utf8');
}

test('browser RSA refuses to run where jsencrypt loaded without a window (it would pad from Math.random)', () => {
  const script = `import('./src/platform/browser-rsa.ts').then((m) => { try { m.browserRsaEncrypt(process.env.PEM, 'exasol'); console.log('encrypted'); } catch (e) { console.log(e.name + ': ' + e.message); } });`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, PEM: pem } });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^InputError: .*window/);
  assert.doesNotMatch(r.stdout, /exasol/);
});

test('browser RSA (jsencrypt) encrypts UTF-8 that the private key decrypts; too long and non-BMP are refused', async () => {
  // As in a browser page: a window exists before jsencrypt loads, so it seeds from crypto.getRandomValues.
  (globalThis as { window?: unknown; self?: unknown }).window = globalThis;
  (globalThis as { self?: unknown }).self = globalThis;
  try {
    const { browserRsaEncrypt } = await import('../src/platform/browser-rsa');
    for (const secret of ['exasol', 'pässwörd ü€', 'x'.repeat(117), 'ж'.repeat(58)]) {
      const a = browserRsaEncrypt(pem, secret);
      assert.equal(decrypt(a), secret);
      assert.notEqual(browserRsaEncrypt(pem, secret), a, 'random padding');
      assert.equal(decrypt(nodeRsaEncrypt(pem, Buffer.from(secret))), secret);
    }
    // 118 bytes do not fit a 1024-bit key; jsencrypt would silently drop a prefix of a multi-byte text.
    for (const tooLong of ['x'.repeat(118), 'ж'.repeat(59)]) {
      assert.throws(() => browserRsaEncrypt(pem, tooLong), (e: unknown) => e instanceof InputError && /at most 117/.test(e.message));
      assert.throws(() => nodeRsaEncrypt(pem, Buffer.from(tooLong)), InputError);
    }
    assert.throws(() => browserRsaEncrypt(pem, 'key 🔑'), (e: unknown) => e instanceof InputError && !e.message.includes('key 🔑'));
    assert.throws(() => browserRsaEncrypt('-----BEGIN RSA PUBLIC KEY-----\nAAAA\n-----END RSA PUBLIC KEY-----', 'exasol'), (e: unknown) => e instanceof Error && !(e instanceof InputError));
  } finally {
    delete (globalThis as { window?: unknown }).window;
    delete (globalThis as { self?: unknown }).self;
  }
});

test('the UMD bundle (jsencrypt on a native-BigInt BigInteger) encrypts what the private key decrypts', (t) => {
  const umd = 'dist/exasol-ws.umd.min.js';
  if (!existsSync(umd)) return t.skip('dist/ not built (npm test builds it before the Node tests)');
  const big = generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 65537 });
  const keys = [
    { pem, priv: privateKey, bytes: 128 },
    { pem: publicKey.export({ type: 'spki', format: 'pem' }) as string, priv: privateKey, bytes: 128 },
    { pem: big.publicKey.export({ type: 'pkcs1', format: 'pem' }) as string, priv: big.privateKey, bytes: 256 },
  ];
  const secrets = ['exasol', 'pässwörd ü€', 'x'.repeat(117)];
  // As in a page: a window exists before the bundle loads, which runs as a classic script and sets the global.
  const script = `import { readFileSync } from 'node:fs'; import { runInThisContext } from 'node:vm';
    globalThis.window = globalThis; globalThis.self = globalThis;
    runInThisContext(readFileSync(process.env.UMD, 'utf8'));
    const { browserPlatform } = globalThis.ExasolWS;
    const keys = JSON.parse(process.env.KEYS), secrets = JSON.parse(process.env.SECRETS);
    (async () => {
      const out = [];
      for (const k of keys) for (const s of secrets) out.push(await browserPlatform.rsaEncrypt(k, s));
      let tooLong = '';
      try { await browserPlatform.rsaEncrypt(keys[0], 'x'.repeat(118)); } catch (e) { tooLong = e.name + ': ' + e.message; }
      console.log(JSON.stringify({ out, tooLong }));
    })();`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    env: { ...process.env, UMD: resolve(umd), KEYS: JSON.stringify(keys.map((k) => k.pem)), SECRETS: JSON.stringify(secrets) },
  });
  assert.equal(r.status, 0, r.stderr);
  const { out, tooLong } = JSON.parse(r.stdout) as { out: string[]; tooLong: string };
  let i = 0;
  for (const k of keys) {
    for (const secret of secrets) {
      const ct = Buffer.from(out[i++]!, 'base64');
      assert.equal(ct.length, k.bytes);
      const em = privateDecrypt({ key: k.priv, padding: constants.RSA_NO_PADDING }, ct);
      assert.deepEqual([em[0], em[1]], [0, 2]);
      const sep = em.indexOf(0, 2);
      assert.ok(sep >= 10);
      assert.equal(em.subarray(sep + 1).toString('utf8'), secret);
    }
  }
  assert.match(tooLong, /^InputError: .*at most 117/);
});
