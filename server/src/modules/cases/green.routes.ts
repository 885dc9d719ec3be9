import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../lib/context.ts';
import { errorBody, uuidParam } from '../../lib/schemas.ts';
import { markGreen, unmarkGreen } from './green.service.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const reason = z.string().trim().min(2).max(2000);
const greenResponse = z.object({
  caseIds: z.array(z.string()).describe('the case, then the open parts of a joint case, changed together'),
  green: z.object({ coordinatorId: z.string(), reason: z.string() }).nullable(),
});

export function greenRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/api/cases/:id/green', {
    schema: {
      tags: ['cases'], summary: "Put a case in the green channel (manager of its center): first in every inbox, with a named coordinator; a joint case with its parts",
      params: uuidParam, body: z.object({ coordinatorId: z.uuid(), reason }), response: { 200: greenResponse, ...errors },
    },
  }, (req) => markGreen(ctx, req.actor, req.params.id, req.body));

  r.delete('/api/cases/:id/green', {
    schema: {
      tags: ['cases'], summary: 'Take a case (and the parts of a joint case) out of the green channel (manager of its center)',
      params: uuidParam, body: z.object({ reason }), response: { 200: greenResponse, ...errors },
    },
  }, (req) => unmarkGreen(ctx, req.actor, req.params.id, req.body));
}
