import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import type { Config } from './config.ts';
import { openDatabase, type Database } from './db/database.ts';
import { startDatabase, type DatabaseServer } from './db/engine.ts';
import { migrate } from './db/migrate.ts';
import { grantRuntimeRole, runtimeRoleWarnings } from './db/roles.ts';
import { systemClock, type Clock } from './lib/clock.ts';
import { installJobQueue, startJobWorker } from './lib/jobs.ts';
import { sweepsIdle } from './lib/periodic.ts';
import type { AppContext } from './lib/context.ts';
import { diskStorage } from './modules/files/storage.ts';
import { seedDemo } from './seed/seed.ts';
import { startCaseJobs } from './modules/cases/cases.jobs.ts';
import { startDeliveryJobs } from './modules/delivery/delivery.jobs.ts';
import { seedCalendar } from './modules/calendar/calendar.service.ts';
import { startFeeJobs } from './modules/fees/fees.jobs.ts';
import { startSupervisionJobs } from './modules/supervision/supervision.jobs.ts';
import { startHallJobs } from './modules/hall/hall.jobs.ts';
import { startBidJobs } from './modules/bids/bids.jobs.ts';
import { startWorkOrderJobs } from './modules/workorders/workorders.jobs.ts';
import { startRatingJobs } from './modules/ratings/ratings.jobs.ts';
import { startSsoJobs } from './modules/sso/sso.jobs.ts';
import { startLicenceJobs } from './modules/elicences/elicences.jobs.ts';
import { domainEvents } from './subscribers.ts';
import { bindPaymentJobs } from './modules/payments/jobs-context.ts';
import { startPaymentJobs } from './modules/payments/payments.jobs.ts';
import { setListeningUrl } from './modules/payments/channels.ts';
import { bindOutboundJobs } from './modules/notifications/outbound.ts';
import { bindSsoJobs } from './modules/sso/sso.backchannel.ts';
import { startEventDelivery } from './modules/integrations/deliveries.ts';
import { encryptClearSecrets } from './modules/integrations/secret-box.ts';
import { enterpriseRegistry } from './modules/bids/registries.ts';

/** Everything a running platform holds, so one call can close it in the right order. */
export interface Platform {
  ctx: AppContext;
  server: DatabaseServer;
  database: Database;
  close(): Promise<void>;
}

export async function openPlatform(config: Config, opts: { clock?: Clock; log?: (m: string) => void; migrate?: boolean; jobs?: boolean } = {}): Promise<Platform> {
  const log = opts.log ?? (() => {});
  const server = await startDatabase(config, log);
  const database = openDatabase(server.url, config.DATABASE_POOL_SIZE);
  try {
    // Migrations and grants as the owner; everything else as the runtime role (db/roles.ts). The job
    // queue's schema is the worker's to install even without migrations (graphile-worker always did).
    const migrating = opts.migrate !== false;
    if (migrating || opts.jobs !== false) {
      const owner = server.ownerUrl === server.url ? null : openDatabase(server.ownerUrl, 2);
      try {
        const ownerPool = owner?.pool ?? database.pool;
        if (migrating) {
          const applied = await migrate(ownerPool);
          if (applied.length) log(`migrations applied: ${applied.join(', ')}`);
        }
        await installJobQueue(ownerPool, log);
        if (owner) {
          const role = (await database.pool.query<{ r: string }>('SELECT current_user AS r')).rows[0]!.r;
          await grantRuntimeRole(owner.pool, role);
        }
      } finally {
        await owner?.close();
      }
    }
    if (migrating) {
      for (const w of await runtimeRoleWarnings(database.pool)) log(`warning: ${w}`);
      // The official holiday schedules are reference data every deployment needs, demo or not.
      const { loaded } = await seedCalendar(database.db, new Date());
      if (loaded.length) log(`official holiday schedules loaded: ${loaded[0]}–${loaded.at(-1)}`);
      // The data half of migration 0048: webhook signing secrets written before it get encrypted.
      const encrypted = await encryptClearSecrets(database.db, config.sealKeyFile);
      if (encrypted) log(`webhook signing secrets encrypted at rest: ${encrypted}`);
    }
  } catch (err) {
    await database.close();
    await server.stop();
    throw err;
  }
  // The domain events are wired here, with the context, not by the HTTP routes (a jobs-only process needs them too).
  const ctx: AppContext = { db: database.db, clock: opts.clock ?? systemClock, config, storage: diskStorage(config.filesDir), events: domainEvents(), registry: enterpriseRegistry(config) };
  // Reads where staleness is harmless go to the replicas when DATABASE_READ_URL names them (docs/operations.md, "The cluster").
  const replicas = config.DATABASE_READ_URL ? openDatabase(config.DATABASE_READ_URL, 10) : null;
  if (replicas) ctx.readDb = replicas.db;
  bindPaymentJobs(ctx);
  bindOutboundJobs(ctx);
  bindSsoJobs(ctx);
  // The job worker (lib/jobs.ts) belongs to the platform, not to HTTP: a jobs-only process runs it too.
  const worker = opts.jobs === false ? null : await startJobWorker(database.pool, log).catch(async (err: unknown) => {
    await database.close();
    await server.stop();
    throw err;
  });
  return {
    ctx, server, database,
    close: async () => {
      await worker?.stop();
      await replicas?.close();
      await database.close();
      await server.stop();
    },
  };
}

/** Demo data on first start: always for the embedded database, for an external one only when asked. */
export async function seedIfWanted(p: Platform, log: (m: string) => void) {
  const mode = p.ctx.config.SEED_DEMO;
  if (mode === 'false' || (mode === 'auto' && !p.server.embedded)) return;
  await seedDemo(p.ctx, log);
}

export async function serve(p: Platform, log: (m: string) => void = () => {}): Promise<FastifyInstance> {
  const app = await buildApp(p.ctx, { logger: true });
  const stops: Array<() => void> = [];
  // Hooks must be added before listening; the jobs start once the server is up.
  // Graceful shutdown: the sweeps stop taking batches and the ones running finish (and commit, which
  // releases their row locks and leases) before the platform closes the pool (docs/operations.md).
  let stopEvents: (() => Promise<void>) | null = null;
  // A request in flight when the stop begins may be on a kept-alive connection (a load balancer's):
  // answered after the server stopped listening, that connection would stay open, idle, until
  // Fastify's keep-alive timeout (72 s), and the stop would wait for it. While closing, an answer
  // says `Connection: close` (Node then ends the connection), and any connection left idle is closed.
  let closing = false;
  app.addHook('preClose', async () => { closing = true; });
  app.addHook('onSend', async (_req, reply) => { if (closing) void reply.header('connection', 'close'); });
  app.addHook('onResponse', async () => { if (closing) setImmediate(() => app.server.closeIdleConnections()); });
  app.addHook('onClose', async () => {
    for (const stop of stops) stop();
    await sweepsIdle();
    if (stopEvents) await stopEvents();
  });
  await app.listen({ port: p.ctx.config.PORT, host: p.ctx.config.HOST });
  const bound = app.server.address();
  if (bound && typeof bound === 'object') setListeningUrl(`http://${bound.family === 'IPv6' ? `[${bound.address === '::' ? '::1' : bound.address}]` : bound.address === '0.0.0.0' ? '127.0.0.1' : bound.address}:${bound.port}`);
  stops.push(startCaseJobs(p.ctx, log), startSupervisionJobs(p.ctx, log), startLicenceJobs(p.ctx, log), startDeliveryJobs(p.ctx, log), startFeeJobs(p.ctx, log), startPaymentJobs(p.ctx, log));
  stops.push(startHallJobs(p.ctx, log));
  stops.push(startWorkOrderJobs(p.ctx, log));
  stops.push(startRatingJobs(p.ctx, log));
  stops.push(startSsoJobs(p.ctx, log));
  stops.push(startBidJobs(p.ctx, log));
  // Issue 17: CloudEvents to subscribed systems; a graceful stop lets the deliveries in flight finish.
  stopEvents = startEventDelivery(p.ctx, log);
  return app;
}
