import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildApp } from '../../app.ts';
import { openDatabase } from '../../db/database.ts';
import { testApp, type TestApp } from '../../test/harness.ts';

let t: TestApp;
before(async () => { t = await testApp(); });
after(async () => { await t.close(); });

test('health is 200 with the database reachable', async () => {
  const r = await t.app.inject({ method: 'GET', url: '/api/health' });
  assert.equal(r.statusCode, 200);
  assert.deepEqual(r.json(), { status: 'ok' });
});

test('health is 503 when the database does not answer; liveness is 200', async () => {
  const dead = openDatabase('postgres://nobody:x@127.0.0.1:1/none', 1);
  const app = await buildApp({ ...t.ctx, db: dead.db });
  const r = await app.inject({ method: 'GET', url: '/api/health' });
  assert.equal(r.statusCode, 503);
  assert.equal(r.json().status, 'unavailable');
  // The balancer's liveness check does not ask the database: the instance stays in the balancer while
  // the database fails over, and answers its requests 503 DATABASE_UNAVAILABLE itself.
  const live = await app.inject({ method: 'GET', url: '/api/health/live' });
  assert.equal(live.statusCode, 200);
  assert.deepEqual(live.json(), { status: 'ok' });
  await app.close();
  await dead.close();
});

test('the OpenAPI document lists every API route with its schemas, and the docs page is served', async () => {
  const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
  assert.match(doc.openapi, /^3\./);
  const routes: string[] = [];
  for (const [p, methods] of Object.entries(doc.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>)) {
    for (const [m, op] of Object.entries(methods)) {
      routes.push(`${m.toUpperCase()} ${p}`);
      assert.ok(Object.keys(op.responses).length > 0, `${m} ${p} has response schemas`);
    }
  }
  for (const r of ['GET /api/health', 'POST /api/auth/register', 'POST /api/auth/login', 'GET /api/items', 'GET /api/items/{id}/guide',
    'POST /api/admin/items', 'PUT /api/admin/items/{id}/draft', 'POST /api/admin/items/{id}/publish', 'POST /api/admin/requests/{id}/decision',
    'GET /api/admin/org', 'POST /api/admin/staff', 'POST /api/admin/files', 'GET /api/files/{id}']) {
    assert.ok(routes.includes(r), `${r} is documented`);
  }
  const reg = doc.paths['/api/auth/register'].post;
  assert.ok(reg.requestBody.content['application/json'].schema, 'request body schema');
  const page = await t.app.inject({ method: 'GET', url: '/api/docs/' });
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /swagger/i);
});

test('an unknown API path is a bilingual 404', async () => {
  const r = await t.app.inject({ method: 'GET', url: '/api/nothing-here' });
  assert.equal(r.statusCode, 404);
  assert.equal(r.json().code, 'NOT_FOUND');
  assert.ok(r.json().message.zh);
});
