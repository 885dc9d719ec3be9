import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { signIn, testApp, type TestApp } from '../../test/harness.ts';

let t: TestApp;
before(async () => { t = await testApp(); });
after(async () => { await t.close(); });

const rows = async () => (await t.ctx.db.selectFrom('user_preferences').selectAll().execute()).length;

test('a user starts with the defaults, turns the elder mode on and off, and reads it back from another session', async () => {
  const first = await signIn(t.app, '91460100MA5T00010J');
  const start = await first.get('/api/me/preferences');
  assert.equal(start.statusCode, 200, start.body);
  assert.deepEqual(start.json(), { elderMode: false });

  const on = await first.put('/api/me/preferences', { elderMode: true });
  assert.equal(on.statusCode, 200, on.body);
  assert.deepEqual(on.json(), { elderMode: true });
  const second = await signIn(t.app, '91460100MA5T00010J');
  assert.deepEqual((await second.get('/api/me/preferences')).json(), { elderMode: true });
  // A body naming nothing keeps the value.
  assert.deepEqual((await second.put('/api/me/preferences', {})).json(), { elderMode: true });
  assert.deepEqual((await second.put('/api/me/preferences', { elderMode: false })).json(), { elderMode: false });

  // Each user's own: another user (staff too) still has the defaults.
  const clerk = await signIn(t.app, 'window1');
  assert.deepEqual((await clerk.get('/api/me/preferences')).json(), { elderMode: false });
});

test('without a session, without the CSRF token or with a bad body the preferences are refused and nothing is written', async () => {
  const before = await rows();
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/me/preferences' })).statusCode, 401);
  assert.equal((await t.app.inject({ method: 'PUT', url: '/api/me/preferences', payload: { elderMode: true } })).statusCode, 401);
  const s = await signIn(t.app, 'manager');
  const noCsrf = await t.app.inject({ method: 'PUT', url: '/api/me/preferences', headers: { cookie: s.cookie }, payload: { elderMode: true } });
  assert.equal(noCsrf.statusCode, 403, noCsrf.body);
  for (const bad of [{ elderMode: 'yes' }, { elderMode: true, userId: s.user.id }, { fontSize: 30 }]) {
    const res = await s.put('/api/me/preferences', bad);
    assert.equal(res.statusCode, 400, `${JSON.stringify(bad)}: ${res.body}`);
  }
  assert.equal(await rows(), before);
});
