import pg from 'pg';

/**
 * Errors that say the database could not be reached or went away, not that the request was wrong
 * or the code broken (issue 18): during a failover the old primary's connections die mid-query and
 * new ones are refused until the replica is promoted. They are answered 503 DATABASE_UNAVAILABLE
 * with Retry-After (lib/http.ts), which a client resends; an application resent with its
 * idempotency key is never written twice. Everything else stays a 500 INTERNAL.
 *
 * SQLSTATE classes and codes: 08 connection exception; 57P01–57P03 the server shutting down, crashed
 * or still starting; 53300 too many connections; 25006 a write reaching a server that became
 * read-only (a demoted primary).
 */
const UNAVAILABLE_STATE = /^(08...|57P0[123]|53300|25006)$/;
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
// node-postgres's own messages for a connection that ended or could not be made in time.
const DRIVER_MESSAGE = /^(Connection terminated|Client has encountered a connection error and is not queryable|timeout exceeded when trying to connect|Client was closed and is not queryable)/;

export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (!(err instanceof Error) || depth > 3) return false;
  if (err instanceof pg.DatabaseError) return typeof err.code === 'string' && UNAVAILABLE_STATE.test(err.code);
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && SOCKET_CODES.has(code)) return true;
  if (DRIVER_MESSAGE.test(err.message)) return true;
  // Connecting to a name with several addresses fails with one error per address.
  return err instanceof AggregateError && err.errors.length > 0 && err.errors.every((e) => isDatabaseUnavailable(e, depth + 1));
}
