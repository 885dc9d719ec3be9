import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../lib/context.ts';
import { errorBody, uuidParam } from '../../lib/schemas.ts';
import * as findings from './findings.service.ts';
import * as notices from './notices.service.ts';
import * as s from './supervision.schemas.ts';
import * as svc from './supervision.service.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };

export function supervisionRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/notifications', {
    schema: { tags: ['notifications'], summary: "The signed-in staff member's notifications (own and department's), newest first", querystring: s.notificationQuery, response: { 200: s.notificationList, ...errors } },
  }, (req) => svc.myNotifications(ctx, req.actor, req.query.unread === 'true', req.query.page, req.query.pageSize));

  r.post('/api/notifications/read', {
    schema: { tags: ['notifications'], summary: 'Mark notifications read (by id, or "all")', body: s.markReadBody, response: { 200: s.markReadResponse, ...errors } },
  }, (req) => svc.markNotificationsRead(ctx, req.actor, req.body.ids));

  r.get('/api/supervision/cases', {
    schema: { tags: ['supervision'], summary: "The center's yellow or red cases, nearest deadline first (supervisor, manager)", querystring: s.litQuery, response: { 200: s.litList, ...errors } },
  }, (req) => svc.litCases(ctx, req.actor, req.query.light, req.query.page, req.query.pageSize, req.query.departmentId));

  r.post('/api/supervision/notices', {
    schema: { tags: ['supervision'], summary: 'Issue a supervision notice (督办) on a case or a department (supervisor)', body: s.issueNoticeBody, response: { 201: s.notice, ...errors } },
  }, async (req, reply) => reply.code(201).send(await notices.issueNotice(ctx, req.actor, req.body)));

  r.get('/api/supervision/notices', {
    schema: { tags: ['supervision'], summary: "Supervision notices: the center's (supervisor, manager) or the department's (chief)", querystring: s.noticeQuery, response: { 200: s.noticeList, ...errors } },
  }, (req) => notices.listNotices(ctx, req.actor, req.query.status, req.query.page, req.query.pageSize));

  r.get('/api/supervision/notices/:id', {
    schema: { tags: ['supervision'], summary: 'One supervision notice', params: uuidParam, response: { 200: s.notice, ...errors } },
  }, (req) => notices.getNotice(ctx, req.actor, req.params.id));

  r.post('/api/supervision/notices/:id/reply', {
    schema: { tags: ['supervision'], summary: "Reply to a supervision notice (the department's chief)", params: uuidParam, body: s.replyBody, response: { 200: s.notice, ...errors } },
  }, (req) => notices.replyNotice(ctx, req.actor, req.params.id, req.body.reply));

  r.get('/api/supervision/findings', {
    schema: { tags: ['supervision'], summary: "The center's findings (预警纠错) with rule and evidence (supervisor, manager)", querystring: s.findingQuery, response: { 200: s.findingList, ...errors } },
  }, (req) => findings.listFindings(ctx, req.actor, { status: req.query.status, rule: req.query.rule, caseId: req.query.caseId }, req.query.page, req.query.pageSize));

  r.post('/api/supervision/findings/:id/resolve', {
    schema: { tags: ['supervision'], summary: 'Confirm or dismiss a finding with a reason (supervisor)', params: uuidParam, body: s.resolveBody, response: { 200: s.finding, ...errors } },
  }, (req) => findings.resolveFinding(ctx, req.actor, req.params.id, req.body.verdict, req.body.reason));
}
