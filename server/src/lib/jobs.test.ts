import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { openDatabase, type Database } from '../db/database.ts';
import { createTestDatabase } from '../test/harness.ts';
import { defineJob, enqueue, installJobQueue, startJobWorker } from './jobs.ts';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let a: Database;
let b: Database;

before(async () => {
  database = await createTestDatabase();
  a = openDatabase(database.url, 5);
  b = openDatabase(database.url, 5);
  await installJobQueue(a.pool);
});
after(async () => {
  await a.close();
  await b.close();
  await database.drop();
});

// Which instance ran which payload; resolves once `expected` committed jobs have run.
const runs: Array<{ n: number | string }> = [];
let expected = Infinity;
let allRan: () => void = () => {};
const done = new Promise<void>((r) => { allRan = r; });
const echo = defineJob<{ n: number | string }>('test.echo', async (payload) => {
  runs.push(payload);
  if (runs.length >= expected) allRan();
});
const failsOnce = defineJob<{ note: string }>('test.fails_once', async (_p, job) => {
  if (job.attempts === 1) throw new Error('the remote end is down');
});

test('a job enqueued in a rolled-back transaction never runs; each committed one runs once with two workers', async () => {
  await assert.rejects(a.db.transaction().execute(async (tx) => {
    await enqueue(tx, echo, { n: 'rolled back' });
    throw new Error('the change fails');
  }), /the change fails/);
  const committed = Array.from({ length: 20 }, (_, i) => i);
  await a.db.transaction().execute(async (tx) => {
    for (const n of committed) await enqueue(tx, echo, { n });
  });
  expected = committed.length;
  const stops = await Promise.all([startJobWorker(a.pool, () => {}, { concurrency: 3 }), startJobWorker(b.pool, () => {}, { concurrency: 3 })]);
  await done;
  // Stopping waits for running jobs and their completion; after it nothing is left to run.
  await Promise.all(stops.map((w) => w.stop()));
  assert.deepEqual(runs.map((r) => r.n).sort((x, y) => Number(x) - Number(y)), committed, 'each committed job once, the rolled-back one never');
  const left = await sql<{ n: number }>`SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE task_identifier = 'test.echo'`.execute(a.db);
  assert.equal(left.rows[0]!.n, 0);
});

test('a failing job is kept with its error and retried later (exponential backoff)', async () => {
  const worker = await startJobWorker(a.pool);
  const failed = new Promise<void>((resolve) => worker.events.on('job:error', () => resolve()));
  await a.db.transaction().execute((tx) => enqueue(tx, failsOnce, { note: 'webhook' }, { key: 'webhook:1' }));
  await failed;
  // The worker records the failure after it emits job:error, through a batched write that stop() may
  // not have flushed yet: wait for the row to say so (the condition itself, bounded), not a fixed time.
  const read = () => sql<{ attempts: number; last_error: string | null; later: boolean; max_attempts: number }>`
    SELECT attempts, last_error, run_at > now() AS later, max_attempts FROM graphile_worker.jobs WHERE key = 'webhook:1'`.execute(a.db);
  let job = await read();
  for (const deadline = Date.now() + 10_000; job.rows[0]?.last_error == null && Date.now() < deadline;) {
    await new Promise<void>((resolve) => { worker.events.once('job:complete', () => resolve()); setImmediate(resolve); });
    job = await read();
  }
  await worker.stop();
  assert.equal(job.rows[0]!.attempts, 1);
  assert.match(job.rows[0]!.last_error ?? '', /the remote end is down/);
  assert.equal(job.rows[0]!.later, true, 'the retry waits');
  assert.ok(job.rows[0]!.max_attempts > 1);
});
