import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { FRAMEWORK_STATUSES, type FrameworkStatus } from './errors.catalog.ts';
import { isDatabaseContended } from './database-contention.ts';
import { isDatabaseUnavailable } from './database-unavailable.ts';
import { appError, DomainError, schemaError } from './errors.ts';
import { inputErrorOf } from './hostile-input.ts';

/** The one place where errors become HTTP answers: `{ code, field?, message: { zh, en }, details? }`. */
export function errorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  if (err instanceof DomainError) return sendError(reply, err);
  if (hasZodFastifySchemaValidationErrors(err)) {
    const first = err.validation[0]!;
    const field = first.instancePath.replace(/^\//, '').replaceAll('/', '.') || undefined;
    // A refinement's own code and text travel in the zod issue's params (see schemaIssue).
    const params = (first.params ?? {}) as { params?: unknown };
    return sendError(reply, schemaError({ field, rule: first.keyword, message: first.message ?? '', params: params.params }, {
      in: err.validationContext,
      issues: err.validation.map((v) => ({ field: v.instancePath.replace(/^\//, '').replaceAll('/', '.'), rule: v.keyword, message: v.message })),
    }));
  }
  if (err.statusCode === 429) return sendError(reply, appError('TOO_MANY_REQUESTS'));
  if (isDatabaseUnavailable(err)) {
    req.log.warn({ err }, 'database unavailable');
    return sendError(reply.header('retry-after', '2'), appError('DATABASE_UNAVAILABLE'));
  }
  if (isDatabaseContended(err)) {
    req.log.warn({ err }, 'request collided with another (deadlock, serialization or lock timeout)');
    return sendError(reply.header('retry-after', '1'), appError('DATABASE_CONTENDED'));
  }
  const input = inputErrorOf(err);
  if (input) {
    // A value the schemas let through and the database refused: bad input, but also a schema to tighten.
    req.log.warn({ err, code: input.code }, 'input refused by the database or the multipart parser');
    return sendError(reply, input);
  }
  if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return sendError(reply, appError('UNSUPPORTED_MEDIA_TYPE'));
  if (err.statusCode === 413 || err.code === 'FST_REQ_FILE_TOO_LARGE') return sendError(reply, appError('PAYLOAD_TOO_LARGE'));
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    const status = err.statusCode as FrameworkStatus;
    return sendError(reply, FRAMEWORK_STATUSES.includes(status) ? appError(`HTTP_${status}`, { detail: err.message }) : appError('BAD_REQUEST', { detail: err.message }));
  }
  req.log.error({ err }, 'unhandled error');
  return sendError(reply, appError('INTERNAL'));
}

/** Answers with a catalogue error; for handlers that answer an error without throwing (the not-found handler). */
export function sendError(reply: FastifyReply, err: DomainError) {
  return reply.code(err.status).send({ code: err.code, field: err.field, message: err.text, details: err.details });
}
