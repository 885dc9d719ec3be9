import type { FastifyInstance, FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import type { AppContext } from '../../lib/context.ts';
import { errors } from '../../lib/errors.ts';
import { resolveSession, SESSION_COOKIE } from './auth.service.ts';
import type { UserView } from './auth.schemas.ts';
import type { Actor } from '../../policies/index.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    session: { token: string; csrfToken: string; user: UserView } | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Reads the session cookie into `request.actor`. Writes made with that cookie must carry the
 * session's CSRF token in `x-csrf-token` (synchronizer token): another site can make the browser
 * send the cookie but cannot read the token.
 */
export function registerAuth(app: FastifyInstance, ctx: AppContext) {
  app.decorateRequest('actor', null);
  app.decorateRequest('session', null);
  app.addHook('preHandler', async (req: FastifyRequest) => {
    if (!req.url.startsWith('/api/')) return;
    const token = req.cookies[SESSION_COOKIE];
    if (!token) return;
    const found = await resolveSession(ctx, token);
    if (!found) return;
    req.actor = found.actor;
    req.session = { token, csrfToken: found.csrfToken, user: found.user };
    if (!SAFE_METHODS.has(req.method) && !csrfMatches(req.headers['x-csrf-token'], found.csrfToken)) {
      throw errors.CSRF_TOKEN_INVALID();
    }
  });
}

function csrfMatches(header: string | string[] | undefined, expected: string): boolean {
  if (typeof header !== 'string') return false;
  const a = Buffer.from(header);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
