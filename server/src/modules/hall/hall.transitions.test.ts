import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { testApp, type TestApp } from '../../test/harness.ts';
import { APPOINTMENT_TRANSITIONS, appointmentRow, moveAppointment, moveTicket, TICKET_TRANSITIONS, ticketRow } from './hall.transitions.ts';
import type { HallAppointmentStatus, HallTicketStatus } from '../../db/types.ts';

/** Walks every row of both tables against the database: each row moves its status, and nothing else does. */
let t: TestApp;
let zoneId: string; let centerId: string; let personId: string;
before(async () => {
  t = await testApp();
  const z = await t.ctx.db.selectFrom('hall_zones').select(['id', 'center_id']).orderBy('prefix').executeTakeFirstOrThrow();
  zoneId = z.id; centerId = z.center_id;
  personId = (await t.ctx.db.selectFrom('users').select('id').where('kind', '=', 'person').executeTakeFirstOrThrow()).id;
});
after(() => t.close());

const TICKET_STATES: HallTicketStatus[] = ['waiting', 'called', 'done', 'no_show', 'cancelled'];
const APPOINTMENT_STATES: HallAppointmentStatus[] = ['booked', 'checked_in', 'cancelled', 'no_show'];
let seq = 0;

async function ticketIn(status: HallTicketStatus) {
  const now = t.clock.now();
  return t.ctx.db.insertInto('hall_tickets').values({
    center_id: centerId, zone_id: zoneId, issued_zone_id: zoneId, day: '2026-11-23', seq: ++seq + 500, number: `T${seq}`, source: 'kiosk', person_id: null, id_number: null,
    appointment_id: null, priority_from: null, status, queued_at: now, target_window_id: null, window_id: null, clerk_id: null,
    issued_at: now, first_called_at: null, called_at: null, finished_at: null,
  }).returningAll().executeTakeFirstOrThrow();
}

test('every ticket row moves its state, for its side only', async () => {
  for (const row of TICKET_TRANSITIONS) {
    for (const side of row.who) {
      const tk = await ticketIn(row.from);
      const moved = await t.ctx.db.transaction().execute((tx) => moveTicket(tx, tk, row.action, side));
      assert.equal(moved.status, row.to, `${row.from} ${row.action} by ${side}`);
    }
    for (const side of (['window', 'person', 'system'] as const).filter((s) => !row.who.includes(s))) {
      if (TICKET_TRANSITIONS.some((r) => r.from === row.from && r.action === row.action && r.who.includes(side))) continue;
      assert.throws(() => ticketRow(row.from, row.action, side), (e: { code?: string }) => e.code === 'HALL_TICKET_STATE');
    }
  }
});

test('a ticket action not in the table is refused with HALL_TICKET_STATE and changes nothing', async () => {
  const actions = [...new Set(TICKET_TRANSITIONS.map((r) => r.action))];
  for (const from of TICKET_STATES) {
    for (const action of actions) {
      if (TICKET_TRANSITIONS.some((r) => r.from === from && r.action === action)) continue;
      const tk = await ticketIn(from);
      await assert.rejects(t.ctx.db.transaction().execute((tx) => moveTicket(tx, tk, action, 'window')), (e: { code?: string }) => e.code === 'HALL_TICKET_STATE');
      assert.equal((await t.ctx.db.selectFrom('hall_tickets').select('status').where('id', '=', tk.id).executeTakeFirstOrThrow()).status, from);
    }
  }
  // The final states have no way out.
  for (const s of ['done', 'no_show', 'cancelled'] as const) assert.ok(!TICKET_TRANSITIONS.some((r) => r.from === s));
});

test('every appointment row moves its state; others are refused', async () => {
  let day = 0;
  const appointmentIn = async (status: HallAppointmentStatus) => {
    const now = t.clock.now();
    return t.ctx.db.insertInto('hall_appointments').values({
      center_id: centerId, zone_id: zoneId, person_id: personId, day: `2027-01-${String(++day).padStart(2, '0')}`, slot_start: '09:00', slot_end: '09:30',
      status, created_at: now, updated_at: now,
    }).returningAll().executeTakeFirstOrThrow();
  };
  for (const row of APPOINTMENT_TRANSITIONS) {
    for (const side of row.who) {
      const a = await appointmentIn(row.from);
      const moved = await t.ctx.db.transaction().execute((tx) => moveAppointment(tx, a, row.action, side, t.clock.now()));
      assert.equal(moved.status, row.to);
    }
  }
  for (const from of APPOINTMENT_STATES) {
    for (const action of ['check_in', 'cancel', 'miss'] as const) {
      for (const side of ['window', 'person', 'system'] as const) {
        if (APPOINTMENT_TRANSITIONS.some((r) => r.from === from && r.action === action && r.who.includes(side))) continue;
        assert.throws(() => appointmentRow(from, action, side), (e: { code?: string }) => e.code === 'HALL_APPOINTMENT_STATE');
      }
    }
  }
});
