import assert from 'node:assert/strict';
import { test } from 'node:test';
import { beforeMigration } from '../test/before-migration.ts';

const MIGRATION = '0051_hotline_config_per_center.sql';

/**
 * 0051 (docs/hotline.md "Configuration"): on a database that already has centers, shared categories used by
 * orders and articles, and a changed limit, every center gets its own copy of the tree and of the limits,
 * each order and article points to its own center's copy, and the shared rows are gone.
 */
test('0051 copies the shared category tree and limits into every center and repoints orders and articles', async () => {
  const scratch = await beforeMigration(MIGRATION);
  try {
    const { q } = scratch;
    await q(`INSERT INTO regions (code, name, level) VALUES ('460000', '海南省', 'province'), ('460100', '海口市', 'city')`);
    const [a, b] = (await q<{ id: string }>(`INSERT INTO centers (region_code, name) VALUES ('460000', '省中心'), ('460100', '市中心') RETURNING id`)).map((r) => r.id);
    const [top] = await q<{ id: string }>(`INSERT INTO workorder_categories (code, name, name_en, sort) VALUES ('city', '城市管理', 'City', 1) RETURNING id`);
    const [leaf] = await q<{ id: string }>(`INSERT INTO workorder_categories (parent_id, code, name, name_en, sort, retired_at) VALUES ($1, 'city.noise', '噪声', 'Noise', 2, now()) RETURNING id`, [top!.id]);
    await q(`UPDATE workorder_limits SET workdays = 10 WHERE kind = 'complaint' AND urgency = 'normal'`);
    const order = (center: string, no: string) => q<{ id: string }>(`INSERT INTO work_orders (order_no, center_id, source, kind, urgency, category_id, caller_name, caller_phone, place, topic, content, status, created_at, updated_at)
      VALUES ($1, $2, 'hotline', 'complaint', 'normal', $3, '王五', '13912345678', '', '噪声', '内容', 'accepted', now(), now()) RETURNING id`, [no, center, leaf!.id]);
    const [orderA] = await order(a!, 'GD1');
    const [orderB] = await order(b!, 'GD2');
    const [article] = await q<{ id: string }>(`INSERT INTO knowledge_articles (center_id, category_id, question, answer, created_at) VALUES ($1, $2, '问', '答', now()) RETURNING id`, [b, top!.id]);

    assert.deepEqual(await scratch.apply(), [MIGRATION]);

    const categories = await q<{ id: string; center_id: string; parent_id: string | null; code: string; retired: boolean; sort: number }>(
      'SELECT id, center_id, parent_id, code, retired_at IS NOT NULL AS retired, sort FROM workorder_categories ORDER BY code');
    assert.equal(categories.length, 4, 'two categories in each of two centers, the shared rows gone');
    assert.ok(!categories.some((c) => c.id === top!.id || c.id === leaf!.id));
    for (const center of [a, b]) {
      const mine = categories.filter((c) => c.center_id === center);
      const [t, l] = [mine.find((c) => c.code === 'city')!, mine.find((c) => c.code === 'city.noise')!];
      assert.equal(l.parent_id, t.id, 'the parent is the same center\'s copy');
      assert.deepEqual([t.retired, l.retired, t.sort, l.sort], [false, true, 1, 2]);
      const orderId = center === a ? orderA!.id : orderB!.id;
      assert.equal((await q<{ category_id: string }>('SELECT category_id FROM work_orders WHERE id = $1', [orderId]))[0]!.category_id, l.id);
    }
    assert.equal((await q<{ category_id: string }>('SELECT category_id FROM knowledge_articles WHERE id = $1', [article!.id]))[0]!.category_id,
      categories.find((c) => c.center_id === b && c.code === 'city')!.id);

    const limits = await q<{ center_id: string; kind: string; urgency: string; workdays: number }>('SELECT center_id, kind, urgency, workdays FROM workorder_limits');
    assert.equal(limits.length, 20, 'ten rows in each center');
    for (const center of [a, b]) assert.equal(limits.find((l) => l.center_id === center && l.kind === 'complaint' && l.urgency === 'normal')!.workdays, 10);
    const defaults = await q<{ kind: string; workdays: number }>(`SELECT kind, workdays FROM workorder_limit_defaults WHERE urgency = 'normal' ORDER BY kind`);
    assert.deepEqual(defaults.map((d) => [d.kind, d.workdays]), [['complaint', 10], ['consultation', 3], ['praise', 5], ['request', 5], ['suggestion', 15]]);

    // The same code in two centers is allowed; twice in one center is not; another center's parent or category is refused.
    await assert.rejects(q(`INSERT INTO workorder_categories (center_id, code, name, name_en) VALUES ($1, 'city', '重复', 'Dup')`, [a]), /workorder_categories_center_code/);
    await assert.rejects(q(`INSERT INTO workorder_categories (center_id, parent_id, code, name, name_en) VALUES ($1, $2, 'x', '无', 'None')`,
      [a, categories.find((c) => c.center_id === b && c.code === 'city')!.id]), /workorder_categories_parent_same_center/);
    await assert.rejects(q('UPDATE work_orders SET category_id = $1 WHERE id = $2', [categories.find((c) => c.center_id === b && c.code === 'city')!.id, orderA!.id]),
      /work_orders_category_same_center/);
  } finally {
    await scratch.close();
  }
});
