import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { createTestDatabase } from '../test/harness.ts';
import { TEST_ENV } from '../test/env.ts';
import { openDatabase, type Database } from './database.ts';
import { LISTEN_APPLICATION_NAME, Listener, type Subscriber } from './listen.ts';

// db/listen.ts: one LISTEN connection per app for all channels, listening only while subscribed.

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let opened: Database;
let admin: pg.Client;

before(async () => {
  database = await createTestDatabase();
  opened = openDatabase(database.url, 2);
  admin = new pg.Client({ connectionString: TEST_ENV.adminUrl });
  await admin.connect();
});
after(async () => {
  await admin.end();
  await opened.close();
  await database.drop();
});

/** A subscriber that records what it hears; `next()` resolves with the next payload (or the next resume). */
function recorder() {
  const heard: string[] = [];
  let resumes = 0;
  let waiting: Array<() => void> = [];
  const wake = () => { const w = waiting; waiting = []; for (const f of w) f(); };
  const sub: Subscriber = {
    message: (p) => { heard.push(p); wake(); },
    resumed: () => { resumes++; wake(); },
  };
  const until = async (done: () => boolean) => {
    const deadline = Date.now() + 10_000;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`timed out; heard ${JSON.stringify(heard)}, resumed ${resumes}`);
      await new Promise<void>((resolve) => { waiting.push(resolve); setTimeout(resolve, 200).unref(); });
    }
  };
  return { sub, heard, resumes: () => resumes, until };
}

/**
 * The LISTEN connections open on the test database, once they number `n` (a closed connection's backend
 * leaves pg_stat_activity a moment after the client has gone); fails with the count after 5 s.
 */
async function listenConnections(n: number) {
  const deadline = Date.now() + 5000;
  for (;;) {
    const { rows } = await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = $2', [database.name, LISTEN_APPLICATION_NAME]);
    if (rows[0]!.n === n || Date.now() > deadline) return rows[0]!.n;
    await admin.query('SELECT pg_sleep(0.05)');
  }
}

/** pg_notify from a connection on the test database (NOTIFY reaches listeners of the database it is sent in). */
async function notifyIn(channel: string, payload: string) {
  const c = new pg.Client({ connectionString: database.url });
  await c.connect();
  try {
    await c.query('SELECT pg_notify($1, $2)', [channel, payload]);
  } finally {
    await c.end();
  }
}

test('two channels share one connection, and each subscriber hears its own channel only', async () => {
  const listener = new Listener(opened.db);
  try {
    const [a, b] = [recorder(), recorder()];
    await listener.subscribe('test_a', a.sub);
    await listener.subscribe('test_b', b.sub);
    assert.equal(await listenConnections(1), 1);
    assert.deepEqual(await listener.listening(), ['test_a', 'test_b']);
    await notifyIn('test_a', 'for a');
    await notifyIn('test_b', 'for b');
    await b.until(() => b.heard.length > 0);
    // Delivered in commit order on the one connection: a's came first, had b heard it, it would show.
    assert.deepEqual(b.heard, ['for b']);
    assert.deepEqual(a.heard, ['for a']);
  } finally {
    await listener.close();
  }
});

test('a channel is listened to while one subscription holds it, counted per subscriber; then PostgreSQL no longer lists it', async () => {
  const listener = new Listener(opened.db);
  try {
    const [a, b] = [recorder(), recorder()];
    const firstOfA = await listener.subscribe('test_c', a.sub);
    const secondOfA = await listener.subscribe('test_c', a.sub);
    const ofB = await listener.subscribe('test_c', b.sub);
    firstOfA();
    firstOfA(); // a release acts once: a's second subscription still holds
    ofB();
    assert.deepEqual(await listener.listening(), ['test_c']);
    await notifyIn('test_c', 'still');
    await a.until(() => a.heard.length > 0);
    assert.deepEqual(a.heard, ['still'], 'heard once, though subscribed twice');
    assert.deepEqual(b.heard, [], 'a released subscriber hears nothing');
    secondOfA();
    // The UNLISTEN is queued on the connection before this query: a backend listening to nothing is not woken by a NOTIFY.
    assert.deepEqual(await listener.listening(), []);
    // Subscribing again listens again.
    const again = await listener.subscribe('test_c', b.sub);
    assert.deepEqual(await listener.listening(), ['test_c']);
    again();
  } finally {
    await listener.close();
  }
});

test('a connection the database drops is opened again with the same channels, and subscribers are told to catch up', async () => {
  const listener = new Listener(opened.db);
  try {
    const a = recorder();
    await listener.subscribe('test_d', a.sub);
    const { rows } = await admin.query<{ n: number }>('SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = $2', [database.name, LISTEN_APPLICATION_NAME]);
    assert.equal(rows[0]!.n, 1);
    await a.until(() => a.resumes() === 1);
    assert.deepEqual(await listener.listening(), ['test_d']);
    await notifyIn('test_d', 'after');
    await a.until(() => a.heard.length > 0);
    assert.deepEqual(a.heard, ['after']);
    assert.equal(await listenConnections(1), 1);
  } finally {
    await listener.close();
  }
  assert.equal(await listenConnections(0), 0, 'closed with the app');
});

test('a channel that is not a plain name is refused before anything is sent; a database out of reach rejects and holds nothing', async () => {
  const listener = new Listener(opened.db);
  try {
    const a = recorder();
    await assert.rejects(listener.subscribe('test_e; DROP TABLE cases', a.sub), /not a channel name/);
    await assert.rejects(listener.subscribe('Test_E', a.sub), /not a channel name/);
    assert.deepEqual(await listener.listening(), []);
    assert.equal(await listenConnections(0), 0, 'nothing connected for a refused name');
  } finally {
    await listener.close();
  }
  const away = openDatabase('postgres://nobody@127.0.0.1:1/none', 1);
  const unreachable = new Listener(away.db);
  try {
    await assert.rejects(unreachable.subscribe('test_f', recorder().sub), /ECONNREFUSED/);
    assert.deepEqual(await unreachable.listening(), []);
  } finally {
    await unreachable.close();
    await away.close();
  }
});
