import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../lib/context.ts';
import { errors } from '../../lib/errors.ts';
import { errorBody, uuidParam } from '../../lib/schemas.ts';
import { requirePermission } from '../../policies/index.ts';
import { openFile, uploadMaterial, uploadTemplate, type Upload } from './files.service.ts';
import type { FastifyRequest } from 'fastify';
import { UNAUTHENTICATED } from '../../lib/errors.ts';

export function fileRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/files/:id', {
    schema: {
      tags: ['files'], summary: 'Download a file (catalog templates and samples are public)',
      params: uuidParam,
      querystring: z.object({ inline: z.enum(['1']).optional().describe('1: shown in the page (a PDF or an image previewed at the counter), not downloaded') }),
      response: { 200: z.any().describe('the file bytes'), 403: errorBody, 404: errorBody },
    },
  }, async (req, reply) => {
    const { meta, stream } = await openFile(ctx, req.actor, req.params.id);
    // Only the kinds a browser shows safely are ever inline (the upload checked their leading bytes).
    const inline = req.query.inline === '1' && (meta.mime === 'application/pdf' || meta.mime === 'image/png' || meta.mime === 'image/jpeg');
    reply.header('content-type', meta.mime);
    reply.header('content-length', String(meta.size));
    reply.header('content-disposition', `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(meta.name)}`);
    reply.header('x-content-sha256', meta.sha256);
    reply.header('cache-control', meta.public ? 'public, max-age=3600' : 'private, no-store');
    return reply.send(stream);
  });

  const fileView = z.object({ id: z.string(), name: z.string(), size: z.number(), mime: z.string(), sha256: z.string() });

  r.post('/api/admin/files', {
    schema: {
      tags: ['files'], summary: 'Upload a template or sample file (multipart field "file"; PDF, Word, Excel, PNG, JPEG)',
      consumes: ['multipart/form-data'],
      response: { 201: fileView, 400: errorBody, 401: errorBody, 403: errorBody },
    },
  }, async (req, reply) => {
    const actor = requirePermission(req.actor, 'files.upload');
    return reply.code(201).send(await receive(req, (f) => uploadTemplate(ctx, actor, f)));
  });

  r.post('/api/files', {
    schema: {
      tags: ['files'], summary: 'Upload a material of an application (multipart field "file"; PDF, PNG, JPEG); private to the uploader',
      consumes: ['multipart/form-data'],
      response: { 201: fileView, 400: errorBody, 401: errorBody },
    },
  }, async (req, reply) => {
    const actor = req.actor;
    if (!actor) throw UNAUTHENTICATED();
    return reply.code(201).send(await receive(req, (f) => uploadMaterial(ctx, actor, f)));
  });

  /** Takes the one file of a multipart request and hands it to `save`; drains it on refusal. */
  async function receive<T>(req: FastifyRequest, save: (f: Upload) => Promise<T>): Promise<T> {
    if (!req.isMultipart()) throw errors.MULTIPART_REQUIRED({ field: 'file' });
    const file = await req.file({ limits: { fileSize: ctx.config.UPLOAD_MAX_BYTES, files: 1 } });
    if (!file) throw errors.FILE_MISSING({ field: 'file' });
    try {
      return await save({ filename: file.filename, mimetype: file.mimetype, stream: file.file });
    } catch (err) {
      file.file.resume(); // drain what was not read, or the request never ends
      throw err;
    }
  }
}
