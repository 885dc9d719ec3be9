import type { AppContext } from '../../lib/context.ts';

/**
 * The payment jobs (lib/jobs.ts handlers are plain functions of their payload) reach the platform's
 * context here: bound when the platform opens, before its worker takes a job.
 */
let bound: AppContext | null = null;

export function bindPaymentJobs(ctx: AppContext): void {
  bound = ctx;
}

export function paymentJobsContext(): AppContext {
  // Thrown, the job is retried later by graphile-worker, once the platform has bound its context.
  if (!bound) throw new Error('payment jobs: the platform has not bound its context yet');
  return bound;
}
