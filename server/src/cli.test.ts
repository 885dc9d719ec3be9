import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { createTestDatabase } from './test/harness.ts';

const cli = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'server/src/main.ts', ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });

let db: Awaited<ReturnType<typeof createTestDatabase>>;
before(async () => { db = await createTestDatabase(); });
after(async () => { await db.drop(); });

test('every command has --help, and an unknown command is refused', () => {
  for (const c of ['serve', 'migrate', 'seed']) {
    const r = cli([c, '--help']);
    assert.equal(r.status, 0, c);
    assert.match(r.stdout, new RegExp(`npm run cli -- ${c}`));
  }
  const main = cli(['--help']);
  assert.match(main.stdout, /serve\s+start the platform/);
  assert.equal(cli(['explode']).status, 2);
});

test('migrate and seed run against an external database given by DATABASE_URL, seed is idempotent', () => {
  const env = { DATABASE_URL: db.url, DATA_DIR: `${process.env.OW_TEST_TMP}/data` };
  const m = cli(['migrate'], env);
  assert.equal(m.status, 0, m.stderr);
  assert.match(m.stdout, /database is migrated/);
  const s = cli(['seed'], env);
  assert.equal(s.status, 0, s.stderr);
  assert.match(s.stdout, /items \(0 new\)/, 'the template already holds the demo data');
});

test('verify-audit walks the chains and says they are intact', () => {
  const r = cli(['verify-audit'], { DATABASE_URL: db.url, DATA_DIR: `${process.env.OW_TEST_TMP}/data` });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /audit trail intact: \d+ events in \d+ streams/);
});

test('a bad setting stops the process with the variable named', () => {
  const r = cli(['migrate'], { PORT: 'eighty' });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /PORT/);
});
