import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';
import type { Clock } from './clock.ts';
import type { EventBus } from '../events/bus.ts';
import type { FileStorage } from './file-storage.ts';

/** What every service needs, built once when the platform opens (platform.ts) and passed in, so tests can swap the clock. */
export interface AppContext {
  db: Db;
  clock: Clock;
  config: Config;
  storage: FileStorage;
  /** This platform's domain events, wired when it opens (server/src/subscribers.ts). */
  events: EventBus<AppContext>;
}
