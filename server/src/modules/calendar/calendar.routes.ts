import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../lib/context.ts';
import { errorBody } from '../../lib/schemas.ts';
import * as s from './calendar.schemas.ts';
import * as svc from './calendar.service.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };

export function calendarRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  // ---- public: deadline arithmetic ----
  r.get('/api/calendar/due', {
    schema: {
      tags: ['calendar'],
      summary: 'The due date of a limit of N working days from a date (the first day is not counted)',
      description: 'due = the N-th working day after `from`; N = 0 gives the first working day on or after `from`. ' +
        'provisional is true when a year the answer depends on has no official schedule loaded (its holidays are computed from the rules).',
      querystring: s.dueQuery,
      response: { 200: s.dueResponse, 400: errorBody },
    },
  }, (req) => svc.addWorkdays(ctx.db, req.query.region, req.query.from, req.query.workdays));

  r.get('/api/calendar/workdays', {
    schema: {
      tags: ['calendar'],
      summary: 'Working days in (from, to]: from excluded, to included',
      querystring: s.workdaysQuery,
      response: { 200: s.workdaysResponse, 400: errorBody },
    },
  }, (req) => svc.countWorkdays(ctx.db, req.query.region, req.query.from, req.query.to));

  // ---- staff: what the calendar holds ----
  r.get('/api/admin/calendar/schedules', {
    schema: { tags: ['calendar admin'], summary: 'The official national schedules loaded, by year', response: { 200: s.schedulesResponse, ...errors } },
  }, (req) => svc.listSchedules(ctx, req.actor));

  r.get('/api/admin/calendar/:region/days', {
    schema: {
      tags: ['calendar admin'],
      summary: "A region's special days of a year (holidays, make-up workdays, local changes) with where each comes from",
      params: s.regionParam, querystring: s.yearQuery, response: { 200: s.specialDaysResponse, ...errors },
    },
  }, (req) => svc.listSpecialDays(ctx, req.actor, req.params.region, req.query.year));

  // ---- manager: changes (audited, version bumped) ----
  r.put('/api/admin/calendar/:region/days/:date', {
    schema: {
      tags: ['calendar admin'],
      summary: "Add or replace a local holiday or working day of the manager's own center region",
      params: s.regionDayParam, body: s.localDayBody, response: { 200: s.versionResponse, ...errors },
    },
  }, (req) => svc.setLocalDay(ctx, req.actor, req.params.region, req.params.date, req.body));

  r.delete('/api/admin/calendar/:region/days/:date', {
    schema: {
      tags: ['calendar admin'],
      summary: "Remove a local change of the manager's own center region",
      params: s.regionDayParam, response: { 200: s.versionResponse, ...errors },
    },
  }, (req) => svc.removeLocalDay(ctx, req.actor, req.params.region, req.params.date));

  r.put('/api/admin/calendar/schedules/:year', {
    schema: {
      tags: ['calendar admin'],
      summary: "Load (or replace) a year's official national schedule; managers of a province-level center only",
      params: s.yearParam, body: s.scheduleBody, response: { 200: s.scheduleLoadedResponse, ...errors },
    },
  }, (req) => svc.loadSchedule(ctx, req.actor, req.params.year, req.body));
}
