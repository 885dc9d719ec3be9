import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../lib/context.ts';
import { DomainError, errors } from '../../lib/errors.ts';
import { progress } from './cases.queries.ts';
import { clearProgressFailures, findProgressAttempts, recordProgressFailure } from './progress-attempts.repository.ts';
import { checkReceiptNo } from './receipt-number.ts';

/**
 * The public progress query, guarded against guessing (docs/security.md, "Public progress"):
 * a receipt number with a wrong check digit is refused before any lookup; after
 * PROGRESS_MAX_FAILURES wrong codes within PROGRESS_LOCK_MINUTES the number is locked for
 * PROGRESS_LOCK_MINUTES, even for the right code (423 PROGRESS_LOCKED). The per-client and
 * per-number request rates are limited at the route.
 */
export async function guardedProgress(ctx: AppContext, receiptNo: string, queryCode: string) {
  checkReceiptNo(receiptNo);
  const now = ctx.clock.now();
  const attempts = await findProgressAttempts(ctx.db, receiptNo);
  if (attempts?.locked_until && attempts.locked_until > now) {
    throw errors.PROGRESS_LOCKED({ until: attempts.locked_until, details: { lockedUntil: attempts.locked_until.toISOString() } });
  }
  try {
    const found = await progress(ctx, receiptNo, queryCode);
    if (attempts) await clearProgressFailures(ctx.db, receiptNo);
    return found;
  } catch (err) {
    if (err instanceof DomainError && err.code === 'NOT_FOUND') {
      const windowMs = ctx.config.PROGRESS_LOCK_MINUTES * 60_000;
      await recordProgressFailure(ctx.db, {
        receiptNo, now, max: ctx.config.PROGRESS_MAX_FAILURES,
        lockUntil: new Date(now.getTime() + windowMs), windowStart: new Date(now.getTime() - windowMs),
      });
    }
    throw err;
  }
}

/**
 * The limit per receipt number (PROGRESS_RECEIPT_RATE_PER_MINUTE), whoever asks: many addresses
 * guessing one number's code are held up together. A second limiter beside the route's per-address
 * one (a route runs only one `rateLimit` hook), so it is applied by hand.
 */
export function receiptThrottle(app: FastifyInstance, ctx: AppContext) {
  const limiter = app.createRateLimit({
    max: ctx.config.PROGRESS_RECEIPT_RATE_PER_MINUTE, timeWindow: '1 minute',
    keyGenerator: (req) => `receipt:${(req.query as { receiptNo?: string }).receiptNo ?? ''}`,
  });
  return async (req: FastifyRequest) => {
    const result = await limiter(req);
    if (!result.isAllowed && result.isExceeded) throw errors.TOO_MANY_REQUESTS();
  };
}
