import { sm2, sm3, sm4 } from 'sm-crypto-v2';

/**
 * The sealed bid's envelope (docs/trading.md, "Sealed bids"): what the bidder's browser makes before
 * anything leaves it, and what the server reads of it without any key.
 *
 * This file is pure (sm-crypto-v2, Uint8Array, WebCrypto's random numbers): the web app imports it
 * as it is, so the browser seals with the very code the server's tests seal with. The server opens
 * with node:crypto (bid-unseal.ts), which reads the same bytes natively and faster.
 *
 * Hybrid encryption with the national algorithms:
 *   - a fresh content key per bid: 16 bytes for SM4 (GB/T 32907) + 32 bytes for HMAC-SM3;
 *   - the file (with a small manifest) in SM4-CBC, PKCS#7, random IV, then HMAC-SM3 over everything
 *     before it (encrypt-then-MAC), with the tender and the bidder in the MAC: a bid copied from
 *     another bidder, or onto another tender, fails at opening;
 *   - the content key encrypted to the tender's SM2 public key (GB/T 32918.4, C1C3C2, C1 as the
 *     uncompressed point 04||x||y).
 *
 * Layout (lengths in bytes, integers big-endian):
 *   "OWB1"(4) · keyId(32) = SM3 of the tender's public key · wrapLen(2) · wrapped key(wrapLen)
 *   · IV(16) · SM4-CBC ciphertext(16·m) · MAC(32)
 * Plaintext inside: manifestLen(4) · manifest (UTF-8 JSON, BidManifest) · file bytes.
 */
export const ENVELOPE_MAGIC = 'OWB1';
export const CONTENT_KEY_BYTES = 48; // SM4 key 16 + MAC key 32
export const WRAPPED_KEY_BYTES = 65 + 32 + CONTENT_KEY_BYTES; // C1 + C3 + C2
const HEADER_FIXED = 4 + 32 + 2;
const IV_BYTES = 16;
const MAC_BYTES = 32;
export const MIN_ENVELOPE_BYTES = HEADER_FIXED + WRAPPED_KEY_BYTES + IV_BYTES + 16 + MAC_BYTES;
/** SM2 public keys as everywhere in the platform: 04 || x || y, 130 hex digits. */
export const SM2_PUBLIC_KEY = /^04[0-9a-f]{128}$/;

/** What the bidder declares inside the envelope (the "开标一览表" line) and the file's identity. */
export interface BidManifest {
  v: 1;
  fileName: string;
  mediaType: string;
  size: number;
  /** SM3 of the file's bytes, hex: checked at opening. */
  sm3: string;
  /** The bid price in yuan as a decimal string ("1234567.89"), read out at opening. */
  price: string;
}

export const hexToBytes = (hex: string): Uint8Array => {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
};
export const bytesToHex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const utf8 = (s: string) => new TextEncoder().encode(s);

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

export function randomBytes(n: number): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(n));
}

/** Which tender key an envelope was sealed to: SM3 of the public key's 65 bytes, hex. */
export function keyIdOf(publicKeyHex: string): string {
  return sm3(hexToBytes(publicKeyHex.toLowerCase()));
}

/** What the MAC binds besides the bytes: the tender and the bidder (user id of the bidding enterprise). */
export function macBinding(tenderId: string, bidderId: string): Uint8Array {
  return utf8(`onewindow-bid/1|${tenderId}|${bidderId}|`);
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i]);

/** One SM2 encryption by sm-crypto-v2 (C1C3C2), C1 written as the uncompressed point (04||x||y). */
const encryptOnce = (publicKeyHex: string, message: Uint8Array) => hexToBytes(`04${sm2.doEncrypt(message, publicKeyHex.toLowerCase(), 1)}`);

/**
 * SM2 encryption (C1C3C2) to a public key. When the KDF's output t is all zero the standard draws k
 * again (GB/T 32918.4 §6.1 A5) and a decryptor refuses the ciphertext (§7.1 B4); sm-crypto-v2 does not
 * draw again, so this does. t = C2 ⊕ M, so t is all zero exactly when C2 equals M: once in 256 for a
 * 1-byte message, never in practice for a key. `once` is the single encryption (a test passes its own).
 */
export function sm2Encrypt(publicKeyHex: string, message: Uint8Array, once = encryptOnce): Uint8Array {
  if (message.length === 0) throw new RangeError('SM2 encrypts at least one byte');
  for (;;) {
    const ciphertext = once(publicKeyHex, message);
    if (!sameBytes(ciphertext.subarray(97), message)) return ciphertext;
  }
}

/** SM2 decryption (C1C3C2, C1 with its 04 prefix), for the few small ones (a key share); null when it does not decrypt. */
export function sm2Decrypt(privateKeyHex: string, ciphertext: Uint8Array): Uint8Array | null {
  if (ciphertext.length < 65 + 32 + 1 || ciphertext[0] !== 0x04) return null;
  try {
    const out = sm2.doDecrypt(bytesToHex(ciphertext.subarray(1)), privateKeyHex.toLowerCase(), 1, { output: 'array' });
    // An all-zero t (the message equal to C2) is refused, as the native decryptor does (§7.1 B4).
    return out.length === ciphertext.length - 97 && !sameBytes(out, ciphertext.subarray(97)) ? out : null;
  } catch {
    return null; // C1 not on the curve
  }
}

export interface SealInput {
  tenderId: string;
  bidderId: string;
  tenderPublicKey: string;
  file: Uint8Array;
  fileName: string;
  mediaType: string;
  price: string;
}

/** Seals a bid: the envelope's bytes, ready to upload. Nothing in it is readable without the tender's private key. */
export function sealBid(input: SealInput): Uint8Array {
  if (!SM2_PUBLIC_KEY.test(input.tenderPublicKey.toLowerCase())) throw new Error('not an SM2 public key');
  const manifest: BidManifest = {
    v: 1, fileName: input.fileName, mediaType: input.mediaType, size: input.file.length, sm3: sm3(input.file), price: input.price,
  };
  const manifestBytes = utf8(JSON.stringify(manifest));
  const lenBytes = new Uint8Array(4);
  new DataView(lenBytes.buffer).setUint32(0, manifestBytes.length);
  const plaintext = concat([lenBytes, manifestBytes, input.file]);

  const contentKey = randomBytes(CONTENT_KEY_BYTES);
  const encKey = contentKey.subarray(0, 16);
  const macKey = contentKey.subarray(16);
  const wrapped = sm2Encrypt(input.tenderPublicKey, contentKey);
  if (wrapped.length !== WRAPPED_KEY_BYTES) throw new Error('unexpected SM2 ciphertext length');
  const iv = randomBytes(IV_BYTES);
  const ciphertext = sm4.encrypt(plaintext, encKey, { mode: 'cbc', iv, output: 'array' });
  const wrapLen = new Uint8Array([WRAPPED_KEY_BYTES >> 8, WRAPPED_KEY_BYTES & 0xff]);
  const body = concat([utf8(ENVELOPE_MAGIC), hexToBytes(keyIdOf(input.tenderPublicKey)), wrapLen, wrapped, iv, ciphertext]);
  const mac = hexToBytes(sm3(concat([macBinding(input.tenderId, input.bidderId), body]), { key: macKey }));
  contentKey.fill(0);
  return concat([body, mac]);
}

/** The parts of an envelope, read without any key. */
export interface EnvelopeParts {
  keyId: string;
  wrappedKey: Uint8Array;
  iv: Uint8Array;
  ciphertext: Uint8Array;
  /** Everything the MAC covers besides the binding. */
  body: Uint8Array;
  mac: Uint8Array;
}

/**
 * Reads an envelope's structure; null when it is not one (wrong magic, lengths that do not add
 * up, a ciphertext that is not whole blocks). The server refuses such an upload at once: it could
 * never be opened.
 */
export function readEnvelope(bytes: Uint8Array): EnvelopeParts | null {
  if (bytes.length < MIN_ENVELOPE_BYTES) return null;
  if (String.fromCharCode(...bytes.subarray(0, 4)) !== ENVELOPE_MAGIC) return null;
  const wrapLen = (bytes[36]! << 8) | bytes[37]!;
  if (wrapLen !== WRAPPED_KEY_BYTES) return null;
  const ivAt = HEADER_FIXED + wrapLen;
  const ctAt = ivAt + IV_BYTES;
  const macAt = bytes.length - MAC_BYTES;
  const ctLen = macAt - ctAt;
  if (ctLen < 16 || ctLen % 16 !== 0) return null;
  if (bytes[HEADER_FIXED] !== 0x04) return null;
  return {
    keyId: bytesToHex(bytes.subarray(4, 36)),
    wrappedKey: bytes.subarray(HEADER_FIXED, ivAt),
    iv: bytes.subarray(ivAt, ctAt),
    ciphertext: bytes.subarray(ctAt, macAt),
    body: bytes.subarray(0, macAt),
    mac: bytes.subarray(macAt),
  };
}

/** A key pair for an official who holds key shares: made in the official's browser; only the public key is sent. */
export function generateOfficialKeyPair(): { privateKey: string; publicKey: string } {
  const { privateKey, publicKey } = sm2.generateKeyPairHex();
  return { privateKey, publicKey };
}

/** Whether a private key belongs to a public key (an official checks the key file they load). */
export function privateKeyMatches(privateKeyHex: string, publicKeyHex: string): boolean {
  try {
    return sm2.getPublicKeyFromPrivateKey(privateKeyHex.toLowerCase()).toLowerCase() === publicKeyHex.toLowerCase();
  } catch {
    return false;
  }
}
