import assert from 'node:assert/strict';
import { test } from 'node:test';
import pg from 'pg';
import { createTestDatabase } from '../test/harness.ts';
import { TEST_ENV } from '../test/env.ts';
import { openDatabase, toleratingLostServer } from './database.ts';

// db/database.ts toleratingLostServer: a pooled connection whose server goes away is reported to the
// next query, never thrown at the process (pg's pool emits it as 'error', fatal without a listener).

async function terminate(pid: number) {
  const admin = new pg.Client({ connectionString: TEST_ENV.adminUrl });
  await admin.connect();
  try {
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
  } finally {
    await admin.end();
  }
}

async function endedByServer(pool: pg.Pool) {
  const first = (await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
  const removed = new Promise((resolve) => pool.once('remove', resolve));
  await terminate(first);
  // The pool emits 'error' when the server's goodbye arrives, then 'remove' once the client has closed.
  await removed;
  assert.equal(pool.totalCount, 0);
  const second = (await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
  assert.notEqual(second, first, 'a new connection');
}

test("an idle connection ended by its server leaves openDatabase's pool, the process runs on, and the next query gets a new one", async () => {
  const database = await createTestDatabase();
  const { pool, close } = openDatabase(database.url, 1);
  try {
    await endedByServer(pool);
  } finally {
    await close();
    await database.drop();
  }
});

test('the same for a pool a test makes itself through toleratingLostServer', async () => {
  const database = await createTestDatabase();
  const pool = toleratingLostServer(new pg.Pool({ connectionString: database.url, max: 1 }));
  try {
    await endedByServer(pool);
  } finally {
    await pool.end();
    await database.drop();
  }
});
