import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { generateOfficialKeyPair, keyIdOf, macBinding, sm2Decrypt, sm2Encrypt } from '../server/src/modules/bids/bid-envelope.ts';
import { unsealBid } from '../server/src/modules/bids/bid-unseal.ts';
import { createTenderKey, rebuildTenderKey } from '../server/src/modules/bids/tender-key.ts';
import { options, table } from './lib.ts';

/**
 * Opening sealed bids (issue 16, "Measured"): N bids of S KB each opened as the opening does it
 * (opening.service.ts without the database): the tender key rebuilt from k shares and checked, then
 * per bid the SM3 of the stored bytes against the receipt, the SM2 unwrap of the content key,
 * HMAC-SM3, SM4-CBC and the SM3 of the file against the manifest. Beside it the reference: the same
 * ciphertext bytes decrypted with the same cipher (SM4-CBC, node:crypto) in a bare loop, keys known.
 *
 * The envelopes are made here with node:crypto in the browser's exact format (bid-envelope.ts), so
 * making 1,000 of them does not take minutes of pure-JavaScript SM4.
 */
const opt = options({ bids: 1000, kb: 100, threshold: 3, custodians: 5 }, 'npm run bench -- bids-opening: opening N sealed bids of S KB (key rebuild, SM2 unwrap, HMAC-SM3, SM4, SM3 checks) vs a bare SM4-CBC loop');

const TENDER = 'bench-tender';
const officials = Array.from({ length: opt.custodians }, (_, i) => ({ userId: `official-${i}`, ...generateOfficialKeyPair() }));
const key = await createTenderKey(TENDER, officials.map((o) => ({ userId: o.userId, publicKey: o.publicKey })), opt.threshold);
const handedIn = key.shares.slice(0, opt.threshold).map((s, i) => sm2Decrypt(officials[i]!.privateKey, s.encryptedShare)!);

interface Sealed { bytes: Buffer; sm3: string; bidderId: string; encKey: Buffer; iv: Buffer; ctAt: number; macAt: number }
function seal(bidderId: string, file: Buffer): Sealed {
  const manifest = Buffer.from(JSON.stringify({ v: 1, fileName: 'bid.pdf', mediaType: 'application/pdf', size: file.length, sm3: createHash('sm3').update(file).digest('hex'), price: '1000000.00' }));
  const len = Buffer.alloc(4);
  len.writeUInt32BE(manifest.length);
  const contentKey = randomBytes(48);
  const iv = randomBytes(16);
  const c = createCipheriv('sm4-cbc', contentKey.subarray(0, 16), iv);
  const ct = Buffer.concat([c.update(Buffer.concat([len, manifest, file])), c.final()]);
  const wrapped = sm2Encrypt(key.publicKey, contentKey);
  const body = Buffer.concat([Buffer.from('OWB1'), Buffer.from(keyIdOf(key.publicKey), 'hex'), Buffer.from([0, wrapped.length]), wrapped, iv, ct]);
  const bytes = Buffer.concat([body, createHmac('sm3', contentKey.subarray(16)).update(macBinding(TENDER, bidderId)).update(body).digest()]);
  const ctAt = 4 + 32 + 2 + wrapped.length + 16;
  return { bytes, sm3: createHash('sm3').update(bytes).digest('hex'), bidderId, encKey: contentKey.subarray(0, 16), iv, ctAt, macAt: bytes.length - 32 };
}

process.stdout.write(`sealing ${opt.bids} bids of ${opt.kb} KB … `);
const t0 = performance.now();
const bids = Array.from({ length: opt.bids }, (_, i) => seal(`bidder-${i}`, randomBytes(opt.kb * 1024)));
console.log(`${((performance.now() - t0) / 1000).toFixed(1)} s`);

// The opening, as opening.service.ts does it per bid (storage and SQL aside).
const openStart = performance.now();
const opener = await rebuildTenderKey(handedIn, key);
const keyMs = performance.now() - openStart;
let opened = 0;
for (const b of bids) {
  if (createHash('sm3').update(b.bytes).digest('hex') !== b.sm3) throw new Error('stored bytes differ');
  const out = unsealBid(b.bytes, opener, { tenderId: TENDER, bidderId: b.bidderId });
  if (!out.ok) throw new Error(`bid did not open: ${out.cause}`);
  opened++;
}
const openMs = performance.now() - openStart;

// The reference: the same ciphertext bytes, the same cipher, keys known, nothing else.
const bareStart = performance.now();
let bytesOut = 0;
for (const b of bids) {
  const d = createDecipheriv('sm4-cbc', b.encKey, b.iv);
  bytesOut += d.update(b.bytes.subarray(b.ctAt, b.macAt)).length + d.final().length;
}
const bareMs = performance.now() - bareStart;
if (opened !== opt.bids || bytesOut < opt.bids * opt.kb * 1024) throw new Error('sanity check failed');

const mb = (opt.bids * opt.kb) / 1024;
console.log(`\nOpening ${opt.bids} sealed bids of ${opt.kb} KB (${mb.toFixed(0)} MB), key ${opt.threshold} of ${opt.custodians}, one core (Node ${process.version})\n`);
table([
  { what: 'opening: key rebuilt and checked, then per bid SM3 check, SM2 unwrap, HMAC-SM3, SM4-CBC, SM3 of the file', ms: Math.round(openMs), 'ms/bid': +(openMs / opt.bids).toFixed(3), 'MB/s': +(mb / (openMs / 1000)).toFixed(1) },
  { what: '  of which the key rebuild (combine, key check value, public key)', ms: +keyMs.toFixed(1), 'ms/bid': '', 'MB/s': '' },
  { what: 'reference: SM4-CBC decryption of the same bytes in a bare loop', ms: Math.round(bareMs), 'ms/bid': +(bareMs / opt.bids).toFixed(3), 'MB/s': +(mb / (bareMs / 1000)).toFixed(1) },
]);
const ratio = +(openMs / bareMs).toFixed(2);
console.log(`\nThe opening takes ${ratio}x the time of the bare SM4 loop over the same bytes.\n`);
console.log(JSON.stringify({ bench: 'bids-opening', bids: opt.bids, kb: opt.kb, threshold: opt.threshold, custodians: opt.custodians, openingMs: Math.round(openMs), keyRebuildMs: +keyMs.toFixed(1), bareSm4Ms: Math.round(bareMs), ratio }));
