import type { HolderCodeType } from '../../db/types.ts';
import { errors } from '../../lib/errors.ts';
import { maskCreditCode, maskIdNumber, maskMiddle } from '../../lib/mask.ts';

/**
 * Who holds a licence: the licence names its holder by code (GB/T 36903): a person by ID number, an
 * enterprise by unified social credit code, anyone else by the account the licence was issued to.
 * The code is what counts, not the account, so a licence issued before its holder signed up is in
 * their wallet, and an account that changed hands does not take others' licences with it.
 */
export interface HolderCodes { id: string; kind: string; id_number: string | null; credit_code: string | null }
export interface LicenceHolder { holder_id: string | null; holder_code_type: HolderCodeType; holder_code: string }

const same = (a: string | null, b: string) => a !== null && a.trim().toUpperCase() === b.trim().toUpperCase();

export function holds(user: HolderCodes, l: LicenceHolder): boolean {
  switch (l.holder_code_type) {
    case 'id_number': return user.kind === 'person' && same(user.id_number, l.holder_code);
    case 'credit_code': return user.kind === 'enterprise' && same(user.credit_code, l.holder_code);
    case 'other': return l.holder_id === user.id;
  }
}

/** Whom a licence type is for: `id_number` a person, `credit_code` an enterprise; `other` anyone (held by account). */
export function holderKindOf(holderType: HolderCodeType): 'person' | 'enterprise' | null {
  return holderType === 'id_number' ? 'person' : holderType === 'credit_code' ? 'enterprise' : null;
}

/**
 * A licence is issued only to the kind of holder its type is for: a person's licence names an ID number,
 * an enterprise's a credit code, so a person given an enterprise's licence (or the reverse) would hold a
 * licence whose holder code is empty or of the wrong kind. `kinds`: the applicant's kind, or an item's
 * audiences (an item for persons and enterprises may issue either kind's licence; each case is judged).
 */
export function assertHolderKind(holderType: HolderCodeType, kinds: readonly string[], field?: string) {
  const kind = holderKindOf(holderType);
  if (kind !== null && !kinds.includes(kind)) throw errors.LICENCE_HOLDER_KIND_MISMATCH({ ...(field ? { field } : {}), details: { holderType, kinds } });
}

/** The code a user's wallet lists by (null: the user holds licences only by account, as `other`). */
export function walletCodeOf(user: HolderCodes): { codeType: HolderCodeType; code: string } | null {
  if (user.kind === 'person' && user.id_number) return { codeType: 'id_number', code: user.id_number.toUpperCase() };
  if (user.kind === 'enterprise' && user.credit_code) return { codeType: 'credit_code', code: user.credit_code.toUpperCase() };
  return null;
}

/** The holder as the public verification is given it (unmasked; the seals module masks it). */
export function verifiableHolder(l: { holder_code_type: string; holder_name: string; holder_code: string }) {
  return { kind: l.holder_code_type === 'credit_code' ? 'enterprise' as const : 'person' as const, name: l.holder_name, code: l.holder_code || null };
}

/** The holder's code as the public sees it (share page, verification). */
export function maskHolderCode(type: HolderCodeType, code: string): string {
  if (type === 'id_number') return maskIdNumber(code);
  if (type === 'credit_code') return maskCreditCode(code);
  return maskMiddle(code, 2, 2);
}

/**
 * The status today: a licence still marked valid or suspended is expired once its end date has passed
 * (before the expiry sweep records it: a suspension does not outlive the licence) and a valid one is not
 * yet valid before its start date.
 */
export function statusNow(l: { status: string; valid_from: string; valid_to: string | null }, today: string): string {
  if (l.status !== 'valid' && l.status !== 'suspended') return l.status;
  if (l.valid_to !== null && l.valid_to < today) return 'expired';
  if (l.status === 'suspended') return 'suspended';
  if (l.valid_from > today) return 'not_yet_valid';
  return 'valid';
}
