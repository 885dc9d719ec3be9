import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../lib/context.ts';
import { errorBody } from '../../lib/schemas.ts';
import * as s from './messages.schemas.ts';
import * as svc from './messages.service.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody };

/** The applicant's message centre (站内信) and SMS preferences (docs/messages.md). Thin: actor, schema, one call. */
export function messageRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/my/messages', {
    schema: { tags: ['messages'], summary: 'The signed-in applicant\'s messages, newest first (cursor: the nextCursor of the page before)', querystring: s.messageQuery, response: { 200: s.messagePage, ...errors } },
  }, (req) => svc.myMessages(ctx, req.actor, req.query.cursor, req.query.limit));

  r.get('/api/my/messages/unread-count', {
    schema: { tags: ['messages'], summary: 'How many of the signed-in applicant\'s messages are unread (the bell)', response: { 200: s.unreadCount, ...errors } },
  }, (req) => svc.myUnreadCount(ctx, req.actor));

  r.post('/api/my/messages/:id/read', {
    schema: { tags: ['messages'], summary: 'Mark one of one\'s own messages read', params: s.messageIdParam, response: { 200: s.readAnswer, ...errors } },
  }, (req) => svc.markMessageRead(ctx, req.actor, req.params.id));

  r.post('/api/my/messages/read-all', {
    schema: { tags: ['messages'], summary: 'Mark all of one\'s own messages read', response: { 200: s.readAllAnswer, ...errors } },
  }, (req) => svc.markAllRead(ctx, req.actor));

  r.get('/api/my/message-preferences', {
    schema: { tags: ['messages'], summary: 'Which kinds of message also go by SMS (the message centre always has them all)', response: { 200: s.preferences, ...errors } },
  }, (req) => svc.myPreferences(ctx, req.actor));

  r.put('/api/my/message-preferences', {
    schema: { tags: ['messages'], summary: 'Turn SMS on or off for kinds or groups of kinds (the others keep theirs)', body: s.preferencesBody, response: { 200: s.preferences, ...errors } },
  }, (req) => svc.setMyPreferences(ctx, req.actor, req.body.preferences));
}
