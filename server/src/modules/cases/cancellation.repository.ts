import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import type { CancellationState } from './cancellation.transitions.ts';

type Q = Db | Tx;

/**
 * The current cancellation request of a case: its live one (requested or cancelled, at most one by
 * index) if any, else the latest refused one (index cancellation_requests_case; a case has few).
 */
export function latestRequest(db: Q, caseId: string) {
  return db.selectFrom('cancellation_requests').selectAll().where('case_id', '=', caseId)
    .orderBy(sql`status <> 'refused'`, 'desc').orderBy('requested_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
}
export type CancellationRow = NonNullable<Awaited<ReturnType<typeof latestRequest>>>;

export async function insertRequest(tx: Tx, r: { caseId: string; applicantId: string; centerId: string; departmentId: string; reason: string; at: Date }) {
  const row = await tx.insertInto('cancellation_requests').values({
    case_id: r.caseId, applicant_id: r.applicantId, center_id: r.centerId, department_id: r.departmentId, reason: r.reason, requested_at: r.at,
  }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Moves a request to the state its transition table gave; false if another writer moved it first. */
export async function moveRequest(tx: Tx, id: string, rowVersion: number, to: CancellationState, by: string, reason: string, at: Date) {
  const r = await tx.updateTable('cancellation_requests')
    .set({ status: to, decided_by: by, decided_at: at, decision_reason: reason, row_version: rowVersion + 1 })
    .where('id', '=', id).where('row_version', '=', rowVersion).executeTakeFirst();
  return r.numUpdatedRows === 1n;
}

/**
 * A department's open requests, oldest first, a page at a time (index cancellation_requests_department:
 * department_id, status, requested_at, id). The center is checked too, so a scope can never reach
 * across centers even if a department id were shared.
 */
export async function listOpenForDepartment(db: Q, scope: { centerId: string; departmentId: string }, limit: number, offset: number) {
  const base = db.selectFrom('cancellation_requests')
    .where('department_id', '=', scope.departmentId).where('status', '=', 'requested').where('center_id', '=', scope.centerId);
  const [rows, count] = await Promise.all([
    base.select(['id', 'case_id', 'reason', 'requested_at']).orderBy('requested_at').orderBy('id').limit(limit).offset(offset).execute(),
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}
