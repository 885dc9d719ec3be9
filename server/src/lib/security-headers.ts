import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * Helmet's security headers (CSP and friends) on every response, computed ONCE. @fastify/helmet built
 * a new helmet middleware (parsing the CSP directives, making a dozen functions) on every request:
 * about 2 % of a submission's Node CPU (issue 18). With static options (no functions, no nonces) the
 * headers are the same for every request, so helmet runs once here against a recording response
 * and each request gets the recorded headers on its raw response (so a hijacked reply, an SSE
 * stream or the OIDC provider's pages, carries them too, as before). Options with functions in them
 * are refused, since their headers could differ per request.
 */
export function securityHeaders(app: FastifyInstance, options: HelmetOptions) {
  if (hasFunction(options)) throw new Error('securityHeaders: options must be static (no functions)');
  const headers: Array<[string, string]> = [];
  const removed: string[] = [];
  const recorder = {
    setHeader: (name: string, value: string) => { headers.push([name, String(value)]); },
    removeHeader: (name: string) => { removed.push(name); },
  };
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (err?: unknown) => { if (err) throw err; });
  app.addHook('onRequest', (_req, reply, done) => {
    const res = reply.raw;
    for (const [name, value] of headers) res.setHeader(name, value);
    for (const name of removed) res.removeHeader(name);
    done();
  });
  return headers;
}

function hasFunction(v: unknown): boolean {
  if (typeof v === 'function') return true;
  if (v === null || typeof v !== 'object') return false;
  return Object.values(v).some(hasFunction);
}
