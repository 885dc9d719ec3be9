import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type Kysely, sql } from 'kysely';
import { testApp, type TestApp } from '../test/harness.ts';
import { nameStatement, openDatabase } from './database.ts';
import { prepared, preparedByShape } from './prepared.ts';

interface Scratch { prepared_scratch: { id: number; label: string | null; note?: string | null } }

// db/prepared.ts: a statement built and compiled once answers each call with that call's values.
let t: TestApp;
before(async () => { t = await testApp(); });
after(() => t.close());

test('one compile, each call its own values, inside a transaction as well', async () => {
  let builds = 0;
  const byLogin = prepared((db, p: { login: string; kind: 'person' | 'enterprise' | 'staff' }) => {
    builds++;
    return db.selectFrom('users').select(['username', 'kind']).where('username', '=', p.login).where('kind', '=', p.kind);
  });
  const a = (await byLogin(t.ctx.db, { login: 'window1', kind: 'staff' })).rows;
  const b = (await byLogin(t.ctx.db, { login: 'manager', kind: 'staff' })).rows;
  const none = (await byLogin(t.ctx.db, { login: 'window1', kind: 'person' })).rows;
  const inTx = await t.ctx.db.transaction().execute(async (tx) => (await byLogin(tx, { login: 'supervisor', kind: 'staff' })).rows);
  assert.deepEqual([a, b, none, inTx], [[{ username: 'window1', kind: 'staff' }], [{ username: 'manager', kind: 'staff' }], [], [{ username: 'supervisor', kind: 'staff' }]]);
  assert.equal(builds, 1, 'built once');
});

test('a builder whose shape reads a value is refused at its first call, nothing sent', async () => {
  const shaped = prepared((db, p: { login: string; limit: number }) => db.selectFrom('users').select('username').where('username', '=', p.login).$if(Boolean(p.limit), (q) => q.limit(5)));
  await assert.rejects(shaped(t.ctx.db, { login: 'window1', limit: 1 }), /parameter limit is not a parameter of the statement/);
});

test('a write answers the rows it touched', async () => {
  const rename = prepared((db, p: { login: string; phone: string | null }) => db.updateTable('users').set({ phone: p.phone }).where('username', '=', p.login));
  const r = await rename(t.ctx.db, { login: 'window1', phone: '13800000000' });
  assert.equal(Number(r.numAffectedRows), 1);
  assert.equal((await t.ctx.db.selectFrom('users').select('phone').where('username', '=', 'window1').executeTakeFirstOrThrow()).phone, '13800000000');
});

test('by shape: one compile per list of columns; past the limit each call is built anew and still answers', async () => {
  let builds = 0;
  const byColumns = preparedByShape((columns) => (db, p: Record<string, unknown>) => {
    builds++;
    return db.selectFrom('users').select('username').where((eb) => eb.and(columns.map((c) => eb(c as 'username', '=', p[c] as string))));
  }, 1);
  const first = async () => (await byColumns(['username'])(t.ctx.db, { username: 'window1' })).rows;
  assert.deepEqual(await first(), [{ username: 'window1' }]);
  assert.deepEqual(await first(), [{ username: 'window1' }]);
  assert.equal(builds, 1, 'the first shape compiled once');
  const second = async () => (await byColumns(['username', 'kind'])(t.ctx.db, { username: 'manager', kind: 'staff' })).rows;
  assert.deepEqual(await second(), [{ username: 'manager' }]);
  assert.deepEqual(await second(), [{ username: 'manager' }]);
  assert.equal(builds, 3, 'a shape past the limit is built at each call');
});

test('sent as a named statement, parsed once per connection, unless its result is *; both answer after a migration adds a column', async () => {
  // One connection as the owner (who may create the scratch table), so its prepared statements can be read back.
  const one = openDatabase(t.config.DATABASE_OWNER_URL!, 1);
  try {
    await sql`CREATE TABLE prepared_scratch (id int PRIMARY KEY, label text)`.execute(one.db);
    await sql`INSERT INTO prepared_scratch VALUES (1, 'one'), (2, 'two')`.execute(one.db);
    const named = prepared((db, p: { id: number }) => (db as unknown as Kysely<Scratch>).selectFrom('prepared_scratch').select(['id', 'label']).where('id', '=', p.id));
    const star = prepared((db, p: { id: number }) => (db as unknown as Kysely<Scratch>).selectFrom('prepared_scratch').selectAll().where('id', '=', p.id));
    const kept = async () => (await sql<{ name: string; statement: string }>`SELECT name, statement FROM pg_prepared_statements WHERE statement LIKE '%prepared_scratch%'`.execute(one.db)).rows;

    // First parsed inside a transaction that rolls back: a prepared statement outlives it.
    await one.db.transaction().execute(async (tx) => {
      assert.deepEqual((await named(tx, { id: 1 })).rows, [{ id: 1, label: 'one' }]);
      await sql`SELECT 1/0`.execute(tx);
    }).catch((e: Error) => assert.match(e.message, /division by zero/));
    assert.deepEqual((await named(one.db, { id: 2 })).rows, [{ id: 2, label: 'two' }]);
    assert.deepEqual((await star(one.db, { id: 2 })).rows, [{ id: 2, label: 'two' }]);
    const before = await kept();
    assert.equal(before.length, 1, 'the named statement is kept, the * one is not');
    assert.match(before[0]!.name, /^ow_\d+$/);
    assert.doesNotMatch(before[0]!.statement, /\*/);

    // A migration under the running instance: both still answer, the named one from its kept statement.
    await sql`ALTER TABLE prepared_scratch ADD COLUMN note text DEFAULT 'n'`.execute(one.db);
    assert.deepEqual((await named(one.db, { id: 1 })).rows, [{ id: 1, label: 'one' }]);
    assert.deepEqual((await star(one.db, { id: 1 })).rows, [{ id: 1, label: 'one', note: 'n' }]);
    assert.deepEqual((await kept()).map((r) => r.name), before.map((r) => r.name), 'not prepared again');
  } finally {
    await sql`DROP TABLE IF EXISTS prepared_scratch`.execute(one.db);
    await one.close();
  }
});

test('which statements are named: count(*) is; returning * is not', async () => {
  const one = openDatabase(t.config.DATABASE_OWNER_URL!, 1);
  try {
    const counted = prepared((db, p: { kind: 'staff' }) => db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).where('kind', '=', p.kind));
    const touched = prepared((db, p: { login: string }) => db.updateTable('users').set({ phone: null }).where('username', '=', p.login).returningAll());
    assert.ok((await counted(one.db, { kind: 'staff' })).rows[0]!.n > 0);
    assert.equal((await touched(one.db, { login: 'manager' })).rows.length, 1);
    const kept = (await sql<{ statement: string }>`SELECT statement FROM pg_prepared_statements`.execute(one.db)).rows.map((r) => r.statement);
    assert.ok(kept.some((x) => /count\(\*\)/.test(x)), 'count(*) is named');
    assert.ok(!kept.some((x) => /returning \*/i.test(x)), 'returning * is not');
    // Why: a * statement kept across a migration that adds a column is refused by PostgreSQL.
    await sql`CREATE TABLE prepared_star (id int)`.execute(one.db);
    await one.pool.query({ name: 'star_probe', text: 'SELECT * FROM prepared_star', values: [] });
    await sql`ALTER TABLE prepared_star ADD COLUMN more int`.execute(one.db);
    await assert.rejects(one.pool.query({ name: 'star_probe', text: 'SELECT * FROM prepared_star', values: [] }), /cached plan must not change result type/);
  } finally {
    await sql`DROP TABLE IF EXISTS prepared_star`.execute(one.db);
    await one.close();
  }
});

test("a named text sent through the pool's own query (which passes a callback) answers, as a named statement", async () => {
  // pg's pool.query hands the client a callback; the named statement must keep it (before, such a query never
  // answered: the after-commit notifier's send, db/after-commit.ts, hung the first time it was named).
  const one = openDatabase(t.config.DATABASE_OWNER_URL!, 1);
  try {
    const text = "SELECT $1::int + 1 AS n, 'pool.query named' AS why";
    nameStatement(text);
    assert.deepEqual((await one.pool.query(text, [41])).rows, [{ n: 42, why: 'pool.query named' }]);
    const answered = await new Promise<number>((resolve, reject) => {
      one.pool.query(text, [1], (err: Error | undefined, r: { rows: Array<{ n: number }> }) => (err ? reject(err) : resolve(r.rows[0]!.n)));
    });
    assert.equal(answered, 2);
    const kept = (await one.pool.query<{ name: string }>("SELECT name FROM pg_prepared_statements WHERE statement LIKE '%pool.query named%'")).rows;
    assert.equal(kept.length, 1, 'sent as a named statement');
  } finally {
    await one.close();
  }
});
