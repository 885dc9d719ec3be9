import type { Tx } from '../../db/database.ts';
import type { BidStatus } from '../../db/types.ts';
import { appendAudit } from '../../lib/audit.ts';
import { errors } from '../../lib/errors.ts';
import * as repo from './bids.repository.ts';

/**
 * The bid's lifecycle: the only writer of `bids.status`. A bid starts `submitted` (insertBid);
 * every later status comes from a row here. `who` is informative (the service checks the actor
 * through bid.policy.ts before calling); the guard is the from-state, checked again in SQL.
 */
export const BID_TRANSITIONS = [
  { from: 'submitted', action: 'withdraw', to: 'withdrawn', who: 'bidder' },
  { from: 'submitted', action: 'replace', to: 'withdrawn', who: 'bidder' },
  { from: 'submitted', action: 'open', to: 'opened', who: 'system' },
  // Did not open through the bidder's fault (bid-unseal.ts BIDDER_CAUSES): counts as withdrawn.
  { from: 'submitted', action: 'reject_at_opening', to: 'withdrawn', who: 'system' },
  // Did not open through the platform's fault: kept as failed with the cause, the opening goes on.
  { from: 'submitted', action: 'fail_at_opening', to: 'failed', who: 'system' },
] as const satisfies ReadonlyArray<{ from: BidStatus; action: string; to: BidStatus; who: 'bidder' | 'system' }>;

export type BidActionName = (typeof BID_TRANSITIONS)[number]['action'];
export const INITIAL_BID_STATUS: BidStatus = 'submitted';

export function bidTransition(from: BidStatus, action: BidActionName) {
  return BID_TRANSITIONS.find((t) => t.from === from && t.action === action);
}

/** Moves a (locked) bid by one row of the table, with its audit event, in `tx`. */
export async function transitionBid(
  tx: Tx, bid: repo.BidRow, action: BidActionName, fields: repo.BidFields, audit: { actorId: string | null; at: Date; data?: Record<string, unknown> },
): Promise<repo.BidRow> {
  const t = bidTransition(bid.status, action);
  if (!t) throw errors.BID_NOT_WITHDRAWABLE();
  const moved = await repo.moveBid(tx, bid.id, t.from, t.to, fields);
  await appendAudit(tx, { stream: `bid:${bid.id}`, action: `bid.${action}`, actorId: audit.actorId, at: audit.at, data: { from: t.from, to: t.to, tenderId: bid.tender_id, ...audit.data } });
  return moved;
}
