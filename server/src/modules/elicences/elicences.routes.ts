import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../lib/context.ts';
import { errorBody, uuidParam } from '../../lib/schemas.ts';
import * as s from './elicences.schemas.ts';
import * as life from './lifecycle.service.ts';
// How an e-licence shows on the public verification: registered when the app loads its routes.
import './verification.ts';
import * as ts from './types.schemas.ts';
import * as types from './types.service.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };

/** The e-licence library (docs/elicences.md): types (managers), issued licences and their lifecycle (departments, holders). */
export function elicencesRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['elicences'];

  r.get('/api/licence-types', {
    schema: { tags, summary: "The licence types of the caller's center, with the items that issue them", querystring: ts.typePageQuery, response: { 200: ts.licenceTypeList, ...errors } },
  }, (req) => types.listLicenceTypes(ctx, req.actor, req.query));
  r.get('/api/licence-types/:id', {
    schema: { tags, summary: 'One licence type', params: uuidParam, response: { 200: ts.licenceTypeView, ...errors } },
  }, (req) => types.getLicenceType(ctx, req.actor, req.params.id));
  r.post('/api/licence-types', {
    schema: { tags, summary: 'A manager defines a licence type (GB/T 36901-36905) and links it to the items that issue it', body: ts.createLicenceTypeBody, response: { 200: ts.licenceTypeView, ...errors } },
  }, (req) => types.createLicenceType(ctx, req.actor, req.body));
  r.put('/api/licence-types/:id', {
    schema: { tags, summary: 'A manager edits a licence type, its items, or retires it', params: uuidParam, body: ts.updateLicenceTypeBody, response: { 200: ts.licenceTypeView, ...errors } },
  }, (req) => types.updateLicenceType(ctx, req.actor, req.params.id, req.body));

  r.get('/api/licences/department', {
    schema: { tags, summary: "The licences the caller's department issued (approvers and chiefs), newest first", querystring: s.departmentQuery, response: { 200: s.departmentLicences, ...errors } },
  }, (req) => life.departmentLicences(ctx, req.actor, req.query));
  r.get('/api/licences/:id', {
    schema: { tags, summary: 'A licence with its versions and applications (its holder, the issuing department, the center\'s managers and supervisors)', params: uuidParam, response: { 200: s.licenceView, ...errors } },
  }, (req) => life.licenceView(ctx, req.actor, req.params.id));
  r.get('/api/licences/:id/pdf', {
    schema: { tags, summary: 'The signed PDF of the current version, or of an earlier version', params: uuidParam, querystring: s.pdfQuery, response: { 200: z.any(), ...errors } },
  }, async (req, reply) => {
    const f = await life.licencePdf(ctx, req.actor, req.params.id, req.query.version);
    reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.name)}`);
    return reply.send(f.stream);
  });
  for (const action of ['revoke', 'suspend', 'reinstate'] as const) {
    r.post(`/api/licences/:id/${action}`, {
      schema: { tags, summary: `The issuing department's chief: ${action} the licence, with a reason`, params: uuidParam, body: s.licenceActionBody, response: { 200: s.licenceView, ...errors } },
    }, (req) => life.actOnLicence(ctx, req.actor, req.params.id, action, req.body.reason));
  }
  r.post('/api/licences/:id/applications', {
    schema: { tags, summary: 'The holder applies for a change (变更), renewal (延续) or cancellation (注销) of the licence', params: uuidParam, body: s.applyBody, response: { 200: s.applicationView, ...errors } },
  }, (req) => life.applyOnLicence(ctx, req.actor, req.params.id, req.body));
  r.get('/api/licence-applications', {
    schema: { tags, summary: "The chief's queue: the applications on the department's licences", querystring: s.queueQuery, response: { 200: s.applicationQueue, ...errors } },
  }, (req) => life.applicationQueue(ctx, req.actor, req.query));
  r.post('/api/licence-applications/:id/decision', {
    schema: { tags, summary: "The issuing department's chief grants or refuses an application", params: uuidParam, body: s.decideBody, response: { 200: s.applicationView, ...errors } },
  }, (req) => life.decideApplication(ctx, req.actor, req.params.id, req.body));
}
