import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Listener } from '../../db/listen.ts';
import type { AppContext } from '../../lib/context.ts';
import { errorBody, uuidParam } from '../../lib/schemas.ts';
import * as appointments from './appointments.service.ts';
import { figures } from './figures.service.ts';
import { DisplayPush } from './display-push.ts';
import { currentPresence, phoneTicket } from './presence.service.ts';
import { managerQueue } from './queue.service.ts';
import { waitingBoard } from './waiting.service.ts';
import * as repo from './hall.repository.ts';
import * as s from './hall.schemas.ts';
import * as hall from './hall.service.ts';
import * as tickets from './tickets.service.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };

/** The hall (issue 15): configuration, the kiosk, the window, the display, appointments. docs/hall.md. */
export function hallRoutes(app: FastifyInstance, ctx: AppContext, listener: Listener) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const push = new DisplayPush(ctx, listener);
  app.addHook('preClose', async () => { push.close(); });

  // ---- manager: configuration of the own center ----
  r.get('/api/admin/hall', {
    schema: { tags: ['hall admin'], summary: "The hall's configuration of the staff member's center", response: { 200: s.configResponse, ...errors } },
  }, (req) => hall.configuration(ctx, req.actor));
  r.put('/api/admin/hall/settings', {
    schema: { tags: ['hall admin'], summary: 'Booking window, no-show rule, elderly age, check-in lead time (managers)', body: s.settingsBody, response: { 200: s.configResponse, ...errors } },
  }, (req) => hall.saveSettings(ctx, req.actor, req.body));
  r.put('/api/admin/hall/hours', {
    schema: { tags: ['hall admin'], summary: 'Opening hours per weekday, with extended hours and weekend days (managers)', body: s.hoursBody, response: { 200: s.configResponse, ...errors } },
  }, (req) => hall.saveHours(ctx, req.actor, req.body));
  r.put('/api/admin/hall/priority', {
    schema: { tags: ['hall admin'], summary: 'Priority weights per reason (managers)', body: s.priorityBody, response: { 200: s.configResponse, ...errors } },
  }, (req) => hall.savePriority(ctx, req.actor, req.body));
  r.post('/api/admin/hall/zones', {
    schema: { tags: ['hall admin'], summary: 'Create a service zone and name its windows (managers)', body: s.zoneBody, response: { 200: s.configResponse, ...errors } },
  }, (req) => hall.saveZone(ctx, req.actor, req.body));
  r.put('/api/admin/hall/zones/:id', {
    schema: { tags: ['hall admin'], summary: 'Change a service zone and its windows (managers)', params: uuidParam, body: s.zoneBody, response: { 200: s.configResponse, ...errors } },
  }, (req) => hall.saveZone(ctx, req.actor, req.body, req.params.id));
  r.post('/api/admin/hall/kiosks', {
    schema: { tags: ['hall admin'], summary: 'Register a kiosk; its token is answered once (managers)', body: s.kioskBody, response: { 201: s.kioskCreated, ...errors } },
  }, async (req, reply) => reply.code(201).send(await hall.createKiosk(ctx, req.actor, req.body.name)));

  r.get('/api/hall/figures', {
    schema: { tags: ['hall admin'], summary: 'Figures of the hall per zone, window or hour: tickets, abandoned, waiting and service time (mean, p90), appointment use', querystring: s.figuresQuery, response: { 200: s.figuresResponse, ...errors } },
  }, (req) => figures(ctx, req.actor, req.query));

  r.get('/api/hall/queue', {
    schema: { tags: ['hall admin'], summary: "A zone's waiting tickets today, a page at a time, for the center's managers to cancel or transfer (numbers only)", querystring: s.managerQueueQuery, response: { 200: s.managerQueue, ...errors } },
  }, (req) => managerQueue(ctx, req.actor, req.query));

  // ---- the kiosk: no sign-in, known by its token ----
  r.get('/api/hall/kiosk', {
    schema: { tags: ['hall kiosk'], summary: "The kiosk's center, whether it is open, and its zones with how many wait", headers: s.kioskHeaders, response: { 200: s.kioskHome, ...errors } },
  }, async (req) => tickets.kioskHome(ctx, await hall.kioskOf(ctx.db, req.headers['x-kiosk-token'])));
  r.post('/api/hall/kiosk/tickets', {
    schema: {
      tags: ['hall kiosk'], summary: 'Take a ticket (with the ID number for priority and one-ticket-per-person); answers the number and the place, never a name',
      headers: s.kioskHeaders, body: s.kioskTicketBody, response: { 201: s.issuedTicket, ...errors },
    },
  }, async (req, reply) => reply.code(201).send(await tickets.kioskTicket(ctx, await hall.kioskOf(ctx.db, req.headers['x-kiosk-token']), req.body)));
  r.post('/api/hall/kiosk/check-in', {
    schema: { tags: ['hall kiosk'], summary: "Check in today's appointment by ID number: a ticket with the appointment's priority", headers: s.kioskHeaders, body: s.checkInBody, response: { 201: s.issuedTicket, ...errors } },
  }, async (req, reply) => reply.code(201).send(await tickets.kioskCheckIn(ctx, await hall.kioskOf(ctx.db, req.headers['x-kiosk-token']), req.body)));

  r.get('/api/hall/kiosk/presence', {
    schema: { tags: ['hall kiosk'], summary: 'The presence code the kiosk shows: a phone in the hall takes a ticket with it', headers: s.kioskHeaders, response: { 200: s.presenceResponse, ...errors } },
  }, async (req, reply) => {
    reply.header('cache-control', 'no-store');
    return currentPresence(ctx, (await hall.kioskOf(ctx.db, req.headers['x-kiosk-token'])).center_id);
  });

  // ---- the window clerk ----
  r.get('/api/hall/window', {
    schema: { tags: ['hall window'], summary: "The clerk's window: its zones, the ticket at it and the queue", response: { 200: s.windowPanel, ...errors } },
  }, (req) => tickets.windowPanel(ctx, req.actor));
  r.put('/api/hall/window/open', {
    schema: { tags: ['hall window'], summary: 'Open or close the window (the estimates count open windows)', body: s.windowOpenBody, response: { 200: s.windowPanel, ...errors } },
  }, (req) => tickets.setWindowOpen(ctx, req.actor, req.body.open));
  r.post('/api/hall/window/call-next', {
    schema: { tags: ['hall window'], summary: 'Finish the ticket at the window and call the next (null when nobody waits)', response: { 200: s.callResponse, ...errors } },
  }, (req) => tickets.callNext(ctx, req.actor));
  r.post('/api/hall/tickets', {
    schema: { tags: ['hall window'], summary: 'Issue a ticket for someone at the counter, or check in their appointment', body: s.clerkTicketBody, response: { 201: s.issuedTicket, ...errors } },
  }, async (req, reply) => reply.code(201).send(await tickets.clerkTicket(ctx, req.actor, req.body)));
  r.get('/api/hall/appointments', {
    schema: { tags: ['hall window'], summary: "The center's appointments of a day, in slot order (window clerks, managers)", querystring: s.dayAppointmentsQuery, response: { 200: s.dayAppointments, ...errors } },
  }, (req) => appointments.dayAppointments(ctx, req.actor, req.query));
  r.post('/api/hall/appointments/:id/cancel', {
    schema: { tags: ['hall window'], summary: 'Cancel a booked appointment with a reason: the place is given back, the person told (window clerks, managers)', params: uuidParam, body: s.staffCancelBody, response: { 200: s.appointment, ...errors } },
  }, (req) => appointments.staffCancel(ctx, req.actor, req.params.id, req.body.reason));
  r.post('/api/hall/tickets/:id/actions', {
    schema: { tags: ['hall window'], summary: 'Recall, skip, mark no-show, finish, cancel or transfer a ticket', params: uuidParam, body: s.ticketActionBody, response: { 200: s.ticket, ...errors } },
  }, (req) => tickets.actOnTicket(ctx, req.actor, req.params.id, req.body));

  // ---- public: the hall display, zones and slots ----
  r.get('/api/hall/centers', {
    schema: { tags: ['hall'], summary: 'Centers with a queue', response: { 200: s.hallCenters } },
  }, async () => ({ centers: (await repo.centersWithZones(ctx.db)).map((c) => ({ id: c.id, name: c.name, nameEn: c.name_en })) }));
  r.get('/api/hall/centers/:centerId/display', {
    schema: {
      tags: ['hall'], summary: "The hall display: the center's latest calls (numbers and windows only); poll with If-None-Match",
      params: s.centerParam, response: { 200: s.displayResponse, 304: z.null(), ...errors },
    },
  }, async (req, reply) => {
    const { body, etag } = await tickets.display(ctx, req.params.centerId);
    reply.header('etag', etag).header('cache-control', 'no-cache');
    if (req.headers['if-none-match'] === etag) return reply.code(304).send(null);
    return body;
  });
  r.get('/api/hall/centers/:centerId/display/stream', {
    schema: {
      tags: ['hall'], summary: 'The hall display pushed (Server-Sent Events, text/event-stream): `calls` with the display body at once and after every call or recall; a heartbeat comment every 25 s',
      params: s.centerParam, response: { 200: z.string().describe('text/event-stream'), ...errors, 429: errorBody, 503: errorBody },
    },
  }, async (req, reply) => {
    push.admit(req.ip);
    await tickets.display(ctx, req.params.centerId); // 404 for an unknown center, while the reply is still ours
    const release = await push.listen(); // listening before the first body is read: no call falls between the two
    reply.hijack();
    push.open(reply.raw, req.params.centerId, req.ip, release);
  });
  r.get('/api/hall/centers/:centerId/waiting', {
    schema: {
      tags: ['hall'], summary: 'The traffic-light waiting display: per zone how many wait, the estimated wait and its light (no personal data); poll with If-None-Match',
      params: s.centerParam, response: { 200: s.waitingBoardResponse, 304: z.null(), ...errors },
    },
  }, async (req, reply) => {
    const { body, etag } = await waitingBoard(ctx, req.params.centerId);
    reply.header('etag', etag).header('cache-control', 'no-cache');
    if (req.headers['if-none-match'] === etag) return reply.code(304).send(null);
    return body;
  });
  r.get('/api/hall/centers/:centerId/zones', {
    schema: { tags: ['hall'], summary: "A center's zones and its booking window", params: s.centerParam, response: { 200: s.centerZones, ...errors } },
  }, (req) => appointments.centerZones(ctx, req.params.centerId));
  r.get('/api/hall/zones/:id/slots', {
    schema: { tags: ['hall'], summary: "A zone's appointment slots of a day with the places left", params: uuidParam, querystring: s.zoneDayQuery, response: { 200: s.zoneDay, ...errors } },
  }, (req) => appointments.zoneDay(ctx, req.params.id, req.query.day));

  // ---- the person ----
  r.get('/api/my/hall', {
    schema: { tags: ['hall'], summary: "The signed-in person's tickets (with place and estimate) and appointments", response: { 200: s.myHall, ...errors } },
  }, async (req) => {
    const [t, a] = await Promise.all([tickets.myTickets(ctx, req.actor), appointments.myAppointments(ctx, req.actor)]);
    return { tickets: t, ...a };
  });
  r.get('/api/my/hall/tickets/:id', {
    schema: { tags: ['hall'], summary: 'One of my tickets, with its place and estimate', params: uuidParam, response: { 200: s.ticket, ...errors } },
  }, (req) => tickets.myTicket(ctx, req.actor, req.params.id));
  r.post('/api/my/hall/tickets', {
    schema: { tags: ['hall'], summary: "Take a ticket on the phone in the hall, with the kiosk's presence code (real-name personal accounts)", body: s.phoneTicketBody, response: { 201: s.issuedTicket, ...errors } },
  }, async (req, reply) => reply.code(201).send(await phoneTicket(ctx, req.actor, req.body)));
  r.post('/api/my/hall/tickets/:id/cancel', {
    schema: { tags: ['hall'], summary: 'Give up my waiting ticket', params: uuidParam, response: { 200: s.ticket, ...errors } },
  }, (req) => tickets.cancelMyTicket(ctx, req.actor, req.params.id));
  r.post('/api/my/hall/appointments', {
    schema: { tags: ['hall'], summary: 'Book a slot (real-name personal accounts; one per zone and day; never past capacity)', body: s.bookBody, response: { 201: s.appointment, ...errors } },
  }, async (req, reply) => reply.code(201).send(await appointments.book(ctx, req.actor, req.body)));
  r.post('/api/my/hall/appointments/:id/cancel', {
    schema: { tags: ['hall'], summary: 'Cancel my appointment before its slot begins', params: uuidParam, response: { 200: s.appointment, ...errors } },
  }, (req) => appointments.cancel(ctx, req.actor, req.params.id));
}
