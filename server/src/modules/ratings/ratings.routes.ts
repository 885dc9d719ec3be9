import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../lib/context.ts';
import { errorBody, uuidParam } from '../../lib/schemas.ts';
import { ratingFigures } from './figures.service.ts';
import * as s from './ratings.schemas.ts';
import * as ratings from './ratings.service.ts';
import * as rect from './rectification.service.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };

/** 好差评 (issue 13): rating a case or a hall visit, the rectification of bad reviews, the figures. docs/ratings.md. */
export function ratingsRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/ratings/dimensions', {
    schema: { tags: ['ratings'], summary: 'The national rating dimensions in use', response: { 200: s.dimensionsResponse } },
  }, async () => ({ dimensions: await ratings.dimensions(ctx) }));

  // ---- the applicant
  r.get('/api/my/cases/:id/ratings', {
    schema: { tags: ['ratings'], summary: 'My case: the stages that invite a rating, my ratings and the rectification of a bad one', params: uuidParam, response: { 200: s.caseRatingsResponse, ...errors } },
  }, (req) => ratings.caseRatings(ctx, req.actor, req.params.id));
  r.post('/api/my/cases/:id/ratings', {
    schema: { tags: ['ratings'], summary: 'Rate a stage of my case (once per stage; real-name or anonymous)', params: uuidParam, body: s.caseRatingBody, response: { 201: s.rating, ...errors } },
  }, async (req, reply) => reply.code(201).send(await ratings.rateCase(ctx, req.actor, req.params.id, req.body)));
  r.post('/api/my/rectifications/:id/rating', {
    schema: { tags: ['ratings'], summary: 'Rate the fix of my bad review; answers the task as my rating page shows it', params: uuidParam, body: s.fixRatingBody, response: { 200: s.personTask, ...errors } },
  }, (req) => rect.rateFix(ctx, req.actor, req.params.id, req.body));

  // ---- the hall: the window's pad (clerk session), a kiosk (token) or the visitor's own phone (their session)
  r.get('/api/my/hall/visits', {
    schema: { tags: ['ratings'], summary: 'My hall visits finished today, to rate on the spot', response: { 200: s.myVisits, ...errors } },
  }, (req) => ratings.myVisitsToRate(ctx, req.actor));
  r.post('/api/hall/tickets/:id/rating', {
    schema: { tags: ['ratings'], summary: "Rate a finished hall visit, the day it finished, on the window's pad, a kiosk or the visitor's own phone (anonymous)", params: uuidParam, headers: s.kioskHeaders, body: s.visitRatingBody, response: { 201: s.rating, ...errors } },
  }, async (req, reply) => reply.code(201).send(await ratings.rateVisit(ctx, req.actor, req.headers['x-kiosk-token'], req.params.id, req.body)));

  // ---- the slip's rating token (扫码评价): no sign-in, the token is the proof; throttled per address against guessing
  const throttle = { rateLimit: { max: ctx.config.HALL_RATE_TOKEN_RATE_PER_MINUTE, timeWindow: '1 minute' } };
  r.get('/api/hall/rate/:token', {
    config: throttle,
    schema: { tags: ['ratings'], summary: "The visit of a slip's rating code (number, service, window, day) and whether it can be rated now", params: s.tokenParam, response: { 200: s.tokenVisit, ...errors, 429: errorBody } },
  }, (req) => ratings.visitByToken(ctx, req.actor, req.params.token));
  r.post('/api/hall/rate/:token', {
    config: throttle,
    schema: { tags: ['ratings'], summary: "Rate a finished hall visit with its slip's rating code, the day it finished, once (anonymous; on the phone or at a kiosk)", params: s.tokenParam, body: s.tokenRatingBody, response: { 201: s.rating, ...errors, 429: errorBody } },
  }, async (req, reply) => reply.code(201).send(await ratings.rateByToken(ctx, req.actor, req.params.token, req.body)));

  // ---- staff: rectification tasks, appeals, figures, the center's limit
  r.get('/api/rectifications', {
    schema: { tags: ['ratings'], summary: "Rectification tasks in scope (the department's, or the center's for managers and supervisors)", querystring: s.taskListQuery, response: { 200: s.taskList, ...errors } },
  }, (req) => rect.listTasks(ctx, req.actor, req.query));
  r.get('/api/rectifications/:id', {
    schema: { tags: ['ratings'], summary: 'A rectification task with its steps: the staff view (the department, managers, supervisors; an applicant 403, their view is GET /api/my/cases/:id/ratings)', params: uuidParam, response: { 200: s.task, ...errors } },
  }, (req) => rect.getTask(ctx, req.actor, req.params.id));
  r.post('/api/rectifications/:id/actions', {
    schema: { tags: ['ratings'], summary: 'A step: call back, verify, rectify, appeal (department); uphold or reject an appeal, close (manager)', params: uuidParam, body: s.taskActionBody, response: { 200: s.task, ...errors } },
  }, (req) => rect.actOnTask(ctx, req.actor, req.params.id, req.body));
  r.get('/api/ratings/figures', {
    schema: { tags: ['ratings'], summary: 'Coverage, satisfaction, bad reviews and rectification on time, per department, window or staff', querystring: s.figuresQuery, response: { 200: s.figuresResponse, ...errors } },
  }, (req) => ratingFigures(ctx, req.actor, req.query));
  r.get('/api/admin/ratings/settings', {
    schema: { tags: ['ratings'], summary: "The center's rectification limit in working days", response: { 200: s.settingsResponse, ...errors } },
  }, (req) => rect.settings(ctx, req.actor));
  r.put('/api/admin/ratings/settings', {
    schema: { tags: ['ratings'], summary: "Set the center's rectification limit in working days (managers)", body: s.settingsBody, response: { 200: s.settingsResponse, ...errors } },
  }, (req) => rect.saveSettings(ctx, req.actor, req.body));
}
