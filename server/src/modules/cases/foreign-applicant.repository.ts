import type { Db, Tx } from '../../db/database.ts';

/** Whether the case's applicant registered as a foreigner (0044): their receipt and decision carry English beside the Chinese. */
export async function caseHasForeignApplicant(db: Db | Tx, caseId: string): Promise<boolean> {
  const row = await db.selectFrom('cases as c').innerJoin('users as u', 'u.id', 'c.applicant_id')
    .select('u.foreign_doc_kind').where('c.id', '=', caseId).executeTakeFirst();
  return !!row?.foreign_doc_kind;
}
