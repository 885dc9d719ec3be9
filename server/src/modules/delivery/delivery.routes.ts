import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../lib/context.ts';
import { errorBody, uuidParam } from '../../lib/schemas.ts';
import { assertCabinetDevice, cabinetPickup, placeInCabinet, takeBack } from './delivery.cabinet.ts';
import { dispatch } from './delivery.post.ts';
import * as s from './delivery.schemas.ts';
import * as svc from './delivery.service.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };

export function deliveryRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const answer = (req: { actor: Parameters<typeof svc.deliveryOf>[1]; params: { id: string } }) => svc.deliveryOf(ctx, req.actor, req.params.id);

  r.get('/api/cases/:id/delivery', {
    schema: { tags: ['delivery'], summary: "The case's delivery: the applicant's choice, the result out (posted, in the cabinet) and every handing-over", params: uuidParam, response: { 200: s.deliveryResponse, ...errors } },
  }, (req) => answer(req));

  r.put('/api/cases/:id/delivery/choice', {
    schema: {
      tags: ['delivery'], summary: 'The applicant changes how the result is delivered (own case; open, not delivered, nothing out)',
      params: uuidParam, body: s.deliveryChoice, response: { 200: s.deliveryResponse, ...errors },
    },
  }, async (req) => {
    await svc.changeChoice(ctx, req.actor, req.params.id, req.body);
    return answer(req);
  });

  r.post('/api/cases/:id/delivery/pickup', {
    schema: {
      tags: ['delivery'], summary: 'The delivery window hands the result over after checking the receipt number and query code or the holder\'s identity (a proxy: name, ID number, scanned authorisation)',
      params: uuidParam, body: s.pickupBody, response: { 200: s.deliveryResponse, ...errors },
    },
  }, async (req) => {
    await svc.pickup(ctx, req.actor, req.params.id, req.body);
    return answer(req);
  });

  r.post('/api/cases/:id/delivery/post', {
    schema: {
      tags: ['delivery'], summary: "The delivery window posts the result to the applicant's chosen address: carrier and tracking number; delivered when the carrier reports it signed for",
      params: uuidParam, body: s.postBody, response: { 200: s.deliveryResponse, ...errors },
    },
  }, async (req) => {
    await dispatch(ctx, req.actor, req.params.id, req.body);
    return answer(req);
  });

  r.post('/api/cases/:id/delivery/cabinet', {
    schema: {
      tags: ['delivery'], summary: 'The delivery window puts the result in a locker of the self-pickup cabinet; the applicant gets the pickup code',
      params: uuidParam, response: { 200: s.deliveryResponse, ...errors },
    },
  }, async (req) => {
    await placeInCabinet(ctx, req.actor, req.params.id);
    return answer(req);
  });

  r.post('/api/cases/:id/delivery/return', {
    schema: {
      tags: ['delivery'], summary: 'The delivery window takes a result back from the cabinet (locked after wrong codes, or to hand it over at the window)',
      params: uuidParam, body: s.returnBody, response: { 200: s.deliveryResponse, ...errors },
    },
  }, async (req) => {
    await takeBack(ctx, req.actor, req.params.id, req.body.reason);
    return answer(req);
  });

  r.get('/api/workbench/deliveries', {
    schema: { tags: ['delivery'], summary: "The delivery window's results out (posted, in the cabinet) or back at the window (returned undeliverable, not collected)", querystring: s.deliveryListQuery, response: { 200: s.deliveryList, ...errors } },
  }, (req) => svc.listForWindow(ctx, req.actor, req.query.status, req.query.page, req.query.pageSize));

  r.post('/api/delivery/cabinet/pickups', {
    schema: {
      tags: ['delivery'], summary: 'Called by the self-pickup cabinet (Authorization: Bearer <CABINET_DEVICE_TOKEN>) with the code typed at a locker; 200 opens it',
      body: s.cabinetPickupBody,
      response: { 200: s.cabinetPickupResponse, ...errors, 423: errorBody },
    },
  }, (req) => {
    assertCabinetDevice(ctx, req.headers.authorization);
    return cabinetPickup(ctx, req.body);
  });
}
