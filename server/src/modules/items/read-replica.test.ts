/**
 * Issue 18: the public catalog and guides, the network board, the performance report and the exposure list read from the replicas (ctx.readDb, DATABASE_READ_URL),
 * where a moment's staleness is harmless; the manager's console, which shows what its user just
 * changed, keeps reading the primary.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { itemIdByName, recordingReplica, signIn, testApp, type TestApp } from '../../test/harness.ts';

let t: TestApp;
let onReplica: string[];
before(async () => {
  t = await testApp();
  onReplica = recordingReplica(t);
});
after(async () => {
  await t.ctx.readDb!.destroy();
  await t.close();
});

test('catalog search, facets and an item guide are read from the replicas', async () => {
  onReplica.length = 0;
  const search = await t.app.inject({ method: 'GET', url: `/api/items?q=${encodeURIComponent('施工许可')}` });
  assert.equal(search.statusCode, 200);
  assert.ok(search.json().total > 0);
  assert.ok(onReplica.some((q) => /from "items"|from items/i.test(q)), 'the search ran on the replica pool');
  const searched = onReplica.length;
  const id = await itemIdByName(t.app, '建筑工程施工许可证核发', '海南省');
  const guide = await t.app.inject({ method: 'GET', url: `/api/items/${id}/guide` });
  assert.equal(guide.statusCode, 200);
  assert.ok(onReplica.length > searched + 1, 'the guide too');
  const before = onReplica.length;
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/catalog/facets' })).statusCode, 200);
  assert.ok(onReplica.length > before, 'and the facets');
});

test("the manager's console reads the primary: nothing of it reaches the replicas", async () => {
  const manager = await signIn(t.app, 'manager');
  onReplica.length = 0;
  const res = await manager.get('/api/admin/items');
  assert.equal(res.statusCode, 200);
  assert.ok(res.json().total > 0);
  assert.deepEqual(onReplica, []);
});

test('the network board, the performance report and the public exposure list read the replicas; the live board stays on the primary', async () => {
  const supervisor = await signIn(t.app, 'supervisor');
  onReplica.length = 0;
  const board = await supervisor.get('/api/network/board');
  assert.equal(board.statusCode, 200);
  assert.ok(onReplica.some((q) => /from "cases"|from cases/i.test(q)), 'the network board counted cases on the replica pool');
  onReplica.length = 0;
  const report = await supervisor.get('/api/supervision/performance?from=2026-11-01&to=2026-11-30&by=department&format=json');
  assert.equal(report.statusCode, 200);
  assert.ok(onReplica.length > 0, 'the performance report too');
  onReplica.length = 0;
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/public/exposure' })).statusCode, 200);
  assert.ok(onReplica.length > 0, 'and the public exposure list');
  // The live board refetches on a pushed change the replica may not have yet: it reads the primary.
  onReplica.length = 0;
  assert.equal((await supervisor.get('/api/supervision/board')).statusCode, 200);
  assert.deepEqual(onReplica, []);
});
