import { createHash, generateKeyPairSync, randomBytes, sign, verify } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { sm2 } from 'sm-crypto-v2';
import { generateSm2KeyPair, sm2Sign, sm2Verify, sm3Hex, SM2_SIGNER_ID } from '../server/src/lib/sm2.ts';
import { options, table } from './lib.ts';

/**
 * E-seal signatures (issue 12, "Measured"): licences signed and verified per second with SM2/SM3
 * (sm-crypto-v2, signer ID 1234567812345678, as modules/seals/signing.ts does it) beside Node's
 * built-in ECDSA P-256 with SHA-256 (OpenSSL) on the same machine and the same data.
 *
 * One "licence signed" = the SM3 digest of the document's bytes + the SM2 signature of the signed
 * data (GB/T 38540 TBS_Sign, ~700 bytes of JSON naming the seal, time and digest). One
 * "verification" = the digest of the uploaded bytes again + the SM2 verification. The reference
 * does the same with SHA-256 and ECDSA P-256. Crypto only: the database row and file write of
 * signDocument are measured by the submission-style benchmarks, not here.
 */
const opt = options({ seconds: 3, docKb: 40 }, 'npm run bench -- seals: SM2/SM3 licence signing and verification per second vs Node ECDSA P-256/SHA-256');

const doc = randomBytes(opt.docKb * 1024);
const sm2Keys = generateSm2KeyPair();
const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const signedData = (digest: string) => JSON.stringify({
  type: 'onewindow-seal-signature', version: 1, structure: 'GB/T 38540-2020 TBS_Sign',
  eseal: { id: '7d0c1f4e-0000-4000-8000-000000000001', code: '11460000MB1234567X12345', name: '海南省住房和城乡建设厅行政许可专用章', holder: '海南省住房和城乡建设厅', holderCreditCode: '11460000MB1234567X', keyVersion: 1, publicKey: sm2Keys.publicKey },
  timeInfo: new Date().toISOString(), dataHash: { algorithm: 'SM3', value: digest },
  propertyInfo: { kind: 'elicence', ref: '7d0c1f4e-0000-4000-8000-000000000002@1', verificationId: 'ABCDEFGHJKMNPQRS' },
  signatureAlgorithm: { name: 'SM2-with-SM3', oid: '1.2.156.10197.1.501', signerId: SM2_SIGNER_ID },
});

/** Runs `fn` back to back for `seconds` (after a short warm-up); operations per second. */
function rate(fn: () => void): { ops: number; perSecond: number; usPerOp: number } {
  for (let i = 0; i < 20; i++) fn();
  let ops = 0;
  const started = performance.now();
  const until = started + opt.seconds * 1000;
  while (performance.now() < until) { for (let i = 0; i < 10; i++) fn(); ops += 10; }
  const seconds = (performance.now() - started) / 1000;
  return { ops, perSecond: ops / seconds, usPerOp: (seconds * 1e6) / ops };
}

// Sanity first: what is measured must verify, and fail on a changed byte.
const sampleData = signedData(sm3Hex(doc));
const sampleSig = sm2Sign(sm2Keys.privateKey, sampleData, { publicKey: sm2Keys.publicKey });
if (!sm2Verify(sm2Keys.publicKey, sampleData, sampleSig) || sm2Verify(sm2Keys.publicKey, `${sampleData} `, sampleSig)) throw new Error('SM2 sanity check failed');
const refData = signedData(createHash('sha256').update(doc).digest('hex'));
const refSig = sign('sha256', Buffer.from(refData), p256.privateKey);
if (!verify('sha256', Buffer.from(refData), p256.publicKey, refSig)) throw new Error('ECDSA sanity check failed');

const results = {
  sm2Sign: rate(() => { sm2Sign(sm2Keys.privateKey, signedData(sm3Hex(doc)), { publicKey: sm2Keys.publicKey }); }),
  // sm2Verify keeps each public key's precomputed table (lib/sm2.ts): the server's path.
  sm2Verify: rate(() => { sm3Hex(doc); if (!sm2Verify(sm2Keys.publicKey, sampleData, sampleSig)) throw new Error('no'); }),
  sm2VerifyCold: rate(() => { sm3Hex(doc); sm2.doVerifySignature(Buffer.from(sampleData), sampleSig.toString('hex'), sm2Keys.publicKey, { hash: true, der: true, userId: SM2_SIGNER_ID }); }),
  p256Sign: rate(() => { sign('sha256', Buffer.from(signedData(createHash('sha256').update(doc).digest('hex'))), p256.privateKey); }),
  p256Verify: rate(() => { createHash('sha256').update(doc).digest(); verify('sha256', Buffer.from(refData), p256.publicKey, refSig); }),
  sm3Digest: rate(() => { sm3Hex(doc); }),
  sha256Digest: rate(() => { createHash('sha256').update(doc).digest(); }),
};

console.log(`\nE-seal signatures: ${opt.docKb} KB document, ${opt.seconds} s per row, one core (Node ${process.version})\n`);
const row = (what: string, r: { ops: number; perSecond: number; usPerOp: number }) => ({ what, ops: r.ops, 'per second': Math.round(r.perSecond), 'µs/op': r.usPerOp });
table([
  row('licence signed: SM3 + SM2 sign (sm-crypto-v2)', results.sm2Sign),
  row('licence verified: SM3 + SM2 verify (key table cached)', results.sm2Verify),
  row('licence verified: SM3 + SM2 verify, no key table', results.sm2VerifyCold),
  row('reference: SHA-256 + ECDSA P-256 sign (node:crypto)', results.p256Sign),
  row('reference: SHA-256 + ECDSA P-256 verify', results.p256Verify),
  row(`digest only: SM3 of ${opt.docKb} KB`, results.sm3Digest),
  row(`digest only: SHA-256 of ${opt.docKb} KB`, results.sha256Digest),
]);
const ratio = (a: number, b: number) => +(a / b).toFixed(2);
const signRatio = ratio(results.sm2Sign.perSecond, results.p256Sign.perSecond);
const verifyRatio = ratio(results.sm2Verify.perSecond, results.p256Verify.perSecond);
console.log(`\nSM2 signs at ${signRatio}x and verifies at ${verifyRatio}x the rate of Node's ECDSA P-256 (without the cached key table: ${ratio(results.sm2VerifyCold.perSecond, results.p256Verify.perSecond)}x).`);
console.log(`One core signs ${Math.round(results.sm2Sign.perSecond * 3600).toLocaleString('en')} licences an hour with SM2.\n`);
console.log(JSON.stringify({
  bench: 'seals', docKb: opt.docKb, seconds: opt.seconds,
  sm2: { signPerSecond: Math.round(results.sm2Sign.perSecond), verifyPerSecond: Math.round(results.sm2Verify.perSecond), verifyColdPerSecond: Math.round(results.sm2VerifyCold.perSecond) },
  p256: { signPerSecond: Math.round(results.p256Sign.perSecond), verifyPerSecond: Math.round(results.p256Verify.perSecond) },
  digests: { sm3PerSecond: Math.round(results.sm3Digest.perSecond), sha256PerSecond: Math.round(results.sha256Digest.perSecond) },
  ratios: { sign: signRatio, verify: verifyRatio, verifyCold: ratio(results.sm2VerifyCold.perSecond, results.p256Verify.perSecond), digest: ratio(results.sm3Digest.perSecond, results.sha256Digest.perSecond) },
}));
