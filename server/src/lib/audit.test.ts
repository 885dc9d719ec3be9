import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { testApp, type TestApp } from '../test/harness.ts';
import { appendAudit, canonicalJson, hashAudit } from './audit.ts';

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

test('the audit table refuses updates and deletes', async () => {
  await assert.rejects(t.ctx.db.updateTable('audit_events').set({ action: 'x' }).execute(), /append-only/);
  await assert.rejects(t.ctx.db.deleteFrom('audit_events').execute(), /append-only/);
});
