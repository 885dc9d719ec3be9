import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../config.ts';
import { openPlatform } from '../platform.ts';

test('the embedded PostgreSQL keeps its data across a restart', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ow-engine-'));
  const config = loadConfig({}, { DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(58000 + Math.floor(Math.random() * 1000)) });
  try {
    const first = await openPlatform(config);
    assert.equal(first.server.embedded, true);
    await first.ctx.db.insertInto('regions').values({ code: '469000', name: '省直辖县级行政区划', name_en: null, level: 'city', parent_code: null }).execute();
    await first.close();
    assert.ok(fs.existsSync(path.join(dataDir, 'pg', 'PG_VERSION')));

    const second = await openPlatform(config);
    const row = await second.ctx.db.selectFrom('regions').select('name').where('code', '=', '469000').executeTakeFirst();
    assert.equal(row?.name, '省直辖县级行政区划');
    const migrations = await second.database.pool.query('SELECT count(*)::int AS n FROM schema_migrations');
    assert.ok(migrations.rows[0].n >= 1, 'migrations are recorded and not applied twice');
    await second.close();
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
