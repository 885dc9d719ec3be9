import { errors, NOT_FOUND } from '../lib/errors.ts';
import { hasRole, isStaff, type Actor } from './actor.ts';
import { defaultRefusal, type Policy } from './policy.ts';
import { readsByLevel } from './scope.ts';

/**
 * The hall (issue 15, docs/hall.md). Three resources, each scoped by center:
 * - the hall's configuration (zones, windows, hours, rules, kiosks): the center's managers change it,
 *   its staff read it;
 * - the queue and its tickets: a window clerk serves (calls, recalls, skips, transfers, marks no-show,
 *   issues) the tickets of their own center only, and of the zones their window serves
 *   (`windowReaches`); a manager of the center cancels or transfers any waiting ticket of it
 *   (`manage`); a person reads and cancels their own ticket;
 * - appointments: booked by a real-name personal account (an enterprise account or staff cannot),
 *   read and cancelled by their owner; the center's staff read them.
 * Another person's ticket or appointment does not exist for an applicant (404).
 */
export const HALL_CONFIG_ACTIONS = ['read', 'configure'] as const;
export type HallConfigAction = (typeof HALL_CONFIG_ACTIONS)[number];

export const hallConfigPolicy: Policy<{ centerId: string }, HallConfigAction> = {
  resource: 'hall_config',
  actions: HALL_CONFIG_ACTIONS,
  can(who, action, r) {
    if (!isStaff(who)) return false;
    if (action === 'configure' && !hasRole(who, 'manager')) return false;
    return !r || r.centerId === who.centerId;
  },
};

/** `manage`: the center's managers cancel or transfer a waiting ticket of any of its zones (MANAGER_TICKET_ACTIONS). */
export const HALL_TICKET_ACTIONS = ['serve', 'issue', 'read', 'cancel', 'manage'] as const;
export type HallTicketAction = (typeof HALL_TICKET_ACTIONS)[number];

export interface HallTicketRef { centerId: string; personId: string | null }

export const hallTicketPolicy: Policy<HallTicketRef, HallTicketAction> = {
  resource: 'hall_ticket',
  actions: HALL_TICKET_ACTIONS,
  can(who, action, r) {
    if (action === 'serve' || action === 'issue') return hasRole(who, 'window') && (!r || r.centerId === who!.centerId);
    if (action === 'manage') return hasRole(who, 'manager') && (!r || r.centerId === who!.centerId);
    if (!who) return false;
    if (who.kind === 'staff') return action === 'read' && isStaff(who) && (!r || r.centerId === who.centerId);
    return who.kind === 'person' && (!r || r.personId === who.id);
  },
  refuse: ownOr404,
};

/** The ticket actions a manager of the center takes without a window: on a waiting ticket of any zone of the center. */
export const MANAGER_TICKET_ACTIONS = ['cancel', 'transfer'] as const;

/**
 * The zone scope of a window clerk: the tickets and appointments of the zones their window serves,
 * and a ticket transferred to their window by name. A clerk acts on nothing else of the queue (a
 * ticket called at their window is theirs whatever its zone, checked apart: HALL_TICKET_NOT_AT_WINDOW).
 * A manager of the center is not held to it (`zoneScoped`): they stand for every zone.
 */
export const zoneScoped = (who: Actor | null) => hasRole(who, 'window') && !hasRole(who, 'manager');

export function windowReaches(w: { windowId: string | null; zoneIds: readonly string[] }, r: { zoneId: string; targetWindowId?: string | null }): boolean {
  if (!w.windowId) return false;
  return w.zoneIds.includes(r.zoneId) || (!!r.targetWindowId && r.targetWindowId === w.windowId);
}

/** `manage`: the center's window clerks and managers list the day's appointments and cancel one with a reason (a clerk: of the zones their window serves). */
export const HALL_APPOINTMENT_ACTIONS = ['book', 'read', 'cancel', 'manage'] as const;
export type HallAppointmentAction = (typeof HALL_APPOINTMENT_ACTIONS)[number];

export const hallAppointmentPolicy: Policy<HallTicketRef, HallAppointmentAction> = {
  resource: 'hall_appointment',
  actions: HALL_APPOINTMENT_ACTIONS,
  can(who, action, r) {
    if (!who) return false;
    if (action === 'manage') return hasRole(who, 'window', 'manager') && (!r || r.centerId === who.centerId);
    if (who.kind === 'staff') return action === 'read' && isStaff(who) && (!r || r.centerId === who.centerId);
    // Real-name booking: a personal account, whose ID number was checked when it was made.
    return who.kind === 'person' && (!r || r.personId === who.id);
  },
  refuse(who, action, r) {
    if (action === 'book' && who && who.kind !== 'person') return errors.HALL_REAL_NAME_ONLY();
    return ownOr404(who, action, r);
  },
};

/** An applicant asking for another person's ticket or appointment learns nothing: it does not exist for them. */
function ownOr404(who: Actor | null, _action: string, r?: HallTicketRef) {
  if (who && who.kind !== 'staff' && r && r.personId !== who.id) return NOT_FOUND({ zh: '记录', en: 'Record' });
  return defaultRefusal(who);
}

/**
 * The hall's figures (waiting and service times, abandoned tickets, appointment use): the managers
 * and supervisors of the center, and by level (scope.ts) the province's managers and supervisors for
 * the centers below it. Window clerks and the other staff do not read them.
 */
export const HALL_FIGURES_ACTIONS = ['read'] as const;
export type HallFiguresAction = (typeof HALL_FIGURES_ACTIONS)[number];

export const hallFiguresPolicy: Policy<{ centerId: string; regionCode: string }, HallFiguresAction> = {
  resource: 'hall_figures',
  actions: HALL_FIGURES_ACTIONS,
  can(who, _action, r) {
    if (!hasRole(who, 'manager', 'supervisor')) return false;
    return !r || r.centerId === who!.centerId || readsByLevel(who, r.regionCode);
  },
};
