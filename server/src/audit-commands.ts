import fs from 'node:fs';
import type { Config } from './config.ts';
import { openDatabase, type Tx } from './db/database.ts';
import { runningEmbeddedDatabase } from './db/engine.ts';
import { verifyAudit, type AuditBreakReason } from './lib/audit.ts';
import { compareWithExport, exportCheckpoints, type AuditExport } from './lib/audit-export.ts';
import { auditVerifyKey, type AuditVerifyKey } from './lib/audit-signing.ts';
import { openPlatform } from './platform.ts';

/**
 * The audit commands of the CLI (verify-audit, export-audit). They read only, inside one
 * repeatable-read, read-only transaction (a consistent snapshot, no lock), so they run beside a
 * running platform: with DATABASE_URL they connect to it; with the embedded database they connect
 * to the cluster a running OneWindow holds, or start it when none runs.
 */
async function withSnapshot<T>(config: Config, log: (m: string) => void, work: (tx: Tx) => Promise<T>): Promise<T> {
  const running = await runningEmbeddedDatabase(config);
  const url = config.DATABASE_URL ?? running;
  if (url) {
    const database = openDatabase(url, 1);
    try {
      return await database.db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(work);
    } finally {
      await database.close();
    }
  }
  const platform = await openPlatform(config, { log, jobs: false });
  try {
    return await platform.ctx.db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(work);
  } finally {
    await platform.close();
  }
}

/** The key to verify with: a file given on the command line (a public key, e.g. from an export), else AUDIT_KEY_FILE's. */
function verifyKey(config: Config, file: string | undefined): AuditVerifyKey | null {
  if (file) {
    const key = auditVerifyKey(file);
    if (!key) throw new Error(`no key file ${file}`);
    return key;
  }
  return auditVerifyKey(config.auditKeyFile);
}

const WHY: Record<AuditBreakReason, string> = {
  hash: 'altered (hash mismatch)',
  gap: 'an event before it was removed',
  link: 'its link to the previous event is wrong',
  checkpoint: 'the events it sealed were altered or removed',
  signature: 'its signature is missing or does not verify (the checkpoint or the events under it were rewritten)',
  truncated: 'the log holds fewer events than this checkpoint sealed (truncated)',
  stream_removed: 'a whole stream was removed',
};

/** Prints the result; answers the exit code (0 intact, 1 broken). */
export async function verifyAuditCommand(config: Config, opts: { publicKey?: string; against?: string }, log: (m: string) => void): Promise<number> {
  const key = verifyKey(config, opts.publicKey);
  const kept = opts.against ? JSON.parse(fs.readFileSync(opts.against, 'utf8')) as AuditExport : null;
  const { r, mismatch } = await withSnapshot(config, log, async (tx) => ({
    r: await verifyAudit(tx, { key }),
    mismatch: kept ? await compareWithExport(tx, kept, key) : null,
  }));
  if (!key) console.log(`warning: no key at ${config.auditKeyFile} (AUDIT_KEY_FILE) and none given with --public-key: signatures were not checked, only that they are there`);
  if (r.broken) {
    const b = r.broken;
    const where = b.stream === 'checkpoint' ? `checkpoint ${b.seq}` : b.id ? `stream ${b.stream}, event ${b.seq} (id ${b.id})` : `stream ${b.stream}`;
    console.log(`BROKEN: ${where}: ${WHY[b.reason]}; ${r.checked} events verified`);
    return 1;
  }
  if (mismatch) {
    console.log(`BROKEN: checkpoint ${mismatch.id} of ${opts.against} is ${mismatch.problem === 'missing' ? 'missing from the database' : mismatch.problem === 'changed' ? 'different in the database' : 'badly signed in the export'}`);
    return 1;
  }
  console.log(`audit trail intact: ${r.checked} events in ${r.streams} streams${key ? `, checkpoint signatures verified (key ${key.keyId.slice(0, 16)})` : ''}${kept ? `, all ${kept.checkpoints.length} checkpoints of ${opts.against} present` : ''}`);
  return 0;
}

export async function exportAuditCommand(config: Config, opts: { out?: string }, log: (m: string) => void): Promise<void> {
  const key = auditVerifyKey(config.auditKeyFile);
  const data = await withSnapshot(config, log, (tx) => exportCheckpoints(tx, key, new Date()));
  const text = `${JSON.stringify(data, null, 2)}\n`;
  if (opts.out) {
    fs.writeFileSync(opts.out, text);
    console.log(`${data.checkpoints.length} checkpoints and the public key written to ${opts.out}`);
  } else {
    process.stdout.write(text);
  }
}
