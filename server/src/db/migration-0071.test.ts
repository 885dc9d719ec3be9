import assert from 'node:assert/strict';
import { test } from 'node:test';
import { beforeMigration } from '../test/before-migration.ts';

const MIGRATION = '0071_work_orders_round_dissatisfied.sql';

/**
 * 0071 (docs/hotline.md "How they count"): on a database with orders of every kind of round, the main orders a caller of
 * the round rated dissatisfied (their own evaluated caller, or a merged one) are flagged, and no other; the flag stays on
 * called-back orders only.
 */
test('0071 flags the called-back orders a caller of the round (main or merged) rated dissatisfied, and no other', async () => {
  const scratch = await beforeMigration(MIGRATION);
  try {
    const { q } = scratch;
    await q(`INSERT INTO regions (code, name, level) VALUES ('460000', '海南省', 'province')`);
    const [center] = await q<{ id: string }>(`INSERT INTO centers (region_code, name) VALUES ('460000', '省中心') RETURNING id`);
    const order = async (no: string, status: string, satisfaction: string | null, mergedInto: string | null = null) =>
      (await q<{ id: string }>(`INSERT INTO work_orders (order_no, center_id, source, kind, urgency, caller_name, caller_phone, place, topic, content, status, satisfaction, merged_into, created_at, updated_at)
        VALUES ($1, $2, 'hotline', 'complaint', 'normal', '王五', '13912345678', '', '噪声', '内容', $3, $4, $5, now(), now()) RETURNING id`, [no, center!.id, status, satisfaction, mergedInto]))[0]!.id;
    await order('OWN', 'evaluated', 'dissatisfied');
    const mergedOnEvaluated = await order('MERGED-E', 'evaluated', 'satisfied');
    await order('M1', 'merged', 'dissatisfied', mergedOnEvaluated);
    const mergedOnClosed = await order('MERGED-C', 'closed', null);
    await order('M2', 'merged', 'dissatisfied', mergedOnClosed);
    const allSatisfied = await order('ALL-OK', 'evaluated', 'satisfied');
    await order('M3', 'merged', 'basically_satisfied', allSatisfied);
    const reopened = await order('REOPENED', 'dispatched', null);
    await order('M4', 'merged', null, reopened);
    // A satisfaction noted on the callback is not an evaluation (the order is closed, not evaluated).
    const noted = await order('NOTED', 'closed', 'dissatisfied');

    assert.deepEqual(await scratch.apply(), [MIGRATION]);

    const flagged = await q<{ order_no: string }>('SELECT order_no FROM work_orders WHERE round_dissatisfied ORDER BY order_no');
    assert.deepEqual(flagged.map((r) => r.order_no), ['MERGED-C', 'MERGED-E', 'OWN']);
    const [{ n }] = await q<{ n: number }>('SELECT count(*)::int AS n FROM work_orders WHERE id = ANY($1) AND NOT round_dissatisfied', [[allSatisfied, reopened, noted]]) as [{ n: number }];
    assert.equal(n, 3, 'every caller satisfied, a round re-handled, a satisfaction noted on the callback: not flagged');
    // Only a called-back order holds the flag; the filter's index reads it.
    await assert.rejects(q('UPDATE work_orders SET round_dissatisfied = true WHERE id = $1', [reopened]), /work_orders_round_dissatisfied_called_back/);
    const [index] = await q<{ indexdef: string }>(`SELECT indexdef FROM pg_indexes WHERE indexname = 'work_orders_dissatisfied'`);
    assert.match(index!.indexdef, /WHERE round_dissatisfied/);
  } finally {
    await scratch.close();
  }
});
