import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../lib/context.ts';
import { UNAUTHENTICATED } from '../../lib/errors.ts';
import { errorBody } from '../../lib/schemas.ts';
import { preferencesBody, preferencesView } from './preferences.schemas.ts';
import { getPreferences, updatePreferences } from './preferences.service.ts';

/** The signed-in user's own display preferences: each user reads and writes only their own (no id in the path). */
export function preferencesRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/me/preferences', {
    schema: { tags: ['auth'], summary: 'My display preferences (the elder-friendly mode)', response: { 200: preferencesView, 401: errorBody } },
  }, async (req) => {
    if (!req.session) throw UNAUTHENTICATED();
    return getPreferences(ctx, req.session.user.id);
  });

  r.put('/api/me/preferences', {
    schema: {
      tags: ['auth'], summary: 'Change my display preferences; fields left out keep their value',
      body: preferencesBody, response: { 200: preferencesView, 400: errorBody, 401: errorBody, 403: errorBody },
    },
  }, async (req) => {
    if (!req.session) throw UNAUTHENTICATED();
    return updatePreferences(ctx, req.session.user.id, req.body);
  });
}
