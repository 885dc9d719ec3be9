import type { Db, Tx } from '../../db/database.ts';
import type { AppContext } from '../../lib/context.ts';
import type { Actor } from '../../policies/actor.ts';
import { assertBiddersDisclosed } from '../trading/bidders-seal.ts';
import { assertNotSuspended } from '../trading/suspension.ts';
import { recordTenderKey, runTransition, type TenderKeyFacts } from '../trading/tender.service.ts';
import * as trading from '../trading/trading.repository.ts';

/**
 * Everything the sealed bids need of the trading module, in one place: read a tender and its
 * project, write the tender's public key, and move the tender bidding → opening → evaluation.
 * Bids import trading; trading never imports bids.
 */
export type TenderRow = trading.TenderRow;

export async function tenderWithProject(db: Db | Tx, tenderId: string, lock = false) {
  const tender = lock ? await trading.lockTender(db as Tx, tenderId) : await trading.findTender(db, tenderId);
  if (!tender) return undefined;
  const project = (await trading.findProject(db, tender.project_id))!;
  return { tender, project };
}

/** Refuses a bid or an opening share of a tender the supervising department suspended (TENDER_SUSPENDED). */
export const refuseIfSuspended = (db: Db | Tx, tenderId: string) => assertNotSuspended(db, tenderId);

/** Refuses a list of the tender's bidders before its opening has read the bids out (TENDER_BIDDERS_SEALED, 招标投标法 第二十二条). */
export const refuseIfBiddersSealed = (db: Db | Tx, tender: TenderRow) => assertBiddersDisclosed(db, tender);

/** The changed conditions (revisions) the bidder has still to confirm (trading's re-confirmation rows). */
export const pendingReconfirmations = async (db: Db | Tx, tenderId: string, userId: string) =>
  (await trading.pendingReconfirmations(db, tenderId, userId)).map((r) => r.version);

/** Writes the tender's public key and its k of n with its public revision (trading's `recordTenderKey`). */
export async function writeTenderKey(tx: Tx, tender: TenderRow, key: TenderKeyFacts, actor: Actor, at: Date) {
  return recordTenderKey(tx, tender, key, { actorId: actor.id, at });
}

/**
 * The tender's next status on the way through the opening, by the trading lifecycle's own table
 * (`open`: bidding → opening, guarded by the deadline; `start_evaluation`: opening → evaluation), taken
 * as the `system` side in the caller's transaction, with its revision and audit event.
 */
export async function moveTender(_ctx: AppContext, tx: Tx, tender: TenderRow, to: 'opening' | 'evaluation', actor: Actor, at: Date) {
  return runTransition(tx, tender, to === 'opening' ? 'open' : 'start_evaluation', {}, { actorId: actor.id, sides: ['system'], now: at });
}
