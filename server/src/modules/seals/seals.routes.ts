import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../lib/context.ts';
import { errors as err } from '../../lib/errors.ts';
import { errorBody, uuidParam } from '../../lib/schemas.ts';
import * as s from './seals.schemas.ts';
import { sealSvg } from './seal-pdf.ts';
import { decideSealRequest, listPublicSeals, listSealRequests, publicSeal, requestSeal, requestView } from './seals.service.ts';
import { verifyById, verifyBytes } from './verification.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };

/** E-seals (managers, four eyes), the public list of seals and keys, and public verification of signed documents. */
export function sealRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const publicLimit = { rateLimit: { max: ctx.config.VERIFY_RATE_PER_MINUTE, timeWindow: '1 minute' } };

  r.post('/api/seals/requests', {
    schema: { tags: ['seals'], summary: "Request a department's e-seal or a key rotation (manager); another manager of the center decides", body: s.sealRequestBody, response: { 201: s.sealRequestView, ...errors } },
  }, async (req, reply) => reply.code(201).send(requestView(await requestSeal(ctx, req.actor, req.body))));

  r.get('/api/seals/requests', {
    schema: { tags: ['seals'], summary: "The center's seal requests, newest first (manager)", querystring: s.sealRequestsQuery, response: { 200: s.sealRequestList, ...errors } },
  }, (req) => listSealRequests(ctx, req.actor, req.query));

  r.post('/api/seals/requests/:id/decision', {
    schema: { tags: ['seals'], summary: 'Approve or reject a seal request (a manager of the center other than the requester: four eyes)', params: uuidParam, body: s.sealDecisionBody, response: { 200: s.sealDecisionResponse, ...errors } },
  }, async (req) => {
    const d = await decideSealRequest(ctx, req.actor, req.params.id, req.body);
    return { ...requestView(d), sealId: d.sealId };
  });

  r.get('/api/public/seals', {
    config: publicLimit,
    schema: { tags: ['seals'], summary: 'Published e-seals with the SM2 public key of every key version (old keys stay: old signatures verify)', querystring: s.publicSealsQuery, response: { 200: s.publicSealList, ...errors } },
  }, (req) => listPublicSeals(ctx, req.query));

  r.get('/api/public/seals/:id', {
    config: publicLimit,
    schema: { tags: ['seals'], summary: 'One published e-seal with its public keys', params: uuidParam, response: { 200: s.publicSealView, ...errors } },
  }, (req) => publicSeal(ctx, req.params.id));

  r.get('/api/public/seals/:id/image.svg', {
    config: publicLimit,
    schema: { tags: ['seals'], summary: 'The seal image (SVG)', params: uuidParam, response: { 200: z.any().describe('image/svg+xml'), ...errors } },
  }, async (req, reply) => {
    const seal = await publicSeal(ctx, req.params.id);
    reply.header('content-type', 'image/svg+xml; charset=utf-8');
    reply.header('cache-control', 'public, max-age=3600');
    return reply.send(sealSvg(seal));
  });

  r.get('/api/public/verifications/:verificationId', {
    config: publicLimit,
    schema: { tags: ['seals'], summary: "Verify a signed document by its verification id (the QR code): issuer, masked holder, status now, signature", params: s.verificationIdParam, response: { 200: s.verificationResult, ...errors } },
  }, (req) => verifyById(ctx, req.params.verificationId));

  r.post('/api/public/verifications', {
    config: publicLimit,
    schema: {
      tags: ['seals'], summary: 'Verify an uploaded signed PDF (multipart field "file"): is it the document signed, byte for byte, and what is its status now',
      consumes: ['multipart/form-data'], response: { 200: s.verificationResult, ...errors },
    },
  }, async (req) => {
    if (!req.isMultipart()) throw err.MULTIPART_REQUIRED({ field: 'file' });
    const file = await req.file({ limits: { fileSize: ctx.config.UPLOAD_MAX_BYTES, files: 1 } });
    if (!file) throw err.FILE_MISSING({ field: 'file' });
    // Read whole, never stored: a file cut at the limit is refused, not verified.
    const bytes = await file.toBuffer().catch((e: unknown) => {
      if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw err.FILE_TOO_LARGE({ limitMb: Math.floor(ctx.config.UPLOAD_MAX_BYTES / 1048576), field: 'file' });
      throw e;
    });
    if (file.file.truncated) throw err.FILE_TOO_LARGE({ limitMb: Math.floor(ctx.config.UPLOAD_MAX_BYTES / 1048576), field: 'file' });
    return verifyBytes(ctx, bytes);
  });
}
