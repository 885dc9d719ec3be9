import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { sm2 } from 'sm-crypto-v2';
import { generateSm2KeyPair, sm2PublicKeyFromPem, sm2PublicKeyOf, sm2PublicKeyPem, sm2Sign, sm2Verify, sm3Hex, SM2_SIGNER_ID } from './sm2.ts';

/**
 * SM2 against independent references: the worked example of GB/T 32918.5-2017 (GM/T 0003.5) on the
 * recommended curve, and the OpenSSL 3 command line (a separate implementation), both ways.
 */
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sm2-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));
const file = (name: string, data?: string | Buffer) => {
  const p = path.join(tmp, name);
  if (data !== undefined) fs.writeFileSync(p, data);
  return p;
};
const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
const opensslOk = (...args: string[]) => {
  try { openssl(...args); return true; } catch { return false; }
};

// GB/T 32918.5-2017 Annex A (the same example as GM/T 0003.5): signing key, message and its signature.
const VECTOR = {
  d: '3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8',
  x: '09f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020',
  y: 'ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13',
  message: 'message digest',
  k: '59276e27d506861a16680f3ad9c02dccef3cc1fa3cdbe4ce6d54b80deac1bc21',
  r: 'f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3',
  s: 'b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa',
};

/** DER of (r, s) as our sm2Sign returns it. */
function derOf(r: string, s: string): Buffer {
  const int = (h: string) => {
    let b = Buffer.from(h, 'hex');
    while (b.length > 1 && b[0] === 0 && b[1]! < 0x80) b = b.subarray(1);
    if (b[0]! >= 0x80) b = Buffer.concat([Buffer.from([0]), b]);
    return Buffer.concat([Buffer.from([0x02, b.length]), b]);
  };
  const body = Buffer.concat([int(r), int(s)]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}

describe('SM2 with the standard signer ID', () => {
  it('reproduces the published example of GB/T 32918.5 (public key, and r, s with its k)', () => {
    assert.equal(sm2PublicKeyOf(VECTOR.d), `04${VECTOR.x}${VECTOR.y}`);
    assert.equal(SM2_SIGNER_ID, '1234567812345678');
    // The example's k, fed through the library's point pool: the signature must be the published (r, s) exactly.
    const kG = sm2PublicKeyOf(VECTOR.k);
    const point = { k: BigInt(`0x${VECTOR.k}`), x1: BigInt(`0x${kG.slice(2, 66)}`) };
    const hex = sm2.doSignature(VECTOR.message, VECTOR.d, { hash: true, userId: SM2_SIGNER_ID, pointPool: [point] });
    assert.equal(hex, VECTOR.r + VECTOR.s);
    assert.equal(sm2Verify(`04${VECTOR.x}${VECTOR.y}`, VECTOR.message, derOf(VECTOR.r, VECTOR.s)), true);
    // The same signature under another signer ID, or of another message, is refused.
    assert.equal(sm2.doVerifySignature(VECTOR.message, VECTOR.r + VECTOR.s, `04${VECTOR.x}${VECTOR.y}`, { hash: true, userId: '1234567812345679' }), false);
    assert.equal(sm2Verify(`04${VECTOR.x}${VECTOR.y}`, 'message digesT', derOf(VECTOR.r, VECTOR.s)), false);
  });

  it('SM3 matches the standard example (GB/T 32905: "abc")', () => {
    assert.equal(sm3Hex('abc'), '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });

  it('OpenSSL verifies what we sign with ID 1234567812345678, and refuses a changed byte or another ID', () => {
    const keys = generateSm2KeyPair();
    const msg = Buffer.from('行政许可决定书 %PDF-1.7 bytes');
    const pub = file('ours.pub.pem', sm2PublicKeyPem(keys.publicKey));
    const sig = file('ours.sig', sm2Sign(keys.privateKey, msg));
    const data = file('ours.msg', msg);
    assert.equal(opensslOk('pkeyutl', '-verify', '-pubin', '-inkey', pub, '-rawin', '-in', data, '-sigfile', sig, '-digest', 'sm3', '-pkeyopt', `distid:${SM2_SIGNER_ID}`), true);
    assert.equal(opensslOk('dgst', '-sm3', '-verify', pub, '-sigopt', `distid:${SM2_SIGNER_ID}`, '-signature', sig, data), true);
    assert.equal(opensslOk('pkeyutl', '-verify', '-pubin', '-inkey', pub, '-rawin', '-in', data, '-sigfile', sig, '-digest', 'sm3', '-pkeyopt', 'distid:1234567812345679'), false);
    const changed = Buffer.from(msg);
    changed[3] ^= 0x01;
    const changedFile = file('ours.changed', changed);
    assert.equal(opensslOk('pkeyutl', '-verify', '-pubin', '-inkey', pub, '-rawin', '-in', changedFile, '-sigfile', sig, '-digest', 'sm3', '-pkeyopt', `distid:${SM2_SIGNER_ID}`), false);
  });

  it('we verify what OpenSSL signs with ID 1234567812345678, and refuse a changed byte', () => {
    const key = file('theirs.pem');
    openssl('genpkey', '-algorithm', 'SM2', '-out', key);
    const pubPem = openssl('pkey', '-in', key, '-pubout').toString();
    const publicKey = sm2PublicKeyFromPem(pubPem);
    assert.equal(sm2PublicKeyPem(publicKey).replace(/\s/g, ''), pubPem.replace(/\s/g, ''));
    const msg = Buffer.from('电子证照 signed by OpenSSL');
    const data = file('theirs.msg', msg);
    const sig = openssl('pkeyutl', '-sign', '-inkey', key, '-rawin', '-in', data, '-digest', 'sm3', '-pkeyopt', `distid:${SM2_SIGNER_ID}`);
    assert.equal(sm2Verify(publicKey, msg, sig), true);
    const changed = Buffer.from(msg);
    changed[changed.length - 1] ^= 0x01;
    assert.equal(sm2Verify(publicKey, changed, sig), false);
    // Signed with an empty ID (what Node's own crypto would do): not a valid signature under the standard ID.
    const emptyId = openssl('pkeyutl', '-sign', '-inkey', key, '-rawin', '-in', data, '-digest', 'sm3', '-pkeyopt', 'distid:');
    assert.equal(sm2Verify(publicKey, msg, emptyId), false);
  });

  it('a changed signature byte fails, and garbage never throws', () => {
    const keys = generateSm2KeyPair();
    const sig = sm2Sign(keys.privateKey, 'x');
    assert.equal(sm2Verify(keys.publicKey, 'x', sig), true);
    const bad = Buffer.from(sig);
    bad[bad.length - 2] ^= 0x40;
    assert.equal(sm2Verify(keys.publicKey, 'x', bad), false);
    assert.equal(sm2Verify(keys.publicKey, 'x', Buffer.from('not der')), false);
    assert.equal(sm2Verify('04deadbeef', 'x', sig), false);
    assert.throws(() => sm2PublicKeyFromPem('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----'));
  });
});
