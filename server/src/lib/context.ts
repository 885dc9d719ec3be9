import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';
import type { Clock } from './clock.ts';
import type { EventBus } from '../events/bus.ts';
import type { FileStorage } from './file-storage.ts';
import type { EnterpriseRegistry } from './enterprise-registry.ts';

/** What every service needs, built once when the platform opens (platform.ts) and passed in, so tests can swap the clock. */
export interface AppContext {
  db: Db;
  clock: Clock;
  config: Config;
  storage: FileStorage;
  /** This platform's domain events, wired when it opens (server/src/subscribers.ts). */
  events: EventBus<AppContext>;
  /** The enterprise registry (ENTERPRISE_REGISTRY; modules/bids/registries.ts): tests put a simulated one with their records and faults. */
  registry: EnterpriseRegistry;
  /**
   * Issue 18: the replicas (DATABASE_READ_URL), for reads where staleness is harmless (the public
   * catalog and guides). Unset: `db`. Read it through `replicaDb(ctx)`; never for what a user just changed.
   */
  readDb?: Db;
}

/** Where a read that may be a moment stale goes: the replicas when configured, else the primary. */
export function replicaDb(ctx: Pick<AppContext, 'db' | 'readDb'>): Db {
  return ctx.readDb ?? ctx.db;
}
