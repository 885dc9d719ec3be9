import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeCreditCode } from '../lib/identity.ts';
import { beforeMigration } from '../test/before-migration.ts';

const MIGRATION = '0083_declaration_recheck.sql';

/**
 * 0083 (docs/trading.md "The enterprise registry"): on a database with declarations of every check, those the registry
 * has not answered about (unavailable, and unchecked ones made before 0080) are due for the background check, from
 * when they were last asked or made; the others are not. A contradiction names its field, and only a waiting
 * declaration has a next attempt.
 */
test('0083 makes the declarations the registry has not answered about due for the background check, and no other', async () => {
  const scratch = await beforeMigration(MIGRATION);
  try {
    const { q } = scratch;
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

    assert.deepEqual(await scratch.apply(), [MIGRATION]);

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
    await scratch.close();
  }
});
