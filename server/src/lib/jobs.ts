import { sql } from 'kysely';
import { Logger, run, runMigrations, type Runner, type TaskList, type WorkerEvents } from 'graphile-worker';
import type pg from 'pg';
import type { Tx } from '../db/database.ts';

/**
 * The job queue for retries and outbound side effects (mail, SMS, webhooks, payment callbacks):
 * graphile-worker on our own PostgreSQL. A job is enqueued with `enqueue(tx, …)` inside the
 * transaction of the change it follows from (graphile_worker.add_job in that transaction), so it
 * exists exactly when the change commits: a rolled-back change never sends anything. The worker
 * is started when the platform opens; any number of instances may run one (jobs are taken with
 * SKIP LOCKED, each runs once), a failing job is retried with exponential backoff, and a job an
 * instance held when it died is released after graphile-worker's lock timeout.
 *
 * Legal due dates are not jobs: they stay in indexed columns of the cases (the source of truth),
 * and the sweeps read them. A job carries only the doing of a side effect.
 */
export interface JobType<P> {
  readonly name: string;
  /** Only for the type: the payload this job carries. */
  readonly payload?: P;
}

export type JobHandler<P> = (payload: P, job: { id: string; attempts: number; maxAttempts: number }) => Promise<void>;

const handlers = new Map<string, JobHandler<never>>();

/** Declares a job type and the function that does it (registered once per process, at import). */
export function defineJob<P>(name: string, handler: JobHandler<P>): JobType<P> {
  if (handlers.has(name)) throw new Error(`job ${name} is defined twice`);
  handlers.set(name, handler as JobHandler<never>);
  return { name };
}

export interface EnqueueOptions {
  /** Not before this time. */
  runAt?: Date;
  /** Attempts before the job is left failed (graphile-worker's default: 25). */
  maxAttempts?: number;
  /** A job with the same key replaces the one still waiting (debounce, deduplication). */
  key?: string;
}

/** Adds a job in the caller's transaction: it runs only if that transaction commits. */
export async function enqueue<P>(tx: Tx, job: JobType<P>, payload: P, opts: EnqueueOptions = {}): Promise<void> {
  const args = [sql`${job.name}::text`, sql`payload => ${JSON.stringify(payload)}::json`];
  if (opts.runAt) args.push(sql`run_at => ${opts.runAt.toISOString()}::timestamptz`);
  if (opts.maxAttempts) args.push(sql`max_attempts => ${opts.maxAttempts}::int`);
  if (opts.key) args.push(sql`job_key => ${opts.key}::text`);
  await sql`SELECT graphile_worker.add_job(${sql.join(args)})`.execute(tx);
}

const quietLogger = (log: (m: string) => void) => new Logger(() => (level, message) => {
  if (level === 'error' || level === 'warning') log(`jobs: ${message}`);
});

/** Creates or updates graphile-worker's schema (its own migrations; safe on several instances). */
export async function installJobQueue(pool: pg.Pool, log: (m: string) => void = () => {}): Promise<void> {
  await runMigrations({ pgPool: pool, logger: quietLogger(log) });
}

export interface JobWorker {
  /** Stops taking jobs and waits for the running ones. */
  stop(): Promise<void>;
  /** graphile-worker's events (job:success, job:error for a failed attempt, job:failed when it gives up …), for logs and tests. */
  events: WorkerEvents;
}

/** Starts this instance's worker on the job types defined so far. */
export async function startJobWorker(pool: pg.Pool, log: (m: string) => void = () => {}, opts: { concurrency?: number; pollInterval?: number } = {}): Promise<JobWorker> {
  const taskList: TaskList = {};
  for (const [name, handler] of handlers) {
    taskList[name] = async (payload, helpers) => {
      await handler(payload as never, { id: String(helpers.job.id), attempts: helpers.job.attempts, maxAttempts: helpers.job.max_attempts });
    };
  }
  const runner: Runner = await run({
    pgPool: pool, taskList, concurrency: opts.concurrency ?? 2, pollInterval: opts.pollInterval ?? 2000,
    noHandleSignals: true, logger: quietLogger(log),
    // Graceful stop: graphile-worker writes a job's completion (or failure) without awaiting it,
    // so unbatched, stop() could resolve before that write and the platform close the pool under
    // it: the job, done, stayed claimed (locked_by) until the 4-hour lock timeout and then ran
    // again. Batched (delay 0: no waiting), stop() flushes the pending writes before it resolves
    // (server/src/shutdown.test.ts).
    preset: { worker: { completeJobBatchDelay: 0, failJobBatchDelay: 0 } },
  });
  return { stop: () => runner.stop(), events: runner.events };
}
