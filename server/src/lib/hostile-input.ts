import type { FastifyRequest } from 'fastify';
import pg from 'pg';
import { appError, type DomainError } from './errors.ts';

/**
 * Input that no route should ever see, refused once for every route (app.ts registers
 * `rejectHostileInput` as a global preValidation hook) instead of route by route:
 *
 * - NUL (U+0000) in any string of the body, the query or the path: PostgreSQL cannot store it in
 *   text and answers an error that used to become a 500;
 * - a lone UTF-16 surrogate (`"\ud800"` is valid JSON but no character): it cannot be encoded
 *   as UTF-8 and would be stored as U+FFFD, silently changing what was sent;
 * - a multipart body whose content type names no boundary (the parser would throw later).
 *
 * `databaseInputError` is the safety net behind the schemas: a value the database refuses
 * (out of range, a missing reference, a duplicate) is bad input, answered 4xx with a code.
 */
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHARACTER = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The dotted path of the first string (key or value) that holds a forbidden character, or null. */
export function findForbiddenCharacter(value: unknown, path = '', depth = 0): string | null {
  if (typeof value === 'string') return FORBIDDEN_CHARACTER.test(value) ? path : null;
  // Deeper than any schema goes: refused by the schemas anyway, not worth walking.
  if (value === null || typeof value !== 'object' || depth > 64) return null;
  if (Buffer.isBuffer(value) || typeof (value as { pipe?: unknown }).pipe === 'function') return null;
  for (const [key, v] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key;
    if (FORBIDDEN_CHARACTER.test(key)) return at;
    const found = findForbiddenCharacter(v, at, depth + 1);
    if (found !== null) return found;
  }
  return null;
}

export async function rejectHostileInput(req: FastifyRequest): Promise<void> {
  const contentType = req.headers['content-type'];
  if (typeof contentType === 'string' && /^\s*multipart\//i.test(contentType) && !/;\s*boundary=("[^"]+"|[^;\s]+)/i.test(contentType)) {
    throw appError('MULTIPART_INVALID');
  }
  for (const [part, value] of [['params', req.params], ['query', req.query], ['body', req.body]] as const) {
    const at = findForbiddenCharacter(value);
    if (at !== null) throw appError('INPUT_INVALID_CHARACTER', { field: at || part, details: { in: part } });
  }
}

/** Busboy's own errors (a cut-off or malformed multipart body) carry no status: recognised by their text. */
const MULTIPART_FAILURE = /^(Multipart: |Unexpected end of (form|file)|Malformed (part header|urlencoded form))/;

/** The 4xx answer for an error caused by the request's input, or null for a real fault (answered 500). */
export function inputErrorOf(err: unknown): DomainError | null {
  if (err instanceof pg.DatabaseError && typeof err.code === 'string') return databaseInputError(err.code);
  if (err instanceof Error && MULTIPART_FAILURE.test(err.message)) return appError('MULTIPART_INVALID');
  return null;
}

/**
 * PostgreSQL's SQLSTATE classes that mean "this value is not acceptable": 22 data exception
 * (out of range, bad format, NUL, untranslatable character), 23 integrity constraint violation.
 */
function databaseInputError(code: string): DomainError | null {
  if (code === '22021' || code === '22P05') return appError('INPUT_INVALID_CHARACTER');
  if (code === '23505') return appError('INPUT_CONFLICT');
  if (code === '23503') return appError('INPUT_REFERENCE_UNKNOWN');
  if (code.startsWith('22') || code.startsWith('23')) return appError('INPUT_OUT_OF_RANGE');
  return null;
}
