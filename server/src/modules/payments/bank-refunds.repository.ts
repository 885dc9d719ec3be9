import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import { REFUND_TRANSITIONS } from './refund-transitions.ts';

/** The SQL of refunds paid out at the bank's window (docs/fees.md, "Refunds at the bank window"). */

/**
 * The center's refunds waiting to be paid out at the window: `requested`, of a payment taken on
 * `channel` (the bank window), oldest first, keyset pages on refunds_pending (requested_at, id).
 */
export function pendingRefundsAtWindow(db: Db | Tx, o: { centerId: string; channel: string; after?: { requestedAt: Date; id: string }; limit: number }) {
  let q = db.selectFrom('refunds as r')
    .innerJoin('payments as p', 'p.id', 'r.payment_id')
    .innerJoin('payment_notices as n', 'n.id', 'r.notice_id')
    .innerJoin('cases as c', 'c.id', 'r.case_id')
    .select(['r.id', 'r.amount_fen', 'r.reason', 'r.status', 'r.requested_at', 'r.case_id', 'c.receipt_no', 'n.notice_no', 'n.payer_name', 'n.payer_code',
      'p.channel_txn_id', 'p.paid_at'])
    .where('r.status', '=', 'requested').where('p.channel', '=', o.channel).where('n.center_id', '=', o.centerId);
  if (o.after) q = q.where(sql<boolean>`(r.requested_at, r.id) > (${o.after.requestedAt}::timestamptz, ${o.after.id}::uuid)`);
  return q.orderBy('r.requested_at').orderBy('r.id').limit(o.limit).execute();
}

/** A refund with what the window needs to decide (its payment's channel, its notice's payer and center), locked. */
export const lockRefundForWindow = (tx: Tx, id: string) =>
  tx.selectFrom('refunds as r')
    .innerJoin('payments as p', 'p.id', 'r.payment_id')
    .innerJoin('payment_notices as n', 'n.id', 'r.notice_id')
    .select(['r.id', 'r.status', 'r.amount_fen', 'r.notice_id', 'r.case_id', 'r.payment_id', 'p.channel', 'n.notice_no', 'n.payer_id', 'n.center_id'])
    .where('r.id', '=', id).forUpdate('r').executeTakeFirst();

/** The one write of `pay_at_bank` (refund-transitions.ts): requested → succeeded with the bank's reference. */
export async function markPaidAtBank(tx: Tx, id: string, bankReference: string, at: Date) {
  const row = REFUND_TRANSITIONS.pay_at_bank;
  const r = await tx.updateTable('refunds')
    .set((eb) => ({ status: row.to, channel_refund_id: bankReference, completed_at: at, failure: null, row_version: eb('row_version', '+', 1) }))
    .where('id', '=', id).where('status', 'in', row.from).executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw new Error(`refund ${id} was not ${row.from.join('/')}`);
}
