import { sql, type Insertable, type Selectable } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import type { TenderDisputeKind, TenderDisputesTable, TenderDisputeStatus } from '../../db/types.ts';

/** All SQL of questions, objections and complaints (docs/trading.md, "Questions, objections and complaints"). */
type Q = Db | Tx;
export type DisputeRow = Selectable<TenderDisputesTable>;

/** The tender and its project, as the rules need them. */
export const tenderWithProject = (db: Q, tenderId: string) =>
  db.selectFrom('tenders').innerJoin('trading_projects as p', 'p.id', 'tenders.project_id')
    .select(['tenders.id', 'tenders.center_id', 'tenders.status', 'tenders.title', 'tenders.published_at', 'tenders.bid_deadline',
      'tenders.opened_at', 'tenders.candidates_published_at', 'tenders.candidates_until', 'tenders.awarded_at',
      'p.kind as project_kind', 'p.department_id', 'p.region_code'])
    .where('tenders.id', '=', tenderId).executeTakeFirst();
export type TenderInfo = NonNullable<Awaited<ReturnType<typeof tenderWithProject>>>;

/** A party of a tender: handed in a bid, or registered a download of its documents. */
export async function isPartyOf(db: Q, tenderId: string, userId: string): Promise<boolean> {
  const r = await sql<{ ok: boolean }>`SELECT EXISTS (SELECT 1 FROM tender_document_downloads WHERE tender_id = ${tenderId} AND user_id = ${userId})
    OR EXISTS (SELECT 1 FROM bids WHERE tender_id = ${tenderId} AND bidder_id = ${userId}) AS ok`.execute(db);
  return r.rows[0]?.ok === true;
}

/**
 * The first objection (异议) about `subject` of a tender not answered yet, earliest due first: while one is open the
 * step it concerns waits (招标投标法实施条例 第二十二条 documents → the opening, 第五十四条 candidates → the award).
 * Read by the trading module's guards (trading/suspension.ts); this module never imports trading.
 */
export const unansweredObjection = (db: Q, tenderId: string, subject: 'documents' | 'candidates') =>
  db.selectFrom('tender_disputes').select(['id', 'answer_due']).where('tender_id', '=', tenderId).where('kind', '=', 'objection')
    .where('subject', '=', subject).where('status', '=', 'open').orderBy('answer_due').orderBy('id').limit(1).executeTakeFirst();

export const insertDispute = (tx: Tx, values: Insertable<TenderDisputesTable>) =>
  tx.insertInto('tender_disputes').values({ ...values, status: 'open' }).returningAll().executeTakeFirstOrThrow();

export const findDispute = (db: Q, id: string) => db.selectFrom('tender_disputes').selectAll().where('id', '=', id).executeTakeFirst();

export const lockDispute = (tx: Tx, id: string) => tx.selectFrom('tender_disputes').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();

export const complaintOf = (db: Q, parentId: string) => db.selectFrom('tender_disputes').select('id').where('parent_id', '=', parentId).executeTakeFirst();

/** The one update that names a status: called by dispute.transitions.ts only. */
export const moveDispute = (tx: Tx, id: string, from: TenderDisputeStatus, to: TenderDisputeStatus,
  fields: { answer: string; answered_by: string; answered_at: Date; suspend_tender?: boolean }) =>
  tx.updateTable('tender_disputes').set({ ...fields, status: to }).where('id', '=', id).where('status', '=', from).returningAll().executeTakeFirstOrThrow();

export interface ListFilter {
  userId?: string; tenderId?: string; centerId?: string; departmentId?: string | null; complaints?: boolean;
  kind?: TenderDisputeKind; status?: TenderDisputeStatus; overdueAt?: Date; limit: number; offset: number;
}

/** A page of disputes, newest first (indexes: by user, by center, by department). */
export async function listDisputes(db: Q, f: ListFilter) {
  let q = db.selectFrom('tender_disputes as d').innerJoin('tenders as t', 't.id', 'd.tender_id');
  if (f.userId) q = q.where('d.user_id', '=', f.userId);
  if (f.centerId) q = q.where('d.center_id', '=', f.centerId);
  if (f.departmentId) q = q.where('d.department_id', '=', f.departmentId);
  if (f.complaints === false) q = q.where('d.kind', '!=', 'complaint');
  if (f.tenderId) q = q.where('d.tender_id', '=', f.tenderId);
  if (f.kind) q = q.where('d.kind', '=', f.kind);
  if (f.status) q = q.where('d.status', '=', f.status);
  if (f.overdueAt) q = q.where('d.status', '=', 'open').where('d.answer_due', '<', f.overdueAt);
  const [rows, total] = await Promise.all([
    q.selectAll('d').select('t.title as tender_title').orderBy('d.submitted_at', 'desc').orderBy('d.id').limit(f.limit).offset(f.offset).execute(),
    q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** The supervision board's trading figures of a center (the partial index of open disputes). */
export async function boardCounts(db: Q, centerId: string, now: Date) {
  const r = await db.selectFrom('tender_disputes').where('center_id', '=', centerId).where('status', '=', 'open')
    .select((eb) => [
      eb.fn.countAll<string>().filterWhere('kind', '!=', 'complaint').as('open_questions'),
      eb.fn.countAll<string>().filterWhere((w) => w.and([w('kind', '!=', 'complaint'), w('answer_due', '<', now)])).as('overdue_answers'),
      eb.fn.countAll<string>().filterWhere('kind', '=', 'complaint').as('open_complaints'),
      eb.fn.countAll<string>().filterWhere((w) => w.and([w('kind', '=', 'complaint'), w('answer_due', '<', now)])).as('overdue_decisions'),
    ]).executeTakeFirstOrThrow();
  return {
    openQuestions: Number(r.open_questions), overdueAnswers: Number(r.overdue_answers),
    openComplaints: Number(r.open_complaints), overdueDecisions: Number(r.overdue_decisions),
  };
}
