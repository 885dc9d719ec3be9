import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { poolOf } from '../../db/database.ts';
import { chinaDate } from '../../lib/clock.ts';
import type { AppContext } from '../../lib/context.ts';
import { sweepRuns } from '../../lib/periodic.ts';
import * as repo from './metrics.repository.ts';

/** How long the database figures of one scrape are reused: a scraper every 15 s, or several, costs at most one set of queries per interval. */
export const DB_FIGURES_TTL_MS = 15_000;

export interface Metrics {
  registry: Registry;
  /** The text a scrape returns (database figures refreshed when older than DB_FIGURES_TTL_MS). */
  scrape(): Promise<string>;
}

/**
 * The metrics of one app instance, in a Registry of its own (prom-client's global registry would
 * throw "already registered" for a second app in the same process, as in the tests).
 */
export function createMetrics(app: FastifyInstance, ctx: AppContext): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'onewindow_' });

  const http = new Histogram({
    name: 'onewindow_http_request_duration_seconds',
    help: 'HTTP request latency by route pattern (not the raw URL: ids would explode the label set), method and status class',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  app.addHook('onResponse', async (req, reply) => {
    // An unmatched URL (a 404, a probe) counts under one label instead of one per URL.
    const route = req.routeOptions.url ?? 'unmatched';
    http.observe({ method: req.method, route, status: `${Math.floor(reply.statusCode / 100)}xx` }, reply.elapsedTime / 1000);
  });

  const pool = poolOf(ctx.db);
  const poolGauge = (name: string, help: string, read: (p: NonNullable<typeof pool>) => number) => new Gauge({
    name, help, registers: [registry],
    collect() { if (pool) this.set(read(pool)); },
  });
  poolGauge('onewindow_db_pool_total', 'Connections the pg pool holds (busy and idle)', (p) => p.totalCount);
  poolGauge('onewindow_db_pool_idle', 'Idle connections of the pg pool', (p) => p.idleCount);
  poolGauge('onewindow_db_pool_waiting', 'Queries waiting for a connection of the pg pool', (p) => p.waitingCount);
  poolGauge('onewindow_db_pool_max', 'The pg pool\'s size limit', (p) => p.options.max ?? 10);

  const jobLag = new Gauge({ name: 'onewindow_job_lag_seconds', help: 'Per periodic sweep: how long its oldest due row has waited (0 when nothing is due)', labelNames: ['job'], registers: [registry] });
  const casesByLight = new Gauge({ name: 'onewindow_open_cases', help: 'Open cases by warning light (none: not judged yet)', labelNames: ['light'], registers: [registry] });
  const outboxPending = new Gauge({ name: 'onewindow_outbox_pending', help: 'Jobs of the job queue not yet done nor given up', registers: [registry] });
  const outboxLocked = new Gauge({ name: 'onewindow_outbox_locked', help: 'Jobs of the job queue a worker holds now', registers: [registry] });
  const outboxAge = new Gauge({ name: 'onewindow_outbox_oldest_due_seconds', help: 'Age of the oldest due job no worker has taken (0 when none)', registers: [registry] });
  new Gauge({
    name: 'onewindow_sweep_last_success_timestamp_seconds', help: 'When each periodic sweep of this instance last finished without error', labelNames: ['sweep'], registers: [registry],
    collect() { for (const [sweep, r] of sweepRuns()) if (r.lastSuccess) this.set({ sweep }, r.lastSuccess / 1000); },
  });
  new Gauge({
    name: 'onewindow_sweep_failures', help: 'Failed runs of each periodic sweep of this instance since it started', labelNames: ['sweep'], registers: [registry],
    collect() { for (const [sweep, r] of sweepRuns()) this.set({ sweep }, r.failures); },
  });

  let refreshed = 0;
  let refreshing: Promise<void> | null = null;
  const refresh = async () => {
    const now = ctx.clock.now();
    const [lights, due, queue] = await Promise.all([
      repo.openCasesByLight(ctx.db),
      repo.oldestDue(ctx.db, chinaDate(now), now, ctx.config.CENTER_TIME_ZONE),
      repo.jobQueueBacklog(ctx.db, now),
    ]);
    casesByLight.reset();
    for (const light of ['green', 'yellow', 'red', 'none']) casesByLight.set({ light }, lights.find((l) => l.light === light)?.n ?? 0);
    for (const [job, since] of Object.entries(due)) jobLag.set({ job }, since ? Math.max(0, (now.getTime() - new Date(since).getTime()) / 1000) : 0);
    outboxPending.set(queue.pending);
    outboxLocked.set(queue.locked);
    outboxAge.set(queue.oldestDue ? Math.max(0, (now.getTime() - queue.oldestDue.getTime()) / 1000) : 0);
    refreshed = Date.now();
  };

  return {
    registry,
    scrape: async () => {
      if (Date.now() - refreshed >= DB_FIGURES_TTL_MS) {
        // Scrapes that arrive together share one refresh.
        refreshing ??= refresh().finally(() => { refreshing = null; });
        await refreshing;
      }
      return registry.metrics();
    },
  };
}
