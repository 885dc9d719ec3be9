import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { testApp, type TestApp } from '../test/harness.ts';
import { prepared, preparedByShape } from './prepared.ts';

// db/prepared.ts: a statement built and compiled once answers each call with that call's values.
let t: TestApp;
before(async () => { t = await testApp(); });
after(() => t.close());

test('one compile, each call its own values, inside a transaction as well', async () => {
  let builds = 0;
  const byLogin = prepared((db, p: { login: string; kind: 'person' | 'enterprise' | 'staff' }) => {
    builds++;
    return db.selectFrom('users').select(['username', 'kind']).where('username', '=', p.login).where('kind', '=', p.kind);
  });
  const a = (await byLogin(t.ctx.db, { login: 'window1', kind: 'staff' })).rows;
  const b = (await byLogin(t.ctx.db, { login: 'manager', kind: 'staff' })).rows;
  const none = (await byLogin(t.ctx.db, { login: 'window1', kind: 'person' })).rows;
  const inTx = await t.ctx.db.transaction().execute(async (tx) => (await byLogin(tx, { login: 'supervisor', kind: 'staff' })).rows);
  assert.deepEqual([a, b, none, inTx], [[{ username: 'window1', kind: 'staff' }], [{ username: 'manager', kind: 'staff' }], [], [{ username: 'supervisor', kind: 'staff' }]]);
  assert.equal(builds, 1, 'built once');
});

test('a builder whose shape reads a value is refused at its first call, nothing sent', async () => {
  const shaped = prepared((db, p: { login: string; limit: number }) => db.selectFrom('users').select('username').where('username', '=', p.login).$if(Boolean(p.limit), (q) => q.limit(5)));
  await assert.rejects(shaped(t.ctx.db, { login: 'window1', limit: 1 }), /parameter limit is not a parameter of the statement/);
});

test('a write answers the rows it touched', async () => {
  const rename = prepared((db, p: { login: string; phone: string | null }) => db.updateTable('users').set({ phone: p.phone }).where('username', '=', p.login));
  const r = await rename(t.ctx.db, { login: 'window1', phone: '13800000000' });
  assert.equal(Number(r.numAffectedRows), 1);
  assert.equal((await t.ctx.db.selectFrom('users').select('phone').where('username', '=', 'window1').executeTakeFirstOrThrow()).phone, '13800000000');
});

test('by shape: one compile per list of columns; past the limit each call is built anew and still answers', async () => {
  let builds = 0;
  const byColumns = preparedByShape((columns) => (db, p: Record<string, unknown>) => {
    builds++;
    return db.selectFrom('users').select('username').where((eb) => eb.and(columns.map((c) => eb(c as 'username', '=', p[c] as string))));
  }, 1);
  const first = async () => (await byColumns(['username'])(t.ctx.db, { username: 'window1' })).rows;
  assert.deepEqual(await first(), [{ username: 'window1' }]);
  assert.deepEqual(await first(), [{ username: 'window1' }]);
  assert.equal(builds, 1, 'the first shape compiled once');
  const second = async () => (await byColumns(['username', 'kind'])(t.ctx.db, { username: 'manager', kind: 'staff' })).rows;
  assert.deepEqual(await second(), [{ username: 'manager' }]);
  assert.deepEqual(await second(), [{ username: 'manager' }]);
  assert.equal(builds, 3, 'a shape past the limit is built at each call');
});
