import { sql, type Insertable, type Updateable } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import type { CarrierEvent, CaseDeliveriesTable } from '../../db/types.ts';
import type { DeliveryChoice } from '../../lib/delivery-choice.ts';

type Q = Db | Tx;
export type DeliveryRow = Awaited<ReturnType<typeof lockOpen>> & {};

/** The applicant's current choice of a case, or undefined (then: pickup at the window). */
export function findChoice(db: Q, caseId: string) {
  return db.selectFrom('case_delivery_choices').selectAll().where('case_id', '=', caseId).executeTakeFirst();
}

export async function saveChoice(tx: Tx, caseId: string, c: DeliveryChoice, by: string | null, at: Date) {
  const post = c.method === 'post' ? c : null;
  const row = {
    method: c.method, recipient_name: post?.recipientName ?? null, recipient_phone: post?.recipientPhone ?? null,
    region_code: post?.regionCode ?? null, address: post?.address ?? null, chosen_by: by, chosen_at: at,
  };
  await tx.insertInto('case_delivery_choices').values({ case_id: caseId, ...row })
    .onConflict((oc) => oc.column('case_id').doUpdateSet(row)).execute();
}

export async function regionExists(db: Q, code: string) {
  return Boolean(await db.selectFrom('regions').select('code').where('code', '=', code).executeTakeFirst());
}

/** The identity the applicant registered with: an ID number (person) or a credit code (enterprise). */
export function applicantIdentity(db: Q, userId: string) {
  return db.selectFrom('users').select(['kind', 'name', 'id_number', 'credit_code']).where('id', '=', userId).executeTakeFirst();
}

/** A file the clerk uploaded themselves (the scanned authorisation of a proxy). */
export function ownFile(db: Q, fileId: string, userId: string) {
  return db.selectFrom('files').select(['id', 'mime']).where('id', '=', fileId).where('uploaded_by', '=', userId).executeTakeFirst();
}

export async function insertDelivery(tx: Tx, d: Insertable<CaseDeliveriesTable>) {
  return (await tx.insertInto('case_deliveries').values(d).returning('id').executeTakeFirstOrThrow()).id;
}

export function updateDelivery(tx: Tx, id: string, set: Updateable<CaseDeliveriesTable>) {
  return tx.updateTable('case_deliveries').set(set).where('id', '=', id).execute();
}

/** The result of the case now out (posted or in a cabinet), locked; the case's own lock is taken first by callers. */
export function lockOpen(tx: Tx, caseId: string) {
  return tx.selectFrom('case_deliveries').selectAll().where('case_id', '=', caseId).where('status', '=', 'out').forUpdate().executeTakeFirst();
}

export function findOpen(db: Q, caseId: string) {
  return db.selectFrom('case_deliveries').selectAll().where('case_id', '=', caseId).where('status', '=', 'out').executeTakeFirst();
}

/** Every handing-over of a case, oldest first (index case_deliveries_by_case). */
export function listForCase(db: Q, caseId: string) {
  return db.selectFrom('case_deliveries').selectAll().where('case_id', '=', caseId).orderBy('created_at').execute();
}

export async function trackingTaken(db: Q, carrier: string, trackingNo: string) {
  return Boolean(await db.selectFrom('case_deliveries').select('id').where('method', '=', 'post').where('carrier', '=', carrier).where('tracking_no', '=', trackingNo).executeTakeFirst());
}

/** The lockers of a cabinet holding a result now (index case_deliveries_locker). */
export async function busyLockers(db: Q, cabinetId: string): Promise<string[]> {
  const rows = await db.selectFrom('case_deliveries').select('locker_no').where('method', '=', 'cabinet').where('status', '=', 'out').where('cabinet_id', '=', cabinetId).execute();
  return rows.map((r) => r.locker_no!);
}

/** The result in a locker, locked: the cabinet's reports about one locker are taken one at a time. */
export function lockLocker(tx: Tx, cabinetId: string, lockerNo: string) {
  return lockerQuery(tx, cabinetId, lockerNo).selectAll().forUpdate().executeTakeFirst();
}

/** The locker's result now in it, else the last one it held (to tell a second report that it was collected). */
const lockerQuery = (db: Q, cabinetId: string, lockerNo: string) => db.selectFrom('case_deliveries')
  .where('method', '=', 'cabinet').where('cabinet_id', '=', cabinetId).where('locker_no', '=', lockerNo)
  .orderBy(sql`status = 'out'`, 'desc').orderBy('created_at', 'desc').orderBy('ended_at', 'desc').limit(1);

export function caseInLocker(db: Q, cabinetId: string, lockerNo: string) {
  return lockerQuery(db, cabinetId, lockerNo).select('case_id').executeTakeFirst();
}

/**
 * Claims parcels due for a look at the carrier: leases them until `until` (one statement, SKIP LOCKED,
 * so instances share the parcels and a parcel one instance holds is left alone by the others).
 */
export async function claimDueParcels(db: Db, now: Date, until: Date, limit: number) {
  const rows = await sql<{ id: string }>`
    UPDATE case_deliveries SET poll_claimed_until = ${until}
    WHERE id IN (
      SELECT id FROM case_deliveries
      WHERE status = 'out' AND method = 'post' AND next_poll_at <= ${now}
        AND (poll_claimed_until IS NULL OR poll_claimed_until < ${now})
      ORDER BY next_poll_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)
    RETURNING id`.execute(db);
  return rows.rows.map((r) => r.id);
}

export function getDelivery(db: Q, id: string) {
  return db.selectFrom('case_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Lockers whose result was not collected by its last day, claimed SKIP LOCKED (index case_deliveries_cabinet_due). */
export function claimExpiredLockers(tx: Tx, today: string, limit: number) {
  return tx.selectFrom('case_deliveries').select(['id', 'case_id']).where('method', '=', 'cabinet').where('status', '=', 'out')
    .where('hold_until_date', '<', today).orderBy('hold_until_date').limit(limit).forUpdate().skipLocked().execute();
}

export function appendCarrierEvents(tx: Tx, id: string, events: CarrierEvent[], set: Updateable<CaseDeliveriesTable>) {
  return tx.updateTable('case_deliveries').set({ ...set, carrier_events: sql`carrier_events || ${JSON.stringify(events)}::jsonb` as never }).where('id', '=', id).execute();
}

/** The delivery window's list: its center's results out (posted, in a cabinet) or back at the window, newest first (index case_deliveries_center). */
export async function listByCenter(db: Q, centerId: string, status: 'out' | 'returned', page: number, pageSize: number) {
  const base = db.selectFrom('case_deliveries as d').innerJoin('cases as c', 'c.id', 'd.case_id')
    .where('d.center_id', '=', centerId).where('d.status', '=', status)
    // Returned only while the case is still waiting at the window and nothing was handed over since.
    .$if(status === 'returned', (q) => q.where('c.status', '=', 'ready').where(({ not, exists, selectFrom }) => not(exists(
      selectFrom('case_deliveries as n').select('n.id').whereRef('n.case_id', '=', 'd.case_id').whereRef('n.id', '<>', 'd.id').whereRef('n.created_at', '>=', 'd.created_at')))));
  const [rows, total] = await Promise.all([
    base.select(['d.id', 'd.case_id', 'd.method', 'd.status', 'd.carrier', 'd.tracking_no', 'd.carrier_status', 'd.cabinet_id', 'd.locker_no', 'd.locked_at',
      'd.hold_until_date', 'd.returned_reason', 'd.created_at', 'd.ended_at', 'c.receipt_no', 'c.applicant_name'])
      .orderBy('d.created_at', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute(),
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}
