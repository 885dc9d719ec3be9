import { randomBytes } from 'node:crypto';
import type { Db, Tx } from '../../db/database.ts';
import { appendAudit } from '../../lib/audit.ts';
import { chinaDate } from '../../lib/clock.ts';
import type { AppContext } from '../../lib/context.ts';
import { errors } from '../../lib/errors.ts';
import { sm2Sign, sm2Verify, sm3Hex, SM2_SIGNER_ID } from '../../lib/sm2.ts';
import { decryptPrivateKey, SealKeyUnavailable, sealMasterKey } from './seal-keystore.ts';
import * as repo from './seals.repository.ts';

/**
 * Signing a document with its issuing body's e-seal, after the structure of GB/T 38540 (电子印章
 * 签章数据): the signed data (TBS_Sign) holds the seal (id, code, name, holder, key version and its
 * public key), the signing time (the injected clock), the SM3 digest of the document's bytes and
 * what the document is (kind, ref, verification id); the SM2 signature (ID 1234567812345678) is
 * over that exact text, stored in `signed_documents` with the document's verification id.
 *
 * For PDFs the verification id is drawn on the page (QR code) before the bytes exist, so it is made
 * first (`prepareStamp`), then the PDF is rendered, then signed (`signDocument` with that id).
 */

/** A verification id: 16 characters of Crockford's base32 (80 random bits), short enough to type. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export function newVerificationId(): string {
  return Array.from(randomBytes(16), (b) => ALPHABET[b & 31]).join('');
}
export const VERIFICATION_ID = /^[0-9A-Z]{16}$/;

/** The public page a QR code opens: PUBLIC_URL (or this server) + /verify/<id>. */
export function verifyUrl(ctx: AppContext, verificationId: string): string {
  const base = ctx.config.PUBLIC_URL ?? `http://localhost:${ctx.config.PORT}`;
  return `${base.replace(/\/$/, '')}/verify/${verificationId}`;
}

/** The seal as shown on a document and in the signed data. */
export interface SealFace {
  id: string;
  code: string;
  name: string;
  holderName: string;
  holderCreditCode: string;
  keyVersion: number;
}

/** What a PDF needs before it is rendered: the seal to draw and the verification id its QR code carries. */
export interface SealStamp {
  verificationId: string;
  verifyUrl: string;
  seal: SealFace;
}

const faceOf = (s: repo.SealRow): SealFace => ({
  id: s.id, code: s.code, name: s.name, holderName: s.holder_name, holderCreditCode: s.holder_credit_code, keyVersion: s.current_version,
});

/** The body's seal ready to draw, and a fresh verification id; SEAL_MISSING when the body has none. */
export async function prepareStamp(ctx: AppContext, db: Db | Tx, bodyId: string): Promise<SealStamp> {
  const seal = await repo.sealOfDepartment(db, bodyId);
  if (!seal) throw errors.SEAL_MISSING();
  const verificationId = newVerificationId();
  return { verificationId, verifyUrl: verifyUrl(ctx, verificationId), seal: faceOf(seal) };
}

/** Whether the body has a seal at all (documents of a body without one are issued unsigned). */
export async function hasSeal(db: Db | Tx, bodyId: string): Promise<boolean> {
  return (await repo.sealOfDepartment(db, bodyId)) !== undefined;
}

export interface SignInput {
  /** The issuing body (department id): its seal signs, and only its seal. */
  bodyId: string;
  /** What the document is: 'elicence', 'decision', 'receipt', … (lower case, [a-z0-9_]). */
  kind: string;
  /** The entity signed (licence id, case id; a new version of a licence is a new ref, e.g. `${id}@2`). */
  ref: string;
  /** The document's bytes (kept in file storage, served later byte for byte) … */
  bytes?: Buffer;
  /** … or only their SM3 digest (hex) when the caller keeps the bytes itself. */
  digest?: string;
  /** The id printed on the document (from prepareStamp); a new one when not given. */
  verificationId?: string;
  /** When given, the seal that must sign: refused (SEAL_WRONG_BODY) unless it is the body's. */
  sealId?: string;
  /** Who caused the signing (audit); null for the system. */
  actorId?: string | null;
}

export interface SignedDocument {
  id: string;
  verificationId: string;
  verifyUrl: string;
  kind: string;
  ref: string;
  sealId: string;
  keyVersion: number;
  digest: string;
  signedAt: Date;
  /** The exact text signed (JSON after GB/T 38540's TBS_Sign). */
  signedData: string;
  /** SM2 signature over signedData, DER, base64. */
  signature: string;
  /** Where the kept bytes are (ctx.storage key), when bytes were given. */
  fileKey: string | null;
}

/** The signed data, built field by field in a fixed order, so the text is the same wherever it is rebuilt. */
function signedDataText(p: { seal: repo.SealRow; keyVersion: number; publicKey: string; signedAt: Date; digest: string; kind: string; ref: string; verificationId: string }): string {
  return JSON.stringify({
    type: 'onewindow-seal-signature', version: 1, structure: 'GB/T 38540-2020 TBS_Sign',
    eseal: {
      id: p.seal.id, code: p.seal.code, name: p.seal.name, holder: p.seal.holder_name, holderCreditCode: p.seal.holder_credit_code,
      keyVersion: p.keyVersion, publicKey: p.publicKey,
    },
    timeInfo: p.signedAt.toISOString(),
    dataHash: { algorithm: 'SM3', value: p.digest },
    propertyInfo: { kind: p.kind, ref: p.ref, verificationId: p.verificationId },
    signatureAlgorithm: { name: 'SM2-with-SM3', oid: '1.2.156.10197.1.501', signerId: SM2_SIGNER_ID },
  });
}

/** The private key of a seal's key version, decrypted with SEAL_KEY_FILE's key; never leaves this module. */
function privateKeyOf(ctx: AppContext, key: repo.SealKeyRow): string {
  try {
    return decryptPrivateKey(sealMasterKey(ctx.config.sealKeyFile), `${key.seal_id}#${key.version}`, key.private_key_enc);
  } catch (err) {
    if (err instanceof SealKeyUnavailable) throw errors.SEAL_KEY_UNAVAILABLE();
    throw err;
  }
}

/**
 * Signs a document with the body's current seal key and records it (row + audit event) in `tx`.
 * Refusals: SEAL_MISSING (the body has no seal), SEAL_WRONG_BODY (sealId is another body's seal),
 * SEAL_NOT_VALID_NOW (today, China date, is outside the seal's validity), SEAL_KEY_UNAVAILABLE.
 */
export async function signDocument(ctx: AppContext, tx: Tx, input: SignInput): Promise<SignedDocument> {
  if (input.sealId) {
    const named = await repo.sealById(tx, input.sealId);
    if (!named) throw errors.SEAL_MISSING();
    if (named.department_id !== input.bodyId) throw errors.SEAL_WRONG_BODY();
  }
  const seal = await repo.sealOfDepartment(tx, input.bodyId);
  if (!seal) throw errors.SEAL_MISSING();
  const now = ctx.clock.now();
  const today = chinaDate(now);
  if (today < seal.valid_from || today > seal.valid_to) throw errors.SEAL_NOT_VALID_NOW({ from: seal.valid_from, to: seal.valid_to });
  if (!input.bytes && !(input.digest && /^[0-9a-f]{64}$/.test(input.digest))) throw new Error('signDocument needs the bytes or their SM3 digest (64 hex digits)');
  if (input.verificationId !== undefined && !VERIFICATION_ID.test(input.verificationId)) throw new Error('not a verification id');
  const key = (await repo.keyOf(tx, seal.id, seal.current_version))!;
  const digest = input.bytes ? sm3Hex(input.bytes) : input.digest!;
  const verificationId = input.verificationId ?? newVerificationId();
  const signedData = signedDataText({ seal, keyVersion: key.version, publicKey: key.public_key, signedAt: now, digest, kind: input.kind, ref: input.ref, verificationId });
  const signature = sm2Sign(privateKeyOf(ctx, key), signedData, { publicKey: key.public_key }).toString('base64');
  const stored = input.bytes ? await ctx.storage.putBuffer(input.bytes) : null;
  const row = await repo.insertSignedDocument(tx, {
    verification_id: verificationId, seal_id: seal.id, key_version: key.version, department_id: input.bodyId,
    kind: input.kind, ref: input.ref, digest, signed_data: signedData, signature, signed_at: now,
    file_key: stored?.key ?? null, size: input.bytes?.length ?? null,
  });
  await appendAudit(tx, {
    stream: `signature:${row.id}`, action: 'seal.sign', actorId: input.actorId ?? null, at: now,
    data: { kind: input.kind, ref: input.ref, sealId: seal.id, keyVersion: key.version, digest, verificationId },
  });
  return {
    id: row.id, verificationId, verifyUrl: verifyUrl(ctx, verificationId), kind: input.kind, ref: input.ref, sealId: seal.id,
    keyVersion: key.version, digest, signedAt: now, signedData, signature, fileKey: row.file_key,
  };
}

/** The signed document of (kind, ref), if any: e.g. to serve its kept bytes instead of rendering again. */
export async function signedDocumentOf(db: Db | Tx, kind: string, ref: string) {
  return repo.signedByRef(db, kind, ref);
}

/** The kept bytes of a signed document (null when only a digest was signed). */
export async function keptBytes(ctx: AppContext, row: { file_key: string | null }): Promise<Buffer | null> {
  if (!row.file_key) return null;
  const chunks: Buffer[] = [];
  for await (const c of ctx.storage.open(row.file_key)) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Whether a stored record's SM2 signature holds: the signed data names this record (seal, key
 * version, digest, verification id) and verifies under that key version's public key.
 */
export async function signatureHolds(db: Db | Tx, row: repo.SignedDocumentRow): Promise<boolean> {
  let data: { eseal?: { id?: string; keyVersion?: number; publicKey?: string }; dataHash?: { value?: string }; propertyInfo?: { verificationId?: string; kind?: string; ref?: string } };
  try {
    data = JSON.parse(row.signed_data);
  } catch {
    return false;
  }
  if (data.eseal?.id !== row.seal_id || data.eseal.keyVersion !== row.key_version || data.dataHash?.value !== row.digest
    || data.propertyInfo?.verificationId !== row.verification_id || data.propertyInfo.kind !== row.kind || data.propertyInfo.ref !== row.ref) return false;
  const key = await repo.keyOf(db, row.seal_id, row.key_version);
  if (!key || key.public_key !== data.eseal.publicKey) return false;
  return sm2Verify(key.public_key, row.signed_data, Buffer.from(row.signature, 'base64'));
}
