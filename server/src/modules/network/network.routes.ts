import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../lib/context.ts';
import { errorBody } from '../../lib/schemas.ts';
import * as s from './network.schemas.ts';
import { centerBoard, implementations, regionBoard } from './network.service.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody };

/** The service network from province to village (docs/network.md): supervisors and managers, their level and below. */
export function networkRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/network/board', {
    schema: {
      tags: ['network'], summary: "A region's figures rolled up from every center under it, with the regions below that hold centers (drill-down)",
      querystring: s.regionQuery, response: { 200: s.regionBoard, ...errors },
    },
  }, (req) => regionBoard(ctx, req.actor, req.query.region));

  r.get('/api/network/centers/:id', {
    schema: {
      tags: ['network'], summary: "One center's figures and cases, newest first: the drill-down's last step before a case",
      params: s.centerParams, querystring: s.centerQuery, response: { 200: s.centerBoard, ...errors },
    },
  }, (req) => centerBoard(ctx, req.actor, req.params.id, req.query));

  r.get('/api/network/implementations', {
    schema: {
      tags: ['network'], summary: "Which centers of the reader's scope implement which basic items (national and provincial)",
      querystring: s.implementationsQuery, response: { 200: s.implementations, ...errors },
    },
  }, (req) => implementations(ctx, req.actor, req.query));
}
