import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { testApp, type TestApp } from '../test/harness.ts';
import { sql } from 'kysely';
import { appendAudit, canonicalJson, hashAudit, sealAudit, verifyAudit } from './audit.ts';
import { auditSigner } from './audit-signing.ts';

let t: TestApp;
before(async () => { t = await testApp(); });
after(async () => { await t.close(); });

test('canonical JSON does not depend on key order', () => {
  assert.equal(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } }), '{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}');
});

test('events of one stream form a hash chain that detects an altered row', async () => {
  const stream = 'item:00000000-0000-4000-8000-00000000a0d1';
  for (let i = 0; i < 3; i++) {
    await t.ctx.db.transaction().execute((tx) => appendAudit(tx, { stream, action: `test.${i}`, actorId: null, at: new Date(Date.UTC(2026, 0, 1, 0, i)), data: { i, 名: '张三' } }));
  }
  const rows = await t.ctx.db.selectFrom('audit_events').selectAll().where('stream', '=', stream).orderBy('seq').execute();
  assert.deepEqual(rows.map((r) => r.seq), [1, 2, 3]);
  assert.equal(rows[0]!.prev_hash, null);
  let prev: string | null = null;
  for (const r of rows) {
    assert.equal(r.prev_hash, prev);
    const record = { stream: r.stream, seq: r.seq, at: r.at, actorId: r.actor_id, action: r.action, data: r.data as Record<string, unknown>, prevHash: r.prev_hash };
    assert.equal(hashAudit(record), r.hash, `event ${r.seq} hashes to its stored hash`);
    assert.notEqual(hashAudit({ ...record, data: { ...record.data, i: 99 } }), r.hash, 'altered data changes the hash');
    prev = r.hash;
  }
});

test('a new stream\'s first event written without reading the head is the same event; on a stream that has events it is refused and nothing is written', async () => {
  const stream = 'item:00000000-0000-4000-8000-00000000a0d2';
  const at = new Date(Date.UTC(2026, 0, 2));
  await t.ctx.db.transaction().execute((tx) => appendAudit(tx, { stream, action: 'test.first', actorId: null, at, data: { n: 1 } }, { newStream: true }));
  const [first] = await t.ctx.db.selectFrom('audit_events').selectAll().where('stream', '=', stream).execute();
  assert.equal(first!.seq, 1);
  assert.equal(first!.prev_hash, null);
  assert.equal(first!.hash, hashAudit({ stream, seq: 1, at, actorId: null, action: 'test.first', data: { n: 1 }, prevHash: null }));
  // The stream is not new: UNIQUE (stream, seq) refuses, and the transaction's other writes roll back with it.
  await assert.rejects(t.ctx.db.transaction().execute(async (tx) => {
    await appendAudit(tx, { stream: `${stream}-other`, action: 'test.beside', actorId: null, at, data: {} });
    await appendAudit(tx, { stream, action: 'test.again', actorId: null, at, data: {} }, { newStream: true });
  }), /duplicate key|unique/i);
  const rows = await t.ctx.db.selectFrom('audit_events').select(['stream', 'seq', 'action']).where('stream', 'in', [stream, `${stream}-other`]).execute();
  assert.deepEqual(rows, [{ stream, seq: 1, action: 'test.first' }]);
});

test('the audit table refuses updates and deletes', async () => {
  // The trigger refuses even the owner; the runtime role is refused before it, by its grants (db/roles.test.ts).
  await assert.rejects(t.owner.updateTable('audit_events').set({ action: 'x' }).execute(), /append-only/);
  await assert.rejects(t.owner.deleteFrom('audit_events').execute(), /append-only/);
});

test('a checkpoint seals the log: removing the last event of a stream, invisible to the chain, is caught', async () => {
  const stream = 'item:00000000-0000-4000-8000-00000000c0c0';
  const day = new Date('2026-01-05T02:00:00Z');
  for (let i = 0; i < 2; i++) {
    await t.ctx.db.transaction().execute((tx) => appendAudit(tx, { stream, action: `seal.${i}`, actorId: null, at: new Date(day.getTime() + i * 60_000), data: { i } }));
  }
  const sealed = await sealAudit(t.ctx.db, new Date('2026-01-06T00:00:00Z'), auditSigner(t.config.auditKeyFile));
  assert.ok(sealed && sealed.events >= 2);
  assert.equal(await sealAudit(t.ctx.db, new Date('2026-01-06T00:00:00Z'), auditSigner(t.config.auditKeyFile)), null, 'nothing new to seal');
  assert.equal((await verifyAudit(t.ctx.db)).broken, null);
  await t.owner.connection().execute(async (conn) => {
    await sql`SET session_replication_role = replica`.execute(conn);
    await sql`DELETE FROM audit_events WHERE stream = ${stream} AND seq = 2`.execute(conn);
    await sql`SET session_replication_role = origin`.execute(conn);
  });
  const r = await verifyAudit(t.ctx.db);
  // Issue 10 names this case: a log shorter than its checkpoint says is reported as truncated (it was 'checkpoint').
  assert.equal(r.broken?.reason, 'truncated', 'the chain alone cannot see a removed last event; the checkpoint does');
  await assert.rejects(t.owner.deleteFrom('audit_checkpoints').execute(), /append-only/);
});
