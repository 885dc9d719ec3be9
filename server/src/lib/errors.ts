/**
 * Domain errors: a stable code, the HTTP status it maps to, the offending field when there is one,
 * and a message in Chinese and English. The one error handler in app.ts turns them into
 * `{ code, field, message: { zh, en } }`.
 */
export interface Bilingual {
  zh: string;
  en: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly text: Bilingual,
    readonly field?: string,
    readonly details?: unknown,
  ) {
    super(`${code}: ${text.en}`);
  }
}

const make = (status: number) => (code: string, text: Bilingual, field?: string, details?: unknown) =>
  new DomainError(code, status, text, field, details);

export const badRequest = make(400);
export const unauthorized = make(401);
export const forbidden = make(403);
export const notFound = make(404);
export const conflict = make(409);
export const locked = make(423);
export const tooMany = make(429);

export const NOT_FOUND = (what: Bilingual) =>
  notFound('NOT_FOUND', { zh: `${what.zh}不存在`, en: `${what.en} not found` });

export const FORBIDDEN = () =>
  forbidden('FORBIDDEN', { zh: '无权执行此操作', en: 'You are not allowed to do this' });

export const UNAUTHENTICATED = () =>
  unauthorized('UNAUTHENTICATED', { zh: '请先登录', en: 'Please sign in first' });
