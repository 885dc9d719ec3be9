/**
 * Issue 18: the seed refreshes the catalog's planner statistics after loading items, and the platform
 * works as a runtime role that owns no table, which PostgreSQL does not let ANALYZE. Migration 0058's
 * owner function does it; without it a fresh catalog was planned as empty (no search index, the whole
 * hall sorted for a browse page).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { testApp, type TestApp } from '../../test/harness.ts';
import * as items from './items.repository.ts';

let t: TestApp;
before(async () => { t = await testApp(); });
after(async () => { await t.close(); });

async function analyzeCounts() {
  await sql`SELECT pg_stat_clear_snapshot()`.execute(t.ctx.db);
  const r = await sql<{ relname: string; n: string }>`
    SELECT relname, analyze_count::text AS n FROM pg_stat_user_tables WHERE relname IN ('items', 'item_versions') ORDER BY relname`.execute(t.ctx.db);
  return Object.fromEntries(r.rows.map((x) => [x.relname, Number(x.n)]));
}

test('the runtime role may not ANALYZE the catalog itself: PostgreSQL skips it', async () => {
  const owner = await sql<{ mine: boolean }>`
    SELECT pg_has_role(current_user, relowner, 'USAGE') AS mine FROM pg_class WHERE relname = 'items' AND relkind = 'r'`.execute(t.ctx.db);
  assert.equal(owner.rows[0]!.mine, false, 'the tests run as the runtime role, as the platform does');
  const before = await analyzeCounts();
  await sql`ANALYZE items`.execute(t.ctx.db);
  assert.deepEqual(await analyzeCounts(), before, 'a plain ANALYZE by the runtime role changed nothing');
});

test("items.analyze refreshes the statistics of items and item_versions through the owner's function", async () => {
  const before = await analyzeCounts();
  await items.analyze(t.ctx.db);
  const after = await analyzeCounts();
  assert.equal(after.items, before.items! + 1);
  assert.equal(after.item_versions, before.item_versions! + 1);
});

test('the runtime role may execute the function, PUBLIC may not', async () => {
  const r = await sql<{ explicit: boolean; public: boolean; mine: boolean }>`
    SELECT p.proacl IS NOT NULL AS explicit,
           EXISTS (SELECT 1 FROM aclexplode(p.proacl) a WHERE a.grantee = 0) AS public,
           has_function_privilege(current_user, p.oid, 'EXECUTE') AS mine
      FROM pg_proc p WHERE p.proname = 'refresh_catalog_statistics'`.execute(t.ctx.db);
  assert.deepEqual(r.rows, [{ explicit: true, public: false, mine: true }], 'a NULL acl would mean the default: PUBLIC may execute');
});
