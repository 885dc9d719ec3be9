import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { after, before, test } from 'node:test';
import { createTestDatabase } from './test/harness.ts';

const cli = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'server/src/main.ts', ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });

let db: Awaited<ReturnType<typeof createTestDatabase>>;
before(async () => { db = await createTestDatabase(); });
after(async () => { await db.drop(); });

test('every command has --help, and an unknown command is refused', () => {
  for (const c of ['serve', 'migrate', 'seed', 'verify-audit', 'export-audit', 'backup', 'restore']) {
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

test('with DATABASE_OWNER_URL the owner migrates and grants, the platform works as the runtime role, and no warning is given', () => {
  const env = { DATABASE_URL: db.runtimeUrl, DATABASE_OWNER_URL: db.url, DATA_DIR: `${process.env.OW_TEST_TMP}/data` };
  const m = cli(['migrate'], env);
  assert.equal(m.status, 0, m.stderr);
  assert.doesNotMatch(m.stdout, /warning/);
  // With DATABASE_URL alone (a superuser here) it still works, and says what that costs.
  const single = cli(['migrate'], { DATABASE_URL: db.url, DATA_DIR: `${process.env.OW_TEST_TMP}/data` });
  assert.equal(single.status, 0, single.stderr);
  assert.match(single.stdout, /warning: DATABASE_OWNER_URL is not set/);
  assert.match(single.stdout, /is a superuser: it could truncate the audit trail/);
});

test('verify-audit walks the chains and says they are intact', () => {
  const r = cli(['verify-audit'], { DATABASE_URL: db.url, DATA_DIR: `${process.env.OW_TEST_TMP}/data` });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /audit trail intact: \d+ events in \d+ streams/);
});

test('export-audit writes the checkpoints and the public key; verify-audit holds the database to that export', () => {
  const env = { DATABASE_URL: db.url, DATA_DIR: `${process.env.OW_TEST_TMP}/data`, AUDIT_KEY_FILE: `${process.env.OW_TEST_TMP}/cli-audit-key.pem` };
  const out = `${process.env.OW_TEST_TMP}/cli-audit-export.json`;
  const e = cli(['export-audit', '--out', out], env);
  assert.equal(e.status, 0, e.stderr);
  const kept = JSON.parse(fs.readFileSync(out, 'utf8'));
  assert.equal(kept.format, 'onewindow-audit-checkpoints/1');
  assert.ok(Array.isArray(kept.checkpoints));
  const v = cli(['verify-audit', '--against', out], env);
  assert.equal(v.status, 0, v.stdout + v.stderr);
  assert.match(v.stdout, /audit trail intact: .*checkpoints of .* present/);
  // A kept export naming a checkpoint the database no longer has fails the check.
  fs.writeFileSync(out, JSON.stringify({ ...kept, checkpoints: [{ id: 999999, sealedAt: '2026-01-01T00:00:00.000Z', upto: '2026-01-01T00:00:00.000Z', events: 1, digest: 'x', prevHash: null, hash: 'x', newStreams: null, totalEvents: null, totalStreams: null, keyId: null, signature: null }] }));
  const broken = cli(['verify-audit', '--against', out], env);
  assert.equal(broken.status, 1);
  assert.match(broken.stdout, /checkpoint 999999 .* missing from the database/);
});

test('a bad setting stops the process with the variable named', () => {
  const r = cli(['migrate'], { PORT: 'eighty' });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /PORT/);
});
