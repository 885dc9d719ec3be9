import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import { isDatabaseContended } from './database-contention.ts';
import { errorText } from './errors.ts';
import { errorHandler } from './http.ts';
import { testApp, type TestApp } from '../test/harness.ts';

// A request that collides with another (deadlock, serialization conflict, a lock it may not wait for)
// is answered 503 DATABASE_CONTENDED with Retry-After, never 500: its transaction was rolled back whole.
let t: TestApp;
let app: FastifyInstance;
const clients: pg.Client[] = [];

async function client() {
  const c = new pg.Client({ connectionString: t.config.DATABASE_OWNER_URL });
  await c.connect();
  clients.push(c);
  return c;
}
const failure = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e);

/** Two transactions that lock two rows in opposite orders: PostgreSQL aborts one of them (40P01). */
async function deadlock(): Promise<unknown> {
  const [a, b] = [await client(), await client()];
  await a.query('BEGIN');
  await b.query('BEGIN');
  await a.query('UPDATE contention_probe SET n = n + 1 WHERE id = 1');
  await b.query('UPDATE contention_probe SET n = n + 1 WHERE id = 2');
  const [ea, eb] = await Promise.all([
    failure(a.query('UPDATE contention_probe SET n = n + 1 WHERE id = 2')),
    failure(b.query('UPDATE contention_probe SET n = n + 1 WHERE id = 1')),
  ]);
  await a.query('ROLLBACK');
  await b.query('ROLLBACK');
  const aborted = ea ?? eb;
  assert.ok(aborted && (ea === null) !== (eb === null), 'exactly one side is aborted');
  return aborted;
}

before(async () => {
  t = await testApp();
  const setup = await client();
  await setup.query('CREATE TABLE contention_probe (id int PRIMARY KEY, n int NOT NULL)');
  await setup.query('INSERT INTO contention_probe VALUES (1, 0), (2, 0)');
  app = Fastify({ logger: false });
  app.setErrorHandler(errorHandler);
  // A request whose transaction collides: what reaches the mapper when a handler's retries are spent.
  app.post('/collide', async () => { throw await deadlock(); });
  await app.ready();
});
after(async () => {
  await app.close();
  for (const c of clients) await c.end();
  await t.close();
});

test('a deadlock, a serialization conflict and a lock not waited for are recognised; other database errors are not', async () => {
  const dead = await deadlock();
  assert.equal((dead as pg.DatabaseError).code, '40P01');
  assert.ok(isDatabaseContended(dead));

  // Repeatable read: a row changed and committed by another transaction after this one's snapshot.
  const [a, b] = [await client(), await client()];
  await a.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
  await a.query('SELECT n FROM contention_probe WHERE id = 1');
  await b.query('UPDATE contention_probe SET n = n + 1 WHERE id = 1');
  const serialization = await failure(a.query('UPDATE contention_probe SET n = n + 1 WHERE id = 1'));
  await a.query('ROLLBACK');
  assert.equal((serialization as pg.DatabaseError).code, '40001');
  assert.ok(isDatabaseContended(serialization));

  await b.query('BEGIN');
  await b.query('SELECT 1 FROM contention_probe WHERE id = 2 FOR UPDATE');
  const nowait = await failure(a.query('SELECT 1 FROM contention_probe WHERE id = 2 FOR UPDATE NOWAIT'));
  await b.query('ROLLBACK');
  assert.equal((nowait as pg.DatabaseError).code, '55P03');
  assert.ok(isDatabaseContended(nowait));

  const duplicate = await failure(a.query('INSERT INTO contention_probe VALUES (1, 0)'));
  assert.equal((duplicate as pg.DatabaseError).code, '23505');
  for (const e of [duplicate, await failure(a.query('SELEC 1')), new Error('deadlock detected'), Object.assign(new Error('x'), { code: '40P01' }), null]) {
    assert.equal(isDatabaseContended(e), false, String(e));
  }
});

test('a request that collides answers 503 DATABASE_CONTENDED with Retry-After, not 500', async () => {
  const res = await app.inject({ method: 'POST', url: '/collide' });
  assert.equal(res.statusCode, 503, res.body);
  assert.deepEqual(res.json(), { code: 'DATABASE_CONTENDED', message: errorText('DATABASE_CONTENDED') });
  assert.equal(res.headers['retry-after'], '1');
});
