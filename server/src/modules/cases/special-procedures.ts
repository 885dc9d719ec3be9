import { errors } from '../../lib/errors.ts';
import type { ItemContent } from '../items/items.schemas.ts';

/** Art. 48: the applicant is told the time and place of a hearing at least 7 days before it. */
export const HEARING_NOTICE_DAYS = 7;

export interface SuspendInput {
  kind: string;
  expectedDays: number;
  hearing?: { date: string; place: string } | undefined;
}

const addDays = (iso: string, n: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * Art. 45: a case is suspended only for a special procedure its item declares, for no longer than the
 * declared longest working days; a hearing (Art. 46-48) names its date and place, told to the
 * applicant at least 7 days before. Returns the declared procedure; throws the refusal (nothing is
 * written: the caller has not written yet and the transaction rolls back).
 */
export function declaredProcedure(content: ItemContent | null, s: SuspendInput, today: string) {
  const declared = content?.specialProcedures.find((p) => p.kind === s.kind);
  if (!declared) throw errors.SUSPENSION_NOT_DECLARED({ kind: s.kind, field: 'kind', details: { reason: 'SUSPENSION_NOT_DECLARED' } });
  if (declared.maxWorkdays !== undefined && s.expectedDays > declared.maxWorkdays) {
    throw errors.SUSPENSION_TOO_LONG({ days: declared.maxWorkdays, field: 'expectedDays', details: { reason: 'SUSPENSION_TOO_LONG' } });
  }
  if (s.kind === 'hearing') {
    if (!s.hearing) throw errors.HEARING_NOTICE_REQUIRED({ field: 'hearing' });
    if (s.hearing.date < addDays(today, HEARING_NOTICE_DAYS)) throw errors.HEARING_NOTICE_TOO_SHORT({ field: 'hearing.date' });
  } else if (s.hearing) {
    throw errors.HEARING_NOTICE_REQUIRED({ field: 'hearing' });
  }
  return declared;
}
