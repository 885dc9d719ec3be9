import { createHash, timingSafeEqual } from 'node:crypto';
import { combine, split } from 'shamir-secret-sharing';
import { sm2 } from 'sm-crypto-v2';
import { bytesToHex, keyIdOf, sm2Encrypt } from './bid-envelope.ts';
import { sm2Decryptor } from './bid-unseal.ts';

/**
 * The tender's key pair (docs/trading.md, "Sealed bids"). Made when the tender is published; the
 * private key is split at once into n Shamir shares (shamir-secret-sharing, audited; k of n
 * recombine), each share encrypted to one custodian's SM2 public key, and then dropped: it is
 * never stored, logged or returned. From then on nobody, the platform included, holds it whole;
 * k custodians rebuild it at the opening, after the deadline.
 *
 * Two checks guard the rebuild, because `combine` with too few or wrong shares returns wrong bytes
 * without error: each share's check value (SM3, so a wrong share is refused when it is handed in,
 * naming whose it is), and the key check value (SM3 of the key, plus the rebuilt key must give the
 * tender's public key).
 */

const sm3 = (label: string, ...parts: Uint8Array[]) => {
  const h = createHash('sm3').update(label);
  for (const p of parts) h.update(p);
  return h.digest('hex');
};

/** The check value of one share: learns nothing of the key (a share alone is uniform random bytes). */
export const shareCheckOf = (tenderId: string, share: Uint8Array) => sm3(`onewindow-tender-share/1|${tenderId}|`, share);
/** The key check value: SM3 of the private key's 32 bytes. */
export const keyCheckOf = (privateKey: Uint8Array) => sm3('onewindow-tender-kcv/1|', privateKey);

export interface Custodian {
  userId: string;
  /** The custodian's SM2 public key (04||x||y, hex), registered by them. */
  publicKey: string;
}

export interface CustodianShare {
  userId: string;
  /** The share (33 bytes: 32 + Shamir's x) SM2-encrypted to the custodian's key. */
  encryptedShare: Buffer;
  shareCheck: string;
}

export interface TenderKey {
  publicKey: string;
  keyId: string;
  keyCheck: string;
  threshold: number;
  shares: CustodianShare[];
}

/** Makes the tender's key pair, splits it k of n among the custodians and forgets the private key. */
export async function createTenderKey(tenderId: string, custodians: Custodian[], threshold: number): Promise<TenderKey> {
  if (threshold < 2 || threshold > custodians.length || custodians.length > 255) throw new Error('need 2 <= k <= n <= 255');
  const pair = sm2.generateKeyPairHex();
  const secret = Buffer.from(pair.privateKey.padStart(64, '0'), 'hex');
  try {
    const shares = await split(new Uint8Array(secret), custodians.length, threshold);
    const out = custodians.map((c, i) => {
      const share = shares[i]!;
      const encrypted = Buffer.from(sm2Encrypt(c.publicKey, share));
      const check = shareCheckOf(tenderId, share);
      share.fill(0);
      return { userId: c.userId, encryptedShare: encrypted, shareCheck: check };
    });
    return { publicKey: pair.publicKey, keyId: keyIdOf(pair.publicKey), keyCheck: keyCheckOf(secret), threshold, shares: out };
  } finally {
    secret.fill(0);
  }
}

/** Whether a handed-in share is the one made for this tender (compared with its check value). */
export function shareHolds(tenderId: string, share: Uint8Array, shareCheck: string): boolean {
  const a = Buffer.from(shareCheckOf(tenderId, share), 'hex');
  const b = Buffer.from(shareCheck, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The rebuilt key, held only in memory for the opening: a decryptor and the key id it opens. */
export interface TenderOpener {
  keyId: string;
  decrypt: (ciphertext: Uint8Array) => Buffer | null;
}

export class TenderKeyMismatch extends Error {}

/**
 * Rebuilds the private key from k shares and checks it twice (key check value; the public key it
 * gives). Throws TenderKeyMismatch when the shares do not give the tender's key.
 */
export async function rebuildTenderKey(shares: Uint8Array[], expected: { publicKey: string; keyCheck: string }): Promise<TenderOpener> {
  let key: Uint8Array;
  try {
    key = await combine(shares);
  } catch (err) {
    throw new TenderKeyMismatch(`shares do not combine: ${(err as Error).message}`);
  }
  try {
    if (key.length !== 32 || keyCheckOf(key) !== expected.keyCheck) throw new TenderKeyMismatch('the rebuilt key fails its key check value');
    const hex = bytesToHex(key);
    if (sm2.getPublicKeyFromPrivateKey(hex).toLowerCase() !== expected.publicKey.toLowerCase()) throw new TenderKeyMismatch('the rebuilt key does not give the tender public key');
    return { keyId: keyIdOf(expected.publicKey), decrypt: sm2Decryptor(hex) };
  } finally {
    key.fill(0);
  }
}
