import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { DB } from './types.ts';

export type Db = Kysely<DB>;
export type Tx = Transaction<DB>;

// Dates stay strings (YYYY-MM-DD): a legal date has no time zone and must not shift through a Date.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);
// bigint counts fit in a JS number for anything this system stores.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export interface Database {
  db: Db;
  pool: pg.Pool;
  close(): Promise<void>;
}

export function openDatabase(url: string, max = 20): Database {
  const pool = new pg.Pool({ connectionString: url, max, application_name: 'onewindow' });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => {});
  pool.on('connect', (client) => { client.on('error', () => {}); });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return { db, pool, close: () => db.destroy() };
}
