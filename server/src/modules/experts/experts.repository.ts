import { sql, type Insertable, type Selectable } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import type { ExpertDrawStatus, ExpertDrawsTable, ExpertsTable, ExpertSeat } from '../../db/types.ts';

/** All SQL of the expert pool, the draw and the evaluation (docs/experts.md). */
type Q = Db | Tx;
export type ExpertRow = Selectable<ExpertsTable>;
export type DrawRow = Selectable<ExpertDrawsTable>;

// ---------------------------------------------------------------- the pool

export const insertExpert = (tx: Tx, values: Insertable<ExpertsTable>) =>
  tx.insertInto('experts').values(values).onConflict((oc) => oc.columns(['center_id', 'id_number']).doNothing()).returningAll().executeTakeFirst();

export const findExpert = (db: Q, id: string) => db.selectFrom('experts').selectAll().where('id', '=', id).executeTakeFirst();

export const listExperts = (db: Q, centerId: string, limit: number, offset: number) =>
  db.selectFrom('experts').selectAll().where('center_id', '=', centerId).orderBy('name').orderBy('id').limit(limit).offset(offset).execute();

export const countExperts = async (db: Q, centerId: string) =>
  Number((await db.selectFrom('experts').select((e) => e.fn.countAll<string>().as('n')).where('center_id', '=', centerId).executeTakeFirstOrThrow()).n);

export const insertDeclaration = (tx: Tx, values: { expert_id: string; kind: 'relative' | 'interest'; org_code: string; org_name: string; relative_name: string | null; relation: string | null; declared_at: Date }) =>
  tx.insertInto('expert_declarations').values(values).returningAll().executeTakeFirstOrThrow();

export const declarationsOf = (db: Q, expertId: string) =>
  db.selectFrom('expert_declarations').selectAll().where('expert_id', '=', expertId).orderBy('declared_at').execute();

export const insertPenalty = (tx: Tx, values: { expert_id: string; imposed_on: string; reason: string; created_at: Date }) =>
  tx.insertInto('expert_penalties').values(values).returningAll().executeTakeFirstOrThrow();

export const penaltiesOf = (db: Q, expertId: string) =>
  db.selectFrom('expert_penalties').selectAll().where('expert_id', '=', expertId).orderBy('imposed_on', 'desc').execute();

export interface PoolFilters { specialties?: string[] | undefined; regionCode?: string | undefined }

/** The center's available experts matching the filters: any of the specialties, the region or one below it. */
export function poolCandidates(db: Q, centerId: string, f: PoolFilters) {
  let q = db.selectFrom('experts').select(['id', 'employer_code']).where('center_id', '=', centerId).where('available', '=', true);
  if (f.specialties?.length) q = q.where(sql<boolean>`specialties && ${sql.val(f.specialties)}::text[]`);
  if (f.regionCode) q = q.where('region_code', 'like', `${f.regionCode.replace(/0+$/, '')}%`);
  return q.execute();
}

/** Declarations of the center's experts naming any of the organisations (one index lookup per code). */
export function declarationsNaming(db: Q, centerId: string, orgCodes: string[]) {
  if (orgCodes.length === 0) return Promise.resolve([]);
  return db.selectFrom('expert_declarations as d').innerJoin('experts as e', 'e.id', 'd.expert_id')
    .select(['d.expert_id', 'd.kind', 'd.org_code']).where('e.center_id', '=', centerId).where('d.org_code', 'in', orgCodes).execute();
}

/** The center's experts penalised on or after a day. */
export const penalisedSince = async (db: Q, centerId: string, since: string) =>
  new Set((await db.selectFrom('expert_penalties as p').innerJoin('experts as e', 'e.id', 'p.expert_id')
    .select('p.expert_id').distinct().where('e.center_id', '=', centerId).where('p.imposed_on', '>=', since).execute()).map((r) => r.expert_id));

export const committeeRules = (db: Q) => db.selectFrom('committee_rules').selectAll().orderBy('sector').execute();

// ---------------------------------------------------------------- the tender as the draw sees it

/** The tender with its project's buyer and the supervising department's credit code. */
export const tenderFacts = (db: Q, tenderId: string, lock = false) => {
  const q = db.selectFrom('tenders as t').innerJoin('trading_projects as p', 'p.id', 't.project_id')
    .innerJoin('departments as d', 'd.id', 'p.department_id')
    .select(['t.id', 't.status', 't.center_id', 't.title', 't.committee_size', 't.sector', 't.criteria', 't.candidates_published_at',
      'p.buyer_org_code', 'p.buyer_name', 'p.name as project_name', 'p.code as project_code', 'd.credit_code as supervisor_code'])
    .where('t.id', '=', tenderId);
  return (lock ? q.forUpdate('t') : q).executeTakeFirst();
};

/**
 * Credit codes of every bidder of the tender: who took a tender document (registered), and who handed in a bid
 * whether or not they took one (a bid needs no download, and its bidder is a bidder all the same).
 */
export const registeredBidderCodes = async (db: Q, tenderId: string) =>
  new Set((await db.selectFrom('tender_document_downloads as dl').innerJoin('users as u', 'u.id', 'dl.user_id')
    .select('u.credit_code').where('dl.tender_id', '=', tenderId).where('u.credit_code', 'is not', null)
    .union(db.selectFrom('bids as b').innerJoin('users as u', 'u.id', 'b.bidder_id')
      .select('u.credit_code').where('b.tender_id', '=', tenderId).where('u.credit_code', 'is not', null))
    .execute())
    .map((r) => r.credit_code!));

// ---------------------------------------------------------------- draws

export const insertDraw = (tx: Tx, values: Insertable<ExpertDrawsTable>) =>
  tx.insertInto('expert_draws').values(values).returningAll().executeTakeFirstOrThrow();

export const liveDrawOfTender = (db: Q, tenderId: string) =>
  db.selectFrom('expert_draws').selectAll().where('tender_id', '=', tenderId).where('status', '<>', 'cancelled').executeTakeFirst();

export const findDraw = (db: Q, id: string) => db.selectFrom('expert_draws').selectAll().where('id', '=', id).executeTakeFirst();
export const lockDraw = (tx: Tx, id: string) => tx.selectFrom('expert_draws').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();

/** The one update that names a draw's status: called only by the service after draw.transitions.ts allowed it. */
export const moveDraw = (tx: Tx, id: string, from: ExpertDrawStatus, to: ExpertDrawStatus, fields: { seed?: string; key_string?: string; drawn_by?: string; drawn_at?: Date; cancelled_reason?: string }) =>
  tx.updateTable('expert_draws').set({ ...fields, status: to }).where('id', '=', id).where('status', '=', from).returningAll().executeTakeFirstOrThrow();

export async function insertExclusions(tx: Tx, drawId: string, rows: Array<{ expertId: string; reasons: string[] }>) {
  for (let i = 0; i < rows.length; i += 1000) {
    await tx.insertInto('expert_draw_exclusions')
      .values(rows.slice(i, i + 1000).map((r) => ({ draw_id: drawId, expert_id: r.expertId, reasons: r.reasons }))).execute();
  }
}

export const exclusionsOf = (db: Q, drawId: string) =>
  db.selectFrom('expert_draw_exclusions as x').innerJoin('experts as e', 'e.id', 'x.expert_id')
    .select(['x.expert_id', 'x.reasons', 'e.name', 'e.employer_name']).where('x.draw_id', '=', drawId).orderBy('e.name').execute();

export const insertMembers = (tx: Tx, rows: Array<{ draw_id: string; rank: number; expert_id: string; seat: ExpertSeat }>) =>
  rows.length ? tx.insertInto('expert_draw_members').values(rows).execute() : Promise.resolve([]);

export const membersOf = (db: Q, drawId: string) =>
  db.selectFrom('expert_draw_members as m').innerJoin('experts as e', 'e.id', 'm.expert_id')
    .select(['m.rank', 'm.expert_id', 'm.seat', 'm.answered_at', 'e.name', 'e.employer_name', 'e.specialties', 'e.user_id', 'e.phone'])
    .where('m.draw_id', '=', drawId).orderBy('m.rank').execute();

export const setSeat = (tx: Tx, drawId: string, rank: number, seat: ExpertSeat, at: Date | null) =>
  tx.updateTable('expert_draw_members').set({ seat, answered_at: at }).where('draw_id', '=', drawId).where('rank', '=', rank).execute();

// ---------------------------------------------------------------- evaluation

/** The seated experts of the tender's live drawn committee, with their accounts. */
export const seatedOf = (db: Q, tenderId: string) =>
  db.selectFrom('expert_draws as d').innerJoin('expert_draw_members as m', 'm.draw_id', 'd.id').innerJoin('experts as e', 'e.id', 'm.expert_id')
    .select(['e.id', 'e.name', 'e.user_id', 'm.rank']).where('d.tender_id', '=', tenderId).where('d.status', '=', 'drawn')
    .where('m.seat', '=', 'seated').orderBy('m.rank').execute();

export const upsertScore = (tx: Tx, v: { tender_id: string; bid_id: string; expert_id: string; criterion: string; score: string; scored_at: Date }) =>
  tx.insertInto('evaluation_scores').values(v)
    .onConflict((oc) => oc.columns(['tender_id', 'bid_id', 'expert_id', 'criterion']).doUpdateSet({ score: v.score, scored_at: v.scored_at })).execute();

export const scoresOf = (db: Q, tenderId: string) =>
  db.selectFrom('evaluation_scores').select(['bid_id', 'expert_id', 'criterion', 'score']).where('tender_id', '=', tenderId).execute();

export const submissionsOf = (db: Q, tenderId: string) =>
  db.selectFrom('evaluation_submissions').select(['expert_id', 'submitted_at']).where('tender_id', '=', tenderId).execute();

/** Opens these experts' submitted sheets again (returned for review): their scores and votes stay; the return is kept. */
export async function returnSubmissions(tx: Tx, v: { tenderId: string; expertIds: string[]; at: Date; by: string; reason: string }) {
  await tx.deleteFrom('evaluation_submissions').where('tender_id', '=', v.tenderId).where('expert_id', 'in', v.expertIds).execute();
  const row = { tender_id: v.tenderId, returned_at: v.at, returned_by: v.by, reason: v.reason };
  await tx.insertInto('evaluation_returns').values(v.expertIds.map((expert_id) => ({ ...row, expert_id })))
    .onConflict((c) => c.columns(['tender_id', 'expert_id']).doUpdateSet({ returned_at: v.at, returned_by: v.by, reason: v.reason })).execute();
}

/** The latest return of each expert's sheet for review on a tender. */
export const returnsOf = (db: Q, tenderId: string) =>
  db.selectFrom('evaluation_returns').select(['expert_id', 'returned_at', 'reason']).where('tender_id', '=', tenderId).orderBy('returned_at').execute();

/** The latest return of an expert's sheet for review on a tender, if any. */
export const returnOf = (db: Q, tenderId: string, expertId: string) =>
  db.selectFrom('evaluation_returns').select(['returned_at', 'reason']).where('tender_id', '=', tenderId).where('expert_id', '=', expertId).executeTakeFirst();

export const insertSubmission = (tx: Tx, v: { tender_id: string; expert_id: string; submitted_at: Date }) =>
  tx.insertInto('evaluation_submissions').values(v).onConflict((oc) => oc.doNothing()).returningAll().executeTakeFirst();

export const reportOf = (db: Q, tenderId: string) => db.selectFrom('evaluation_reports').selectAll().where('tender_id', '=', tenderId).executeTakeFirst();

export const insertReport = (tx: Tx, v: { tender_id: string; ranking: string; outliers: string; report_file: string; finished_by: string; finished_at: Date }) =>
  tx.insertInto('evaluation_reports').values(v).onConflict((oc) => oc.doNothing()).returningAll().executeTakeFirst();
