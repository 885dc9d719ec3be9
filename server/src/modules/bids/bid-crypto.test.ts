import assert from 'node:assert/strict';
import { createCipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { sm2 } from 'sm-crypto-v2';
import {
  bytesToHex, generateOfficialKeyPair, hexToBytes, keyIdOf, macBinding, privateKeyMatches, readEnvelope, sealBid, sm2Decrypt, sm2Encrypt,
} from './bid-envelope.ts';
import { causeFault, sm2Decryptor, unsealBid } from './bid-unseal.ts';
import { createTenderKey, rebuildTenderKey, shareHolds, TenderKeyMismatch } from './tender-key.ts';

/**
 * The sealed-bid crypto alone (no database): the browser's sealing (sm-crypto-v2) opened by the
 * server's native code, every way an envelope can fail, and the k-of-n tender key.
 */
const TENDER = 'c0ffee00-0000-4000-8000-000000000001';
const BIDDER = 'b1dde700-0000-4000-8000-000000000002';
const tenderPair = sm2.generateKeyPairHex();
const opener = { keyId: keyIdOf(tenderPair.publicKey), decrypt: sm2Decryptor(tenderPair.privateKey) };
const file = randomBytes(5000);
const seal = (over: Partial<Parameters<typeof sealBid>[0]> = {}) => sealBid({
  tenderId: TENDER, bidderId: BIDDER, tenderPublicKey: tenderPair.publicKey, file, fileName: '投标文件.pdf', mediaType: 'application/pdf', price: '1234567.89', ...over,
});

describe('SM2 decryption (native) against the standard and sm-crypto-v2', () => {
  it('decrypts the worked example of GB/T 32918.5-2017 (public key encryption)', () => {
    const d = '3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8';
    const c = '04' + '04ebfc718e8d1798620432268e77feb6415e2ede0e073c0f4f640ecd2e149a73' + 'e858f9d81e5430a57b36daab8f950a3c64e6ee6a63094d99283aff767e124df0'
      + '59983c18f809e262923c53aec295d30383b54e39d609d160afcb1908d0bd8766' + '21886ca989ca9c7d58087307ca93092d651efa';
    assert.equal(sm2Decryptor(d)(hexToBytes(c))?.toString('utf8'), 'encryption standard');
  });

  it('refuses a ciphertext whose KDF output is all zero, and sm2Encrypt draws k again instead of giving one', () => {
    // Made by sm-crypto-v2, which does not draw k again (GB/T 32918.4 §6.1 A5): for this 1-byte message
    // t = 00, so C2 = M = 0x65. Found by the loop below failing once (a run of the API tests, 4 Dec 2026).
    const d = '8dc9453dcef4c5ddc41fa94cf310617f03698508d67c9edb2f46cad154979245';
    const publicKey = '049bab972108b61201f5eecce6ca375dbe6544431e1077ca3ef1aba27bad3ebc5133c0f33af16dca90158cb0424a292076968f992d92692d4c3bb005b8a77a246b';
    const zeroT = hexToBytes('04453b257189071403ed838e30538ec7ab8a40e6b7df70caf041182d211c207a68a481ea0ab264bbb2dac6f93ef7b6964166ebe4b'
      + '874725707ae38c55465b5016861daf6fbad31e857ac1a5660a5edcf9dbd40b22350bac66ff8ef450d201e049e65');
    const msg = new Uint8Array([0x65]);
    assert.equal(sm2Decryptor(d)(zeroT), null, 'the native decryptor refuses it (§7.1 B4)');
    assert.equal(sm2Decrypt(d, zeroT), null, 'and so does the browser-side one');
    const drawn: Uint8Array[] = [];
    const ct = sm2Encrypt(publicKey, msg, (key, m) => {
      const out = drawn.length === 0 ? zeroT : sm2Encrypt(key, m);
      drawn.push(out);
      return out;
    });
    assert.equal(drawn.length, 2, 'the all-zero draw is thrown away and k drawn again');
    assert.deepEqual(ct, drawn[1]);
    assert.deepEqual(sm2Decryptor(d)(ct), Buffer.from(msg));
    assert.throws(() => sm2Encrypt(publicKey, new Uint8Array(0)), RangeError);
  });

  it('opens a ciphertext whose other root of y gives an all-zero t: only the right root\'s t is refused', () => {
    // Found by a randomized test failing in a clean-clone CI run (7 Dec 2026): ECDH gives x only, and the decryptor
    // refused as soon as the first root it tried gave t = 0, before trying the right one (once in 256 for 1 byte).
    const d = '4781bfd3b2951d0761cb86ab1720585dce7de14d4198c4dab6b081756b2950da';
    const ct = hexToBytes('044bed030df9a1c737297762f8d70a47668e2a894af063e52daf9ff7c26684c345e225dc6ab7344ec4c39125739324c8de4b3464df'
      + '6711589d3ee018c6dca24af9ef3caa5f1c1ceb47f1be22e79b2c8135213021e746e52ff9db10b34bf1ce363a50');
    assert.deepEqual(sm2Decryptor(d)(ct), Buffer.from([0x42]));
    assert.deepEqual(Buffer.from(sm2Decrypt(d, ct)!), Buffer.from([0x42]), 'the browser-side decryption agrees');
  });

  it('opens what sm-crypto-v2 encrypts, for fresh keys and lengths, and nothing tampered', () => {
    for (let i = 0; i < 12; i++) {
      const pair = sm2.generateKeyPairHex();
      const msg = randomBytes(1 + i * 7);
      const ct = sm2Encrypt(pair.publicKey, msg);
      assert.deepEqual(sm2Decryptor(pair.privateKey)(ct), msg);
      assert.deepEqual(Buffer.from(sm2Decrypt(pair.privateKey, ct)!), msg, 'the browser-side decryption agrees');
      const flipped = Buffer.from(ct);
      flipped[flipped.length - 1]! ^= 1;
      assert.equal(sm2Decryptor(pair.privateKey)(flipped), null, 'a flipped byte of C2 fails C3');
      assert.equal(sm2Decrypt(pair.privateKey, flipped), null);
    }
    const other = sm2.generateKeyPairHex();
    assert.equal(sm2Decryptor(other.privateKey)(sm2Encrypt(tenderPair.publicKey, randomBytes(48))), null, 'another key does not open it');
    const offCurve = Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 1), randomBytes(80)]);
    assert.equal(sm2Decryptor(tenderPair.privateKey)(offCurve), null);
    assert.equal(sm2Decrypt(tenderPair.privateKey, offCurve), null);
  });
});

describe('a sealed bid', () => {
  it('opens with the tender key to the same file and manifest, and its bytes hold no plaintext', () => {
    const env = seal();
    const out = unsealBid(env, opener, { tenderId: TENDER, bidderId: BIDDER });
    assert.ok(out.ok);
    assert.deepEqual(out.file, file);
    assert.equal(out.manifest.price, '1234567.89');
    assert.equal(out.manifest.fileName, '投标文件.pdf');
    assert.equal(out.manifest.sm3, createHash('sm3').update(file).digest('hex'));
    const stored = Buffer.from(env);
    assert.equal(stored.indexOf(file.subarray(0, 32)), -1, 'no run of the file in the envelope');
    assert.equal(stored.indexOf(Buffer.from('1234567.89')), -1, 'the price is not readable');
    assert.equal(stored.indexOf(Buffer.from('投标文件')), -1, 'the file name is not readable');
    assert.notDeepEqual(Buffer.from(seal()), stored, 'two seals of the same bid differ (fresh key and IV)');
  });

  it('is bound to its tender and its bidder: a copy handed in by another bidder or on another tender does not open', () => {
    const env = seal();
    assert.deepEqual(unsealBid(env, opener, { tenderId: TENDER, bidderId: 'someone-else' }), { ok: false, cause: 'mac_mismatch' });
    assert.deepEqual(unsealBid(env, opener, { tenderId: 'another-tender', bidderId: BIDDER }), { ok: false, cause: 'mac_mismatch' });
  });

  it('names the cause of every failure, each the bidder\'s', () => {
    const env = Buffer.from(seal());
    const bind = { tenderId: TENDER, bidderId: BIDDER };
    const at = (i: number) => { const b = Buffer.from(env); b[i]! ^= 0x40; return b; };
    assert.deepEqual(unsealBid(env.subarray(0, 100), opener, bind), { ok: false, cause: 'envelope_malformed' });
    assert.deepEqual(unsealBid(at(0), opener, bind), { ok: false, cause: 'envelope_malformed' });
    assert.deepEqual(unsealBid(env.subarray(0, env.length - 1), opener, bind), { ok: false, cause: 'envelope_malformed' });
    assert.deepEqual(unsealBid(seal({ tenderPublicKey: sm2.generateKeyPairHex().publicKey }), opener, bind), { ok: false, cause: 'wrong_tender_key' });
    assert.deepEqual(unsealBid(at(38 + 100), opener, bind), { ok: false, cause: 'key_unwrap_failed' });
    assert.deepEqual(unsealBid(at(env.length - 100), opener, bind), { ok: false, cause: 'mac_mismatch' });
    assert.deepEqual(unsealBid(at(env.length - 1), opener, bind), { ok: false, cause: 'mac_mismatch' });

    // Envelopes a faulty client could make, MAC right but inside wrong.
    const raw = (plaintext: Buffer, pad = true) => {
      const key = randomBytes(48);
      const iv = randomBytes(16);
      const c = createCipheriv('sm4-cbc', key.subarray(0, 16), iv);
      c.setAutoPadding(pad);
      const ct = Buffer.concat([c.update(plaintext), c.final()]);
      const body = Buffer.concat([Buffer.from('OWB1'), Buffer.from(keyIdOf(tenderPair.publicKey), 'hex'), Buffer.from([0, 145]), sm2Encrypt(tenderPair.publicKey, key), iv, ct]);
      return Buffer.concat([body, createHmac('sm3', key.subarray(16)).update(macBinding(TENDER, BIDDER)).update(body).digest()]);
    };
    const manifest = (m: object) => { const j = Buffer.from(JSON.stringify(m)); const l = Buffer.alloc(4); l.writeUInt32BE(j.length); return Buffer.concat([l, j]); };
    const good = { v: 1, fileName: 'a.pdf', mediaType: 'application/pdf', size: 4, sm3: createHash('sm3').update('abcd').digest('hex'), price: '100' };
    assert.ok(unsealBid(raw(Buffer.concat([manifest(good), Buffer.from('abcd')])), opener, bind).ok, 'the hand-made envelope is right when its inside is');
    assert.deepEqual(unsealBid(raw(randomBytes(64), false), opener, bind), { ok: false, cause: 'decrypt_failed' });
    assert.deepEqual(unsealBid(raw(Buffer.concat([manifest({ ...good, price: '12,00' }), Buffer.from('abcd')])), opener, bind), { ok: false, cause: 'manifest_invalid' });
    assert.deepEqual(unsealBid(raw(Buffer.from([0, 0, 9, 0, 1])), opener, bind), { ok: false, cause: 'manifest_invalid' });
    assert.deepEqual(unsealBid(raw(Buffer.concat([manifest(good), Buffer.from('abce')])), opener, bind), { ok: false, cause: 'file_hash_mismatch' });
    assert.equal(causeFault('mac_mismatch'), 'bidder');
    assert.equal(causeFault('ciphertext_altered'), 'platform');
  });

  it('is read without a key only as far as its structure and tender key id', () => {
    const parts = readEnvelope(seal())!;
    assert.equal(parts.keyId, keyIdOf(tenderPair.publicKey));
    assert.equal(parts.wrappedKey.length, 145);
    assert.equal(readEnvelope(new Uint8Array(300)), null);
  });
});

describe('the tender key, k of n', () => {
  const officials = Array.from({ length: 5 }, (_, i) => ({ userId: `official-${i}`, ...generateOfficialKeyPair() }));

  it('gives each custodian a share only their key opens; any 3 of 5 rebuild the key, 2 do not', async () => {
    const key = await createTenderKey(TENDER, officials.map((o) => ({ userId: o.userId, publicKey: o.publicKey })), 3);
    assert.equal(key.shares.length, 5);
    const shares = key.shares.map((s, i) => {
      assert.equal(sm2Decrypt(officials[(i + 1) % 5]!.privateKey, s.encryptedShare), null, 'another official cannot open it');
      const share = sm2Decrypt(officials[i]!.privateKey, s.encryptedShare)!;
      assert.ok(shareHolds(TENDER, share, s.shareCheck));
      assert.ok(!shareHolds('another-tender', share, s.shareCheck));
      return share;
    });
    const envelope = sealBid({ tenderId: TENDER, bidderId: BIDDER, tenderPublicKey: key.publicKey, file, fileName: 'b.pdf', mediaType: 'application/pdf', price: '1' });
    for (const pick of [[0, 1, 2], [0, 2, 4], [1, 3, 4], [4, 3, 2, 1]]) {
      const opened = await rebuildTenderKey(pick.map((i) => shares[i]!), key);
      const out = unsealBid(envelope, opened, { tenderId: TENDER, bidderId: BIDDER });
      assert.ok(out.ok && out.file.equals(file), `shares ${pick} open the bid`);
    }
    await assert.rejects(rebuildTenderKey([shares[0]!, shares[3]!], key), TenderKeyMismatch, 'two shares give wrong bytes, caught by the check value');
    const tampered = Uint8Array.from(shares[1]!);
    tampered[3]! ^= 1;
    assert.ok(!shareHolds(TENDER, tampered, key.shares[1]!.shareCheck));
    await assert.rejects(rebuildTenderKey([shares[0]!, tampered, shares[2]!], key), TenderKeyMismatch);
  });

  it('keeps nothing of the private key: the result has only public values', async () => {
    const key = await createTenderKey(TENDER, officials.map((o) => ({ userId: o.userId, publicKey: o.publicKey })), 2);
    const text = JSON.stringify(key);
    assert.ok(!/"privateKey"/.test(text));
    assert.ok(privateKeyMatches(officials[0]!.privateKey, officials[0]!.publicKey));
    assert.ok(!privateKeyMatches(officials[1]!.privateKey, officials[0]!.publicKey));
    assert.equal(bytesToHex(hexToBytes('00ff10')), '00ff10');
    await assert.rejects(createTenderKey(TENDER, officials.slice(0, 2), 3));
  });
});
