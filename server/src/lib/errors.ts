/**
 * Domain errors: a stable code from the catalogue (`errors.catalog.ts`), the HTTP status and the
 * Chinese and English message declared there, the offending field when there is one, and details
 * for clients. The one error handler (`lib/http.ts`) turns them into `{ code, field, message: { zh, en }, details }`.
 *
 * Thrown by name, typed per code: `throw errors.ITEM_NOT_ONLINE()`,
 * `throw errors.MATERIAL_UNKNOWN({ material: key, field: 'materials' })`. There is no way to make
 * an error with a code or a text that is not in the catalogue.
 */
import { CATALOG, ERROR_CODES, type Bilingual, type ErrorCode, type ErrorDef } from './errors.catalog.ts';

export type { Bilingual, ErrorCode };
export { ERROR_CODES };

/** The parameters a code's message takes (`void` when it takes none). */
export type ErrorParams<C extends ErrorCode> = (typeof CATALOG)[C] extends ErrorDef<infer P> ? P : never;

/** Where an error points and what it carries besides its message. */
export interface Where {
  /** The request field at fault, dotted (`materials`, `form.shopArea`). */
  field?: string;
  /** Machine-readable facts for the client (`{ reason: 'BUSY' }`, `{ fileId }`). */
  details?: unknown;
}

type Args<C extends ErrorCode> = ErrorParams<C> extends void ? [where?: Where] : [params: ErrorParams<C> & Where];
type TextArgs<C extends ErrorCode> = ErrorParams<C> extends void ? [] : [params: ErrorParams<C>];

/** Held only by this module, so that no other code can make an error with a text of its own. */
const MAKER = Symbol('DomainError.make');

export class DomainError extends Error {
  private constructor(
    readonly code: ErrorCode,
    readonly status: number,
    readonly text: Bilingual,
    readonly field?: string,
    readonly details?: unknown,
  ) {
    super(`${code}: ${text.en}`);
  }

  /** For the factories below only: the key is not exported. */
  static make(key: typeof MAKER, code: ErrorCode, text: Bilingual, where: Where = {}) {
    if (key !== MAKER) throw new TypeError('DomainError.make is internal to lib/errors.ts');
    return new DomainError(code, CATALOG[code].status, text, where.field, where.details);
  }
}

export const isErrorCode = (code: unknown): code is ErrorCode => typeof code === 'string' && Object.hasOwn(CATALOG, code);

/** The message of a code with its parameters, for places that show it without throwing (rule tables). */
export function errorText<C extends ErrorCode>(code: C, ...args: TextArgs<C>): Bilingual {
  return (CATALOG[code] as ErrorDef<unknown>).text(args[0]);
}

/** The error of a code: `appError('MATERIAL_UNKNOWN', { material, field: 'materials' })`. */
export function appError<C extends ErrorCode>(code: C, ...args: Args<C>): DomainError {
  const { field, details, ...params } = (args[0] ?? {}) as Where & Record<string, unknown>;
  return DomainError.make(MAKER, code, (CATALOG[code] as ErrorDef<unknown>).text(params), { field, details });
}

/** One factory per code, thrown by name: `throw errors.CASE_CLOSED()`. */
const make = appError as (code: ErrorCode, ...args: unknown[]) => DomainError;
export const errors = Object.fromEntries(ERROR_CODES.map((code) => [code, (...args: unknown[]) => make(code, ...args)])) as {
  readonly [C in ErrorCode]: (...args: Args<C>) => DomainError;
};

/**
 * What a zod refinement adds to its issue so that a failing check answers with the code's own
 * status and text: `ctx.addIssue({ code: 'custom', ...schemaIssue('PASSWORD_WEAK') })`, or as the
 * second argument of `.refine`. `lib/http.ts` and `schemaError` read it back.
 */
export function schemaIssue<C extends ErrorCode>(code: C, ...args: TextArgs<C>) {
  return { message: errorText(code, ...args).en, params: { code, textParams: args[0] } };
}

/**
 * A failed schema check as a DomainError: the refinement's own code (from `schemaIssue`) with the
 * catalogue's text, else VALIDATION_FAILED describing the failing rule.
 */
export function schemaError(issue: { field?: string; rule: string; message: string; params?: unknown }, details?: unknown): DomainError {
  const p = (issue.params ?? {}) as { code?: unknown; textParams?: unknown };
  if (isErrorCode(p.code)) {
    return DomainError.make(MAKER, p.code, (CATALOG[p.code] as ErrorDef<unknown>).text(p.textParams), { field: issue.field, details });
  }
  return appError('VALIDATION_FAILED', { path: issue.field, rule: issue.rule, detail: issue.message, field: issue.field, details });
}

// Shortcuts for the three answers every module gives.
export const NOT_FOUND = (what: Bilingual) => errors.NOT_FOUND({ what });
export const FORBIDDEN = () => errors.FORBIDDEN();
export const UNAUTHENTICATED = () => errors.UNAUTHENTICATED();
