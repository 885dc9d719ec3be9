import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import pg from 'pg';
import { createTestDatabase, testDataDir } from '../test/harness.ts';
import { toleratingLostServer } from './database.ts';
import { migrate, MigrationChangedError, migrationChecksum, MIGRATIONS_DIR } from './migrate.ts';

/** A fresh empty database, a pool on it, and a folder of migration files for it. */
async function emptyDatabase(files: Record<string, string>) {
  const database = await createTestDatabase('template1');
  const pool = toleratingLostServer(new pg.Pool({ connectionString: database.url, max: 2 }));
  const dir = fs.mkdtempSync(path.join(testDataDir(), 'migrations-'));
  for (const [name, sql] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), sql);
  return { pool, dir, close: async () => { await pool.end(); await database.drop(); } };
}

test('an applied migration whose file changed stops migrate with a message naming the file', async () => {
  const db = await emptyDatabase({
    '0001_a.sql': 'CREATE TABLE a (id int);',
    '0002_b.sql': 'CREATE TABLE b (id int);',
  });
  try {
    assert.deepEqual(await migrate(db.pool, db.dir), ['0001_a.sql', '0002_b.sql']);
    const rows = (await db.pool.query('SELECT version, checksum FROM schema_migrations ORDER BY version')).rows;
    assert.deepEqual(rows, [
      { version: '0001_a.sql', checksum: migrationChecksum('CREATE TABLE a (id int);') },
      { version: '0002_b.sql', checksum: migrationChecksum('CREATE TABLE b (id int);') },
    ]);
    assert.deepEqual(await migrate(db.pool, db.dir), [], 'nothing applied twice');

    fs.writeFileSync(path.join(db.dir, '0002_b.sql'), 'CREATE TABLE b (id int, name text);');
    fs.writeFileSync(path.join(db.dir, '0003_c.sql'), 'CREATE TABLE c (id int);');
    await assert.rejects(migrate(db.pool, db.dir), (err: Error) => {
      assert.ok(err instanceof MigrationChangedError);
      assert.match(err.message, /^Migration 0002_b\.sql was changed after it was applied to this database/);
      assert.match(err.message, /迁移文件 0002_b\.sql 在应用到本数据库后被修改/);
      return true;
    });
    const c = await db.pool.query("SELECT to_regclass('c') AS c");
    assert.equal(c.rows[0].c, null, 'nothing after the check was applied');

    // A checkout that turns line endings into CRLF is not an edit.
    fs.writeFileSync(path.join(db.dir, '0002_b.sql'), 'CREATE TABLE b (id int);'.replaceAll('\n', '\r\n'));
    fs.writeFileSync(path.join(db.dir, '0001_a.sql'), 'CREATE TABLE a\r\n(id int);');
    await assert.rejects(migrate(db.pool, db.dir), /Migration 0001_a\.sql was changed/);
  } finally {
    await db.close();
  }
});

test('migrations applied before checksums were kept get the checksum of their file once, then are checked', async () => {
  const db = await emptyDatabase({ '0001_a.sql': 'CREATE TABLE a (id int);' });
  try {
    // schema_migrations as it was before the checksum column.
    await db.pool.query(`CREATE TABLE schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());
      CREATE TABLE a (id int); INSERT INTO schema_migrations (version) VALUES ('0001_a.sql')`);
    assert.deepEqual(await migrate(db.pool, db.dir), []);
    const row = (await db.pool.query('SELECT checksum FROM schema_migrations')).rows[0];
    assert.equal(row.checksum, migrationChecksum('CREATE TABLE a (id int);'));

    fs.writeFileSync(path.join(db.dir, '0001_a.sql'), 'CREATE TABLE a (id bigint);');
    await assert.rejects(migrate(db.pool, db.dir), MigrationChangedError);
  } finally {
    await db.close();
  }
});

/** 0007_joint.sql as it landed (abb77bf), before the two commits that edited it. */
function firstText0007(): string {
  let sql = fs.readFileSync(path.join(MIGRATIONS_DIR, '0007_joint.sql'), 'utf8');
  const undo = (from: RegExp) => {
    assert.match(sql, from, `0007_joint.sql still holds ${from}`);
    sql = sql.replace(from, '');
  };
  undo(/ INCLUDE \(status, kind\)(?=\n {2}WHERE status IN \('accepted')/);
  undo(/ INCLUDE \(status, kind, department_id\)/);
  undo(/-- The lead department's coordination view[^\n]*\nCREATE INDEX cases_joint_led [^;]*;\n\n/);
  return sql;
}

/** Every index, constraint and column of the public schema, as the catalogue describes it. */
async function schemaOf(pool: pg.Pool) {
  const indexes = (await pool.query("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname")).rows;
  const constraints = (await pool.query(`SELECT conrelid::regclass::text AS t, conname, pg_get_constraintdef(oid) AS def
    FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2`)).rows;
  const columns = (await pool.query(`SELECT table_name, column_name, data_type, is_nullable, column_default
    FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1, 2`)).rows;
  return { indexes, constraints, columns };
}

test('0008 brings a database built with the first text of 0007 to the schema of the current one, and changes nothing on a current one', async () => {
  const files = Object.fromEntries(fs.readdirSync(MIGRATIONS_DIR).filter((f) => f < '0007').map((f) => [f, fs.readFileSync(path.join(MIGRATIONS_DIR, f), 'utf8')]));
  const old = await emptyDatabase({ ...files, '0007_joint.sql': firstText0007() });
  const at0007 = await emptyDatabase({ ...files, '0007_joint.sql': fs.readFileSync(path.join(MIGRATIONS_DIR, '0007_joint.sql'), 'utf8') });
  // A clone of the template: built with the current 0007 (and every later migration). No connection
  // to the template itself stays open, or the other files could not clone it.
  const copy = await createTestDatabase();
  const current = toleratingLostServer(new pg.Pool({ connectionString: copy.url, max: 1 }));
  try {
    await migrate(old.pool, old.dir);
    const before = await schemaOf(old.pool);
    const want = await schemaOf(current);
    assert.notDeepEqual(before.indexes, want.indexes, 'the first text of 0007 built other indexes');
    assert.equal(before.indexes.some((i) => i.indexname === 'cases_joint_led'), false);

    for (const f of fs.readdirSync(MIGRATIONS_DIR).filter((name) => name >= '0008')) {
      fs.copyFileSync(path.join(MIGRATIONS_DIR, f), path.join(old.dir, f));
    }
    await migrate(old.pool, old.dir);
    assert.deepEqual(await schemaOf(old.pool), want);

    // On a database built with the current 0007, 0008 changes nothing. (Not on the template: later
    // migrations dropped indexes 0008 repairs, 0059 among them, and 0008 runs once, before them.)
    const repair = fs.readFileSync(path.join(MIGRATIONS_DIR, '0008_joint_indexes_repair.sql'), 'utf8');
    const oids = async (pool: pg.Pool) => (await pool.query("SELECT indexrelid::regclass::text AS name, indexrelid::int AS oid FROM pg_index WHERE indrelid = 'cases'::regclass ORDER BY 1")).rows;
    await migrate(at0007.pool, at0007.dir);
    const kept = await oids(at0007.pool);
    assert.ok(kept.some((i) => i.name === 'cases_center_priority'), 'the current 0007 made the index 0008 repairs');
    await at0007.pool.query(repair);
    assert.deepEqual(await oids(at0007.pool), kept, 'no index was rebuilt');
  } finally {
    await current.end();
    await copy.drop();
    await old.close();
    await at0007.close();
  }
});
