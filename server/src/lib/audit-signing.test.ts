// The audit trail against an insider who can write the database as its owner (a superuser here):
// every detection gets a database of its own, since the first break stops verification.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { runAuditCheck } from '../modules/supervision/audit-checks.ts';
import { DEMO_ENTERPRISE } from '../seed/seed.ts';
import { itemIdByName, signIn, submittedCase, testApp, type TestApp } from '../test/harness.ts';
import { appendAudit, checkpointHash, hashAudit, verifyAudit } from './audit.ts';
import { compareWithExport, exportCheckpoints } from './audit-export.ts';
import { auditSigner, auditVerifyKey } from './audit-signing.ts';

const DAY = new Date('2026-02-02T02:00:00Z');

/** Three streams of three events each, then a signed checkpoint over them (the scheduled check, as in production). */
async function sealedLog(t: TestApp, tag: string): Promise<string[]> {
  const streams = [1, 2, 3].map((i) => `item:00000000-0000-4000-8000-${tag.padStart(8, '0')}000${i}`);
  for (const [k, stream] of streams.entries()) {
    for (let i = 0; i < 3; i++) {
      const at = new Date(DAY.getTime() + (k * 3 + i) * 60_000);
      await t.ctx.db.transaction().execute((tx) => appendAudit(tx, { stream, action: `test.${i}`, actorId: null, at, data: { i, k } }));
    }
  }
  t.clock.set(new Date(DAY.getTime() + 3_600_000));
  const r = await runAuditCheck(t.ctx, { force: true });
  assert.equal(r?.ok, true);
  assert.ok(r!.sealed >= 9, 'the check sealed the events');
  return streams;
}

/** As the owner, with triggers off for this session: what an insider with the owner's password can do. */
function asInsider(t: TestApp, work: (db: Db) => Promise<unknown>) {
  return t.owner.connection().execute(async (conn) => {
    await sql`SET session_replication_role = replica`.execute(conn);
    try {
      await work(conn);
    } finally {
      await sql`SET session_replication_role = origin`.execute(conn);
    }
  });
}

const checkpointCount = async (t: TestApp) => Number((await t.owner.selectFrom('audit_checkpoints').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

test('the key file is made outside DATA_DIR with mode 0600, and checkpoints carry its signature', async () => {
  const t = await testApp({ now: DAY });
  try {
    await sealedLog(t, 'a1');
    const file = t.config.auditKeyFile;
    assert.ok(path.relative(t.config.dataDir, file).startsWith('..'), `${file} is not inside ${t.config.dataDir}`);
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    const key = auditVerifyKey(file)!;
    const cps = await t.owner.selectFrom('audit_checkpoints').selectAll().execute();
    assert.ok(cps.length >= 1);
    for (const cp of cps) {
      assert.equal(cp.key_id, key.keyId);
      assert.ok(cp.signature && cp.signature.length > 40);
    }
    // The database holds no private key: nothing in it looks like one.
    const dump = JSON.stringify(cps);
    assert.ok(!dump.includes('PRIVATE KEY'));
    const v = await verifyAudit(t.ctx.db, { key });
    assert.equal(v.broken, null);
    assert.equal(v.signaturesChecked, true);
  } finally {
    await t.close();
  }
});

test('a chain rewritten with every hash, digest and checkpoint hash recomputed is caught by the signature', async () => {
  const t = await testApp({ now: DAY });
  try {
    const [stream] = await sealedLog(t, 'b1');
    const key = auditVerifyKey(t.config.auditKeyFile)!;
    await asInsider(t, async (db) => {
      // Rewrite event 2 of the stream and re-chain the events after it, as verification recomputes them.
      const rows = await db.selectFrom('audit_events').selectAll().where('stream', '=', stream!).orderBy('seq').execute();
      let prev: string | null = null;
      for (const r of rows) {
        const data = r.seq === 2 ? { ...(r.data as object), i: 99 } : r.data as Record<string, unknown>;
        const hash = hashAudit({ stream: r.stream, seq: r.seq, at: r.at, actorId: r.actor_id, action: r.action, data, prevHash: prev });
        await db.updateTable('audit_events').set({ data: JSON.stringify(data), prev_hash: prev, hash }).where('id', '=', r.id).execute();
        prev = hash;
      }
      // Recompute every checkpoint's digest and hash over the rewritten events; keep their signatures.
      const cps = await db.selectFrom('audit_checkpoints').selectAll().orderBy('id').execute();
      let prevCp: { upto: Date; hash: string } | null = null;
      for (const cp of cps) {
        let q = db.selectFrom('audit_events').select('hash').where('at', '<=', cp.upto).orderBy('at').orderBy('id');
        if (prevCp) q = q.where('at', '>', prevCp.upto);
        const h = createHash('sha256');
        for (const e of await q.execute()) h.update(e.hash);
        const digest = h.digest('hex');
        const hash = checkpointHash(prevCp?.hash ?? null, cp.upto, cp.events, digest);
        await db.updateTable('audit_checkpoints').set({ digest, hash, prev_hash: prevCp?.hash ?? null }).where('id', '=', cp.id).execute();
        prevCp = { upto: cp.upto, hash };
      }
    });
    const v = await verifyAudit(t.ctx.db, { key });
    assert.equal(v.broken?.reason, 'signature');
    assert.equal(v.broken?.stream, 'checkpoint');
    // Without the key only the chain and the hashes are checked: the rewrite passes them, which is why the key lives outside.
    assert.equal((await verifyAudit(t.ctx.db)).broken, null);
  } finally {
    await t.close();
  }
});

test('a checkpoint forged by the runtime role, or stripped of its signature, is caught', async () => {
  const t = await testApp({ now: DAY });
  try {
    await sealedLog(t, 'c1');
    const key = auditVerifyKey(t.config.auditKeyFile)!;
    const last = await t.ctx.db.selectFrom('audit_checkpoints').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    // The runtime role may append checkpoints (the platform seals), but cannot sign them.
    const upto = new Date(last.upto.getTime() + 60_000);
    const digest = createHash('sha256').digest('hex');
    await t.ctx.db.insertInto('audit_checkpoints').values({
      sealed_at: upto, upto, events: 0, digest, prev_hash: last.hash, hash: checkpointHash(last.hash, upto, 0, digest),
      new_streams: 0, total_events: last.total_events, total_streams: last.total_streams, key_id: key.keyId, signature: last.signature,
    }).execute();
    const v = await verifyAudit(t.ctx.db, { key });
    assert.deepEqual(v.broken && { stream: v.broken.stream, reason: v.broken.reason }, { stream: 'checkpoint', reason: 'signature' });
    await asInsider(t, (db) => db.updateTable('audit_checkpoints').set({ signature: null }).where('id', '=', last.id).execute());
    // Missing is seen even without the key.
    const w = await verifyAudit(t.ctx.db);
    assert.deepEqual(w.broken && { seq: w.broken.seq, reason: w.broken.reason }, { seq: Number(last.id), reason: 'signature' });
  } finally {
    await t.close();
  }
});

test('truncation: a log shorter than its signed checkpoint says is reported as truncated', async () => {
  const t = await testApp({ now: DAY });
  try {
    const streams = await sealedLog(t, 'd1');
    // The last event of a stream: its chain still looks whole.
    await asInsider(t, (db) => db.deleteFrom('audit_events').where('stream', '=', streams[2]!).where('seq', '=', 3).execute());
    const v = await verifyAudit(t.ctx.db, { key: auditVerifyKey(t.config.auditKeyFile) });
    assert.equal(v.broken?.reason, 'truncated');
  } finally {
    await t.close();
  }
});

test('a stream removed whole is reported: a sealed one by the checkpoint counts, a recent unsealed case stream by its case', async () => {
  const t = await testApp({ now: DAY });
  try {
    const streams = await sealedLog(t, 'e1');
    await asInsider(t, (db) => db.deleteFrom('audit_events').where('stream', '=', streams[1]!).execute());
    const v = await verifyAudit(t.ctx.db, { key: auditVerifyKey(t.config.auditKeyFile) });
    assert.equal(v.broken?.reason, 'stream_removed');
    assert.equal(v.broken?.stream, 'checkpoint');
  } finally {
    await t.close();
  }
  const u = await testApp({ now: DAY });
  try {
    await sealedLog(u, 'e2');
    // Submitted after the last checkpoint: its stream is younger than every seal.
    const company = await signIn(u.app, DEMO_ENTERPRISE.creditCode);
    const permit = await itemIdByName(u.app, '建筑工程施工许可证核发', '海南省');
    const c = await submittedCase(u.app, company, permit);
    assert.equal((await verifyAudit(u.ctx.db)).broken, null);
    await asInsider(u, (db) => db.deleteFrom('audit_events').where('stream', '=', `case:${c.id}`).execute());
    const v = await verifyAudit(u.ctx.db);
    assert.deepEqual(v.broken && { stream: v.broken.stream, reason: v.broken.reason }, { stream: `case:${c.id}`, reason: 'stream_removed' });
  } finally {
    await u.close();
  }
});

test('the scheduled check verifies before it seals, and never seals a log that fails', async () => {
  const t = await testApp({ now: DAY });
  try {
    const [stream] = await sealedLog(t, 'f1');
    const sealedBefore = await checkpointCount(t);
    // New events to seal, and a broken chain.
    const later = new Date(DAY.getTime() + 2 * 3_600_000);
    await t.ctx.db.transaction().execute((tx) => appendAudit(tx, { stream: stream!, action: 'test.later', actorId: null, at: later }));
    await asInsider(t, (db) => db.updateTable('audit_events').set({ action: 'test.altered' }).where('stream', '=', stream!).where('seq', '=', 1).execute());
    t.clock.set(new Date(later.getTime() + 3_600_000));
    const r = await runAuditCheck(t.ctx, { force: true });
    assert.equal(r?.ok, false);
    assert.equal(r?.broken?.reason, 'hash');
    assert.equal(r?.sealed, 0);
    assert.equal(await checkpointCount(t), sealedBefore, 'no checkpoint vouches for the broken log');
    const second = await runAuditCheck(t.ctx, { force: true });
    assert.equal(second?.ok, false);
    assert.equal(await checkpointCount(t), sealedBefore);
  } finally {
    await t.close();
  }
});

test('an export of the checkpoints with the public key holds the database to them', async () => {
  const t = await testApp({ now: DAY });
  try {
    await sealedLog(t, 'a7');
    const key = auditSigner(t.config.auditKeyFile);
    const kept = await exportCheckpoints(t.ctx.db, key, t.clock.now());
    assert.equal(kept.keyId, key.keyId);
    assert.match(kept.publicKey!, /BEGIN PUBLIC KEY/);
    assert.ok(kept.checkpoints.length >= 1 && kept.checkpoints.every((c) => c.signature));
    assert.equal(await compareWithExport(t.ctx.db, kept, key), null);
    // A forged export (its counts changed) does not verify against the key.
    const forged = { ...kept, checkpoints: kept.checkpoints.map((c) => ({ ...c, totalEvents: (c.totalEvents ?? 0) + 1 })) };
    assert.equal((await compareWithExport(t.ctx.db, forged, key))?.problem, 'bad_signature');
    // The newest checkpoint and what it sealed removed: the database alone has no trace of it, the export does.
    const last = kept.checkpoints.at(-1)!;
    await asInsider(t, async (db) => {
      await db.deleteFrom('audit_events').where('at', '>', kept.checkpoints.at(-2)?.upto ? new Date(kept.checkpoints.at(-2)!.upto) : new Date(0)).where('at', '<=', new Date(last.upto)).execute();
      await db.deleteFrom('audit_checkpoints').where('id', '=', last.id).execute();
    });
    assert.deepEqual(await compareWithExport(t.ctx.db, kept, key), { id: last.id, problem: 'missing' });
  } finally {
    await t.close();
  }
});
