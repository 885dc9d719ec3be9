import type { AppContext } from '../../lib/context.ts';
import { errors } from '../../lib/errors.ts';
import { findApplicantByIdentity, insertUser } from '../auth/auth.repository.ts';
import type { Actor } from '../../policies/index.ts';
import { findFilesByIds } from '../files/files.repository.ts';
import type { ApplicantInput } from './cases.schemas.ts';

/**
 * The account a walk-in applicant's case belongs to: their own when they have one, otherwise an
 * account made at the counter that cannot sign in (its password hash matches nothing). They follow
 * the case with the receipt number and query code; an online account is never handed to whoever
 * later types the same ID number.
 */
export async function findOrCreateCounterApplicant(ctx: AppContext, a: ApplicantInput): Promise<{ id: string; name: string }> {
  const find = () => findApplicantByIdentity(ctx.db, a.kind === 'person' ? { idNumber: a.idNumber } : { creditCode: a.creditCode });
  const existing = await find();
  if (existing) return existing;
  await insertUser(ctx.db, {
    kind: a.kind, name: a.name, phone: a.phone, passwordHash: '!counter-no-sign-in',
    idNumber: a.kind === 'person' ? a.idNumber : null,
    creditCode: a.kind === 'enterprise' ? a.creditCode : null,
    legalRepresentative: a.kind === 'enterprise' ? a.legalRepresentative : null,
  });
  return (await find())!;
}

/** Material files must exist and have been uploaded by the one who submits them. */
export async function materialFilesUsable(ctx: AppContext, who: Actor, fileIds: string[]) {
  const unique = [...new Set(fileIds)];
  const files = await findFilesByIds(ctx.db, unique);
  const own = new Set(files.filter((f) => f.owner_id === who.id).map((f) => f.id));
  const bad = unique.find((id) => !own.has(id));
  if (bad) {
    throw errors.FILE_NOT_FOUND({ field: 'materials', details: { fileId: bad } });
  }
}

/** At the counter the clerk may record paper received earlier (the 5-day period runs from then), never later than now or over 30 days ago. */
export function receivedAtOf(stated: string | undefined, now: Date): Date {
  const receivedAt = stated ? new Date(stated) : now;
  if (receivedAt.getTime() > now.getTime() + 5 * 60_000 || now.getTime() - receivedAt.getTime() > 30 * 24 * 3600_000) {
    throw errors.RECEIVED_AT_INVALID({ field: 'receivedAt' });
  }
  return receivedAt;
}
