import pg from 'pg';

/**
 * Errors that say the request collided with another one at the same moment, not that it was wrong
 * or the code broken: PostgreSQL aborted its transaction as one side of a deadlock (40P01) or of a
 * serialization conflict (40001), or a lock it may not wait for was held (55P03, `lock_timeout` or
 * NOWAIT). The whole transaction was rolled back, so nothing of the request is kept and it is safe to
 * send again. Case actions retry a deadlock themselves (cases.service.ts `retryOnDeadlock`); what
 * reaches the HTTP mapper is what is left after those attempts, answered 503 DATABASE_CONTENDED with
 * Retry-After (lib/http.ts) instead of a 500.
 */
const CONTENDED_STATE = new Set(['40P01', '40001', '55P03']);

export function isDatabaseContended(err: unknown): boolean {
  return err instanceof pg.DatabaseError && typeof err.code === 'string' && CONTENDED_STATE.has(err.code);
}
