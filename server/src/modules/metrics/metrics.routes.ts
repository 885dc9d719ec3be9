import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../lib/context.ts';
import { errors } from '../../lib/errors.ts';
import { createMetrics } from './metrics.ts';

/**
 * GET /metrics, Prometheus's text format (docs/operations.md, "Metrics"). Not public: it says how
 * busy the center is and which sweeps lag. Allowed to a client on the loopback address that came
 * directly (no X-Forwarded-For / Forwarded header: a request relayed by a proxy on this host is not
 * local), or to anyone with `Authorization: Bearer <METRICS_TOKEN>`.
 */
export function metricsRoutes(app: FastifyInstance, ctx: AppContext) {
  const metrics = createMetrics(app, ctx);
  app.get('/metrics', { schema: { hide: true } }, async (req, reply) => {
    if (!mayScrape(req, ctx.config.METRICS_TOKEN)) throw errors.FORBIDDEN();
    const text = await metrics.scrape();
    return reply.header('cache-control', 'no-store').type(metrics.registry.contentType).send(text);
  });
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

function mayScrape(req: FastifyRequest, token: string | undefined): boolean {
  const auth = req.headers.authorization;
  if (token && auth?.startsWith('Bearer ')) {
    const given = Buffer.from(auth.slice(7).trim());
    const wanted = Buffer.from(token);
    return given.length === wanted.length && timingSafeEqual(given, wanted);
  }
  const relayed = req.headers['x-forwarded-for'] !== undefined || req.headers.forwarded !== undefined;
  return !relayed && LOOPBACK.test(req.socket.remoteAddress ?? '');
}
