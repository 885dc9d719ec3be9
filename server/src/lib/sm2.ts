import { createHash } from 'node:crypto';
import { sm2 } from 'sm-crypto-v2';

/**
 * SM2 signatures (GB/T 32918, GM/T 0003) with the SM3 digest (GB/T 32905).
 *
 * Why a library and not node:crypto: Node 20's OpenSSL 3.0 binding signs SM2 only with an empty
 * signer ID, while every Chinese verifier (and GB/T 35276) expects the default distinguishing ID
 * `1234567812345678` in Z_A. sm-crypto-v2 computes Z_A with the ID we give; sm2.test.ts checks it
 * against the published example of GB/T 32918.5 and against the OpenSSL 3 command line both ways.
 *
 * Keys are hex, as the library takes them: private 64 hex digits (d), public `04 || x || y`
 * (130 hex digits, uncompressed). Signatures are DER (SEQUENCE { r INTEGER, s INTEGER }), the form
 * GB/T 35276 and OpenSSL use.
 */
export const SM2_SIGNER_ID = '1234567812345678';

export interface Sm2KeyPair {
  privateKey: string;
  publicKey: string;
}

export function generateSm2KeyPair(): Sm2KeyPair {
  const { privateKey, publicKey } = sm2.generateKeyPairHex();
  return { privateKey, publicKey };
}

export function sm2PublicKeyOf(privateKey: string): string {
  return sm2.getPublicKeyFromPrivateKey(privateKey);
}

const toBytes = (data: Uint8Array | string) => (typeof data === 'string' ? new Uint8Array(Buffer.from(data, 'utf8')) : data);

/** SM2 signature of `data` (Z_A with the standard signer ID, then SM3, then sign), DER-encoded. */
export function sm2Sign(privateKey: string, data: Uint8Array | string, opts: { publicKey?: string } = {}): Buffer {
  const der = sm2.doSignature(toBytes(data), privateKey, { hash: true, der: true, userId: SM2_SIGNER_ID, publicKey: opts.publicKey });
  return Buffer.from(der, 'hex');
}

/** Whether `signature` (DER) is an SM2 signature of `data` by `publicKey` with the standard signer ID. Never throws. */
export function sm2Verify(publicKey: string, data: Uint8Array | string, signature: Uint8Array): boolean {
  try {
    return sm2.doVerifySignature(toBytes(data), Buffer.from(signature).toString('hex'), publicKey, { hash: true, der: true, userId: SM2_SIGNER_ID });
  } catch {
    return false;
  }
}

/** SM3 digest, hex (Node's own: OpenSSL has SM3). */
export function sm3Hex(data: Uint8Array | string): string {
  return createHash('sm3').update(data).digest('hex');
}

// SubjectPublicKeyInfo header for an SM2 key: id-ecPublicKey with the curve sm2p256v1 (1.2.156.10197.1.301).
const SPKI_PREFIX = Buffer.from('3059301306072a8648ce3d020106082a811ccf5501822d034200', 'hex');

/** The public key as a PEM SubjectPublicKeyInfo, as OpenSSL and other verifiers read it. */
export function sm2PublicKeyPem(publicKey: string): string {
  const der = Buffer.concat([SPKI_PREFIX, Buffer.from(publicKey, 'hex')]);
  const b64 = der.toString('base64').match(/.{1,64}/g)!.join('\n');
  return `-----BEGIN PUBLIC KEY-----\n${b64}\n-----END PUBLIC KEY-----\n`;
}

/** The hex public key of a PEM SubjectPublicKeyInfo of an SM2 key. */
export function sm2PublicKeyFromPem(pem: string): string {
  const der = Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  if (der.length !== SPKI_PREFIX.length + 65 || !der.subarray(0, SPKI_PREFIX.length).equals(SPKI_PREFIX)) {
    throw new Error('not an SM2 public key (SubjectPublicKeyInfo with the sm2p256v1 curve)');
  }
  return der.subarray(SPKI_PREFIX.length).toString('hex');
}
