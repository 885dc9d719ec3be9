import { createHash } from 'node:crypto';
import { errors } from '../../lib/errors.ts';

/** JSON with object keys sorted at every level, so the same content always gives the same text. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
}

/**
 * The fingerprint of a submission's body, kept with the case: sha256 of the canonical JSON of what
 * was asked (item or matter and answers, form, materials, at the counter the applicant and time of
 * receipt). The idempotency key itself is not part of it.
 */
export function requestFingerprint(input: unknown): string {
  return createHash('sha256').update(canonicalJson(input)).digest('hex');
}

/**
 * The answer to a key already used: the same case when the body is the same (or the case predates
 * fingerprints), 422 IDEMPOTENCY_KEY_REUSED when it differs.
 */
export function sameRequestOrThrow(stored: string | null, fingerprint: string): void {
  if (stored !== null && stored !== fingerprint) throw errors.IDEMPOTENCY_KEY_REUSED();
}
