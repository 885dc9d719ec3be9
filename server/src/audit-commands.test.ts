import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { exportAuditCommand, verifyAuditCommand } from './audit-commands.ts';
import { loadConfig } from './config.ts';
import { EMBEDDED_RUNTIME_ROLE } from './db/engine.ts';
import { tryAuditLock } from './modules/supervision/performance.repository.ts';
import { runAuditCheck } from './modules/supervision/audit-checks.ts';
import { openPlatform } from './platform.ts';

test('verify-audit and export-audit run beside a running platform on its embedded database, even while the audit check holds its lock', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ow-audit-cmd-'));
  const config = loadConfig({}, { DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(59000 + Math.floor(Math.random() * 900)) });
  try {
    const platform = await openPlatform(config, { jobs: false });
    try {
      const me = (await platform.database.pool.query<{ r: string; su: boolean }>('SELECT current_user AS r, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS su')).rows[0]!;
      assert.deepEqual(me, { r: EMBEDDED_RUNTIME_ROLE, su: false }, 'the embedded platform works as its runtime role');
      assert.equal((await runAuditCheck(platform.ctx, { force: true }))?.ok, true);
      const out = path.join(dataDir, '..', `${path.basename(dataDir)}-export.json`);
      // The platform's own check holds the audit lock in an open transaction: the commands need no lock.
      let release!: () => void;
      const held = new Promise<void>((r) => { release = r; });
      const holding = platform.ctx.db.transaction().execute(async (tx) => {
        assert.equal(await tryAuditLock(tx), true);
        await held;
      });
      try {
        assert.equal(await verifyAuditCommand(config, {}, () => {}), 0);
        await exportAuditCommand(config, { out }, () => {});
      } finally {
        release();
        await holding;
      }
      const kept = JSON.parse(fs.readFileSync(out, 'utf8'));
      assert.equal(kept.format, 'onewindow-audit-checkpoints/1');
      assert.match(kept.publicKey, /BEGIN PUBLIC KEY/);
      assert.equal(await verifyAuditCommand(config, { against: out }, () => {}), 0);
      fs.rmSync(out, { force: true });
    } finally {
      await platform.close();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(config.auditKeyFile, { force: true });
  }
});
