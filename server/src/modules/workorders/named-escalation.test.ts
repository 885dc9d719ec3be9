import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { signIn, testApp, type Session, type TestApp } from '../../test/harness.ts';
import { escalateOverdue } from './escalation.ts';

// A complaint that names a staff member is never escalated to them (docs/hotline.md, "Escalation"): the
// person it is about holds no role on it, and telling them would tip them off about the complaint.
const NOW = new Date('2026-11-23T02:00:00Z'); // Monday 10:00 China time
let t: TestApp;
let op: Session; let housing: Session; let housingChief: Session; let manager: Session;

before(async () => {
  t = await testApp({ now: NOW, env: { SESSION_TTL_HOURS: '100000' } });
  [op, housing, housingChief, manager] = await Promise.all([
    signIn(t.app, 'hotline1'), signIn(t.app, 'approver.housing'), signIn(t.app, 'chief.housing'), signIn(t.app, 'manager'),
  ]);
});
after(() => t.close());

const ok = (r: LightMyRequestResponse, status = 200) => { assert.equal(r.statusCode, status, r.body); return r.json(); };
let seq = 0;
/** An urgent complaint about `staffId`, dispatched to housing today: due today, overdue tomorrow. */
async function complaintAbout(staffId: string) {
  seq++;
  const id = ok(await op.post('/api/workorders', {
    kind: 'complaint', urgency: 'urgent', againstStaffId: staffId, callerName: '王五', callerPhone: '13912345678',
    place: `投诉路${seq}号`, topic: `投诉${seq}`, content: '内容',
  }), 201).id as string;
  ok(await op.post(`/api/workorders/${id}/actions`, { action: 'dispatch', departmentId: housing.user.departmentId }));
  return id;
}
const toldOf = async (id: string) => (await t.ctx.db.selectFrom('notifications').select(['user_id', 'data']).where('kind', '=', 'workorder.escalated').execute())
  .filter((r) => (r.data as { orderId?: string }).orderId === id).map((r) => r.user_id).sort();
const managersOfCenter = async () => (await t.ctx.db.selectFrom('users').select('id').where('kind', '=', 'staff').where('center_id', '=', manager.user.centerId!)
  .where(sql<boolean>`roles @> ARRAY['manager']::text[]`).execute()).map((u) => u.id).sort();

test('level 1 of a complaint against the department chief goes to the center managers, never to the chief; one against an approver still to the chief', async () => {
  const aboutChief = await complaintAbout(housingChief.user.id);
  const aboutApprover = await complaintAbout(housing.user.id);
  try {
    t.clock.set(new Date('2026-11-24T02:00:00Z'));
    await escalateOverdue(t.ctx);
    const chiefTold = await toldOf(aboutChief);
    assert.ok(!chiefTold.includes(housingChief.user.id), 'the chief the complaint names is not told');
    assert.deepEqual(chiefTold, await managersOfCenter(), 'the center managers instead');
    const event = (await t.ctx.db.selectFrom('workorder_events').select('data').where('order_id', '=', aboutChief).where('action', '=', 'escalate').executeTakeFirstOrThrow()).data as { level: number; role: string; to: string[] };
    assert.deepEqual([event.level, event.role, event.to.includes(housingChief.user.id)], [1, 'manager', false]);
    assert.deepEqual(await toldOf(aboutApprover), [housingChief.user.id], 'a complaint about someone else goes to the chief as before');
    // Level 2 (the managers) of the complaint about the approver: the approver is not a manager, nothing changes.
    t.clock.set(new Date('2026-11-26T02:00:00Z'));
    await escalateOverdue(t.ctx);
    assert.ok(!(await toldOf(aboutChief)).includes(housingChief.user.id), 'nor at any later level');
  } finally {
    t.clock.set(NOW);
  }
});
