import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../lib/context.ts';

export function healthRoutes(app: FastifyInstance, ctx: AppContext) {
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
