/**
 * Issue 18: each instance answers the public search and browse from its copy of the hall
 * (catalog-index.ts, catalog-cache.ts). The copy must answer exactly what SQL answers, be used only
 * while it is of the catalog's current generation, and see a change made through another instance
 * in the very next search.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { recordingReplica, testApp, type TestApp } from '../../test/harness.ts';
import { openDatabase } from '../../db/database.ts';
import { ensureHeld } from './catalog-cache.ts';
import { buildIndex, facetsOf, listRow, searchIndex } from './catalog-index.ts';
import * as repo from './items.repository.ts';
import { candidateTokens, minimumMatches, normalise, tokenize } from './search.ts';

let t: TestApp;
let statements: string[];
before(async () => {
  t = await testApp();
  // The public catalog reads through this handle (replicaDb), which records every statement.
  statements = recordingReplica(t);
});
after(async () => {
  await t.ctx.readDb!.destroy();
  await t.close();
});

const MAX = 100_000;
const filterOf = (query: string, extra: Record<string, string | undefined> = {}, page = 1, pageSize = 20) => {
  const q = normalise(query).trim();
  const tokens = tokenize(q);
  return { q, tokens, candidateTokens: candidateTokens(tokens), minMatches: minimumMatches(tokens.length), limit: pageSize, offset: (page - 1) * pageSize, ...extra };
};

test('the copy answers every query, filter and page exactly as SQL does', async () => {
  const { generation, rows } = await repo.loadHall(t.ctx.db, MAX);
  assert.ok(rows && rows.length > 50, 'the demo hall is loaded');
  const index = buildIndex(generation, rows);
  const someItem = rows[7]!;
  const queries = ['', '施工许可', '施工证', '建筑工程施工许可正核发', '证', '许可', '营业执照', '身份证', '食品经营许可症',
    '婚姻登记', 'permit', someItem.basic_code, someItem.implementation_code.slice(0, 12), someItem.name, someItem.name.slice(0, 3),
    someItem.department_name, '不存在的事项名称', 'ＡＢＣ', '登记 permit'];
  const filters: Record<string, string | undefined>[] = [
    {}, { audience: 'person' }, { audience: 'enterprise' }, { centerId: someItem.center_id }, { departmentId: someItem.department_id },
    { type: someItem.type }, { theme: rows.find((r) => r.themes.length)?.themes[0] }, { lifeEvent: rows.find((r) => r.life_events.length)?.life_events[0] },
    { audience: 'person', centerId: someItem.center_id },
  ];
  let compared = 0;
  let nonEmpty = 0;
  for (const query of queries) {
    for (const extra of filters) {
      for (const [page, pageSize] of [[1, 20], [2, 5], [3, 7], [50, 20]] as const) {
        const f = filterOf(query, extra, page, pageSize);
        if (query && f.tokens.length === 0) continue;
        const fromSql = await repo.listPublic(t.ctx.db, f);
        const fromMemory = searchIndex(index, f);
        assert.deepEqual(fromMemory, { rows: fromSql.rows.map(listRow), total: fromSql.total }, `${query} ${JSON.stringify(extra)} page ${page}×${pageSize}`);
        compared++;
        if (fromSql.rows.length) nonEmpty++;
      }
    }
  }
  assert.ok(compared > 500 && nonEmpty > 100, `${compared} comparisons, ${nonEmpty} with rows`);
});

test('the browse entries counted from the copy are those SQL counts, in the same order, for the province and each center', async () => {
  const { generation, rows } = await repo.loadHall(t.ctx.db, MAX);
  const index = buildIndex(generation, rows!);
  const centers = [undefined, ...new Set(rows!.map((r) => r.center_id))];
  assert.ok(centers.length >= 3);
  for (const centerId of centers) {
    const fromSql = await repo.facets(t.ctx.db, centerId);
    const fromMemory = facetsOf(index, centerId);
    const audiences = (a: { key: string; count: number }[]) => Object.fromEntries(a.map((x) => [x.key, x.count]));
    assert.deepEqual({ ...fromMemory, audiences: audiences(fromMemory.audiences) }, { ...fromSql, audiences: audiences(fromSql.audiences) }, centerId ?? 'province');
    assert.ok(fromSql.departments.length > 0 && fromSql.themes.length > 0, 'something to compare');
  }
  const unknown = facetsOf(index, '00000000-0000-4000-8000-000000000000');
  assert.deepEqual(unknown, { departments: [], themes: [], lifeEvents: [], audiences: [] });
  assert.equal(index.facets.size, centers.length, 'a center with no items is answered, not kept');
  const res = await t.app.inject({ method: 'GET', url: '/api/catalog/facets' });
  assert.equal(res.statusCode, 200);
  assert.equal(res.json().departments.length, facetsOf(index).departments.length);
});

test('a search held in memory reads only the generation; a change through another instance is in the next search', async () => {
  assert.equal(await ensureHeld(t.ctx.readDb!, MAX), true);
  statements.length = 0;
  const url = `/api/items?q=${encodeURIComponent('施工许可')}&pageSize=100`;
  const first = await t.app.inject({ method: 'GET', url });
  assert.equal(first.statusCode, 200);
  assert.deepEqual(statements.map((s) => s.replace(/\s+/g, ' ')), ['select "version" from "config_versions" where "name" = $1'], 'one statement: the generation');
  const permit = first.json().items.find((i: { name: string }) => i.name === '建筑工程施工许可证核发') as { id: string; department: { id: string; name: string } };
  assert.ok(permit);

  // Another instance: its own connection pool, renaming the department and removing the item from the hall.
  const other = openDatabase(t.config.DATABASE_URL!, 1).db;
  try {
    await sql`UPDATE departments SET name = name || '（新）' WHERE id = ${permit.department.id}`.execute(other);
    const renamed = (await t.app.inject({ method: 'GET', url })).json().items.find((i: { id: string }) => i.id === permit.id);
    assert.equal(renamed.department.name, `${permit.department.name}（新）`);
    await sql`UPDATE items SET hall_status = 'removed' WHERE id = ${permit.id}`.execute(other);
    const after = (await t.app.inject({ method: 'GET', url })).json();
    assert.equal(after.items.some((i: { id: string }) => i.id === permit.id), false, 'a removed item is gone at once');
    assert.equal(after.total, first.json().total - 1);
    // The stale copy is rebuilt in the background (SQL answered meanwhile); once rebuilt, searches are from memory again.
    assert.equal(await ensureHeld(t.ctx.readDb!, MAX), true);
    statements.length = 0;
    const again = (await t.app.inject({ method: 'GET', url })).json();
    assert.deepEqual(again, after);
    assert.equal(statements.length, 1);
  } finally {
    await sql`UPDATE items SET hall_status = 'in_hall' WHERE id = ${permit.id}`.execute(other);
    await other.destroy();
  }
});

test('the generation moves with items and names, not with what the catalog does not show', async () => {
  const generation = async () => repo.catalogGeneration(t.ctx.db);
  const g0 = await generation();
  await sql`UPDATE centers SET kind = kind`.execute(t.ctx.db);
  assert.equal(await generation(), g0, "a center's other columns");
  await sql`UPDATE centers SET name_en = name_en`.execute(t.ctx.db);
  assert.equal(await generation(), g0 + 1, "a center's name");
  await sql`UPDATE items SET visits = visits WHERE false`.execute(t.ctx.db);
  assert.equal(await generation(), g0 + 2, 'any statement on items');
});

test('a hall larger than CATALOG_INDEX_MAX_ITEMS is never held: SQL answers, the same', async () => {
  const small = await testApp({ env: { CATALOG_INDEX_MAX_ITEMS: '10' } });
  try {
    assert.equal(await ensureHeld(small.ctx.db, 10), false);
    const res = await small.app.inject({ method: 'GET', url: `/api/items?q=${encodeURIComponent('许可')}` });
    const f = filterOf('许可');
    const fromSql = await repo.listPublic(small.ctx.db, f);
    assert.deepEqual(res.json().items, fromSql.rows.map(listRow));
    assert.ok(fromSql.total > 10);
  } finally {
    await small.close();
  }
});
