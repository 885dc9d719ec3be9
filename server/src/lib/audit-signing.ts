import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The key that signs audit checkpoints (Ed25519). It lives in a file outside DATA_DIR and outside
 * the database (AUDIT_KEY_FILE), so whoever can write the database, even as its superuser, can
 * recompute hashes but cannot sign: a rewritten chain fails verification against the public key.
 */
export interface AuditVerifyKey {
  publicKey: KeyObject;
  /** SHA-256 of the public key (SPKI DER), hex: which key signed a checkpoint. */
  keyId: string;
  publicKeyPem: string;
}

export interface AuditSigner extends AuditVerifyKey {
  privateKey: KeyObject;
}

const signers = new Map<string, AuditSigner>();

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
}

function verifyKeyOf(publicKey: KeyObject): AuditVerifyKey {
  return { publicKey, keyId: keyIdOf(publicKey), publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

/**
 * The signer of this key file, made at first use: a new Ed25519 key written with mode 0600 (its
 * folder made 0700 when missing). Several instances starting together: the first write wins
 * (exclusive create) and the others read it.
 */
export function auditSigner(file: string): AuditSigner {
  const cached = signers.get(file);
  if (cached) return cached;
  let pem: string;
  try {
    pem = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const { privateKey } = generateKeyPairSync('ed25519');
    const fresh = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    try {
      fs.writeFileSync(file, fresh, { mode: 0o600, flag: 'wx' });
      pem = fresh;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      pem = fs.readFileSync(file, 'utf8');
    }
  }
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`AUDIT_KEY_FILE ${file} does not hold an Ed25519 private key`);
  const signer = { privateKey, ...verifyKeyOf(createPublicKey(privateKey)) };
  signers.set(file, signer);
  return signer;
}

/**
 * The key to verify with, without creating anything: a PEM public key (an export's), or the
 * private key file itself (its public half). Null when the file does not exist.
 */
export function auditVerifyKey(file: string): AuditVerifyKey | null {
  let pem: string;
  try {
    pem = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const publicKey = pem.includes('PRIVATE KEY') ? createPublicKey(createPrivateKey(pem)) : createPublicKey(pem);
  if (publicKey.asymmetricKeyType !== 'ed25519') throw new Error(`${file} does not hold an Ed25519 key`);
  return verifyKeyOf(publicKey);
}

/** What a checkpoint's signature covers: its hash (which chains the previous checkpoint, upto, count and digest) and its running counts. */
export interface SignedCheckpoint {
  upto: Date;
  events: number;
  digest: string;
  prevHash: string | null;
  hash: string;
  newStreams: number;
  totalEvents: number;
  totalStreams: number;
}

export function checkpointSignedText(cp: SignedCheckpoint): string {
  return ['onewindow-audit-checkpoint/1', cp.hash, cp.prevHash ?? '', cp.upto.toISOString(), cp.events, cp.digest, cp.newStreams, cp.totalEvents, cp.totalStreams].join('\n');
}

export function signCheckpoint(signer: AuditSigner, cp: SignedCheckpoint): string {
  return sign(null, Buffer.from(checkpointSignedText(cp)), signer.privateKey).toString('base64');
}

export function checkpointSignatureValid(key: AuditVerifyKey, cp: SignedCheckpoint, signature: string): boolean {
  try {
    return verify(null, Buffer.from(checkpointSignedText(cp)), key.publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
