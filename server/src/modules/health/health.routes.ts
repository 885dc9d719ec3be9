import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../lib/context.ts';

export function healthRoutes(app: FastifyInstance, ctx: AppContext) {
  // The balancer's check (ops/cluster/haproxy.cfg.in): is this instance up and answering? Not the
  // database: every instance shares it, so taking them all out while it fails over gains nothing (their
  // own 503 DATABASE_UNAVAILABLE is as retryable as the balancer's) and delays the service's return by
  // the checks needed to bring them back once a primary answers.
  app.withTypeProvider<ZodTypeProvider>().get('/api/health/live', {
    schema: {
      tags: ['operations'],
      summary: "Liveness of this instance, without the database (the load balancer's check): 200 while it serves",
      response: { 200: z.object({ status: z.literal('ok') }) },
    },
  }, async () => ({ status: 'ok' as const }));

  app.withTypeProvider<ZodTypeProvider>().get('/api/health', {
    schema: {
      tags: ['operations'],
      summary: 'Liveness with the database: 200 when it answers, 503 when it does not',
      response: { 200: z.object({ status: z.literal('ok') }), 503: z.object({ status: z.literal('unavailable'), reason: z.string() }) },
    },
  }, async (_req, reply) => {
    try {
      await Promise.race([
        sql`SELECT 1`.execute(ctx.db),
        new Promise((_, reject) => setTimeout(() => reject(new Error('database did not answer within 3 s')), 3000).unref()),
      ]);
      return { status: 'ok' as const };
    } catch (err) {
      return reply.code(503).send({ status: 'unavailable' as const, reason: (err as Error).message.slice(0, 200) });
    }
  });
}
