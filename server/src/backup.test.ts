/**
 * Backup and restore of the embedded database with its uploaded files (issue 18): a backup taken
 * from a running platform, restored into an EMPTY data folder, starts; the audit chain verifies; the
 * case and its uploaded file are there; what came after the backup is not; a second restore over
 * the restored data is refused and changes nothing.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { openPlatform } from './platform.ts';
import { DEMO_ENTERPRISE, seedDemo } from './seed/seed.ts';
import { itemIdByName, signIn, submittedCase } from './test/harness.ts';

const { DATABASE_URL: _u, DATABASE_OWNER_URL: _o, ...baseEnv } = process.env;
const cli = (args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'server/src/main.ts', ...args], { encoding: 'utf8', env: { ...baseEnv, ...env }, timeout: 300_000 });

test('backup of a running embedded platform, restored into an empty DATA_DIR: it starts, the audit chain verifies, the case and its file are there', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ow-backup-'));
  fs.chmodSync(root, 0o755);
  const keyFile = path.join(root, 'audit-key.pem');
  const pgPort = String(53000 + Math.floor(Math.random() * 1000));
  const envA = { DATA_DIR: path.join(root, 'a'), AUDIT_KEY_FILE: keyFile, EMBEDDED_PG_PORT: pgPort };
  const envB = { ...envA, DATA_DIR: path.join(root, 'b') };
  const backupDir = path.join(root, 'backup');
  try {
    const a = await openPlatform(loadConfig({}, { ...envA, COOKIE_SECURE: 'false' }), { jobs: false });
    let caseId: string;
    let file: { id: string; sha256: string; storage_key: string };
    try {
      await seedDemo(a.ctx);
      const app = await buildApp(a.ctx);
      try {
        const company = await signIn(app, DEMO_ENTERPRISE.creditCode);
        const c = await submittedCase(app, company, await itemIdByName(app, '建筑工程施工许可证核发', '海南省'));
        caseId = c.id;
        file = (await a.ctx.db.selectFrom('case_materials as m').innerJoin('files as f', 'f.id', 'm.file_id')
          .select(['f.id', 'f.sha256', 'f.storage_key']).where('m.case_id', '=', caseId).executeTakeFirstOrThrow());

        // Online: the platform keeps running (and its cluster with it) while the backup is taken.
        const b = cli(['backup', backupDir], envA);
        assert.equal(b.status, 0, b.stdout + b.stderr);
        assert.match(b.stdout, /backup written to .*physical/);
        const manifest = JSON.parse(fs.readFileSync(path.join(backupDir, 'manifest.json'), 'utf8'));
        assert.equal(manifest.kind, 'embedded-physical');
        assert.equal(manifest.serverMajor, 18);
        assert.ok(fs.existsSync(path.join(backupDir, 'pg', 'backup_label')));

        // After the backup: not in it.
        await a.ctx.db.insertInto('regions').values({ code: '469099', name: '备份之后', name_en: null, level: 'city', parent_code: null }).execute();
      } finally {
        await app.close();
      }
    } finally {
      await a.close();
    }

    assert.equal(fs.existsSync(envB.DATA_DIR), false, 'restored into a data folder that does not exist yet');
    const r = cli(['restore', backupDir], envB);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /restored from/);

    const v = cli(['verify-audit'], envB);
    assert.equal(v.status, 0, v.stdout + v.stderr);
    assert.match(v.stdout, /audit trail intact: \d+ events .* checkpoint signatures verified|audit trail intact: \d+ events/);

    const b = await openPlatform(loadConfig({}, envB), { jobs: false });
    try {
      const restored = await b.ctx.db.selectFrom('cases').select(['id', 'status']).where('id', '=', caseId).executeTakeFirst();
      assert.equal(restored?.status, 'submitted');
      const f = await b.ctx.db.selectFrom('files').select(['sha256', 'storage_key']).where('id', '=', file.id).executeTakeFirstOrThrow();
      const bytes = fs.readFileSync(path.join(envB.DATA_DIR, 'files', f.storage_key));
      assert.equal(createHash('sha256').update(bytes).digest('hex'), file.sha256, 'the uploaded file came back, byte for byte');
      assert.equal(await b.ctx.db.selectFrom('regions').select('code').where('code', '=', '469099').executeTakeFirst(), undefined, 'what was written after the backup is not in it');
    } finally {
      await b.close();
    }

    // A second restore onto the restored data is refused, and leaves it as it was.
    const again = cli(['restore', backupDir], envB);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /is not empty: restore into an empty DATA_DIR/);
    assert.ok(fs.existsSync(path.join(envB.DATA_DIR, 'pg', 'PG_VERSION')));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('backup refuses a folder that is not empty or lies inside DATA_DIR, before touching anything', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ow-backup-refuse-'));
  try {
    fs.writeFileSync(path.join(root, 'something'), 'x');
    const full = cli(['backup', root], { DATA_DIR: path.join(root, 'data') });
    assert.equal(full.status, 1);
    assert.match(full.stderr, /is not empty/);
    const inside = cli(['backup', path.join(root, 'data', 'b')], { DATA_DIR: path.join(root, 'data') });
    assert.equal(inside.status, 1);
    assert.match(inside.stderr, /inside DATA_DIR/);
    assert.equal(fs.existsSync(path.join(root, 'data')), false, 'nothing was started or made');
    const none = cli(['restore', root], { DATA_DIR: path.join(root, 'data') });
    assert.equal(none.status, 1);
    assert.match(none.stderr, /not a OneWindow backup/);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
