import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { testApp, type TestApp } from '../test/harness.ts';
import { appendOnlyTables } from './roles.ts';

// The platform works as the runtime role (t.ctx.db), as in production; t.owner is the schema's owner.
let t: TestApp;
before(async () => { t = await testApp(); });
after(async () => { await t.close(); });

const AUDIT_TABLES = ['audit_events', 'audit_checkpoints'];

/** PostgreSQL's own refusal: insufficient_privilege (42501), whatever triggers would have said. */
async function refused(statement: string) {
  await assert.rejects(sql.raw(statement).execute(t.ctx.db), (err: { code?: string; message: string }) => {
    assert.equal(err.code, '42501', `${statement}: ${err.message}`);
    return true;
  }, statement);
}

test('the runtime role is an ordinary login role that owns none of the tables', async () => {
  const me = (await sql<{ role: string; superuser: boolean; bypassrls: boolean; owned: number }>`
    SELECT current_user AS role, r.rolsuper AS superuser, r.rolbypassrls AS bypassrls,
           (SELECT count(*)::int FROM pg_class c WHERE c.relowner = r.oid) AS owned
      FROM pg_roles r WHERE r.rolname = current_user`.execute(t.ctx.db)).rows[0]!;
  assert.equal(me.superuser, false);
  assert.equal(me.bypassrls, false);
  assert.equal(me.owned, 0);
  const owner = (await sql<{ role: string }>`SELECT current_user AS role`.execute(t.owner)).rows[0]!;
  assert.notEqual(me.role, owner.role);
});

test('the append-only tables are found from their triggers', async () => {
  const client = new pg.Client({ connectionString: t.config.DATABASE_OWNER_URL });
  await client.connect();
  try {
    const found = await appendOnlyTables(client);
    for (const table of AUDIT_TABLES) assert.ok(found.includes(table), `${table} is guarded`);
    assert.ok(!found.includes('cases'), 'an ordinary table is not');
  } finally {
    await client.end();
  }
});

for (const table of AUDIT_TABLES) {
  test(`as the runtime role, PostgreSQL refuses TRUNCATE, UPDATE, DELETE and trigger changes on ${table}`, async () => {
    const before = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(t.owner)).rows[0]!.n;
    await refused(`TRUNCATE ${table}`);
    await refused(`UPDATE ${table} SET id = id`);
    await refused(`DELETE FROM ${table}`);
    await refused(`ALTER TABLE ${table} DISABLE TRIGGER ALL`);
    await refused(`ALTER TABLE ${table} DISABLE TRIGGER ${table}_append_only`);
    await refused(`DROP TRIGGER ${table}_append_only ON ${table}`);
    await refused(`ALTER TABLE ${table} OWNER TO CURRENT_USER`);
    await refused(`DROP TABLE ${table}`);
    const after = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(t.owner)).rows[0]!.n;
    assert.equal(after, before, 'nothing was removed');
    const triggers = (await sql<{ enabled: string }>`SELECT tgenabled AS enabled FROM pg_trigger WHERE tgname = ${`${table}_append_only`}`.execute(t.owner)).rows;
    assert.deepEqual(triggers, [{ enabled: 'O' }], 'the trigger is still there and enabled');
  });
}

test('as the runtime role, the triggers cannot be switched off for a session nor their function replaced', async () => {
  await refused('SET session_replication_role = replica');
  await refused(`CREATE OR REPLACE FUNCTION forbid_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$`);
});

test('the runtime role still appends to and reads the audit trail, and works normally elsewhere', async () => {
  await t.ctx.db.transaction().execute(async (tx) => {
    const { appendAudit } = await import('../lib/audit.ts');
    await appendAudit(tx, { stream: 'item:00000000-0000-4000-8000-0000000a0001', action: 'roles.test', actorId: null, at: new Date('2026-01-01T00:00:00Z') });
  });
  const row = await t.ctx.db.selectFrom('audit_events').select('action').where('stream', '=', 'item:00000000-0000-4000-8000-0000000a0001').executeTakeFirst();
  assert.equal(row?.action, 'roles.test');
  // Ordinary tables keep UPDATE and DELETE; schema_migrations is read-only to it.
  await sql`UPDATE sessions SET expires_at = expires_at WHERE false`.execute(t.ctx.db);
  await refused(`DELETE FROM schema_migrations`);
});
