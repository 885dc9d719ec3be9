import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../lib/context.ts';
import { errorBody, uuidParam } from '../../lib/schemas.ts';
import { checklistBody, checklistResponse } from './material-checklist.schemas.ts';
import { readChecklist, recordChecklist } from './material-checklist.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };

/** The counter's material checklist of a case (docs/cases.md, Materials). */
export function materialChecklistRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/cases/:id/checklist', {
    schema: {
      tags: ['cases'], summary: "The case's material checklist: each material, its files for preview, what the window recorded, and what acceptance still waits for",
      params: uuidParam, response: { 200: checklistResponse, ...errors },
    },
  }, (req) => readChecklist(ctx, req.actor, req.params.id));

  r.put('/api/cases/:id/checklist', {
    schema: {
      tags: ['cases'], summary: 'The window records materials as received (original, copy, e-licence) or missing, before acceptance',
      params: uuidParam, body: checklistBody, response: { 200: checklistResponse, ...errors },
    },
  }, (req) => recordChecklist(ctx, req.actor, req.params.id, req.body));
}
