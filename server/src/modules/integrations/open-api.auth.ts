import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../lib/context.ts';
import { errors } from '../../lib/errors.ts';
import * as repo from './integrations.repository.ts';
import { keyIdOf, keyMatches, type ApiScope } from './keys.ts';
import type { ApiCaller } from './integrations.service.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The consuming system calling /open/v1 (set by the key guard). */
    apiCaller: ApiCaller | null;
  }
}

/**
 * The guard of every /open/v1 route: the key (Authorization: Bearer owk_…), its scope, and its rate
 * limit. The limit is a fixed one-minute window per key counted in PostgreSQL (api_key_windows), not
 * @fastify/rate-limit's in-memory store: behind a load balancer each instance would otherwise allow
 * the whole limit, so a key's limit would grow with the number of instances. One upsert per call,
 * on that key's row only, so one key's traffic never slows another's.
 */
export function requireKey(ctx: AppContext, scope: ApiScope) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const header = req.headers.authorization;
    const raw = typeof header === 'string' && /^Bearer\s+/i.test(header) ? header.replace(/^Bearer\s+/i, '').trim() : null;
    if (!raw) throw errors.API_KEY_MISSING();
    const keyId = keyIdOf(raw);
    if (!keyId) throw errors.API_KEY_INVALID();
    const k = await repo.keyByKeyId(ctx.db, keyId);
    if (!k || !keyMatches(raw, k.key_hash)) throw errors.API_KEY_INVALID();
    if (k.revoked_at || k.client_revoked_at) throw errors.API_KEY_REVOKED();
    if (!k.scopes.includes(scope)) throw errors.API_SCOPE_MISSING({ scope });
    const now = ctx.clock.now();
    const windowStart = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
    const used = await repo.countCall(ctx.db, k.id, windowStart);
    const resetSeconds = Math.max(1, Math.ceil((windowStart.getTime() + 60_000 - now.getTime()) / 1000));
    reply.header('x-ratelimit-limit', k.rate_per_minute);
    reply.header('x-ratelimit-remaining', Math.max(0, k.rate_per_minute - used));
    reply.header('x-ratelimit-reset', resetSeconds);
    if (used > k.rate_per_minute) {
      reply.header('retry-after', resetSeconds);
      throw errors.API_RATE_LIMITED({ limit: k.rate_per_minute });
    }
    await repo.touchKey(ctx.db, k.id, now);
    req.apiCaller = { keyRowId: k.id, clientId: k.client_id, centerId: k.center_id, scopes: k.scopes };
  };
}
