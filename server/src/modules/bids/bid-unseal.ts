import { createDecipheriv, createECDH, createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { macBinding, readEnvelope, type BidManifest } from './bid-envelope.ts';

/**
 * Opening a sealed bid on the server (bid-envelope.ts has the format), natively: SM4-CBC, SM3 and
 * HMAC-SM3 are OpenSSL's, and so is the SM2 point multiplication (ECDH on the SM2 curve). The SM2
 * decryption around it (GB/T 32918.4: KDF, C3 check) is written here because Node has no SM2
 * decryption of its own; bid-crypto.test.ts checks it against sm-crypto-v2's encryption.
 * sm-crypto-v2 decrypts too, but about ten times slower (bench/bids-opening.bench.ts).
 */

// SM2 curve (GB/T 32918.5): p ≡ 3 (mod 4), so a square root is one exponentiation.
const P = 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn;
const A = P - 3n;
const B = 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n;

function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n;
  let b = base % mod;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % mod;
    b = (b * b) % mod;
    e >>= 1n;
  }
  return result;
}

const to32 = (n: bigint) => Buffer.from(n.toString(16).padStart(64, '0'), 'hex');
const sm3 = (...parts: Uint8Array[]) => { const h = createHash('sm3'); for (const p of parts) h.update(p); return h.digest(); };

/** SM2's KDF (GB/T 32918.4, 5.4.3): SM3(Z || counter) for counter 1, 2, … */
function kdf(z: Buffer, length: number): Buffer {
  const out = Buffer.alloc(Math.ceil(length / 32) * 32);
  for (let ct = 1, at = 0; at < length; ct++, at += 32) {
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(ct);
    sm3(z, counter).copy(out, at);
  }
  return out.subarray(0, length);
}

/**
 * An SM2 decryptor for one private key (C1C3C2, C1 = 04||x||y). Returns null when the ciphertext
 * does not decrypt (C1 not on the curve, or C3 does not match): never throws on bad input.
 */
export function sm2Decryptor(privateKeyHex: string): (ciphertext: Uint8Array) => Buffer | null {
  const ecdh = createECDH('SM2');
  ecdh.setPrivateKey(Buffer.from(privateKeyHex, 'hex'));
  return (ciphertext) => {
    if (ciphertext.length < 98 || ciphertext[0] !== 0x04) return null;
    const c1 = ciphertext.subarray(0, 65);
    const c3 = ciphertext.subarray(65, 97);
    const c2 = ciphertext.subarray(97);
    let x2: Buffer;
    try {
      x2 = ecdh.computeSecret(c1); // [d]C1, x coordinate; OpenSSL refuses a point off the curve
    } catch {
      return null;
    }
    // ECDH gives x only; y is one of the two roots of the curve equation: the C3 check picks it.
    const x = BigInt(`0x${x2.toString('hex')}`);
    const root = modPow((((x * x) % P) * x + A * x + B) % P, (P + 1n) / 4n, P);
    for (const y of [root, P - root]) {
      const y2 = to32(y);
      const t = kdf(Buffer.concat([x2, y2]), c2.length);
      // An all-zero t is refused (§7.1 B4) for the right y only: the other root's t says nothing of the ciphertext,
      // and a 1-byte message gets an all-zero t from it once in 256 (the right y's own is refused when C3 then
      // matches neither root). Returning null here refused good ciphertexts (a clean-clone CI run, 7 Dec).
      if (t.every((b) => b === 0)) continue;
      const m = Buffer.alloc(c2.length);
      for (let i = 0; i < m.length; i++) m[i] = c2[i]! ^ t[i]!;
      const u = sm3(x2, m, y2);
      if (timingSafeEqual(u, c3)) return m;
    }
    return null;
  };
}

/**
 * Why a bid did not open. The bidder's: the envelope is theirs as uploaded (the server checked its
 * hash against the receipt first), so it counts as withdrawn. The platform's: the stored bytes are
 * gone or differ from the receipt; the opening goes on and the cause is kept.
 */
export const BIDDER_CAUSES = ['envelope_malformed', 'wrong_tender_key', 'key_unwrap_failed', 'mac_mismatch', 'decrypt_failed', 'manifest_invalid', 'file_hash_mismatch'] as const;
export const PLATFORM_CAUSES = ['ciphertext_missing', 'ciphertext_altered'] as const;
export type BidderCause = (typeof BIDDER_CAUSES)[number];
export type PlatformCause = (typeof PLATFORM_CAUSES)[number];
export type OpeningCause = BidderCause | PlatformCause;
export const causeFault = (c: OpeningCause): 'bidder' | 'platform' => ((PLATFORM_CAUSES as readonly string[]).includes(c) ? 'platform' : 'bidder');

export type Unsealed = { ok: true; manifest: BidManifest; file: Buffer } | { ok: false; cause: BidderCause };

const PRICE = /^\d{1,15}(\.\d{1,2})?$/;

function manifestOf(json: string): BidManifest | null {
  let m: Partial<BidManifest>;
  try {
    m = JSON.parse(json);
  } catch {
    return null;
  }
  if (m?.v !== 1 || typeof m.fileName !== 'string' || typeof m.mediaType !== 'string' || typeof m.size !== 'number'
    || typeof m.sm3 !== 'string' || !/^[0-9a-f]{64}$/.test(m.sm3) || typeof m.price !== 'string' || !PRICE.test(m.price)) return null;
  return m as BidManifest;
}

/**
 * Opens one envelope with the tender's decryptor: key unwrap, MAC (tender and bidder bound), SM4,
 * manifest, the file's SM3. Every failure is a cause, never an exception.
 */
export function unsealBid(
  bytes: Uint8Array,
  opener: { decrypt: (c: Uint8Array) => Buffer | null; keyId: string },
  binding: { tenderId: string; bidderId: string },
): Unsealed {
  const parts = readEnvelope(bytes);
  if (!parts) return { ok: false, cause: 'envelope_malformed' };
  if (parts.keyId !== opener.keyId) return { ok: false, cause: 'wrong_tender_key' };
  const contentKey = opener.decrypt(parts.wrappedKey);
  if (!contentKey || contentKey.length !== 48) return { ok: false, cause: 'key_unwrap_failed' };
  const mac = createHmac('sm3', contentKey.subarray(16)).update(macBinding(binding.tenderId, binding.bidderId)).update(parts.body).digest();
  if (!timingSafeEqual(mac, parts.mac)) return { ok: false, cause: 'mac_mismatch' };
  let plaintext: Buffer;
  try {
    const decipher = createDecipheriv('sm4-cbc', contentKey.subarray(0, 16), parts.iv);
    plaintext = Buffer.concat([decipher.update(parts.ciphertext), decipher.final()]);
  } catch {
    return { ok: false, cause: 'decrypt_failed' };
  } finally {
    contentKey.fill(0);
  }
  if (plaintext.length < 4) return { ok: false, cause: 'manifest_invalid' };
  const manifestLen = plaintext.readUInt32BE(0);
  if (4 + manifestLen > plaintext.length) return { ok: false, cause: 'manifest_invalid' };
  const manifest = manifestOf(plaintext.subarray(4, 4 + manifestLen).toString('utf8'));
  if (!manifest) return { ok: false, cause: 'manifest_invalid' };
  const file = plaintext.subarray(4 + manifestLen);
  if (file.length !== manifest.size || sm3(file).toString('hex') !== manifest.sm3) return { ok: false, cause: 'file_hash_mismatch' };
  return { ok: true, manifest, file };
}
