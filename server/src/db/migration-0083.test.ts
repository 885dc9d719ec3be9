import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import pg from 'pg';
import { makeCreditCode } from '../lib/identity.ts';
import { createTestDatabase, testDataDir } from '../test/harness.ts';
import { toleratingLostServer } from './database.ts';
import { migrate, MIGRATIONS_DIR } from './migrate.ts';

const MIGRATION = '0083_declaration_recheck.sql';

/**
 * 0083 (docs/trading.md "The enterprise registry"): on a database with declarations of every check, those the registry
 * has not answered about (unavailable, and unchecked ones made before 0080) are due for the background check, from
 * when they were last asked or made; the others are not. A contradiction names its field, and only a waiting
 * declaration has a next attempt.
 */
test('0083 makes the declarations the registry has not answered about due for the background check, and no other', async () => {
  const database = await createTestDatabase('template1');
  const pool = toleratingLostServer(new pg.Pool({ connectionString: database.url, max: 2 }));
  const dir = fs.mkdtempSync(path.join(testDataDir(), 'migrations-0083-'));
  try {
    const files = fs.readdirSync(MIGRATIONS_DIR).filter((f) => /^\d{4}_.*\.sql$/.test(f)).sort();
    for (const f of files.filter((f) => f < MIGRATION)) fs.copyFileSync(path.join(MIGRATIONS_DIR, f), path.join(dir, f));
    await migrate(pool, dir);

    const q = async <T extends pg.QueryResultRow>(text: string, values: unknown[] = []) => (await pool.query<T>(text, values)).rows;
    const declared = new Date('2026-11-01T02:00:00Z');
    const checked = new Date('2026-11-02T02:00:00Z');
    let seq = 0;
    const declaration = async (name: string, check: string) => {
      const code = makeCreditCode('9', '1', '460100', `MR${String(++seq).padStart(6, '0')}`);
      const [user] = await q<{ id: string }>(`INSERT INTO users (kind, name, credit_code, password_hash) VALUES ('enterprise', $1, $2, 'x') RETURNING id`, [name, code]);
      await q(`INSERT INTO bidder_declarations (user_id, representative_id_number, declared_at, registry_check, registry_checked_at) VALUES ($1, '46010019800101123X', $2, $3, $4)`,
        [user!.id, declared, check, check === 'unchecked' ? null : checked]);
      return user!.id;
    };
    const ids = {
      verified: await declaration('verified', 'verified'), notFound: await declaration('not-found', 'not_found'),
      unavailable: await declaration('unavailable', 'unavailable'), unchecked: await declaration('unchecked', 'unchecked'),
    };

    fs.copyFileSync(path.join(MIGRATIONS_DIR, MIGRATION), path.join(dir, MIGRATION));
    assert.deepEqual(await migrate(pool, dir), [MIGRATION]);

    const due = async (id: string) => (await q<{ registry_recheck_at: Date | null }>('SELECT registry_recheck_at FROM bidder_declarations WHERE user_id = $1', [id]))[0]!.registry_recheck_at?.toISOString() ?? null;
    assert.deepEqual([await due(ids.verified), await due(ids.notFound), await due(ids.unavailable), await due(ids.unchecked)],
      [null, null, checked.toISOString(), declared.toISOString()]);
    // A contradiction names its field, and only a declaration waiting for the registry has a next attempt.
    await assert.rejects(q(`UPDATE bidder_declarations SET registry_check = 'contradicted' WHERE user_id = $1`, [ids.verified]), /bidder_declarations_contradiction/);
    await q(`UPDATE bidder_declarations SET registry_check = 'contradicted', registry_contradiction = 'controllerCode' WHERE user_id = $1`, [ids.verified]);
    await assert.rejects(q(`UPDATE bidder_declarations SET registry_contradiction = 'name' WHERE user_id = $1`, [ids.verified]), /registry_contradiction_check/);
    await assert.rejects(q(`UPDATE bidder_declarations SET registry_recheck_at = now() WHERE user_id = $1`, [ids.notFound]), /bidder_declarations_recheck/);
    const [index] = await q<{ indexdef: string }>(`SELECT indexdef FROM pg_indexes WHERE indexname = 'bidder_declarations_recheck_due'`);
    assert.match(index!.indexdef, /WHERE \(registry_recheck_at IS NOT NULL\)/);
  } finally {
    await pool.end();
    await database.drop();
  }
});
