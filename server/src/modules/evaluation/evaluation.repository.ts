import type { Db, Tx } from '../../db/database.ts';
import type { RejectionGround } from '../../db/types.ts';

/**
 * The SQL of the evaluation (docs/trading.md "Evaluation") that the experts repository does not already hold
 * (the seated committee, scores, submissions and the report are there: experts.repository.ts).
 */
type Q = Db | Tx;

/**
 * The bids of a tender that were opened (decrypted): the only ones evaluated. With the bidder's name, credit code and
 * legal representative, its declaration of its principal and controlling or managing units (条例 第三十四条), if made, and
 * the registry's record of the same facts as looked up for this tender (0080), if it answered.
 */
export const openedBidsOf = (db: Q, tenderId: string) =>
  db.selectFrom('bids as b').innerJoin('users as u', 'u.id', 'b.bidder_id')
    .leftJoin('bidder_declarations as d', 'd.user_id', 'b.bidder_id')
    .leftJoin('tender_registry_records as r', (j) => j.onRef('r.tender_id', '=', 'b.tender_id').onRef('r.bidder_id', '=', 'b.bidder_id'))
    .select(['b.id', 'b.price_fen', 'b.submitted_at', 'b.opened_file_name', 'u.name', 'u.credit_code', 'u.legal_representative',
      'd.representative_id_number', 'd.controller_code', 'd.manager_code',
      'r.outcome as registry_outcome', 'r.representative_id_number as registry_representative_id', 'r.controller_code as registry_controller_code',
      'r.manager_code as registry_manager_code', 'r.looked_up_at as registry_looked_up_at'])
    .where('b.tender_id', '=', tenderId).where('b.status', '=', 'opened')
    .orderBy('b.submitted_at').orderBy('b.id').execute();

/** The scores of one expert on one tender (their sheet). */
export const sheetScores = (db: Q, tenderId: string, expertId: string) =>
  db.selectFrom('evaluation_scores').select(['bid_id', 'criterion', 'score'])
    .where('tender_id', '=', tenderId).where('expert_id', '=', expertId).execute();

/**
 * The tenders an expert (by their account) sits on, newest draw first: the seated members of drawn draws
 * (index expert_draw_members_by_expert), with the expert's submission if any.
 */
export const tendersOfExpertAccount = (db: Q, userId: string, limit: number, offset: number) =>
  db.selectFrom('experts as e')
    .innerJoin('expert_draw_members as m', (j) => j.onRef('m.expert_id', '=', 'e.id').on('m.seat', '=', 'seated'))
    .innerJoin('expert_draws as d', (j) => j.onRef('d.id', '=', 'm.draw_id').on('d.status', '=', 'drawn'))
    .innerJoin('tenders as t', 't.id', 'd.tender_id')
    .leftJoin('evaluation_submissions as s', (j) => j.onRef('s.tender_id', '=', 't.id').onRef('s.expert_id', '=', 'e.id'))
    .select(['t.id', 't.title', 't.status', 'd.drawn_at', 's.submitted_at'])
    .where('e.user_id', '=', userId)
    .orderBy('d.drawn_at', 'desc').orderBy('t.id').limit(limit).offset(offset).execute();

export const centerName = async (db: Q, centerId: string) =>
  (await db.selectFrom('centers').select('name').where('id', '=', centerId).executeTakeFirstOrThrow()).name;

/** Every expert's votes to reject a bid of the tender (primary key order: tender, bid, expert). */
export const rejectionsOf = (db: Q, tenderId: string) =>
  db.selectFrom('evaluation_rejections').select(['bid_id', 'expert_id', 'ground', 'note', 'voted_at']).where('tender_id', '=', tenderId).execute();

/** An expert's vote to reject a bid: written, or replaced with a new ground and facts. */
export const upsertRejection = (tx: Tx, v: { tender_id: string; bid_id: string; expert_id: string; ground: RejectionGround; note: string; voted_at: Date }) =>
  tx.insertInto('evaluation_rejections').values(v)
    .onConflict((c) => c.columns(['tender_id', 'bid_id', 'expert_id']).doUpdateSet({ ground: v.ground, note: v.note, voted_at: v.voted_at })).execute();

/** An expert withdraws their vote to reject a bid; the number of rows removed (0: there was none). */
export const deleteRejection = async (tx: Tx, tenderId: string, bidId: string, expertId: string) =>
  Number((await tx.deleteFrom('evaluation_rejections').where('tender_id', '=', tenderId).where('bid_id', '=', bidId).where('expert_id', '=', expertId).executeTakeFirst()).numDeletedRows);
