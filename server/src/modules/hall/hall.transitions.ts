import type { Tx } from '../../db/database.ts';
import type { HallAppointmentStatus, HallTicketStatus } from '../../db/types.ts';
import { errors } from '../../lib/errors.ts';
import * as repo from './hall.repository.ts';

/**
 * The lifecycles of the hall: a ticket's and an appointment's. These tables are the only writers of
 * their status (`repo.moveTicket`, `repo.claimNextTicket` and `repo.moveAppointment` are called from
 * here only). `who` says which side may take the action; the service checks it with the policy.
 */
export type TicketAction = 'call' | 'recall' | 'skip' | 'no_show' | 'finish' | 'transfer' | 'cancel';
export type HallSide = 'window' | 'person' | 'system';

export interface TicketRow { from: HallTicketStatus; action: TicketAction; to: HallTicketStatus; who: readonly HallSide[] }

export const TICKET_TRANSITIONS: readonly TicketRow[] = [
  { from: 'waiting', action: 'call', to: 'called', who: ['window'] },
  { from: 'called', action: 'recall', to: 'called', who: ['window'] },
  // Not at the window when called: back in the queue behind those waiting now (called again later).
  { from: 'called', action: 'skip', to: 'waiting', who: ['window'] },
  // A no-show is final: it is never called again.
  { from: 'called', action: 'no_show', to: 'no_show', who: ['window'] },
  { from: 'called', action: 'finish', to: 'done', who: ['window'] },
  { from: 'waiting', action: 'transfer', to: 'waiting', who: ['window'] },
  { from: 'called', action: 'transfer', to: 'waiting', who: ['window'] },
  { from: 'waiting', action: 'cancel', to: 'cancelled', who: ['window', 'person'] },
];

export function ticketRow(from: HallTicketStatus, action: TicketAction, side: HallSide): TicketRow {
  const row = TICKET_TRANSITIONS.find((r) => r.from === from && r.action === action && r.who.includes(side));
  if (!row) throw errors.HALL_TICKET_STATE({ action, status: from });
  return row;
}

/** Moves a locked ticket by one row of the table; `fields` are the action's own columns. */
export async function moveTicket(tx: Tx, ticket: { id: string; status: HallTicketStatus }, action: TicketAction, side: HallSide, fields: repo.TicketFields = {}) {
  const row = ticketRow(ticket.status, action, side);
  const moved = await repo.moveTicket(tx, ticket.id, row.from, row.to, fields);
  // The display lists called tickets with their status: a call, a recall and the end of a call change it.
  if (row.from === 'called' || row.to === 'called') await repo.notifyDisplay(tx, moved.center_id);
  return moved;
}

/** The `call` row, taken by the queue's next ticket (claimed with SKIP LOCKED: never by two windows). */
export async function callNextTicket(tx: Tx, q: repo.NextQuery, fields: repo.TicketFields) {
  const row = TICKET_TRANSITIONS.find((r) => r.action === 'call')!;
  const called = await repo.claimNextTicket(tx, q, row.from, row.to, fields);
  if (called) await repo.notifyDisplay(tx, called.center_id);
  return called;
}

export type AppointmentAction = 'check_in' | 'cancel' | 'miss';
export interface AppointmentRow { from: HallAppointmentStatus; action: AppointmentAction; to: HallAppointmentStatus; who: readonly HallSide[] }

export const APPOINTMENT_TRANSITIONS: readonly AppointmentRow[] = [
  { from: 'booked', action: 'check_in', to: 'checked_in', who: ['person', 'window'] },
  // The person, or the center's staff (a window clerk or a manager, with a reason; the person is told).
  { from: 'booked', action: 'cancel', to: 'cancelled', who: ['person', 'window'] },
  // Not checked in by the end of the slot (the sweep), or called and absent (the window's no-show).
  { from: 'booked', action: 'miss', to: 'no_show', who: ['system'] },
  { from: 'checked_in', action: 'miss', to: 'no_show', who: ['window'] },
];

export function appointmentRow(from: HallAppointmentStatus, action: AppointmentAction, side: HallSide): AppointmentRow {
  const row = APPOINTMENT_TRANSITIONS.find((r) => r.from === from && r.action === action && r.who.includes(side));
  if (!row) throw errors.HALL_APPOINTMENT_STATE({ action, status: from });
  return row;
}

export async function moveAppointment(tx: Tx, a: { id: string; status: HallAppointmentStatus }, action: AppointmentAction, side: HallSide, at: Date) {
  const row = appointmentRow(a.status, action, side);
  return repo.moveAppointment(tx, a.id, row.from, row.to, at);
}
