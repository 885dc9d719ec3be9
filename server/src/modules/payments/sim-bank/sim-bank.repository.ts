import type { Db, Tx } from '../../../db/database.ts';
import type { Insertable } from 'kysely';
import type { SimBankNotificationsTable, SimBankOrdersTable, SimBankRefundsTable } from '../../../db/types.ts';

/** The simulated bank's SQL: its own ledger tables (sim_bank_*), nothing of ours. */

export const insertOrder = (tx: Tx, row: Insertable<SimBankOrdersTable>) =>
  tx.insertInto('sim_bank_orders').values(row).onConflict((oc) => oc.column('merchant_order_no').doNothing()).execute();

export const orderByMerchantNo = (db: Db | Tx, orderNo: string) =>
  db.selectFrom('sim_bank_orders').selectAll().where('merchant_order_no', '=', orderNo).executeTakeFirst();

export const orderById = (db: Db | Tx, id: string) =>
  db.selectFrom('sim_bank_orders').selectAll().where('id', '=', id).executeTakeFirst();

export const lockOrder = (tx: Tx, id: string) =>
  tx.selectFrom('sim_bank_orders').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();

export const lockOrderByTxn = (tx: Tx, bankTxnId: string) =>
  tx.selectFrom('sim_bank_orders').selectAll().where('bank_txn_id', '=', bankTxnId).forUpdate().executeTakeFirst();

export const setOrderStatus = (tx: Tx, id: string, status: 'paid' | 'cancelled', paidAt: Date | null) =>
  tx.updateTable('sim_bank_orders').set({ status, paid_at: paidAt }).where('id', '=', id).execute();

export const setFaults = (db: Db, orderNo: string, faults: string[]) =>
  db.updateTable('sim_bank_orders').set({ faults }).where('merchant_order_no', '=', orderNo).returning('id').executeTakeFirst();

export const refundByNo = (db: Db | Tx, refundNo: string) =>
  db.selectFrom('sim_bank_refunds').selectAll().where('refund_no', '=', refundNo).executeTakeFirst();

export const insertRefund = (tx: Tx, row: Insertable<SimBankRefundsTable>) =>
  tx.insertInto('sim_bank_refunds').values(row).onConflict((oc) => oc.column('refund_no').doNothing()).execute();

export const insertNotification = (tx: Tx, row: Insertable<SimBankNotificationsTable>) =>
  tx.insertInto('sim_bank_notifications').values(row).returning('id').executeTakeFirstOrThrow();

export const notificationById = (db: Db, id: string) =>
  db.selectFrom('sim_bank_notifications').selectAll().where('id', '=', id).executeTakeFirst();

export const markAttempt = (db: Db, id: string, deliveredAt: Date | null) =>
  db.updateTable('sim_bank_notifications')
    .set((eb) => ({ attempts: eb('attempts', '+', 1), ...(deliveredAt ? { delivered_at: deliveredAt } : {}) }))
    .where('id', '=', id).execute();
