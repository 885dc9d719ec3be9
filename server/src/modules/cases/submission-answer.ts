import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../lib/context.ts';
import { prefersMinimalReturn } from '../../lib/prefer.ts';
import { submittedDetail, submittedSummary } from './cases.queries.ts';
import type { Submitted } from './cases.service.ts';

/**
 * A submission's answer (online, at the counter, a joint matter's): the case's whole detail, or its
 * summary as the lists show it when the client prefers a minimal return (RFC 7240; docs/cases.md,
 * "The answer"). `written`: what the submission wrote, when the answer can be built from it.
 */
export async function answerSubmission(ctx: AppContext, req: FastifyRequest, reply: FastifyReply, id: string, written?: Submitted) {
  if (!prefersMinimalReturn(req.headers.prefer)) return reply.send({ case: await submittedDetail(ctx, req.actor, id, written) });
  return reply.header('preference-applied', 'return=minimal').send({ case: await submittedSummary(ctx, req.actor, id, written) });
}
