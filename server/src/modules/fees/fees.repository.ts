import { type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import { before, cursorAt, type ListPage } from '../../db/keyset.ts';
import type { PaymentNoticeLinesTable, PaymentNoticesTable, PaymentsTable, RefundKind, RefundsTable } from '../../db/types.ts';
import type { NoticeState } from './notice-transitions.ts';

/** All SQL of the fees domain (notices, their lines, payments, refunds, fiscal accounts). */
type Q = Db | Tx;
export type NoticeRow = Selectable<PaymentNoticesTable>;
export type NoticeLineRow = Selectable<PaymentNoticeLinesTable>;
export type PaymentRow = Selectable<PaymentsTable>;
export type RefundRow = Selectable<RefundsTable>;

// ---- fiscal accounts -----------------------------------------------------------------------------

export function fiscalAccountByCode(db: Q, centerId: string, code: string) {
  return db.selectFrom('fiscal_accounts').selectAll().where('center_id', '=', centerId).where('code', '=', code).where('active', '=', true).executeTakeFirst();
}

export function fiscalAccount(db: Q, id: string) {
  return db.selectFrom('fiscal_accounts').selectAll().where('id', '=', id).executeTakeFirst();
}

export function fiscalAccountsOf(db: Q, centerId: string) {
  return db.selectFrom('fiscal_accounts').selectAll().where('center_id', '=', centerId).orderBy('code').execute();
}

/** Idempotent: the seed runs on every start. */
export async function ensureFiscalAccount(db: Q, a: { centerId: string; code: string; name: string; bank: string; accountNo: string; agencyCode: string; at: Date }) {
  await db.insertInto('fiscal_accounts')
    .values({ center_id: a.centerId, code: a.code, name: a.name, bank: a.bank, account_no: a.accountNo, agency_code: a.agencyCode, created_at: a.at })
    .onConflict((oc) => oc.columns(['center_id', 'code']).doNothing())
    .execute();
}

// ---- notices -------------------------------------------------------------------------------------

export function noticeByNo(db: Q, noticeNo: string) {
  return db.selectFrom('payment_notices').selectAll().where('notice_no', '=', noticeNo).executeTakeFirst();
}

export function noticeById(db: Q, id: string) {
  return db.selectFrom('payment_notices').selectAll().where('id', '=', id).executeTakeFirst();
}

export function lockNotice(tx: Tx, id: string) {
  return tx.selectFrom('payment_notices').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** The case's payable or paid notice (at most one: the payment_notices_live index). */
export function liveNoticeOfCase(db: Q, caseId: string) {
  return db.selectFrom('payment_notices').selectAll().where('case_id', '=', caseId).where('status', 'in', ['issued', 'paid']).executeTakeFirst();
}

/** Every notice of a case, newest first (payment_notices_case). */
export function noticesOfCase(db: Q, caseId: string) {
  return db.selectFrom('payment_notices').selectAll().where('case_id', '=', caseId).orderBy('issued_at', 'desc').orderBy('id', 'desc').execute();
}

export function linesOf(db: Q, noticeIds: string[]) {
  if (noticeIds.length === 0) return Promise.resolve([] as NoticeLineRow[]);
  return db.selectFrom('payment_notice_lines').selectAll().where('notice_id', 'in', noticeIds).orderBy('notice_id').orderBy('line_no').execute();
}

/** A new notice in state `issued` (the column default: only the transition table moves it on). */
export async function insertNotice(tx: Tx, n: Omit<Insertable<PaymentNoticesTable>, 'status' | 'row_version'>, lines: Array<Omit<Insertable<PaymentNoticeLinesTable>, 'notice_id'>>) {
  const row = await tx.insertInto('payment_notices').values(n).returningAll().executeTakeFirstOrThrow();
  if (lines.length) await tx.insertInto('payment_notice_lines').values(lines.map((l) => ({ ...l, notice_id: row.id }))).execute();
  return row;
}

/** The one update that names a notice's status: called by the notice transition only. False when the row moved meanwhile. */
export async function moveNotice(tx: Tx, id: string, rowVersion: number, to: NoticeState, patch: Omit<Updateable<PaymentNoticesTable>, 'status' | 'row_version'> = {}) {
  const r = await tx.updateTable('payment_notices').set({ ...patch, status: to, row_version: rowVersion + 1 })
    .where('id', '=', id).where('row_version', '=', rowVersion).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Issued notices whose due date has passed, claimed by one sweeper at a time (payment_notices_due). */
export function claimExpiredNotices(tx: Tx, today: string, limit: number) {
  return tx.selectFrom('payment_notices').selectAll().where('status', '=', 'issued').where('due_date', '<', today)
    .orderBy('due_date').orderBy('id').limit(limit).forUpdate().skipLocked().execute();
}

// ---- payments ------------------------------------------------------------------------------------

export function paymentByTxn(db: Q, channel: string, channelTxnId: string) {
  return db.selectFrom('payments').selectAll().where('channel', '=', channel).where('channel_txn_id', '=', channelTxnId).executeTakeFirst();
}

export function paymentsOfNotice(db: Q, noticeId: string) {
  return db.selectFrom('payments').selectAll().where('notice_id', '=', noticeId).orderBy('paid_at').orderBy('id').execute();
}

export function insertPayment(tx: Tx, p: Omit<Insertable<PaymentsTable>, 'settled'>) {
  return tx.insertInto('payments').values({ ...p, settled: false }).returningAll().executeTakeFirstOrThrow();
}

export async function markSettled(tx: Tx, id: string) {
  await tx.updateTable('payments').set({ settled: true }).where('id', '=', id).execute();
}

/**
 * Verified payments not yet applied to their notice and case (payments_unsettled), oldest first, with
 * their notice's case: candidates read without a lock. The sweep locks each in the writers' order
 * (case, notice, payment: lockUnsettledPayment) and skips one settled meanwhile.
 */
export function unsettledPayments(db: Q, limit: number) {
  return db.selectFrom('payments').innerJoin('payment_notices as n', 'n.id', 'payments.notice_id')
    .select(['payments.id', 'payments.notice_id', 'n.case_id']).where('payments.settled', '=', false)
    .orderBy('payments.recorded_at').orderBy('payments.id').limit(limit).execute();
}

/** The payment, locked, if it is still unsettled and no other sweeper or writer holds it; else undefined. */
export function lockUnsettledPayment(tx: Tx, id: string) {
  return tx.selectFrom('payments').selectAll().where('id', '=', id).where('settled', '=', false).forUpdate().skipLocked().executeTakeFirst();
}

// ---- refunds -------------------------------------------------------------------------------------

/**
 * A refund record for a payment, of its kind (the whole payment, or the excess a channel took beyond
 * it); none when one of that kind is already live for it (refunds_payment_live, refunds_excess_live).
 */
export async function insertRefund(tx: Tx, r: Omit<Insertable<RefundsTable>, 'status' | 'attempts' | 'row_version'>) {
  const kind = r.kind ?? 'payment';
  const row = await tx.insertInto('refunds').values({ ...r, kind })
    .onConflict((oc) => oc.column('payment_id').where('status', '<>', 'failed').where('kind', '=', kind).doNothing())
    .returningAll().executeTakeFirst();
  return row ?? null;
}

/** The refund of a payment of a kind that is on its way or done (not failed): at most one (migration 0062). */
export function liveRefundOf(db: Q, paymentId: string, kind: RefundKind) {
  return db.selectFrom('refunds').selectAll().where('payment_id', '=', paymentId).where('kind', '=', kind).where('status', '<>', 'failed').executeTakeFirst();
}

export function paymentById(db: Q, id: string) {
  return db.selectFrom('payments').selectAll().where('id', '=', id).executeTakeFirst();
}

export function refundsOfNotice(db: Q, noticeId: string) {
  return db.selectFrom('refunds').selectAll().where('notice_id', '=', noticeId).orderBy('requested_at', 'desc').orderBy('id', 'desc').execute();
}

/** Every refund of these payments (any kind or status), newest first per payment: one statement on refunds_payment (migration 0065). */
export function refundsOfPayments(db: Q, paymentIds: readonly string[]): Promise<RefundRow[]> {
  if (paymentIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('refunds').selectAll().where('payment_id', 'in', paymentIds)
    .orderBy('payment_id').orderBy('requested_at', 'desc').orderBy('id', 'desc').execute();
}

export function refundsOfCase(db: Q, caseId: string) {
  return db.selectFrom('refunds').selectAll().where('case_id', '=', caseId).orderBy('requested_at', 'desc').orderBy('id', 'desc').execute();
}

// ---- lists (finance console, the payer) ----------------------------------------------------------

// Keyset pages (db/keyset.ts): each list walks its index in its order (time DESC, id DESC) from the cursor.

export interface NoticeFilter { status?: NoticeState | undefined; from?: Date | undefined; to?: Date | undefined }

/** A center's notices, newest first, on payment_notices_center(_status) (migration 0068). */
export function centerNotices(db: Q, centerId: string, f: NoticeFilter, page: ListPage) {
  let q = db.selectFrom('payment_notices as n').innerJoin('cases as c', 'c.id', 'n.case_id').leftJoin('items as i', 'i.id', 'c.item_id').where('n.center_id', '=', centerId);
  if (f.status) q = q.where('n.status', '=', f.status);
  if (f.from) q = q.where('n.issued_at', '>=', f.from);
  if (f.to) q = q.where('n.issued_at', '<', f.to);
  if (page.after) q = q.where(before('n.issued_at', 'n.id', page.after));
  return q.selectAll('n').select(['c.receipt_no', 'i.name as item_name', cursorAt('n.issued_at')])
    .orderBy('n.issued_at', 'desc').orderBy('n.id', 'desc').limit(page.limit).execute();
}

/** A payer's own notices, newest first, on payment_notices_payer (migration 0068). */
export function payerNotices(db: Q, payerId: string, page: ListPage) {
  let q = db.selectFrom('payment_notices as n').innerJoin('cases as c', 'c.id', 'n.case_id').leftJoin('items as i', 'i.id', 'c.item_id').where('n.payer_id', '=', payerId);
  if (page.after) q = q.where(before('n.issued_at', 'n.id', page.after));
  return q.selectAll('n').select(['c.receipt_no', 'i.name as item_name', cursorAt('n.issued_at')])
    .orderBy('n.issued_at', 'desc').orderBy('n.id', 'desc').limit(page.limit).execute();
}

export interface PaymentFilter { channel?: string | undefined; from?: Date | undefined; to?: Date | undefined; refunded?: boolean | undefined }

/**
 * A center's payments, newest first, on payments_center(_channel) (migration 0068: a payment carries
 * its notice's center), each joined to its notice. `refunded`: with at least one refund record (any
 * kind or status) or none, a semi-join probing refunds_payment once per payment walked (migration 0065).
 */
export function centerPayments(db: Q, centerId: string, f: PaymentFilter, page: ListPage) {
  let q = db.selectFrom('payments as p').innerJoin('payment_notices as n', 'n.id', 'p.notice_id').where('p.center_id', '=', centerId);
  if (f.channel) q = q.where('p.channel', '=', f.channel);
  if (f.refunded !== undefined) {
    const refunded = f.refunded;
    q = q.where((eb) => {
      const any = eb.exists(eb.selectFrom('refunds as r').select('r.id').whereRef('r.payment_id', '=', 'p.id'));
      return refunded ? any : eb.not(any);
    });
  }
  if (f.from) q = q.where('p.paid_at', '>=', f.from);
  if (f.to) q = q.where('p.paid_at', '<', f.to);
  if (page.after) q = q.where(before('p.paid_at', 'p.id', page.after));
  return q.selectAll('p').select(['n.notice_no', 'n.case_id', 'n.payer_name', 'n.status as notice_status', cursorAt('p.paid_at')])
    .orderBy('p.paid_at', 'desc').orderBy('p.id', 'desc').limit(page.limit).execute();
}

export interface RefundFilter { status?: RefundRow['status'] | undefined; from?: Date | undefined; to?: Date | undefined }

/** A center's refunds, newest first, on refunds_center(_status) (migration 0068: a refund carries its notice's center). */
export function centerRefunds(db: Q, centerId: string, f: RefundFilter, page: ListPage) {
  let q = db.selectFrom('refunds as r').innerJoin('payment_notices as n', 'n.id', 'r.notice_id').where('r.center_id', '=', centerId);
  if (f.status) q = q.where('r.status', '=', f.status);
  if (f.from) q = q.where('r.requested_at', '>=', f.from);
  if (f.to) q = q.where('r.requested_at', '<', f.to);
  if (page.after) q = q.where(before('r.requested_at', 'r.id', page.after));
  return q.selectAll('r').select(['n.notice_no', 'n.payer_name', cursorAt('r.requested_at')])
    .orderBy('r.requested_at', 'desc').orderBy('r.id', 'desc').limit(page.limit).execute();
}

/** What the notice's payments brought in, and what its refunds of whole payments paid back, in fen. */
export async function moneyOfNotice(db: Q, noticeId: string): Promise<{ paidFen: number; refundedFen: number }> {
  const paid = await db.selectFrom('payments').select((eb) => eb.fn.coalesce(eb.fn.sum<string>('amount_fen'), eb.val('0')).as('fen'))
    .where('notice_id', '=', noticeId).executeTakeFirstOrThrow();
  // An excess given back (migration 0062) was never part of a payment: it does not count against them.
  const refunded = await db.selectFrom('refunds').select((eb) => eb.fn.coalesce(eb.fn.sum<string>('amount_fen'), eb.val('0')).as('fen'))
    .where('notice_id', '=', noticeId).where('kind', '=', 'payment').where('status', '=', 'succeeded')
    .executeTakeFirstOrThrow();
  return { paidFen: Number(paid.fen), refundedFen: Number(refunded.fen) };
}
