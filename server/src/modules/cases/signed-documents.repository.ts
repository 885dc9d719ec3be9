import type { Db } from '../../db/database.ts';

/** What the public verification of a case's signed letter shows: its applicant and where the case stands now. */
export function caseForVerification(db: Db, caseId: string) {
  return db.selectFrom('cases as c').innerJoin('users as u', 'u.id', 'c.applicant_id')
    .leftJoin('cancellation_requests as x', (j) => j.onRef('x.case_id', '=', 'c.id').on('x.status', '=', 'cancelled'))
    .select(['c.status', 'c.decision', 'c.receipt_no', 'u.kind as applicant_kind', 'u.name as applicant_name', 'u.id_number', 'u.credit_code', 'x.decided_at as cancelled_at', 'x.decision_reason as cancel_reason'])
    .where('c.id', '=', caseId).executeTakeFirst();
}
