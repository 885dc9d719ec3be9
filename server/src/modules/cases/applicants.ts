import type { Tx } from '../../db/database.ts';
import type { AppContext } from '../../lib/context.ts';
import { errors } from '../../lib/errors.ts';
import { findApplicantByIdentity, insertUser } from '../auth/auth.repository.ts';
import type { Actor } from '../../policies/index.ts';
import { findFilesByIds } from '../files/files.repository.ts';
import type { ApplicantInput } from './cases.schemas.ts';

/**
 * The account a walk-in applicant's case belongs to, when they have one already (their online
 * account, or one made at an earlier counter visit); null when the case will make it. The name the
 * clerk typed must be the account's: another name for the same ID number or credit code is refused
 * with both names, never filed under someone else's account. Reads only: a refused registration
 * writes nothing, so the account of a new applicant is made by `createCounterApplicant` in the
 * transaction of the case, after every check.
 */
export async function knownCounterApplicant(ctx: AppContext, a: ApplicantInput): Promise<{ id: string; name: string } | null> {
  const existing = await findApplicantByIdentity(ctx.db, identityOf(a));
  if (existing) assertSameName(a, existing.name);
  return existing ?? null;
}

/**
 * Makes the account of a walk-in applicant in `tx` (the case's transaction): it cannot sign in (its
 * password hash matches nothing); they follow the case with the receipt number and query code. A
 * concurrent registration of the same person makes it once (ON CONFLICT DO NOTHING, then read).
 */
export async function createCounterApplicant(tx: Tx, a: ApplicantInput): Promise<{ id: string; name: string }> {
  await insertUser(tx, {
    kind: a.kind, name: a.name, phone: a.phone, passwordHash: '!counter-no-sign-in',
    idNumber: a.kind === 'person' ? a.idNumber : null,
    creditCode: a.kind === 'enterprise' ? a.creditCode : null,
    legalRepresentative: a.kind === 'enterprise' ? a.legalRepresentative : null,
  });
  const made = (await findApplicantByIdentity(tx, identityOf(a)))!;
  assertSameName(a, made.name);
  return made;
}

/**
 * 服务对象: an item serves persons, enterprises (法人和其他组织) or both, as its catalog entry says. An
 * applicant of another kind is refused before anything is written, online, at the counter and for
 * each item a joint matter includes.
 */
export function assertAudience(applicantKind: string, audiences: readonly string[]) {
  if (!audiences.includes(applicantKind)) throw errors.ITEM_AUDIENCE_MISMATCH({ field: 'itemId', details: { applicantKind, audiences } });
}

const identityOf = (a: ApplicantInput) => (a.kind === 'person' ? { idNumber: a.idNumber } : { creditCode: a.creditCode });

/** Names compare without the differences typing makes: full-width forms, surrounding and repeated spaces. */
const normalName = (n: string) => n.normalize('NFKC').trim().replace(/\s+/g, ' ');

function assertSameName(a: ApplicantInput, registered: string) {
  if (normalName(a.name) !== normalName(registered)) {
    throw errors.COUNTER_NAME_MISMATCH({ given: a.name, registered, by: a.kind === 'person' ? 'idNumber' : 'creditCode', field: 'applicant.name' });
  }
}

/**
 * Material files must exist and have been uploaded by the one who submits them. Answers the files, as read
 * (`read`: already read by the caller, the rows `findFilesByIds` answers for these ids).
 */
export async function materialFilesUsable<F extends { id: string; owner_id: string | null }>(ctx: AppContext, who: Actor, fileIds: string[], read?: F[]) {
  const unique = [...new Set(fileIds)];
  const files = read ?? await findFilesByIds(ctx.db, unique);
  const own = new Set(files.filter((f) => f.owner_id === who.id).map((f) => f.id));
  const bad = unique.find((id) => !own.has(id));
  if (bad) {
    throw errors.FILE_NOT_FOUND({ field: 'materials', details: { fileId: bad } });
  }
  return files;
}

/** At the counter the clerk may record paper received earlier (the 5-day period runs from then), never later than now or over 30 days ago. */
export function receivedAtOf(stated: string | undefined, now: Date): Date {
  const receivedAt = stated ? new Date(stated) : now;
  if (receivedAt.getTime() > now.getTime() + 5 * 60_000 || now.getTime() - receivedAt.getTime() > 30 * 24 * 3600_000) {
    throw errors.RECEIVED_AT_INVALID({ field: 'receivedAt' });
  }
  return receivedAt;
}
