import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';
import type { Clock } from './clock.ts';
import type { FileStorage } from '../modules/files/storage.ts';

/** What every service needs, built once in app.ts and passed in, so tests can swap the clock. */
export interface AppContext {
  db: Db;
  clock: Clock;
  config: Config;
  storage: FileStorage;
}
