import { z } from 'zod';
import { calendarDate } from '../calendar/calendar.schemas.ts';

/** Request and response shapes of the hall's routes (validation and OpenAPI from one schema). */

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/).describe('China wall-clock time HH:MM');
/** A closing time may also be 24:00, midnight at the day's end (a hall open until midnight, or around the clock). */
const closingTime = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/).describe("China wall-clock time HH:MM; 24:00 is midnight at the day's end");
const bilingual = { name: z.string(), nameEn: z.string().nullable() };
export const business = z.enum(['enterprise', 'construction', 'investment', 'social', 'livelihood', 'general']);
export const priorityReason = z.enum(['appointment', 'elderly', 'disabled', 'green_channel']);
const idNumber = z.string().trim().min(1).max(32).describe('the resident ID number, typed or read from the card');

export const centerParam = z.object({ centerId: z.uuid() });
export const zoneDayQuery = z.object({ day: calendarDate });

// ---------------------------------------------------------------- configuration

export const settingsBody = z.object({
  bookingMinDays: z.number().int().min(0).max(365), bookingMaxDays: z.number().int().min(0).max(365),
  noShowLimit: z.number().int().min(1).max(100), noShowWindowDays: z.number().int().min(1).max(3650),
  noShowRestrictDays: z.number().int().min(0).max(3650), elderlyAge: z.number().int().min(50).max(120),
  checkInEarlyMinutes: z.number().int().min(0).max(240),
  lightGreenMinutes: z.number().int().min(1).max(600).optional().describe('the waiting display shows green up to this estimated wait'),
  lightAmberMinutes: z.number().int().min(1).max(600).optional().describe('amber up to this estimated wait, red beyond'),
  reminderHoursAhead: z.number().int().min(1).max(168).optional().describe('appointment reminders go this many hours before the slot'),
}).strict();
export type SettingsBody = z.infer<typeof settingsBody>;

const hoursRow = z.object({ weekday: z.number().int().min(1).max(7), opens: time, closes: closingTime, extendedUntil: closingTime.nullable().optional() }).strict()
  .refine((h) => h.opens < h.closes && (!h.extendedUntil || h.extendedUntil > h.closes), 'opens before closes, extended hours after closing');
export const hoursBody = z.object({
  hours: z.array(hoursRow).max(7).refine((rows) => new Set(rows.map((r) => r.weekday)).size === rows.length, 'one row per weekday')
    .describe('1 = Monday … 7 = Sunday; a weekend row opens that day for weekend service unless it is a public holiday'),
}).strict();
export type HoursBody = z.infer<typeof hoursBody>;

export const priorityBody = z.object({
  rules: z.array(z.object({ reason: priorityReason, weight: z.number().int().min(0).max(1000) }).strict()).max(4)
    .refine((r) => new Set(r.map((x) => x.reason)).size === r.length, 'one rule per reason'),
}).strict();
export type PriorityBody = z.infer<typeof priorityBody>;

export const zoneBody = z.object({
  prefix: z.string().regex(/^[A-Z]$/).describe('the letter before the ticket numbers'), business,
  name: z.string().trim().min(1).max(60), nameEn: z.string().trim().min(1).max(100), active: z.boolean().default(true),
  slotMinutes: z.number().int().min(5).max(240), slotCapacity: z.number().int().min(0).max(10_000), dayCapacity: z.number().int().min(0).max(100_000),
  serviceSeconds: z.number().int().min(30).max(14_400).describe('the expected service time until real figures exist'),
  windowIds: z.array(z.uuid()).max(500),
}).strict();
export type ZoneBody = z.infer<typeof zoneBody>;

export const zone = z.object({
  id: z.uuid(), prefix: z.string(), business, name: z.string(), nameEn: z.string(), active: z.boolean(),
  slotMinutes: z.number(), slotCapacity: z.number(), dayCapacity: z.number(), serviceSeconds: z.number(),
});
const settings = z.object({
  bookingMinDays: z.number(), bookingMaxDays: z.number(), noShowLimit: z.number(), noShowWindowDays: z.number(),
  noShowRestrictDays: z.number(), elderlyAge: z.number(), checkInEarlyMinutes: z.number(),
  lightGreenMinutes: z.number(), lightAmberMinutes: z.number(), reminderHoursAhead: z.number(),
});
const windowRef = z.object({ id: z.uuid(), ...bilingual });
export const configResponse = z.object({
  centerId: z.uuid(), settings,
  hours: z.array(z.object({ weekday: z.number(), opens: z.string(), closes: z.string(), extendedUntil: z.string().nullable() })),
  zones: z.array(zone.extend({ windowIds: z.array(z.uuid()) })),
  windows: z.array(windowRef),
  priority: z.array(z.object({ reason: priorityReason, weight: z.number() })),
  kiosks: z.array(z.object({ id: z.uuid(), name: z.string(), active: z.boolean() })),
});
export const kioskBody = z.object({ name: z.string().trim().min(1).max(60) }).strict();
export const kioskCreated = z.object({ id: z.uuid(), name: z.string(), token: z.string().describe('shown once: configure the kiosk with it') });

// ---------------------------------------------------------------- tickets

const hoursView = z.object({ opens: z.string(), closes: z.string(), extended: z.boolean() }).nullable();
export const ticket = z.object({
  id: z.uuid(), number: z.string(), status: z.enum(['waiting', 'called', 'done', 'no_show', 'cancelled']), day: z.string(), issuedAt: z.string(),
  zone: z.object({ id: z.uuid(), prefix: z.string(), name: z.string(), nameEn: z.string() }),
  priorityReasons: z.array(priorityReason),
  ahead: z.number().describe('tickets before this one in its queue'),
  estimate: z.object({
    optimisticMinutes: z.number(), pessimisticMinutes: z.number(), openWindows: z.number(), averageServiceSeconds: z.number(),
  }).nullable(),
  soon: z.boolean().describe('three or fewer are ahead: time to come back to the waiting area'),
  window: windowRef.nullable().describe('where to go, while the ticket is called'),
  cases: z.array(z.object({ id: z.uuid(), receiptNo: z.string().nullable() })).optional()
    .describe("the center's staff only: every case registered at the counter from this ticket (a visit may register several), in the order registered"),
});
/** The answer to the issue of a ticket only (kiosk, counter, phone): the slip's rating token, never shown again (docs/ratings.md). */
export const issuedTicket = ticket.extend({
  rating: z.object({
    token: z.string().describe('the slip\'s rating token (20 characters): its QR code opens /rate/<token>'),
    code: z.string().describe('the same token as printed under the QR code, in groups of four'),
  }),
});
export const kioskHeaders = z.object({ 'x-kiosk-token': z.string().max(200).optional() });
export const kioskHome = z.object({
  center: z.object({ id: z.uuid(), ...bilingual }), kiosk: z.string(), open: z.boolean(), hours: hoursView,
  zones: z.array(zone.extend({ waiting: z.number() })),
});
export const kioskTicketBody = z.object({
  zoneId: z.uuid(), idNumber: idNumber.optional(), disabled: z.boolean().optional().describe('declared need of assistance (disabled people have priority)'),
}).strict();
export const checkInBody = z.object({ idNumber }).strict();
export const clerkTicketBody = z.object({
  zoneId: z.uuid(), idNumber: idNumber.optional(), disabled: z.boolean().optional(), greenChannel: z.boolean().optional(),
  checkIn: z.boolean().optional().describe("check in the person's appointment of today instead (needs idNumber)"),
}).strict();
export const windowOpenBody = z.object({ open: z.boolean() }).strict();
export const ticketActionBody = z.discriminatedUnion('action', [
  z.object({ action: z.literal('recall') }).strict(),
  z.object({ action: z.literal('skip') }).strict(),
  z.object({ action: z.literal('no_show') }).strict(),
  z.object({ action: z.literal('finish') }).strict(),
  z.object({ action: z.literal('cancel') }).strict(),
  z.object({ action: z.literal('transfer'), zoneId: z.uuid().optional(), windowId: z.uuid().optional() }).strict(),
]);
export const windowPanel = z.object({
  window: z.object({ id: z.uuid(), ...bilingual, open: z.boolean() }),
  zones: z.array(zone.extend({ mine: z.boolean(), windowIds: z.array(z.uuid()) })),
  windows: z.array(windowRef),
  current: ticket.nullable(),
  queue: z.array(z.object({ id: z.uuid(), number: z.string(), zoneId: z.uuid(), priorityReasons: z.array(priorityReason), issuedAt: z.string(), forThisWindow: z.boolean(), skipped: z.boolean() })),
});
export const callResponse = z.object({ ticket: ticket.nullable() });
export const displayResponse = z.object({
  center: z.object({ id: z.uuid(), ...bilingual }),
  calls: z.array(z.object({
    id: z.uuid(), number: z.string(), calledAt: z.string(), callCount: z.number(), status: z.string(),
    window: z.object(bilingual), zone: z.object({ name: z.string(), nameEn: z.string() }),
  })),
});

// ---------------------------------------------------------------- appointments

export const centerZones = z.object({
  center: z.object({ id: z.uuid(), ...bilingual }), today: z.string(), bookingMinDays: z.number(), bookingMaxDays: z.number(),
  firstDay: z.string(), lastDay: z.string(), zones: z.array(zone),
});
export const hallCenters = z.object({ centers: z.array(z.object({ id: z.uuid(), ...bilingual })) });
export const zoneDay = z.object({
  zone, day: z.string(), open: z.boolean(), bookable: z.boolean(), hours: hoursView, dayCapacity: z.number(), dayBooked: z.number(),
  slots: z.array(z.object({ start: z.string(), end: z.string(), capacity: z.number(), booked: z.number(), available: z.boolean() })),
});
export const bookBody = z.object({ zoneId: z.uuid(), day: calendarDate, slotStart: time }).strict();
export const appointment = z.object({
  id: z.uuid(), centerId: z.uuid(), day: z.string(), slotStart: z.string(), slotEnd: z.string(),
  status: z.enum(['booked', 'checked_in', 'cancelled', 'no_show']),
  zone: z.object({ id: z.uuid(), prefix: z.string(), name: z.string(), nameEn: z.string() }),
});
export const myHall = z.object({
  tickets: z.array(ticket), appointments: z.array(appointment),
  restrictions: z.array(z.object({ centerId: z.uuid(), until: z.string() })).describe('centers where booking is suspended after no-shows'),
});

// ---------------------------------------------------------------- figures

export const figuresQuery = z.object({
  from: calendarDate.optional().describe('first day (China date); default 29 days before `to`'),
  to: calendarDate.optional().describe('last day (China date); default today'),
  by: z.enum(['zone', 'window', 'hour']).default('zone'),
  centerId: z.uuid().optional().describe("another center in the staff member's level scope; default their own"),
}).strict();
const figuresRow = z.object({
  issued: z.number(), served: z.number(), noShow: z.number(), cancelled: z.number(), abandoned: z.number().describe('no-show + cancelled'),
  open: z.number().describe('still waiting or called'),
  cases: z.number().describe('cases registered at the counter from these tickets (a visit may register several)'),
  waitMeanSeconds: z.number().nullable(), waitP90Seconds: z.number().nullable(), serviceMeanSeconds: z.number().nullable(), serviceP90Seconds: z.number().nullable(),
});
export const figuresResponse = z.object({
  center: z.object({ id: z.uuid(), ...bilingual }), from: z.string(), to: z.string(), by: z.enum(['zone', 'window', 'hour']),
  rows: z.array(figuresRow.extend({ key: z.string().nullable().describe('zone or window id, hour 0–23; null: tickets never called'), name: z.string(), nameEn: z.string() })),
  total: figuresRow,
  appointments: z.object({ total: z.number(), booked: z.number(), checkedIn: z.number(), noShow: z.number(), cancelled: z.number() }),
});

export const waitingBoardResponse = z.object({
  center: z.object({ id: z.uuid(), ...bilingual }),
  thresholds: z.object({ greenMinutes: z.number(), amberMinutes: z.number() }),
  zones: z.array(z.object({
    id: z.uuid(), prefix: z.string(), name: z.string(), nameEn: z.string(), waiting: z.number(),
    optimisticMinutes: z.number(), pessimisticMinutes: z.number(), openWindows: z.number(),
    light: z.enum(['green', 'amber', 'red']).describe('from the pessimistic wait: green ≤ greenMinutes, amber ≤ amberMinutes, red beyond'),
  })),
});

// ---------------------------------------------------------------- the center's appointments (staff)

export const dayAppointmentsQuery = z.object({
  day: calendarDate, limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().regex(/^\d\d:\d\d(:\d\d)?\|[0-9a-fA-F-]{36}$/).optional().describe('nextCursor of the previous page'),
}).strict();
export const dayAppointments = z.object({
  items: z.array(appointment.extend({ person: z.object({ name: z.string(), idNumber: z.string().nullable().describe('masked') }), cancelReason: z.string().nullable(),
    inScope: z.boolean().describe("the caller may act on it: a manager always, a window clerk when their window serves its zone"),
  })),
  nextCursor: z.string().nullable(),
});
export const staffCancelBody = z.object({ reason: z.string().max(500).describe('told to the person') }).strict();

// ---------------------------------------------------------------- a ticket from the phone

export const phoneTicketBody = z.object({
  zoneId: z.uuid(), presenceCode: z.string().trim().min(1).max(20).describe('the code shown on the hall display (or read from its QR code)'),
}).strict();
export const presenceResponse = z.object({ code: z.string().describe('six digits, shown on the kiosk; changes every 5 minutes'), validUntil: z.string() });

// ---------------------------------------------------------------- the manager's queue page

export const managerQueueQuery = z.object({
  zoneId: z.uuid().describe("a zone of the manager's center"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().regex(/^-?\d{1,9}\|\d{1,18}$/).optional().describe('nextCursor of the previous page'),
}).strict();
export const managerQueue = z.object({
  zone: z.object({ id: z.uuid(), prefix: z.string(), name: z.string(), nameEn: z.string(), active: z.boolean() }),
  waiting: z.number().describe('how many wait in the zone now'),
  items: z.array(z.object({
    id: z.uuid(), number: z.string(), priorityReasons: z.array(priorityReason), issuedAt: z.string(), queuedAt: z.string(),
    priorityFrom: z.string().nullable().describe("an appointment's priority counts from this time; before, the ticket is called as a walk-in"),
    skipped: z.boolean(), targetWindow: windowRef.nullable().describe('sent to this window by name'),
  })).describe('the waiting tickets by priority, then arrival (the queue index); numbers and reasons only, never a name'),
  nextCursor: z.string().nullable(),
});
