import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { DEMO_PERSON } from '../../seed/seed.ts';
import { signIn, testApp, type Session, type TestApp } from '../../test/harness.ts';
import { MAX_REOPENS } from './workorder.transitions.ts';

/**
 * Re-handling (重办, 国办发〔2020〕53号, docs/hotline.md): an order the caller rated dissatisfied goes back, by the
 * hotline center's lead, to the department that handled it, on a fresh limit, at most MAX_REOPENS times.
 */

// Monday 23 November 2026, 10:00 in China.
const NOW = new Date('2026-11-23T02:00:00Z');
// Monday 30 November 2026, 10:00 in China: the day of the re-handling.
const LATER = new Date('2026-11-30T02:00:00Z');
let t: TestApp;
let op: Session; let lead: Session; let housing: Session; let market: Session; let manager: Session; let person: Session; let otherLead: Session;
let centerId: string; let housingId: string;

before(async () => {
  t = await testApp({ now: NOW, env: { SESSION_TTL_HOURS: '100000' } });
  // Another center's hotline lead (the demo has none): Haikou's deputy manager made one.
  await t.ctx.db.updateTable('users').set({ roles: ['hotline_lead'] }).where('username', '=', 'hk.manager2').execute();
  [op, lead, housing, market, manager, person, otherLead] = await Promise.all([
    signIn(t.app, 'hotline1'), signIn(t.app, 'hotline.lead'), signIn(t.app, 'approver.housing'), signIn(t.app, 'approver.market'),
    signIn(t.app, 'manager'), signIn(t.app, DEMO_PERSON.idNumber), signIn(t.app, 'hk.manager2'),
  ]);
  centerId = op.user.centerId!;
  housingId = housing.user.departmentId!;
});
after(() => t.close());

const ok = (r: LightMyRequestResponse, status = 200) => { assert.equal(r.statusCode, status, r.body); return r.json(); };
const refused = (r: LightMyRequestResponse, status: number, code: string) => { assert.equal(r.statusCode, status, r.body); assert.equal(r.json().code, code, r.body); };
const act = (s: Session, id: string, body: object) => s.post(`/api/workorders/${id}/actions`, body);

/** Everything a refusal must leave alone: the orders by status, the order's row, its history, the messages and the outbox. */
async function written(id: string) {
  const [byStatus, order, events, messages, outbound] = await Promise.all([
    sql<{ status: string; n: number }>`SELECT status, count(*)::int AS n FROM work_orders GROUP BY status ORDER BY status`.execute(t.ctx.db).then((r) => r.rows),
    t.ctx.db.selectFrom('work_orders').select(['status', 'row_version', 'satisfaction', 'due_date', 'escalate_after']).where('id', '=', id).executeTakeFirstOrThrow(),
    sql<{ n: number }>`SELECT count(*)::int AS n FROM workorder_events`.execute(t.ctx.db).then((r) => r.rows[0]!.n),
    sql<{ n: number }>`SELECT count(*)::int AS n FROM applicant_messages`.execute(t.ctx.db).then((r) => r.rows[0]!.n),
    sql<{ n: number }>`SELECT count(*)::int AS n FROM outbound_messages`.execute(t.ctx.db).then((r) => r.rows[0]!.n),
  ]);
  return { byStatus, order, events, messages, outbound };
}

/** A person's web appeal, dispatched to housing, replied, called back: closed, ready for the caller's evaluation. */
async function closedAppeal(topic: string) {
  const id = ok(await person.post('/api/my/appeals', { idempotencyKey: randomUUID(), kind: 'request', centerId, place: '龙华区金盘路', topic, content: '多次反映未解决' }), 201).id as string;
  ok(await act(op, id, { action: 'dispatch', departmentId: housingId }));
  ok(await act(housing, id, { action: 'reply', reply: '已安排维修。' }));
  ok(await act(op, id, { action: 'callback', note: '已回访' }));
  return id;
}
/** Another round: the department replies, the operator calls back, the caller evaluates. */
async function round(id: string, satisfaction: string, reply = '已再次处理。') {
  ok(await act(housing, id, { action: 'reply', reply }));
  ok(await act(op, id, { action: 'callback', note: '已回访' }));
  return ok(await act(person, id, { action: 'evaluate', satisfaction }));
}
const replyMessages = (id: string) => t.ctx.db.selectFrom('applicant_messages').select(['kind', 'dedupe_key'])
  .where('user_id', '=', person.user.id).where('link', '=', `/my/appeals/${id}`).orderBy('id').execute();

describe('re-handling (重办) of an order rated dissatisfied', () => {
  test('the lead sends it back to the same department on a fresh limit; it is replied, called back and evaluated again', async () => {
    const id = await closedAppeal('路灯维修后仍不亮');
    const evaluated = ok(await act(person, id, { action: 'evaluate', satisfaction: 'dissatisfied' }));
    assert.equal(evaluated.status, 'evaluated');
    assert.equal(evaluated.dueDate, '2026-11-30', 'the first limit: Monday + 5 working days');
    // Offered to the lead only (the detail's buttons follow the table and its guard).
    assert.deepEqual(ok(await lead.get(`/api/workorders/${id}`)).actions, ['reopen']);
    assert.deepEqual(ok(await op.get(`/api/workorders/${id}`)).actions, []);
    t.clock.set(LATER);
    try {
      const reopened = ok(await act(lead, id, { action: 'reopen', reason: '来电人反映路灯仍不亮，退回重办' }));
      assert.equal(reopened.status, 'dispatched');
      assert.equal(reopened.department.id, housingId, 'back to the department that handled it');
      assert.equal(reopened.satisfaction, null, 'the evaluation is cleared for the next one');
      assert.equal(reopened.dueDate, '2026-12-07', 'a fresh limit from the day of the re-handling, as a dispatch sets it');
      assert.equal(reopened.escalationLevel, 0);
      const e = reopened.events.find((x: { action: string }) => x.action === 'reopen');
      assert.deepEqual([e.from, e.to], ['evaluated', 'dispatched']);
      assert.deepEqual(e.data, {
        reason: '来电人反映路灯仍不亮，退回重办', round: 1, departmentId: housingId, dueDate: '2026-12-07',
        previousSatisfaction: 'dissatisfied', previousReply: '已安排维修。', previousRepliedAt: NOW.toISOString(),
      });
      const row = await t.ctx.db.selectFrom('work_orders').select(['escalate_after', 'satisfaction']).where('id', '=', id).executeTakeFirstOrThrow();
      assert.deepEqual(row, { escalate_after: '2026-12-07', satisfaction: null }, 'the escalation sweep watches the new limit');
      // The department handles it again; the caller sees the re-handling in their history (not its internal data).
      assert.deepEqual(ok(await housing.get(`/api/workorders/${id}`)).actions.sort(), ['reply', 'return', 'start']);
      const mine = ok(await person.get(`/api/workorders/${id}`));
      assert.ok(mine.events.some((x: { action: string; data: object }) => x.action === 'reopen' && Object.keys(x.data).length === 0));
      const again = await round(id, 'satisfied', '已更换灯具并复查。');
      assert.equal(again.status, 'evaluated');
      assert.equal(again.satisfaction, 'satisfied', 'the new evaluation is accepted');
      assert.equal(again.reply, '已更换灯具并复查。');
      assert.deepEqual(ok(await lead.get(`/api/workorders/${id}`)).actions, [], 'a satisfied order is not re-handled');
      // Each round's reply and closing reach the caller: the new reply is not taken for the first one again.
      assert.deepEqual((await replyMessages(id)).map((m) => m.dedupe_key), [
        `workorder.reply:${id}:${person.user.id}`, `workorder.closed:${id}:${person.user.id}`,
        `workorder.reply:${id}:r1:${person.user.id}`, `workorder.closed:${id}:r1:${person.user.id}`,
      ]);
    } finally {
      t.clock.set(NOW);
    }
  });

  test('an order not rated dissatisfied is refused (409 WORKORDER_REOPEN_NOT_DISSATISFIED), nothing written, not offered', async () => {
    const id = await closedAppeal('窨井盖缺失');
    ok(await act(op, id, { action: 'evaluate', satisfaction: 'basically_satisfied' }));
    assert.deepEqual(ok(await lead.get(`/api/workorders/${id}`)).actions, []);
    const before = await written(id);
    refused(await act(lead, id, { action: 'reopen', reason: '复查' }), 409, 'WORKORDER_REOPEN_NOT_DISSATISFIED');
    assert.deepEqual(await written(id), before);
    // The same lead reopens a dissatisfied one: the refusal was the guard's, not the lead's.
    const other = await closedAppeal('窨井盖缺失（二）');
    ok(await act(person, other, { action: 'evaluate', satisfaction: 'dissatisfied' }));
    assert.equal(ok(await act(lead, other, { action: 'reopen', reason: '来电人不满意' })).status, 'dispatched');
  });

  test(`at most ${MAX_REOPENS} re-handlings: the next is refused (409 WORKORDER_REOPEN_LIMIT), nothing written, not offered`, async () => {
    const id = await closedAppeal('噪音扰民反复');
    ok(await act(person, id, { action: 'evaluate', satisfaction: 'dissatisfied' }));
    for (let n = 1; n <= MAX_REOPENS; n++) {
      const r = ok(await act(lead, id, { action: 'reopen', reason: `第${n}次重办` }));
      assert.equal(r.events.filter((e: { action: string }) => e.action === 'reopen').at(-1).data.round, n);
      await round(id, 'dissatisfied');
    }
    assert.deepEqual(ok(await lead.get(`/api/workorders/${id}`)).actions, []);
    const before = await written(id);
    refused(await act(lead, id, { action: 'reopen', reason: '第三次重办' }), 409, 'WORKORDER_REOPEN_LIMIT');
    assert.deepEqual(await written(id), before);
    assert.equal(before.order.status, 'evaluated');
    assert.equal(before.order.satisfaction, 'dissatisfied', 'the dissatisfaction stands');
  });

  test('only the lead of the order\'s center: the operator, the department, another department, a manager, the caller and another center\'s lead are refused (403), nothing written', async () => {
    const id = await closedAppeal('小区违建');
    ok(await act(person, id, { action: 'evaluate', satisfaction: 'dissatisfied' }));
    const before = await written(id);
    for (const [who, s] of [['operator', op], ['department', housing], ['other department', market], ['manager', manager], ['caller', person], ['other center\'s lead', otherLead]] as const) {
      refused(await act(s, id, { action: 'reopen', reason: '重办' }), 403, 'FORBIDDEN');
      const read = await s.get(`/api/workorders/${id}`);
      // Those who read the order are not offered it; the others do not read it at all.
      if (read.statusCode === 200) assert.deepEqual(read.json().actions, [], who);
      else assert.equal(read.statusCode, 403, who);
    }
    assert.deepEqual(ok(await lead.get(`/api/workorders/${id}`)).actions, ['reopen']);
    // A reason is required and bounded.
    refused(await act(lead, id, { action: 'reopen' }), 400, 'VALIDATION_FAILED');
    refused(await act(lead, id, { action: 'reopen', reason: '   ' }), 400, 'VALIDATION_FAILED');
    refused(await act(lead, id, { action: 'reopen', reason: '长'.repeat(1001) }), 400, 'VALIDATION_FAILED');
    assert.deepEqual(await written(id), before);
    assert.equal(ok(await act(lead, id, { action: 'reopen', reason: '长'.repeat(1000) })).status, 'dispatched');
  });

  test('a consultation answered on the call has no department to go back to (409 WORKORDER_REOPEN_NO_DEPARTMENT), nothing written', async () => {
    const id = ok(await op.post('/api/workorders', { kind: 'consultation', callerName: '王五', callerPhone: '13912345678', topic: '社保卡补办', content: '怎么补办' }), 201).id as string;
    ok(await act(op, id, { action: 'answer', reply: '携身份证到社保窗口办理。' }));
    ok(await act(op, id, { action: 'callback', note: '已回访' }));
    ok(await act(op, id, { action: 'evaluate', satisfaction: 'dissatisfied' }));
    assert.deepEqual(ok(await lead.get(`/api/workorders/${id}`)).actions, []);
    const before = await written(id);
    refused(await act(lead, id, { action: 'reopen', reason: '答复不准确' }), 409, 'WORKORDER_REOPEN_NO_DEPARTMENT');
    assert.deepEqual(await written(id), before);
  });
});
