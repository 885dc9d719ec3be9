import type { Db } from '../../db/database.ts';
import type { AppContext } from '../../lib/context.ts';
import { errors, type Bilingual } from '../../lib/errors.ts';
import { maskCreditCode, maskIdNumber, maskName } from '../../lib/mask.ts';
import { sm3Hex } from '../../lib/sm2.ts';
import { verificationIdIn } from './seal-pdf.ts';
import * as repo from './seals.repository.ts';
import { signatureHolds } from './signing.ts';

/**
 * Public verification of signed documents. The seals module knows signatures, not licences or
 * cases: each domain that signs a kind of document registers how that kind's current status is
 * shown (`registerVerifiable`), from a module the app loads (its routes file), so the imports go one
 * way only (licences → seals, cases → seals, never back).
 */
export type VerifiableStatusCode = 'valid' | 'suspended' | 'revoked' | 'expired' | 'cancelled' | 'superseded' | 'issued';

export interface VerifiableStatus {
  /** The document's title, e.g. { zh: '食品经营许可证', en: 'Food business licence' }; the kind's title when absent. */
  title?: Bilingual;
  /** A number printed on the document (licence number, receipt number), shown as is. */
  number?: string | null;
  /** Unmasked: verification masks it (a person's name and ID number; an enterprise's credit code). */
  holder: { kind: 'person' | 'enterprise'; name: string; code: string | null };
  status: VerifiableStatusCode;
  /** The China date the status began (the revocation date of a revoked licence). */
  since?: string | null;
  /** Why (a revocation's reason), shown to the public: give only what may be published. */
  reason?: string | null;
}

export interface Verifiable {
  title: Bilingual;
  /**
   * The status of the entity `ref` at `now` (the injected clock: a status that follows from a date,
   * such as a licence past its end date, is judged on it, not on what a sweep stored); null when it no
   * longer exists.
   */
  resolve(db: Db, ref: string, now: Date): Promise<VerifiableStatus | null>;
}

const registry = new Map<string, Verifiable>();

/** Registers how documents of `kind` are shown on verification (idempotent: the last registration wins). */
export function registerVerifiable(kind: string, verifiable: Verifiable): void {
  registry.set(kind, verifiable);
}

export const STATUS_TEXT: Record<VerifiableStatusCode, Bilingual> = {
  valid: { zh: '有效', en: 'Valid' },
  issued: { zh: '已签发', en: 'Issued' },
  suspended: { zh: '暂停', en: 'Suspended' },
  revoked: { zh: '已撤销', en: 'Revoked' },
  expired: { zh: '已过期', en: 'Expired' },
  cancelled: { zh: '已注销', en: 'Cancelled' },
  superseded: { zh: '已被新版本取代', en: 'Superseded by a newer version' },
};

export function maskHolder(h: VerifiableStatus['holder']) {
  if (h.kind === 'person') return { kind: h.kind, name: maskName(h.name), code: h.code ? maskIdNumber(h.code) : null };
  // An enterprise's name is public (the business register); its code is shown masked all the same.
  return { kind: h.kind, name: h.name, code: h.code ? maskCreditCode(h.code) : null };
}

export interface VerificationResult {
  verificationId: string;
  kind: string;
  title: Bilingual;
  number: string | null;
  issuer: { name: string; creditCode: string };
  seal: { id: string; code: string; name: string; keyVersion: number };
  signedAt: string;
  digest: string;
  holder: { kind: 'person' | 'enterprise'; name: string; code: string | null } | null;
  status: { code: VerifiableStatusCode | 'unknown'; text: Bilingual; since: string | null; reason: string | null };
  /** The stored SM2 signature verifies under the seal's public key of that version. */
  signatureValid: boolean;
  /** The uploaded bytes are the bytes signed (SM3); null when no file was given (QR link). */
  documentIntact: boolean | null;
  /** The SM3 digest of the uploaded file, when one was given. */
  uploadedDigest: string | null;
}

async function resultOf(ctx: AppContext, row: repo.SignedDocumentRow, uploaded: Buffer | null): Promise<VerificationResult> {
  const [seal, signatureValid] = await Promise.all([repo.sealById(ctx.db, row.seal_id), signatureHolds(ctx.db, row)]);
  const verifiable = registry.get(row.kind);
  const current = verifiable ? await verifiable.resolve(ctx.db, row.ref, ctx.clock.now()) : null;
  const uploadedDigest = uploaded ? sm3Hex(uploaded) : null;
  const statusCode = current?.status ?? 'unknown';
  return {
    verificationId: row.verification_id,
    kind: row.kind,
    title: current?.title ?? verifiable?.title ?? { zh: row.kind, en: row.kind },
    number: current?.number ?? null,
    issuer: { name: seal!.holder_name, creditCode: seal!.holder_credit_code },
    seal: { id: seal!.id, code: seal!.code, name: seal!.name, keyVersion: row.key_version },
    signedAt: row.signed_at.toISOString(),
    digest: row.digest,
    holder: current ? maskHolder(current.holder) : null,
    status: {
      code: statusCode,
      text: statusCode === 'unknown' ? { zh: '状态未知', en: 'Status unknown' } : STATUS_TEXT[statusCode],
      since: current?.since ?? null,
      reason: current?.reason ?? null,
    },
    signatureValid,
    documentIntact: uploadedDigest === null ? null : uploadedDigest === row.digest,
    uploadedDigest,
  };
}

/** What the QR link shows: the record, its signature and the document's status now (no bytes to compare). */
export async function verifyById(ctx: AppContext, verificationId: string): Promise<VerificationResult> {
  const row = await repo.signedByVerificationId(ctx.db, verificationId);
  if (!row) throw errors.NOT_FOUND({ what: { zh: '签章记录', en: 'Signature record' } });
  return resultOf(ctx, row, null);
}

/**
 * An uploaded file: found by its SM3 digest (an intact document), else by the verification id its
 * bytes name (a changed document: found, but not intact). Neither: SIGNED_DOCUMENT_UNKNOWN.
 */
export async function verifyBytes(ctx: AppContext, bytes: Buffer): Promise<VerificationResult> {
  const byDigest = await repo.signedByDigest(ctx.db, sm3Hex(bytes));
  const id = byDigest ? null : verificationIdIn(bytes);
  const row = byDigest ?? (id ? await repo.signedByVerificationId(ctx.db, id) : undefined);
  if (!row) throw errors.SIGNED_DOCUMENT_UNKNOWN();
  return resultOf(ctx, row, bytes);
}
