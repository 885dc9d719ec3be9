import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { createTestDatabase } from '../test/harness.ts';
import { notifyAfterCommit } from './after-commit.ts';
import { openDatabase, toleratingLostServer, type Database } from './database.ts';
import { Listener } from './listen.ts';
import type { DB } from './types.ts';

// db/after-commit.ts: a transaction's notifications are sent after its COMMIT, outside it, never for a rollback.

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let opened: Database;
let listener: Listener;
const heard: string[] = [];
let wake: (() => void) | null = null;

/** Statements the pg clients of this process send while `sent` is not null. */
let sent: string[] | null = null;
const query = pg.Client.prototype.query;

before(async () => {
  database = await createTestDatabase();
  opened = openDatabase(database.url, 3);
  listener = new Listener(opened.db);
  await listener.subscribe('after_commit_test', { message: (p) => { heard.push(p); wake?.(); } });
  await sql`CREATE TABLE deferred_once (id int UNIQUE DEFERRABLE INITIALLY DEFERRED)`.execute(opened.db);
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string } | undefined)?.text ?? '?';
    sent?.push(text);
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
});
after(async () => {
  pg.Client.prototype.query = query;
  await listener.close();
  await opened.close();
  await database.drop();
});

/** Waits until `n` notifications have been heard in all (fails with what was heard after 10 s), and answers them. */
async function heardUntil(n: number) {
  const deadline = Date.now() + 10_000;
  while (heard.length < n) {
    if (Date.now() > deadline) throw new Error(`timed out; heard ${JSON.stringify(heard)}`);
    await new Promise<void>((resolve) => { wake = resolve; setTimeout(resolve, 200).unref(); });
  }
  return heard.splice(0, heard.length);
}

const notify = (q: Parameters<typeof notifyAfterCommit>[0], payload: string) => notifyAfterCommit(q, 'after_commit_test', payload);

test('queued in a transaction, a notification is sent after COMMIT by a statement of its own, not inside the transaction', async () => {
  sent = [];
  await opened.db.transaction().execute(async (tx) => {
    await notify(tx, 'one');
    await notify(tx, 'two');
    await sql`SELECT 1`.execute(tx);
  });
  const inTransaction = sent.slice(0, sent.findIndex((s) => s === 'commit') + 1);
  assert.deepEqual(inTransaction, ['begin', 'SELECT 1', 'commit'], 'nothing of the notifications sent in the transaction');
  assert.deepEqual(await heardUntil(2), ['one', 'two'], 'both, in order');
  sent = null;
});

test('a rolled-back transaction, a failed COMMIT and a rollback to a savepoint send nothing of what they dropped', async () => {
  await assert.rejects(opened.db.transaction().execute(async (tx) => {
    await notify(tx, 'rolled back');
    throw new Error('refused');
  }), /refused/);
  // A deferred unique constraint fails at COMMIT itself.
  await assert.rejects(opened.db.transaction().execute(async (tx) => {
    await sql`INSERT INTO deferred_once VALUES (1), (1)`.execute(tx);
    await notify(tx, 'commit failed');
  }), /duplicate key/);
  await opened.db.transaction().execute(async (tx) => {
    await notify(tx, 'kept before the savepoint');
    await sql`SAVEPOINT part`.execute(tx);
    await notify(tx, 'dropped with the savepoint');
    await sql`ROLLBACK TO SAVEPOINT part`.execute(tx);
    await notify(tx, 'kept after it');
  });
  // The notifier sends one batch after another: had the dropped ones been sent, they would come first.
  assert.deepEqual(await heardUntil(2), ['kept before the savepoint', 'kept after it']);
});

test('outside a transaction a notification is sent at once; concurrent transactions each get theirs delivered once', async () => {
  await notify(opened.db, 'alone');
  assert.deepEqual(await heardUntil(1), ['alone']);
  const payloads = Array.from({ length: 40 }, (_, i) => `concurrent ${i}`);
  await Promise.all(payloads.map((p) => opened.db.transaction().execute(async (tx) => {
    await sql`SELECT pg_sleep(0.01)`.execute(tx);
    await notify(tx, p);
  })));
  assert.deepEqual((await heardUntil(payloads.length)).sort(), [...payloads].sort());
});

test('a Kysely made outside openDatabase sends the marker as the pg_notify it is: delivered at commit, inside the transaction', async () => {
  const pool = toleratingLostServer(new pg.Pool({ connectionString: database.url, max: 1 }));
  const plain = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  try {
    await assert.rejects(plain.transaction().execute(async (tx) => {
      await notify(tx, 'plain rolled back');
      throw new Error('refused');
    }), /refused/);
    await plain.transaction().execute((tx) => notify(tx, 'plain committed'));
    assert.deepEqual(await heardUntil(1), ['plain committed']);
  } finally {
    await plain.destroy();
  }
});
