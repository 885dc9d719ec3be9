import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase } from '../db/database.ts';
import { DEMO_ENTERPRISE } from '../seed/seed.ts';
import { itemIdByName, signIn, submittedCase, testApp, type TestApp } from '../test/harness.ts';
import { isDatabaseUnavailable } from './database-unavailable.ts';
import { errorText } from './errors.ts';

// Issue 18: a database that is gone (a failover) is answered 503 DATABASE_UNAVAILABLE, never 500.
let t: TestApp;
before(async () => { t = await testApp(); });
after(() => t.close());

const failure = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e);

test('real errors of a database that is gone are recognised; the errors of a request or of a bug are not', async () => {
  // A port nothing listens on: the connection is refused.
  const probe = net.createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise((r) => probe.close(r));
  const nowhere = openDatabase(`postgres://nobody:none@127.0.0.1:${port}/none`, 1);
  const refused = await failure(sql`SELECT 1`.execute(nowhere.db));
  await nowhere.close();
  assert.ok(isDatabaseUnavailable(refused), String(refused));

  // A backend terminated under its client (what a dying primary does), then that client used again.
  const c = new pg.Client({ connectionString: t.config.DATABASE_URL });
  c.on('error', () => {});
  await c.connect();
  const pid = (await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
  const sleeping = failure(c.query('SELECT pg_sleep(30)'));
  await sql`SELECT pg_terminate_backend(${pid})`.execute(t.owner);
  const terminated = await sleeping;
  assert.ok(isDatabaseUnavailable(terminated), String(terminated));
  assert.ok(isDatabaseUnavailable(await failure(c.query('SELECT 1'))));
  await c.end().catch(() => {});

  // A write reaching a server that is read-only (a demoted primary): 25006.
  const readOnly = await failure(t.owner.transaction().execute(async (tx) => {
    await sql`SET TRANSACTION READ ONLY`.execute(tx);
    await sql`UPDATE users SET phone = phone WHERE false`.execute(tx);
  }));
  assert.equal((readOnly as pg.DatabaseError).code, '25006');
  assert.ok(isDatabaseUnavailable(readOnly));

  // Not unavailability: a duplicate, a syntax error, a plain bug.
  const duplicate = await failure(sql`INSERT INTO config_versions SELECT * FROM config_versions LIMIT 1`.execute(t.owner));
  assert.equal((duplicate as pg.DatabaseError).code, '23505');
  const syntax = await failure(sql`SELEC 1`.execute(t.owner));
  for (const e of [duplicate, syntax, new Error('boom'), new TypeError('x is undefined'), 'a string', null]) assert.equal(isDatabaseUnavailable(e), false, String(e));
});

test('a request whose database connection dies answers 503 with Retry-After, writes nothing, and the same request sent again succeeds', async () => {
  const [company, window1] = await Promise.all([signIn(t.app, DEMO_ENTERPRISE.creditCode), signIn(t.app, 'window1')]);
  const submitted = await submittedCase(t.app, company, await itemIdByName(t.app, '建筑工程施工许可证核发', '海南省'));
  const events = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_events WHERE stream = ${`case:${submitted.id}`}`.execute(t.owner)).rows[0]!.n;
  const before = await events();

  // The test holds the case's row, so the clerk's acceptance waits on it inside its transaction.
  const holder = new pg.Client({ connectionString: t.config.DATABASE_OWNER_URL });
  await holder.connect();
  try {
    await holder.query('BEGIN');
    await holder.query('SELECT 1 FROM cases WHERE id = $1 FOR UPDATE', [submitted.id]);
    const accepting = window1.post(`/api/cases/${submitted.id}/actions`, { action: 'accept' });
    // The backend serving the request, found waiting for the row (a condition polled, not a sleep).
    let waiting: number | undefined;
    for (let i = 0; i < 2000 && waiting === undefined; i++) {
      waiting = (await holder.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database() AND pid <> pg_backend_pid()`)).rows[0]?.pid;
    }
    assert.ok(waiting, 'the acceptance waits on the held row');
    await holder.query('SELECT pg_terminate_backend($1)', [waiting]);
    const res = await accepting;
    assert.equal(res.statusCode, 503, res.body);
    assert.deepEqual(res.json(), { code: 'DATABASE_UNAVAILABLE', message: errorText('DATABASE_UNAVAILABLE') });
    assert.equal(res.headers['retry-after'], '2');
  } finally {
    await holder.query('ROLLBACK');
    await holder.end();
  }
  const read = await window1.get(`/api/cases/${submitted.id}`);
  assert.equal(read.json().status, 'submitted', 'nothing of the acceptance was written');
  assert.equal(await events(), before);

  const again = await window1.post(`/api/cases/${submitted.id}/actions`, { action: 'accept' });
  assert.equal(again.statusCode, 200, again.body);
  assert.equal(again.json().case.status, 'accepted');
});
