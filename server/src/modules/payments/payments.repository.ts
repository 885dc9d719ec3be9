import { sql, type Insertable } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import type { NotificationVerdict, PaymentNotificationsTable, PaymentOrdersTable } from '../../db/types.ts';
import { ORDER_TRANSITIONS, type OrderAction } from './order-transitions.ts';
import { REFUND_TRANSITIONS } from './refund-transitions.ts';

/** All SQL of the payment channels: our orders at a channel, the notification log, refund execution. */

// ---------------------------------------------------------------- notices (0019, fees-core's tables; read here)

export const noticeByNo = (db: Db | Tx, noticeNo: string) =>
  db.selectFrom('payment_notices as n')
    .innerJoin('fiscal_accounts as a', 'a.id', 'n.fiscal_account_id')
    .select(['n.id', 'n.notice_no', 'n.case_id', 'n.center_id', 'n.payer_id', 'n.payer_name', 'n.payer_code', 'n.total_fen', 'n.due_date', 'n.status',
      'a.name as account_name', 'a.bank as account_bank'])
    .where('n.notice_no', '=', noticeNo).executeTakeFirst();

/** The notice of a case a payer sees to pay: the live one (issued or paid), else the newest. */
export const payerNoticeOfCase = (db: Db | Tx, caseId: string, payerId: string) =>
  db.selectFrom('payment_notices').select(['id', 'notice_no', 'case_id', 'center_id', 'payer_id', 'total_fen', 'due_date', 'status'])
    .where('case_id', '=', caseId).where('payer_id', '=', payerId)
    .orderBy(sql`status IN ('issued', 'paid')`, 'desc').orderBy('issued_at', 'desc').orderBy('id').limit(1).executeTakeFirst();

/**
 * A notice's row locked for the transaction: every "pay online" of one notice waits here, so two
 * clicks at once find one order instead of each opening its own.
 */
export const lockNoticeForOrder = (tx: Tx, id: string) =>
  tx.selectFrom('payment_notices').select(['id', 'status', 'due_date', 'total_fen']).where('id', '=', id).forUpdate().executeTakeFirstOrThrow();

export const noticeById = (db: Db | Tx, id: string) =>
  db.selectFrom('payment_notices').select(['id', 'notice_no', 'case_id', 'center_id', 'payer_id', 'total_fen', 'due_date', 'status'])
    .where('id', '=', id).executeTakeFirst();

export const noticeLines = (db: Db | Tx, noticeId: string) =>
  db.selectFrom('payment_notice_lines').select(['line_no', 'name', 'quantity', 'unit', 'amount_fen'])
    .where('notice_id', '=', noticeId).orderBy('line_no').execute();

export const paymentByTxn = (db: Db | Tx, channel: string, channelTxnId: string) =>
  db.selectFrom('payments').select(['id', 'notice_id', 'amount_fen', 'paid_at']).where('channel', '=', channel).where('channel_txn_id', '=', channelTxnId).executeTakeFirst();

// ---------------------------------------------------------------- orders

export const insertOrder = (tx: Tx | Db, row: Insertable<PaymentOrdersTable>) =>
  tx.insertInto('payment_orders').values(row).returningAll().executeTakeFirstOrThrow();

/**
 * The open order of a notice still within its time, to send the payer back to instead of opening a
 * second one (read under the notice's lock; its cashier URL may still be missing if the channel has
 * not answered yet: the channel is asked again for the same order number).
 */
export const openOrderOf = (db: Db | Tx, noticeId: string, payerId: string, now: Date) =>
  db.selectFrom('payment_orders').selectAll()
    .where('notice_id', '=', noticeId).where('payer_id', '=', payerId).where('status', '=', 'created')
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc').orderBy('id').limit(1).executeTakeFirst();

export const setCashierUrl = (db: Db, id: string, cashierUrl: string, now: Date) =>
  db.updateTable('payment_orders').set({ cashier_url: cashierUrl, updated_at: now }).where('id', '=', id).execute();

export const lockOrderByNo = (tx: Tx, orderNo: string) =>
  tx.selectFrom('payment_orders').selectAll().where('order_no', '=', orderNo).forUpdate().executeTakeFirst();

export const orderByNo = (db: Db | Tx, orderNo: string) =>
  db.selectFrom('payment_orders').selectAll().where('order_no', '=', orderNo).executeTakeFirst();

/** The one update that names an order's status, by its row of ORDER_TRANSITIONS; false when the order is in no `from` state of it. */
export async function moveOrder(tx: Tx, id: string, action: OrderAction, channelTxnId: string | null, now: Date): Promise<boolean> {
  const row = ORDER_TRANSITIONS[action];
  const r = await tx.updateTable('payment_orders')
    .set((eb) => ({ status: row.to, channel_txn_id: channelTxnId, query_at: null, updated_at: now, row_version: eb('row_version', '+', 1) }))
    .where('id', '=', id).where('status', 'in', row.from).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Orders no notification settled by their query time, leased to this runner until `leaseUntil` (SKIP LOCKED). */
export async function claimUnansweredOrders(db: Db, now: Date, leaseUntil: Date, limit: number) {
  return db.transaction().execute(async (tx) => {
    const rows = await tx.selectFrom('payment_orders').select(['id'])
      .where('status', '=', 'created').where('query_at', '<=', now)
      .orderBy('query_at').orderBy('id').limit(limit).forUpdate().skipLocked().execute();
    if (rows.length === 0) return [];
    return tx.updateTable('payment_orders')
      .set((eb) => ({ query_at: leaseUntil, query_attempts: eb('query_attempts', '+', 1), updated_at: now }))
      .where('id', 'in', rows.map((r) => r.id)).returningAll().execute();
  });
}

/**
 * The payer's return from the cashier asks the channel about an order once: taken only by the first
 * read of an order never asked about (by a return or by the sweep), so the page's polling does not
 * poll the channel. True when this read is the one to ask.
 */
export async function claimReturnQuery(db: Db, id: string, now: Date): Promise<boolean> {
  const r = await db.updateTable('payment_orders').set((eb) => ({ query_attempts: eb('query_attempts', '+', 1), updated_at: now }))
    .where('id', '=', id).where('status', '=', 'created').where('query_attempts', '=', 0).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export const rescheduleQuery = (db: Db, id: string, at: Date) =>
  db.updateTable('payment_orders').set({ query_at: at }).where('id', '=', id).where('status', '=', 'created').execute();

// ---------------------------------------------------------------- the notification log

/**
 * Logs a notification, attributed to the center of the notice it concerns (its payment code, its
 * order, or the refund it reports; migration 0033), for the finance clerk's log.
 */
export const logNotification = (db: Db | Tx, row: Insertable<PaymentNotificationsTable>, about: { refundId?: string } = {}) =>
  db.insertInto('payment_notifications').values({
    ...row,
    center_id: sql<string | null>`coalesce(
      (SELECT n.center_id FROM payment_notices n WHERE n.notice_no = ${row.notice_no ?? null}::text),
      (SELECT n.center_id FROM payment_orders o JOIN payment_notices n ON n.id = o.notice_id WHERE o.order_no = ${row.order_no ?? null}::text),
      (SELECT n.center_id FROM refunds r JOIN payment_notices n ON n.id = r.notice_id WHERE r.id = ${about.refundId ?? null}::uuid))`,
  }).returning('id').executeTakeFirstOrThrow();

/** A center's notification log, newest first, keyset pages on payment_notifications_center(_verdict). */
export function centerNotifications(db: Db | Tx, o: { centerId: string; verdict?: NotificationVerdict; before?: { receivedAt: Date; id: string }; limit: number }) {
  let q = db.selectFrom('payment_notifications')
    .select(['id', 'channel', 'received_at', 'kind', 'signature_ok', 'order_no', 'notice_no', 'channel_txn_id', 'amount_fen', 'verdict', 'error_code', 'payment_id'])
    .where('center_id', '=', o.centerId);
  if (o.verdict) q = q.where('verdict', '=', o.verdict);
  if (o.before) q = q.where(sql<boolean>`(received_at, id) < (${o.before.receivedAt}::timestamptz, ${o.before.id}::uuid)`);
  return q.orderBy('received_at', 'desc').orderBy('id', 'desc').limit(o.limit).execute();
}

// ---------------------------------------------------------------- refunds (0019's rows, 0024's execution state)

export const lockRefund = (tx: Tx, id: string) =>
  tx.selectFrom('refunds').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();

/**
 * Refunds due for a call to their channel: `requested`, or `sent` whose lease or backoff ran out,
 * paid online (a window payment is refunded at the bank's counter). Each claimed row is leased in
 * the claiming transaction, so a second runner skips it (SKIP LOCKED) and then sees the lease.
 */
export async function claimDueRefunds(db: Db, channels: string[], now: Date, leaseUntil: Date, limit: number) {
  if (channels.length === 0) return [];
  return db.transaction().execute(async (tx) => {
    const rows = await tx.selectFrom('refunds as r')
      .innerJoin('payments as p', 'p.id', 'r.payment_id')
      .leftJoin('refund_executions as e', 'e.refund_id', 'r.id')
      .select(['r.id', 'r.notice_id', 'r.status', 'r.amount_fen', 'r.reason', 'r.attempts', 'p.channel', 'p.channel_txn_id'])
      .where('r.status', 'in', REFUND_TRANSITIONS.send.from).where('p.channel', 'in', channels)
      .where((eb) => eb.or([eb('e.next_attempt_at', 'is', null), eb('e.next_attempt_at', '<=', now)]))
      .orderBy('r.requested_at').orderBy('r.id').limit(limit)
      .forUpdate('r').skipLocked().execute();
    // The lease lives in refund_executions, which this statement read from its own snapshot and did not
    // lock: a runner that committed its claim while this one waited for the row passes the re-check of
    // the locked refund row (`sent` may be sent again). A fresh read, under the row lock, sees its lease.
    const leased = rows.length === 0 ? [] : await tx.selectFrom('refund_executions').select('refund_id')
      .where('refund_id', 'in', rows.map((r) => r.id)).where('next_attempt_at', '>', now).execute();
    const taken = new Set(leased.map((l) => l.refund_id));
    const free = rows.filter((r) => !taken.has(r.id));
    for (const r of free) {
      await tx.updateTable('refunds')
        .set((eb) => ({ status: REFUND_TRANSITIONS.send.to, attempts: eb('attempts', '+', 1), row_version: eb('row_version', '+', 1) }))
        .where('id', '=', r.id).execute();
      await upsertExecution(tx, r.id, leaseUntil, null, now);
    }
    return free.map((r) => ({ ...r, attempts: r.attempts + 1 }));
  });
}

export const upsertExecution = (tx: Tx | Db, refundId: string, nextAttemptAt: Date, lastError: string | null, now: Date) =>
  tx.insertInto('refund_executions').values({ refund_id: refundId, next_attempt_at: nextAttemptAt, last_error: lastError, updated_at: now })
    .onConflict((oc) => oc.column('refund_id').doUpdateSet({ next_attempt_at: nextAttemptAt, last_error: lastError, updated_at: now }))
    .execute();

export const moveRefund = (tx: Tx, id: string, action: 'succeed' | 'fail', fields: { channel_refund_id?: string | null; failure?: string | null; completed_at?: Date | null }) =>
  tx.updateTable('refunds')
    .set((eb) => ({ status: REFUND_TRANSITIONS[action].to, ...fields, row_version: eb('row_version', '+', 1) }))
    .where('id', '=', id).where('status', 'in', REFUND_TRANSITIONS[action].from).executeTakeFirst();

/** The merchant order a payment was made through (for the channel's refund call). */
export const orderOfPayment = (db: Db | Tx, channel: string, channelTxnId: string) =>
  db.selectFrom('payment_orders').select(['order_no']).where('channel', '=', channel).where('channel_txn_id', '=', channelTxnId).executeTakeFirst();

/** Whom a refund's payout is told to: its notice's payer, center and case. */
export const refundPayee = (db: Db | Tx, refundId: string) =>
  db.selectFrom('refunds as r').innerJoin('payment_notices as n', 'n.id', 'r.notice_id')
    .select(['r.id', 'r.amount_fen', 'r.case_id', 'n.payer_id', 'n.center_id']).where('r.id', '=', refundId).executeTakeFirstOrThrow();
