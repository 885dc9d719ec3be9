import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { test } from 'node:test';
import { loadConfig } from './config.ts';
import { poolOf } from './db/database.ts';
import { openPlatform } from './platform.ts';
import { createTestDatabase } from './test/harness.ts';
import { TEST_ENV } from './test/env.ts';

test('DATABASE_POOL_SIZE: 20 unless set; a value that is not a whole number from 2 to 500 stops the start, naming the variable', () => {
  assert.equal(loadConfig({}).DATABASE_POOL_SIZE, 20);
  assert.equal(loadConfig({}, { DATABASE_POOL_SIZE: '8' }).DATABASE_POOL_SIZE, 8);
  for (const bad of ['0', '1', '501', '2.5', 'twenty', '-4']) {
    assert.throws(() => loadConfig({}, { DATABASE_POOL_SIZE: bad }), /Invalid configuration:\n {2}DATABASE_POOL_SIZE: /, bad);
  }
});

test("the platform's pool holds at most DATABASE_POOL_SIZE connections, however many requests wait", async () => {
  const database = await createTestDatabase();
  const config = loadConfig({}, { DATABASE_URL: database.url, DATA_DIR: path.join(TEST_ENV.tmp, `pool-${randomUUID()}`), DATABASE_POOL_SIZE: '3' });
  const p = await openPlatform(config, { migrate: false, jobs: false });
  try {
    const pool = poolOf(p.ctx.db)!;
    assert.equal(pool.options.max, 3);
    // Ten statements at once, each holding its connection a moment: three run, seven wait in the pool.
    const running = Array.from({ length: 10 }, () => pool.query('SELECT pg_sleep(0.05)'));
    assert.equal(pool.totalCount, 3);
    assert.equal(pool.waitingCount, 7);
    await Promise.all(running);
    assert.ok(pool.totalCount <= 3);
  } finally {
    await p.close();
    await database.drop();
  }
});
