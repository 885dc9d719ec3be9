import { sql, type Insertable, type Selectable, type UpdateObject } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import { notifyAfterCommit } from '../../db/after-commit.ts';
import type { DB } from '../../db/types.ts';
import type { HallAppointmentStatus, HallBusiness, HallPriorityReason, HallTicketsTable, HallTicketStatus, HallZonesTable } from '../../db/types.ts';

type Q = Db | Tx;
export type TicketRow = Selectable<HallTicketsTable>;
export type ZoneRow = Selectable<HallZonesTable>;
export type TicketFields = Omit<UpdateObject<DB, 'hall_tickets', 'hall_tickets'>, 'status' | 'id'>;

// ---------------------------------------------------------------- configuration

export const getCenter = (db: Q, id: string) =>
  db.selectFrom('centers').select(['id', 'name', 'name_en', 'region_code']).where('id', '=', id).executeTakeFirst();

export const getSettings = (db: Q, centerId: string) =>
  db.selectFrom('hall_settings').selectAll().where('center_id', '=', centerId).executeTakeFirst();

export async function upsertSettings(tx: Tx, centerId: string, v: {
  booking_min_days: number; booking_max_days: number; noshow_limit: number; noshow_window_days: number;
  noshow_restrict_days: number; elderly_age: number; checkin_early_minutes: number; updated_at: Date;
  light_green_minutes: number; light_amber_minutes: number; reminder_hours_ahead: number;
}) {
  await tx.insertInto('hall_settings').values({ center_id: centerId, ...v })
    .onConflict((oc) => oc.column('center_id').doUpdateSet(v)).execute();
}

export const listHours = (db: Q, centerId: string) =>
  db.selectFrom('hall_hours').selectAll().where('center_id', '=', centerId).orderBy('weekday').execute();

export async function replaceHours(tx: Tx, centerId: string, rows: Array<{ weekday: number; opens: string; closes: string; extended_until: string | null }>) {
  await tx.deleteFrom('hall_hours').where('center_id', '=', centerId).execute();
  if (rows.length) await tx.insertInto('hall_hours').values(rows.map((r) => ({ center_id: centerId, ...r }))).execute();
}

export const listZones = (db: Q, centerId: string) =>
  db.selectFrom('hall_zones').selectAll().where('center_id', '=', centerId).orderBy('prefix').execute();

export const getZone = (db: Q, id: string) => db.selectFrom('hall_zones').selectAll().where('id', '=', id).executeTakeFirst();

export interface ZoneValues {
  prefix: string; business: HallBusiness; name: string; name_en: string; active: boolean;
  slot_minutes: number; slot_capacity: number; day_capacity: number; service_seconds: number; updated_at: Date;
}

export async function insertZone(tx: Tx, centerId: string, v: ZoneValues): Promise<string | null> {
  const r = await tx.insertInto('hall_zones').values({ center_id: centerId, ...v }).onConflict((oc) => oc.doNothing()).returning('id').executeTakeFirst();
  return r?.id ?? null;
}

export async function updateZone(tx: Tx, id: string, v: ZoneValues): Promise<boolean> {
  const r = await tx.updateTable('hall_zones').set(v).where('id', '=', id).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export const zoneWindows = (db: Q, zoneIds: string[]) => zoneIds.length === 0 ? Promise.resolve([]) :
  db.selectFrom('hall_zone_windows').select(['zone_id', 'window_id']).where('zone_id', 'in', zoneIds).execute();

export async function setZoneWindows(tx: Tx, zoneId: string, windowIds: string[]) {
  await tx.deleteFrom('hall_zone_windows').where('zone_id', '=', zoneId).execute();
  if (windowIds.length) await tx.insertInto('hall_zone_windows').values(windowIds.map((w) => ({ zone_id: zoneId, window_id: w }))).execute();
}

export const zonesOfWindow = async (db: Q, windowId: string) =>
  (await db.selectFrom('hall_zone_windows as zw').innerJoin('hall_zones as z', 'z.id', 'zw.zone_id')
    .select('z.id').where('zw.window_id', '=', windowId).where('z.active', '=', true).execute()).map((r) => r.id);

export const windowsOfCenter = (db: Q, centerId: string) =>
  db.selectFrom('windows').select(['id', 'name', 'name_en']).where('center_id', '=', centerId).orderBy('name').execute();

export const getWindow = (db: Q, id: string) =>
  db.selectFrom('windows').select(['id', 'name', 'name_en', 'center_id']).where('id', '=', id).executeTakeFirst();

export const priorityRules = (db: Q, centerId: string) =>
  db.selectFrom('hall_priority_rules').select(['reason', 'weight']).where('center_id', '=', centerId).execute();

export async function replacePriorityRules(tx: Tx, centerId: string, rules: Array<{ reason: HallPriorityReason; weight: number }>) {
  await tx.deleteFrom('hall_priority_rules').where('center_id', '=', centerId).execute();
  if (rules.length) await tx.insertInto('hall_priority_rules').values(rules.map((r) => ({ center_id: centerId, ...r }))).execute();
}

export const kioskByTokenHash = (db: Q, hash: Buffer) =>
  db.selectFrom('hall_kiosks').select(['id', 'center_id', 'name']).where('token_hash', '=', hash).where('active', '=', true).executeTakeFirst();

export async function insertKiosk(tx: Q, v: { center_id: string; name: string; token_hash: Buffer; created_at: Date }) {
  const r = await tx.insertInto('hall_kiosks').values(v).onConflict((oc) => oc.doNothing()).returning('id').executeTakeFirst();
  return r?.id ?? null;
}

export const listKiosks = (db: Q, centerId: string) =>
  db.selectFrom('hall_kiosks').select(['id', 'name', 'active', 'created_at']).where('center_id', '=', centerId).orderBy('created_at').limit(200).execute();

// ---------------------------------------------------------------- windows open and closed

export async function setWindowOpen(tx: Q, v: { window_id: string; center_id: string; open: boolean; clerk_id: string; changed_at: Date }) {
  await tx.insertInto('hall_window_status').values(v)
    .onConflict((oc) => oc.column('window_id').doUpdateSet({ open: v.open, clerk_id: v.clerk_id, changed_at: v.changed_at })).execute();
}

/** The window's status row, locked: a window's calls are serialised on it (a double click waits). */
export async function lockWindow(tx: Tx, v: { window_id: string; center_id: string; clerk_id: string; at: Date }) {
  await tx.insertInto('hall_window_status').values({ window_id: v.window_id, center_id: v.center_id, open: true, clerk_id: v.clerk_id, changed_at: v.at })
    .onConflict((oc) => oc.column('window_id').doUpdateSet({ open: true, clerk_id: v.clerk_id })).execute();
  return tx.selectFrom('hall_window_status').selectAll().where('window_id', '=', v.window_id).forUpdate().executeTakeFirstOrThrow();
}

export const windowStatus = (db: Q, windowId: string) =>
  db.selectFrom('hall_window_status').selectAll().where('window_id', '=', windowId).executeTakeFirst();

/** Open windows serving each zone of the list. */
export async function openWindowsByZone(db: Q, zoneIds: string[]): Promise<Map<string, number>> {
  if (zoneIds.length === 0) return new Map();
  const rows = await db.selectFrom('hall_zone_windows as zw').innerJoin('hall_window_status as s', 's.window_id', 'zw.window_id')
    .select(['zw.zone_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('zw.zone_id', 'in', zoneIds).where('s.open', '=', true).groupBy('zw.zone_id').execute();
  return new Map(rows.map((r) => [r.zone_id, Number(r.n)]));
}

// ---------------------------------------------------------------- tickets

/** The next number of a zone's day, in the issuing transaction: its row lock orders concurrent issues. */
export async function nextSeq(tx: Tx, zoneId: string, day: string): Promise<number> {
  const r = await tx.insertInto('hall_ticket_counters').values({ zone_id: zoneId, day, last: 1 })
    .onConflict((oc) => oc.columns(['zone_id', 'day']).doUpdateSet({ last: sql`hall_ticket_counters.last + 1` }))
    .returning('last').executeTakeFirstOrThrow();
  return r.last;
}

export type NewTicket = Insertable<HallTicketsTable>;

/** Inserts a ticket; null when the person already holds an active one in the zone that day (unique index). */
export async function insertTicket(tx: Tx, v: NewTicket): Promise<TicketRow | null> {
  return (await tx.insertInto('hall_tickets').values(v).onConflict((oc) => oc.doNothing()).returningAll().executeTakeFirst()) ?? null;
}

export async function activeTicketExists(db: Q, zoneId: string, day: string, who: { personId: string | null; idNumber: string | null }) {
  if (!who.personId && !who.idNumber) return false;
  const r = await db.selectFrom('hall_tickets').select('id').where('zone_id', '=', zoneId).where('day', '=', day)
    .where('status', 'in', ['waiting', 'called'])
    .where((eb) => eb.or([
      ...(who.personId ? [eb('person_id', '=', who.personId)] : []),
      ...(who.idNumber ? [eb('id_number', '=', who.idNumber)] : []),
    ])).executeTakeFirst();
  return !!r;
}

export const getTicket = (db: Q, id: string) => db.selectFrom('hall_tickets').selectAll().where('id', '=', id).executeTakeFirst();
export const lockTicket = (tx: Tx, id: string) => tx.selectFrom('hall_tickets').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();

/** The ticket called at a window now (the panel's read, no lock). */
export const currentAtWindow = (db: Q, windowId: string) =>
  db.selectFrom('hall_tickets').selectAll().where('window_id', '=', windowId).where('status', '=', 'called').executeTakeFirst();

/** The ticket called at a window now, locked. */
export const calledAtWindow = (tx: Tx, windowId: string) =>
  tx.selectFrom('hall_tickets').selectAll().where('window_id', '=', windowId).where('status', '=', 'called').forUpdate().executeTakeFirst();

/** Only the transition table calls this (hall.transitions.ts). */
export async function moveTicket(tx: Tx, id: string, from: HallTicketStatus, to: HallTicketStatus, fields: TicketFields): Promise<TicketRow> {
  return tx.updateTable('hall_tickets').set({ ...fields, status: to }).where('id', '=', id).where('status', '=', from)
    .returningAll().executeTakeFirstOrThrow();
}

export interface NextQuery { zoneIds: string[]; day: string; windowId: string; now: Date }

/**
 * The effective priority: an appointment's weight counts from its time; before, it waits as a walk-in.
 * The queue is ordered by it, then by arrival.
 */
const effectivePriority = (now: Date) => sql<number>`CASE WHEN priority_from IS NULL OR priority_from <= ${now} THEN priority ELSE base_priority END`;

/**
 * Claims the first waiting ticket of the window's zones (a ticket transferred to another window is
 * left to it) and calls it, in one statement: `FOR UPDATE SKIP LOCKED` lets concurrent windows take
 * different tickets, never the same one. Only the transition table calls this.
 */
export async function claimNextTicket(tx: Tx, q: NextQuery, from: HallTicketStatus, to: HallTicketStatus, fields: TicketFields): Promise<TicketRow | null> {
  const next = tx.selectFrom('hall_tickets').select('id')
    .where('zone_id', 'in', q.zoneIds).where('day', '=', q.day).where('status', '=', from)
    .where((eb) => eb.or([eb('target_window_id', 'is', null), eb('target_window_id', '=', q.windowId)]))
    .orderBy(effectivePriority(q.now), 'desc').orderBy('queue_pos')
    .limit(1).forUpdate().skipLocked();
  return (await tx.updateTable('hall_tickets').set({ ...fields, status: to })
    .where('id', '=', (eb) => eb.selectFrom(next.as('n')).select('n.id'))
    .where('status', '=', from)
    .returningAll().executeTakeFirst()) ?? null;
}

/** Tickets waiting before this one in its zone's queue (the same order call-next takes). */
export async function aheadOf(db: Q, t: TicketRow, now: Date): Promise<number> {
  const mine = t.priority_from === null || t.priority_from <= now ? t.priority : t.base_priority;
  const r = await db.selectFrom('hall_tickets').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('zone_id', '=', t.zone_id).where('day', '=', t.day).where('status', '=', 'waiting').where('id', '<>', t.id)
    .where((eb) => eb.or([
      eb(effectivePriority(now), '>', mine),
      eb.and([eb(effectivePriority(now), '=', mine), eb('queue_pos', '<', t.queue_pos)]),
    ])).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** A zone's waiting tickets in call order (the window's view): numbers and reasons only. */
export const waitingTickets = (db: Q, zoneIds: string[], day: string, now: Date, limit = 100) => zoneIds.length === 0 ? Promise.resolve([]) :
  db.selectFrom('hall_tickets').select(['id', 'number', 'zone_id', 'priority_reasons', 'queued_at', 'issued_at', 'target_window_id', 'skip_count'])
    .where('zone_id', 'in', zoneIds).where('day', '=', day).where('status', '=', 'waiting')
    .orderBy(effectivePriority(now), 'desc').orderBy('queue_pos').limit(limit).execute();

/**
 * A page of a zone's waiting tickets for the manager's queue page, in the order of the queue index
 * (hall_tickets_queue: zone, day, priority DESC, queue_pos), after the cursor's (priority, queue_pos).
 */
export const waitingPage = (db: Q, q: { zoneId: string; day: string; after?: { priority: number; queuePos: number } | undefined; limit: number }) =>
  db.selectFrom('hall_tickets as t').leftJoin('windows as w', 'w.id', 't.target_window_id')
    .select(['t.id', 't.number', 't.priority', 't.queue_pos', 't.priority_reasons', 't.priority_from', 't.issued_at', 't.queued_at', 't.skip_count',
      't.target_window_id', 'w.name as target_window_name', 'w.name_en as target_window_name_en'])
    .where('t.zone_id', '=', q.zoneId).where('t.day', '=', q.day).where('t.status', '=', 'waiting')
    .$if(!!q.after, (qb) => qb.where((eb) => eb.or([
      eb('t.priority', '<', q.after!.priority), eb.and([eb('t.priority', '=', q.after!.priority), eb('t.queue_pos', '>', q.after!.queuePos)]),
    ])))
    .orderBy('t.priority', 'desc').orderBy('t.queue_pos').limit(q.limit).execute();

export async function waitingCount(db: Q, zoneIds: string[], day: string): Promise<number> {
  if (zoneIds.length === 0) return 0;
  const r = await db.selectFrom('hall_tickets').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('zone_id', 'in', zoneIds).where('day', '=', day).where('status', '=', 'waiting').executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The average service time of a zone's last 50 finished tickets (seconds), or null without any. */
export async function averageServiceSeconds(db: Q, zoneId: string): Promise<number | null> {
  const r = await sql<{ avg: number | null }>`
    SELECT avg(extract(epoch FROM finished_at - called_at))::float8 AS avg FROM (
      SELECT finished_at, called_at FROM hall_tickets WHERE zone_id = ${zoneId} AND status = 'done' AND called_at IS NOT NULL
      ORDER BY finished_at DESC LIMIT 50) t`.execute(db);
  const v = r.rows[0]?.avg;
  return v === null || v === undefined ? null : Number(v);
}

/** The channel of the hall display's notifications: written here, heard by display-push.ts. */
export const DISPLAY_CHANNEL = 'hall_display';

/**
 * Tells every instance's hall displays of this center that its calls changed (display-push.ts).
 * Sent after this transaction commits, never when it rolls back, and outside it (db/after-commit.ts:
 * a NOTIFY inside would serialise its commit with every other notifying transaction's).
 */
export const notifyDisplay = async (tx: Tx, centerId: string) => {
  await notifyAfterCommit(tx, DISPLAY_CHANNEL, centerId);
};

/** The latest calls of a center today, for the hall display: number, zone and window only. */
export const recentCalls = (db: Q, centerId: string, day: string, limit = 12) =>
  db.selectFrom('hall_tickets as t').innerJoin('windows as w', 'w.id', 't.window_id').innerJoin('hall_zones as z', 'z.id', 't.zone_id')
    .select(['t.id', 't.number', 't.called_at', 't.call_count', 't.status', 'w.name as window_name', 'w.name_en as window_name_en', 'z.name as zone_name', 'z.name_en as zone_name_en'])
    .where('t.center_id', '=', centerId).where('t.day', '=', day).where('t.called_at', 'is not', null)
    .orderBy('t.called_at', 'desc').orderBy('t.id').limit(limit).execute();

export const ticketsOfPerson = (db: Q, personId: string, limit = 20) =>
  db.selectFrom('hall_tickets').selectAll().where('person_id', '=', personId).orderBy('issued_at', 'desc').limit(limit).execute();

export const personIdByIdNumber = async (db: Q, idNumber: string) =>
  (await db.selectFrom('users').select('id').where('id_number', '=', idNumber).where('kind', '=', 'person').executeTakeFirst())?.id ?? null;

export const userIdNumber = async (db: Q, userId: string) =>
  (await db.selectFrom('users').select('id_number').where('id', '=', userId).executeTakeFirst())?.id_number ?? null;

// ---------------------------------------------------------------- appointments and capacity

/**
 * Takes one place of a slot and of its zone's day. The rows are made on first use with the zone's
 * capacity; the increment is conditional and the CHECK (booked <= capacity) refuses anything past it,
 * so no interleaving of concurrent bookings can overbook. Returns which counter was full, if any.
 */
export async function takePlace(tx: Tx, v: { zoneId: string; day: string; slotStart: string; slotCapacity: number; dayCapacity: number }): Promise<'slot' | 'day' | null> {
  await tx.insertInto('hall_day_counts').values({ zone_id: v.zoneId, day: v.day, capacity: v.dayCapacity }).onConflict((oc) => oc.doNothing()).execute();
  await tx.insertInto('hall_slot_counts').values({ zone_id: v.zoneId, day: v.day, slot_start: v.slotStart, capacity: v.slotCapacity }).onConflict((oc) => oc.doNothing()).execute();
  const slot = await tx.updateTable('hall_slot_counts').set({ booked: sql`booked + 1` })
    .where('zone_id', '=', v.zoneId).where('day', '=', v.day).where('slot_start', '=', v.slotStart).where(sql<boolean>`booked < capacity`)
    .executeTakeFirst();
  if (Number(slot.numUpdatedRows) !== 1) return 'slot';
  const day = await tx.updateTable('hall_day_counts').set({ booked: sql`booked + 1` })
    .where('zone_id', '=', v.zoneId).where('day', '=', v.day).where(sql<boolean>`booked < capacity`).executeTakeFirst();
  if (Number(day.numUpdatedRows) !== 1) return 'day';
  return null;
}

/** Gives a cancelled appointment's place back. */
export async function releasePlace(tx: Tx, v: { zoneId: string; day: string; slotStart: string }) {
  await tx.updateTable('hall_slot_counts').set({ booked: sql`booked - 1` }).where('zone_id', '=', v.zoneId).where('day', '=', v.day).where('slot_start', '=', v.slotStart).where('booked', '>', 0).execute();
  await tx.updateTable('hall_day_counts').set({ booked: sql`booked - 1` }).where('zone_id', '=', v.zoneId).where('day', '=', v.day).where('booked', '>', 0).execute();
}

export const slotCounts = (db: Q, zoneId: string, day: string) =>
  db.selectFrom('hall_slot_counts').select(['slot_start', 'capacity', 'booked']).where('zone_id', '=', zoneId).where('day', '=', day).execute();

export const dayCount = (db: Q, zoneId: string, day: string) =>
  db.selectFrom('hall_day_counts').select(['capacity', 'booked']).where('zone_id', '=', zoneId).where('day', '=', day).executeTakeFirst();

export async function insertAppointment(tx: Tx, v: { center_id: string; zone_id: string; person_id: string; day: string; slot_start: string; slot_end: string; green_channel: boolean; created_at: Date }) {
  return (await tx.insertInto('hall_appointments').values({ ...v, status: 'booked', updated_at: v.created_at })
    .onConflict((oc) => oc.doNothing()).returningAll().executeTakeFirst()) ?? null;
}

export const getAppointment = (db: Q, id: string) => db.selectFrom('hall_appointments').selectAll().where('id', '=', id).executeTakeFirst();
export const lockAppointment = (tx: Tx, id: string) => tx.selectFrom('hall_appointments').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();

/** Only the transition table calls this. */
export async function moveAppointment(tx: Tx, id: string, from: HallAppointmentStatus, to: HallAppointmentStatus, at: Date) {
  return tx.updateTable('hall_appointments').set({ status: to, updated_at: at }).where('id', '=', id).where('status', '=', from).returningAll().executeTakeFirstOrThrow();
}

export const appointmentsOfPerson = (db: Q, personId: string, limit = 20) =>
  db.selectFrom('hall_appointments').selectAll().where('person_id', '=', personId).orderBy('day', 'desc').orderBy('id').limit(limit).execute();

/** The person's no-show days since a day, newest first. */
export const noShowDays = async (db: Q, personId: string, since: string) =>
  (await db.selectFrom('hall_appointments').select('day').where('person_id', '=', personId).where('status', '=', 'no_show')
    .where('day', '>=', since).orderBy('day', 'desc').execute()).map((r) => r.day);

/**
 * The person's first booked appointment today at a center whose slot has not ended at `time`, locked (the
 * check-in); with `zoneIds`, in those zones only (a clerk's scope). A slot that has ended is missed (the
 * sweep makes it a no-show), never checked in.
 */
export const bookedToday = (tx: Tx, centerId: string, personId: string, day: string, time: string, zoneIds?: readonly string[]) =>
  tx.selectFrom('hall_appointments').selectAll().where('person_id', '=', personId).where('day', '=', day)
    .where('center_id', '=', centerId).where('status', '=', 'booked').where('slot_end', '>', time)
    .$if(zoneIds !== undefined, (qb) => qb.where(sql<boolean>`zone_id = ANY(${[...zoneIds!]}::uuid[])`))
    .orderBy('slot_start').limit(1).forUpdate().executeTakeFirst();

/** Booked appointments whose slot has ended without a check-in, claimed for the sweep. */
export const claimMissed = (tx: Tx, day: string, time: string, limit = 100) =>
  tx.selectFrom('hall_appointments').selectAll().where('status', '=', 'booked')
    .where((eb) => eb.or([eb('day', '<', day), eb.and([eb('day', '=', day), eb('slot_end', '<=', time)])]))
    .orderBy('day').orderBy('slot_end').limit(limit).forUpdate().skipLocked().execute();

/**
 * Links a case to the ticket it was registered from (0061: a ticket keeps every case, a case has one
 * ticket). False when the case is linked already: nothing written.
 */
export async function linkCase(tx: Tx, l: { ticketId: string; caseId: string; at: Date; by: string | null }): Promise<boolean> {
  const r = await tx.insertInto('hall_ticket_cases').values({ ticket_id: l.ticketId, case_id: l.caseId, linked_at: l.at, linked_by: l.by })
    .onConflict((oc) => oc.doNothing()).returning('case_id').executeTakeFirst();
  return r !== undefined;
}

/** The cases registered from these tickets (primary key's leading column), with their receipt numbers, in the order linked. */
export const casesOfTickets = (db: Q, ticketIds: string[]) => ticketIds.length === 0 ? Promise.resolve([]) :
  db.selectFrom('hall_ticket_cases as l').innerJoin('cases as c', 'c.id', 'l.case_id')
    .select(['l.ticket_id', 'l.case_id', 'c.receipt_no', 'l.linked_at'])
    .where('l.ticket_id', 'in', ticketIds).orderBy('l.linked_at').orderBy('l.case_id').execute();

/** Centers with at least one active zone (the booking page and the display's choice). */
export const centersWithZones = (db: Q) =>
  db.selectFrom('centers as c').select(['c.id', 'c.name', 'c.name_en'])
    .where((eb) => eb.exists(eb.selectFrom('hall_zones as z').select('z.id').whereRef('z.center_id', '=', 'c.id').where('z.active', '=', true)))
    .orderBy('c.region_code').orderBy('c.name').limit(200).execute();

/** A center's appointments of a day for its staff, in slot order, a page after the cursor (index hall_appointments_by_center_day). */
export const appointmentsOfDay = (db: Q, q: { centerId: string; day: string; after?: { slotStart: string; id: string } | undefined; limit: number }) =>
  db.selectFrom('hall_appointments as a').innerJoin('users as u', 'u.id', 'a.person_id')
    .select(['a.id', 'a.center_id', 'a.zone_id', 'a.day', 'a.slot_start', 'a.slot_end', 'a.status', 'a.cancel_reason', 'u.name as person_name', 'u.id_number'])
    .where('a.center_id', '=', q.centerId).where('a.day', '=', q.day)
    .$if(!!q.after, (qb) => qb.where((eb) => eb.or([
      eb('a.slot_start', '>', q.after!.slotStart), eb.and([eb('a.slot_start', '=', q.after!.slotStart), eb('a.id', '>', q.after!.id)]),
    ])))
    .orderBy('a.slot_start').orderBy('a.id').limit(q.limit).execute();

export async function recordStaffCancel(tx: Tx, id: string, v: { reason: string; by: string }) {
  await tx.updateTable('hall_appointments').set({ cancel_reason: v.reason, cancelled_by: v.by }).where('id', '=', id).execute();
}

/** The center's presence key (made with its settings row on first use). */
export async function presenceKey(db: Q, centerId: string, at: Date): Promise<Buffer> {
  await db.insertInto('hall_settings').values({ center_id: centerId, updated_at: at }).onConflict((oc) => oc.column('center_id').doNothing()).execute();
  return (await db.selectFrom('hall_settings').select('presence_key').where('center_id', '=', centerId).executeTakeFirstOrThrow()).presence_key;
}
