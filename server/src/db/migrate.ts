import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';

export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
/** Any fixed number: every instance takes the same advisory lock, so only one migrates at a time. */
const MIGRATION_LOCK = 4_611_000_001;

/** An applied migration's file no longer has the text that was applied: the start stops on it. */
export class MigrationChangedError extends Error {
  constructor(readonly file: string) {
    super(`Migration ${file} was changed after it was applied to this database; restore the file as it was and put the change in a new migration. `
      + `迁移文件 ${file} 在应用到本数据库后被修改，请恢复原文件，把改动写进新的迁移。`);
    this.name = 'MigrationChangedError';
  }
}

/**
 * sha256 of a migration's text. Line endings are made LF first, so a checkout that converts them
 * (git's autocrlf on Windows) does not read as an edit.
 */
export function migrationChecksum(sql: string): string {
  return createHash('sha256').update(sql.replaceAll('\r\n', '\n')).digest('hex');
}

/**
 * Applies the numbered SQL files not yet applied, each in its own transaction, and records each
 * one's checksum. Safe on several instances. Before applying anything it checks that every applied
 * migration still has the text it had: an applied file that was edited throws MigrationChangedError
 * (the change would never reach this database, so it must go into a new migration). Rows applied
 * before checksums existed get the checksum of the file as it is now, once.
 */
export async function migrate(pool: pg.Pool, dir = MIGRATIONS_DIR): Promise<string[]> {
  const files = (await fs.readdir(dir)).filter((f) => /^\d{4}_.*\.sql$/.test(f)).sort();
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    // Added after schema_migrations was first created, so here rather than in a numbered file.
    await client.query('ALTER TABLE schema_migrations ADD COLUMN IF NOT EXISTS checksum text');
    const done = new Map<string, string | null>(
      (await client.query<{ version: string; checksum: string | null }>('SELECT version, checksum FROM schema_migrations')).rows.map((r) => [r.version, r.checksum]));
    const texts = new Map<string, string>();
    for (const file of files) texts.set(file, await fs.readFile(path.join(dir, file), 'utf8'));

    for (const file of files) {
      if (!done.has(file)) continue;
      const checksum = migrationChecksum(texts.get(file)!);
      const recorded = done.get(file);
      if (recorded == null) {
        // Applied before checksums were kept: whether the file changed since cannot be known; trust it once.
        await client.query('UPDATE schema_migrations SET checksum = $2 WHERE version = $1 AND checksum IS NULL', [file, checksum]);
      } else if (recorded !== checksum) {
        throw new MigrationChangedError(file);
      }
    }

    for (const file of files) {
      if (done.has(file)) continue;
      const sql = texts.get(file)!;
      await client.query('BEGIN');
      try {
        await client.query(sql);
        await client.query('INSERT INTO schema_migrations (version, checksum) VALUES ($1, $2)', [file, migrationChecksum(sql)]);
        await client.query('COMMIT');
        applied.push(file);
      } catch (err) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${file} failed: ${(err as Error).message}`, { cause: err });
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    client.release();
  }
  return applied;
}
