import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { toleratingLostServer } from '../db/database.ts';
import { migrate, MIGRATIONS_DIR } from '../db/migrate.ts';
import { createTestDatabase, testDataDir } from './harness.ts';

/**
 * A scratch database migrated up to just before `migration`, for a test of what that one migration does to the rows
 * it finds: the test writes them with `q`, then `apply()` runs the migration under test and answers what was applied.
 * `close()` drops the database.
 */
export async function beforeMigration(migration: string) {
  const database = await createTestDatabase('template1');
  const pool = toleratingLostServer(new pg.Pool({ connectionString: database.url, max: 2 }));
  const close = async () => { await pool.end(); await database.drop(); };
  const dir = fs.mkdtempSync(path.join(testDataDir(), `migrations-${migration.slice(0, 4)}-`));
  try {
    const files = fs.readdirSync(MIGRATIONS_DIR).filter((f) => /^\d{4}_.*\.sql$/.test(f) && f < migration);
    for (const f of files) fs.copyFileSync(path.join(MIGRATIONS_DIR, f), path.join(dir, f));
    await migrate(pool, dir);
  } catch (err) {
    await close();
    throw err;
  }
  return {
    q: async <T extends pg.QueryResultRow>(text: string, values: unknown[] = []) => (await pool.query<T>(text, values)).rows,
    apply: async () => {
      fs.copyFileSync(path.join(MIGRATIONS_DIR, migration), path.join(dir, migration));
      return migrate(pool, dir);
    },
    close,
  };
}
