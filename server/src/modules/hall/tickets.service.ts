import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import type { HallPriorityReason } from '../../db/types.ts';
import { appendAudit } from '../../lib/audit.ts';
import { chinaDate } from '../../lib/clock.ts';
import type { AppContext } from '../../lib/context.ts';
import { errors, NOT_FOUND } from '../../lib/errors.ts';
import { checkIdNumber } from '../../lib/identity.ts';
import { authorize, hallTicketPolicy, hasRole, MANAGER_TICKET_ACTIONS, zoneScoped, type Actor } from '../../policies/index.ts';
import { assertZoneScope, centerOrThrow, hoursOn, priorityOf, settingsOf, windowZones, ZONE_NOT_FOUND, zoneView } from './hall.service.ts';
import * as repo from './hall.repository.ts';
import { ageOn, chinaInstant, chinaTime } from './hall.time.ts';
import { newRatingToken, printedRatingCode, ratingTokenHash } from './rating-token.ts';
import { callNextTicket, moveAppointment, moveTicket, type TicketAction } from './hall.transitions.ts';

/**
 * Tickets: issued at the kiosk (with or without an ID number), from an appointment's check-in or by
 * a clerk; called, recalled, skipped, transferred, finished or marked no-show at a window. See docs/hall.md.
 */

const TICKET_NOT_FOUND = () => NOT_FOUND({ zh: '排队号', en: 'Ticket' });
const ticketStream = (id: string) => `hall_ticket:${id}`;

const auditTicket = (tx: Tx, id: string, action: string, actorId: string | null, at: Date, data: Record<string, unknown> = {}) =>
  appendAudit(tx, { stream: ticketStream(id), action: `hall.ticket.${action}`, actorId, at, data });

/** An ID number typed or read from the card: checked like everywhere else (bad input is a 400, never a 500). */
export function parseIdNumber(raw: string, now: Date) {
  const c = checkIdNumber(raw.trim(), now);
  if (!c.ok) throw errors[c.rule]({ field: 'idNumber' });
  return c;
}

export interface IssueInput {
  zoneId: string;
  source: 'kiosk' | 'kiosk_id' | 'appointment' | 'clerk' | 'phone';
  idNumber?: string | undefined;
  personId?: string | null;
  /** Declared at the kiosk or by the clerk. */
  disabled?: boolean | undefined;
  /** A green-channel project, confirmed by the clerk. */
  greenChannel?: boolean | undefined;
  appointment?: { id: string; status: 'booked'; day: string; slot_start: string } | undefined;
  /** Issued by a window clerk: the zone must be one their window serves (`zoneIds`), unless they are a manager too. */
  clerk?: { who: Actor; zoneIds: readonly string[] } | undefined;
}

/** Issues a ticket in the center's zone: the hall must be open; one active ticket per person, zone and day. */
export async function issueTicket(ctx: AppContext, centerId: string, input: IssueInput, actorId: string | null, tx0?: Tx) {
  const now = ctx.clock.now();
  const today = chinaDate(now);
  const zone = await repo.getZone(tx0 ?? ctx.db, input.zoneId);
  if (!zone || zone.center_id !== centerId || !zone.active) throw ZONE_NOT_FOUND();
  if (input.clerk) await assertZoneScope(tx0 ?? ctx.db, input.clerk.who, { zoneId: zone.id }, input.clerk.zoneIds);
  const center = await centerOrThrow(tx0 ?? ctx.db, centerId);
  const hours = await hoursOn(tx0 ?? ctx.db, center, today);
  const time = chinaTime(now);
  if (!hours || time < hours.opens || time >= hours.closes) throw errors.HALL_CLOSED();

  const id = input.idNumber ? parseIdNumber(input.idNumber, now) : null;
  const personId = input.personId ?? (id ? await repo.personIdByIdNumber(tx0 ?? ctx.db, id.idNumber) : null);
  const who = { personId, idNumber: id?.idNumber ?? null };
  if (await repo.activeTicketExists(tx0 ?? ctx.db, zone.id, today, who)) throw errors.HALL_TICKET_ACTIVE();

  const [settings, rules] = await Promise.all([settingsOf(tx0 ?? ctx.db, centerId), repo.priorityRules(tx0 ?? ctx.db, centerId)]);
  const others: HallPriorityReason[] = [];
  if (id && ageOn(id.birthDate, today) >= settings.elderly_age) others.push('elderly');
  if (input.disabled) others.push('disabled');
  if (input.greenChannel) others.push('green_channel');
  const reasons = input.appointment ? ['appointment' as const, ...others] : others;
  const basePriority = priorityOf(rules, others);
  const priority = priorityOf(rules, reasons);
  // An appointment counts from its time: before it, the ticket waits with its other reasons only.
  const priorityFrom = input.appointment ? chinaInstant(input.appointment.day, input.appointment.slot_start) : null;

  // The slip's rating token (扫码评价): answered to the issuer only, here; the ticket keeps its hash.
  const ratingToken = newRatingToken();
  const run = async (tx: Tx) => {
    const seq = await repo.nextSeq(tx, zone.id, today);
    const ticket = await repo.insertTicket(tx, {
      center_id: centerId, zone_id: zone.id, issued_zone_id: zone.id, day: today, seq, number: `${zone.prefix}${String(seq).padStart(3, '0')}`,
      source: input.source, person_id: personId, id_number: who.idNumber, appointment_id: input.appointment?.id ?? null,
      priority, base_priority: basePriority, priority_reasons: reasons, priority_from: priorityFrom,
      status: 'waiting', queued_at: now, target_window_id: null, window_id: null, clerk_id: null, issued_at: now,
      first_called_at: null, called_at: null, finished_at: null, rating_token_hash: ratingTokenHash(ratingToken),
    });
    // A concurrent issue for the same person won: throwing rolls back the number too (no gap).
    if (!ticket) throw errors.HALL_TICKET_ACTIVE();
    if (input.appointment) await moveAppointment(tx, input.appointment, 'check_in', input.source === 'clerk' ? 'window' : 'person', now);
    await auditTicket(tx, ticket.id, 'issue', actorId, now, { number: ticket.number, zoneId: zone.id, source: input.source, reasons, appointmentId: input.appointment?.id ?? null });
    return ticket;
  };
  const ticket = tx0 ? await run(tx0) : await ctx.db.transaction().execute(run);
  return { ticket, zone, ratingToken };
}

/**
 * The answer to whoever issued the ticket and prints its slip (the kiosk, the clerk at the counter) or
 * holds it (the phone): the holder's view and the slip's rating token. Nowhere else: the token is not
 * kept, and every other view (lists, the window, the display, a later read) is `ticketView`.
 */
export async function issuedTicketView(db: Db, t: repo.TicketRow, ratingToken: string, now: Date, zone?: repo.ZoneRow) {
  return { ...(await ticketView(db, t, now, zone)), rating: { token: ratingToken, code: printedRatingCode(ratingToken) } };
}

/** What a ticket holder is shown: the number, the zone, the place in the queue and the estimate. Never a name or an ID number. */
export async function ticketView(db: Db, t: repo.TicketRow, now: Date, zone?: repo.ZoneRow) {
  const z = zone ?? (await repo.getZone(db, t.zone_id))!;
  const ahead = t.status === 'waiting' ? await repo.aheadOf(db, t, now) : 0;
  const window = t.window_id && t.status === 'called' ? await repo.getWindow(db, t.window_id) : null;
  return {
    id: t.id, number: t.number, status: t.status, day: t.day, issuedAt: t.issued_at.toISOString(),
    zone: { id: z.id, prefix: z.prefix, name: z.name, nameEn: z.name_en },
    priorityReasons: t.priority_reasons as HallPriorityReason[],
    ahead, estimate: t.status === 'waiting' ? await estimate(db, z, ahead) : null,
    // Told when three or fewer are ahead: time to come back to the waiting area.
    soon: t.status === 'waiting' && ahead <= 3,
    window: window ? { id: window.id, name: window.name, nameEn: window.name_en } : null,
  };
}

/**
 * The waiting-time estimate, as ZMS gives it: from the zone's average service time (its last 50
 * finished tickets, else the configured figure) and its open windows. Optimistic: those ahead shared
 * among the open windows, served a quarter faster than average; pessimistic: one more (the person now
 * at the window) served a quarter slower.
 */
export async function estimate(db: Db, zone: repo.ZoneRow, ahead: number) {
  const [avg, open] = await Promise.all([repo.averageServiceSeconds(db, zone.id), repo.openWindowsByZone(db, [zone.id])]);
  const service = avg ?? zone.service_seconds;
  const windows = Math.max(1, open.get(zone.id) ?? 0);
  return {
    optimisticMinutes: Math.ceil((ahead / windows) * service * 0.75 / 60),
    pessimisticMinutes: Math.ceil(((ahead + 1) / windows) * service * 1.25 / 60),
    openWindows: open.get(zone.id) ?? 0,
    averageServiceSeconds: Math.round(service),
  };
}

// ---------------------------------------------------------------- the kiosk

export async function kioskHome(ctx: AppContext, kiosk: { center_id: string; name: string }) {
  const center = await centerOrThrow(ctx.db, kiosk.center_id);
  const today = chinaDate(ctx.clock.now());
  const [zones, hours] = await Promise.all([repo.listZones(ctx.db, center.id), hoursOn(ctx.db, center, today)]);
  const active = zones.filter((z) => z.active);
  const waiting = await Promise.all(active.map((z) => repo.waitingCount(ctx.db, [z.id], today)));
  const time = chinaTime(ctx.clock.now());
  return {
    center: { id: center.id, name: center.name, nameEn: center.name_en },
    kiosk: kiosk.name, open: !!hours && time >= hours.opens && time < hours.closes, hours,
    zones: active.map((z, i) => ({ ...zoneView(z), waiting: waiting[i]! })),
  };
}

export async function kioskTicket(ctx: AppContext, kiosk: { center_id: string }, body: { zoneId: string; idNumber?: string | undefined; disabled?: boolean | undefined }) {
  const { ticket, zone, ratingToken } = await issueTicket(ctx, kiosk.center_id, { zoneId: body.zoneId, source: body.idNumber ? 'kiosk_id' : 'kiosk', idNumber: body.idNumber, disabled: body.disabled }, null);
  return issuedTicketView(ctx.db, ticket, ratingToken, ctx.clock.now(), zone);
}

/** Check-in at the kiosk by ID number: today's booked appointment at this center becomes a ticket with the appointment's priority. */
export async function kioskCheckIn(ctx: AppContext, kiosk: { center_id: string }, body: { idNumber: string }) {
  const now = ctx.clock.now();
  const id = parseIdNumber(body.idNumber, now);
  const personId = await repo.personIdByIdNumber(ctx.db, id.idNumber);
  if (!personId) throw errors.HALL_NO_APPOINTMENT_TODAY();
  return checkIn(ctx, kiosk.center_id, personId, id.idNumber, null);
}

/** Checks in the person's appointment of today: at the kiosk, or by a clerk (`clerk`) for an appointment of the zones their window serves. */
async function checkIn(ctx: AppContext, centerId: string, personId: string, idNumber: string | null, clerk: { who: Actor; zoneIds: readonly string[] } | null) {
  const now = ctx.clock.now();
  const today = chinaDate(now);
  const settings = await settingsOf(ctx.db, centerId);
  const source = clerk ? 'clerk' : 'appointment';
  const actorId = clerk?.who.id ?? null;
  const scoped = clerk && zoneScoped(clerk.who) ? clerk.zoneIds : undefined;
  const { ticket, ratingToken } = await ctx.db.transaction().execute(async (tx) => {
    // Only an appointment whose slot has not ended: a late arrival takes a ticket like anyone else.
    const a = await repo.bookedToday(tx, centerId, personId, today, chinaTime(now), scoped);
    if (!a) {
      // Booked in a zone the clerk's window does not serve: a window of that zone (or the kiosk) checks it in.
      if (scoped && await repo.bookedToday(tx, centerId, personId, today, chinaTime(now))) throw errors.HALL_ZONE_OUT_OF_SCOPE();
      throw errors.HALL_NO_APPOINTMENT_TODAY();
    }
    const from = new Date(chinaInstant(a.day, a.slot_start).getTime() - settings.checkin_early_minutes * 60_000);
    if (now < from) throw errors.HALL_CHECKIN_TOO_EARLY({ from: chinaTime(from) });
    return issueTicket(ctx, centerId, {
      zoneId: a.zone_id, source, personId, idNumber: idNumber ?? undefined, greenChannel: a.green_channel,
      appointment: { id: a.id, status: 'booked', day: a.day, slot_start: a.slot_start },
    }, actorId, tx);
  });
  return issuedTicketView(ctx.db, ticket, ratingToken, now);
}

// ---------------------------------------------------------------- the window

async function windowOf(ctx: AppContext, who: Actor | null) {
  authorize(hallTicketPolicy, who, 'serve');
  const clerk = who!;
  if (!clerk.windowId) throw errors.HALL_NO_WINDOW();
  const zoneIds = await repo.zonesOfWindow(ctx.db, clerk.windowId);
  return { clerk, windowId: clerk.windowId, centerId: clerk.centerId!, zoneIds };
}

/** The clerk's panel: their window, its zones, whether it is open, the ticket at the window and the queue. */
export async function windowPanel(ctx: AppContext, who: Actor | null) {
  const { windowId, centerId, zoneIds } = await windowOf(ctx, who);
  const now = ctx.clock.now();
  const today = chinaDate(now);
  const [window, status, zones, waiting] = await Promise.all([
    repo.getWindow(ctx.db, windowId), repo.windowStatus(ctx.db, windowId), repo.listZones(ctx.db, centerId),
    repo.waitingTickets(ctx.db, zoneIds, today, now),
  ]);
  const current = await repo.currentAtWindow(ctx.db, windowId);
  const windows = await repo.windowsOfCenter(ctx.db, centerId);
  const links = await repo.zoneWindows(ctx.db, zones.map((z) => z.id));
  return {
    window: { id: windowId, name: window!.name, nameEn: window!.name_en, open: status?.open ?? false },
    zones: zones.filter((z) => z.active).map((z) => ({ ...zoneView(z), mine: zoneIds.includes(z.id), windowIds: links.filter((l) => l.zone_id === z.id).map((l) => l.window_id) })),
    windows: windows.map((w) => ({ id: w.id, name: w.name, nameEn: w.name_en })),
    current: current ? await staffTicketView(ctx.db, current, now) : null,
    queue: waiting.map((t) => ({ id: t.id, number: t.number, zoneId: t.zone_id, priorityReasons: t.priority_reasons as HallPriorityReason[], issuedAt: t.issued_at.toISOString(), forThisWindow: t.target_window_id === windowId, skipped: t.skip_count > 0 })),
  };
}

export async function setWindowOpen(ctx: AppContext, who: Actor | null, open: boolean) {
  const { windowId, centerId, clerk } = await windowOf(ctx, who);
  await repo.setWindowOpen(ctx.db, { window_id: windowId, center_id: centerId, open, clerk_id: clerk.id, changed_at: ctx.clock.now() });
  return windowPanel(ctx, who);
}

/**
 * Calls the next ticket of the window's zones: the ticket now at the window is finished first, then
 * the next one is claimed with FOR UPDATE SKIP LOCKED, so two windows never call the same ticket and
 * a double click waits on the window's row. Answers null when nobody waits.
 */
export async function callNext(ctx: AppContext, who: Actor | null) {
  const { windowId, centerId, zoneIds, clerk } = await windowOf(ctx, who);
  if (zoneIds.length === 0) throw errors.HALL_WINDOW_NO_ZONE();
  const now = ctx.clock.now();
  const today = chinaDate(now);
  const ticket = await ctx.db.transaction().execute(async (tx) => {
    await repo.lockWindow(tx, { window_id: windowId, center_id: centerId, clerk_id: clerk.id, at: now });
    const current = await repo.calledAtWindow(tx, windowId);
    if (current) {
      await moveTicket(tx, current, 'finish', 'window', { finished_at: now });
      await auditTicket(tx, current.id, 'finish', clerk.id, now);
    }
    const next = await callNextTicket(tx, { zoneIds, day: today, windowId, now }, {
      window_id: windowId, clerk_id: clerk.id, called_at: now, first_called_at: sql`coalesce(first_called_at, ${now})`,
      call_count: sql`call_count + 1`, target_window_id: null,
    });
    if (next) await auditTicket(tx, next.id, 'call', clerk.id, now, { windowId });
    return next;
  });
  return { ticket: ticket ? await ticketView(ctx.db, ticket, now) : null };
}

export type WindowAction = Exclude<TicketAction, 'call'>;

/**
 * recall, skip, no_show, finish, transfer or cancel a ticket: a clerk at their own window, on the
 * ticket called there or a ticket of the zones their window serves (or sent to it by name); a manager
 * of the center not seated at a window cancels or transfers a waiting ticket of any of its zones.
 */
export async function actOnTicket(ctx: AppContext, who: Actor | null, ticketId: string, body: { action: WindowAction; zoneId?: string | undefined; windowId?: string | undefined }) {
  const manages = (MANAGER_TICKET_ACTIONS as readonly string[]).includes(body.action) && hallTicketPolicy.can(who, 'manage') && !(hasRole(who, 'window') && who!.windowId);
  const w = manages ? null : await windowOf(ctx, who);
  const actor = who!;
  const centerId = actor.centerId!;
  const now = ctx.clock.now();
  const ticket = await ctx.db.transaction().execute(async (tx) => {
    const t = await repo.lockTicket(tx, ticketId);
    if (!t) throw TICKET_NOT_FOUND();
    authorize(hallTicketPolicy, actor, manages ? 'manage' : 'serve', { centerId: t.center_id, personId: t.person_id });
    // Called tickets are the window's own: another window's call is not this clerk's (nor a manager's) to change.
    if (t.status === 'called' && t.window_id !== w?.windowId) throw errors.HALL_TICKET_NOT_AT_WINDOW();
    // Any other ticket: only in the zones the clerk's window serves.
    if (w && t.status !== 'called') await assertZoneScope(tx, actor, { zoneId: t.zone_id, targetWindowId: t.target_window_id }, w.zoneIds);
    let moved: repo.TicketRow;
    switch (body.action) {
      case 'recall':
        moved = await moveTicket(tx, t, 'recall', 'window', { called_at: now, call_count: sql`call_count + 1` });
        break;
      case 'skip':
        moved = await moveTicket(tx, t, 'skip', 'window', { queued_at: now, queue_pos: sql`nextval('hall_queue_pos')`, skip_count: sql`skip_count + 1` });
        break;
      case 'no_show': {
        moved = await moveTicket(tx, t, 'no_show', 'window', { finished_at: now });
        if (t.appointment_id) {
          const a = await repo.lockAppointment(tx, t.appointment_id);
          if (a && a.status === 'checked_in') await moveAppointment(tx, a, 'miss', 'window', now);
        }
        break;
      }
      case 'finish':
        moved = await moveTicket(tx, t, 'finish', 'window', { finished_at: now });
        break;
      case 'cancel':
        moved = await moveTicket(tx, t, 'cancel', 'window', { finished_at: now });
        break;
      case 'transfer': {
        const target = await transferTarget(tx, centerId, t, body);
        moved = await moveTicket(tx, t, 'transfer', 'window', { zone_id: target.zoneId, target_window_id: target.windowId });
        break;
      }
    }
    await auditTicket(tx, t.id, body.action, actor.id, now, body.action === 'transfer' ? { fromZone: t.zone_id, toZone: moved.zone_id, windowId: moved.target_window_id } : {});
    return moved;
  });
  return staffTicketView(ctx.db, ticket, now);
}

async function transferTarget(tx: Tx, centerId: string, t: repo.TicketRow, body: { zoneId?: string | undefined; windowId?: string | undefined }) {
  const zoneId = body.zoneId ?? t.zone_id;
  const zone = await repo.getZone(tx, zoneId);
  if (!zone || zone.center_id !== centerId || !zone.active) throw errors.HALL_TRANSFER_TARGET({ field: 'zoneId' });
  if (body.windowId) {
    const serving = (await repo.zoneWindows(tx, [zoneId])).some((l) => l.window_id === body.windowId);
    if (!serving) throw errors.HALL_TRANSFER_TARGET({ field: 'windowId' });
  }
  if (zoneId === t.zone_id && !body.windowId) throw errors.HALL_TRANSFER_TARGET({ field: 'zoneId' });
  if (zoneId !== t.zone_id && await repo.activeTicketExists(tx, zoneId, t.day, { personId: t.person_id, idNumber: t.id_number })) {
    throw errors.HALL_TICKET_ACTIVE();
  }
  return { zoneId, windowId: body.windowId ?? null };
}

/** A ticket issued by the clerk for someone at the counter (by ID number or without), with declared priorities. */
export async function clerkTicket(ctx: AppContext, who: Actor | null, body: { zoneId: string; idNumber?: string | undefined; disabled?: boolean | undefined; greenChannel?: boolean | undefined; checkIn?: boolean | undefined }) {
  authorize(hallTicketPolicy, who, 'issue');
  const centerId = who!.centerId!;
  // The clerk's scope: the zones their window serves.
  const clerk = { who: who!, zoneIds: await windowZones(ctx.db, who!) };
  if (body.checkIn) {
    if (!body.idNumber) throw errors.HALL_NO_APPOINTMENT_TODAY({ field: 'idNumber' });
    const id = parseIdNumber(body.idNumber, ctx.clock.now());
    const personId = await repo.personIdByIdNumber(ctx.db, id.idNumber);
    if (!personId) throw errors.HALL_NO_APPOINTMENT_TODAY();
    return checkIn(ctx, centerId, personId, id.idNumber, clerk);
  }
  const { ticket, zone, ratingToken } = await issueTicket(ctx, centerId, { zoneId: body.zoneId, source: 'clerk', idNumber: body.idNumber, disabled: body.disabled, greenChannel: body.greenChannel, clerk }, who!.id);
  return issuedTicketView(ctx.db, ticket, ratingToken, ctx.clock.now(), zone);
}

// ---------------------------------------------------------------- the person

/** The person's ticket, with its place and estimate; another person's does not exist for them. */
export async function myTicket(ctx: AppContext, who: Actor | null, id: string) {
  authorize(hallTicketPolicy, who, 'read');
  const t = await repo.getTicket(ctx.db, id);
  if (!t) throw TICKET_NOT_FOUND();
  authorize(hallTicketPolicy, who, 'read', { centerId: t.center_id, personId: t.person_id });
  // The center's staff also see the cases registered from it; its holder sees the ticket only.
  return who!.kind === 'staff' ? staffTicketView(ctx.db, t, ctx.clock.now()) : ticketView(ctx.db, t, ctx.clock.now());
}

export async function cancelMyTicket(ctx: AppContext, who: Actor | null, id: string) {
  authorize(hallTicketPolicy, who, 'cancel');
  const now = ctx.clock.now();
  const t = await ctx.db.transaction().execute(async (tx) => {
    const row = await repo.lockTicket(tx, id);
    if (!row) throw TICKET_NOT_FOUND();
    authorize(hallTicketPolicy, who, 'cancel', { centerId: row.center_id, personId: row.person_id });
    const moved = await moveTicket(tx, row, 'cancel', 'person', { finished_at: now });
    await auditTicket(tx, row.id, 'cancel', who!.id, now);
    return moved;
  });
  return ticketView(ctx.db, t, now);
}

export async function myTickets(ctx: AppContext, who: Actor | null) {
  authorize(hallTicketPolicy, who, 'read');
  const now = ctx.clock.now();
  const rows = await repo.ticketsOfPerson(ctx.db, who!.id);
  return Promise.all(rows.map((t) => ticketView(ctx.db, t, now)));
}

// ---------------------------------------------------------------- the hall display

/** The center's latest calls (number, zone, window: nothing about the person) and an ETag over them. */
export async function display(ctx: AppContext, centerId: string) {
  const center = await centerOrThrow(ctx.db, centerId);
  const today = chinaDate(ctx.clock.now());
  const calls = (await repo.recentCalls(ctx.db, centerId, today)).map((c) => ({
    id: c.id, number: c.number, calledAt: c.called_at!.toISOString(), callCount: c.call_count, status: c.status,
    window: { name: c.window_name, nameEn: c.window_name_en }, zone: { name: c.zone_name, nameEn: c.zone_name_en },
  }));
  const etag = `"${createHash('sha1').update(JSON.stringify(calls.map((c) => [c.id, c.calledAt, c.callCount, c.status]))).digest('base64url')}"`;
  return { body: { center: { id: center.id, name: center.name, nameEn: center.name_en }, calls }, etag };
}

/**
 * The counter registered a case from this ticket (case.submitted with ticketId): only the ticket
 * called at the clerk's window. One visit may register several cases: each is linked beside the
 * others (0061), and a case linked already is not linked or audited again.
 */
export async function linkCaseToTicket(tx: Tx, ticketId: string, caseId: string, clerkId: string | null, at: Date) {
  const t = await repo.lockTicket(tx, ticketId);
  if (!t || t.status !== 'called' || !clerkId || t.clerk_id !== clerkId) throw errors.HALL_TICKET_NOT_AT_WINDOW({ field: 'ticketId' });
  if (await repo.linkCase(tx, { ticketId: t.id, caseId, at, by: clerkId })) await auditTicket(tx, t.id, 'link_case', clerkId, at, { caseId });
}

/** A ticket as the center's staff see it: the holder's view and the cases registered from it at the counter. */
export async function staffTicketView(db: Db, t: repo.TicketRow, now: Date) {
  const [view, cases] = await Promise.all([ticketView(db, t, now), repo.casesOfTickets(db, [t.id])]);
  return { ...view, cases: cases.map((c) => ({ id: c.case_id, receiptNo: c.receipt_no })) };
}
