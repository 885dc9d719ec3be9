import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { DEMO_ENTERPRISE, DEMO_PERSON } from '../../seed/seed.ts';
import { signIn, testApp, type Session, type TestApp } from '../../test/harness.ts';
import { sendOutbound } from '../notifications/outbound.ts';
import { escalateOverdue } from './escalation.ts';
import { fanOutReply } from './reply-fanout.ts';

// Monday 23 November 2026, 10:00 in China.
const NOW = new Date('2026-11-23T02:00:00Z');
let t: TestApp;
let op: Session; let lead: Session; let housing: Session; let housingChief: Session; let market: Session; let manager: Session;
let supervisor: Session; let person: Session; let company: Session; let hkHotlineless: Session;
let centerId: string; let housingId: string; let marketId: string;

before(async () => {
  t = await testApp({ now: NOW, env: { SESSION_TTL_HOURS: '100000' } });
  [op, lead, housing, housingChief, market, manager, supervisor, person, company, hkHotlineless] = await Promise.all([
    signIn(t.app, 'hotline1'), signIn(t.app, 'hotline.lead'), signIn(t.app, 'approver.housing'), signIn(t.app, 'chief.housing'),
    signIn(t.app, 'approver.market'), signIn(t.app, 'manager'), signIn(t.app, 'supervisor'),
    signIn(t.app, DEMO_PERSON.idNumber), signIn(t.app, DEMO_ENTERPRISE.creditCode), signIn(t.app, 'hk.manager'),
  ]);
  centerId = op.user.centerId!;
  housingId = housing.user.departmentId!;
  marketId = market.user.departmentId!;
});
after(() => t.close());

const ok = (r: LightMyRequestResponse, status = 200) => { assert.equal(r.statusCode, status, r.body); return r.json(); };
const refused = (r: LightMyRequestResponse, status: number, code: string) => { assert.equal(r.statusCode, status, r.body); assert.equal(r.json().code, code, r.body); };
const count = async (table: 'work_orders' | 'workorder_events' | 'applicant_messages' | 'knowledge_articles') =>
  Number((await t.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

/** What the outbound job does, for every SMS still to send; and what the simulated gateway recorded for a phone. */
async function deliverSms() {
  const pending = await t.ctx.db.selectFrom('outbound_messages').select('id').where('status', '=', 'pending').execute();
  for (const r of pending) await sendOutbound(t.ctx, Number(r.id));
}
const smsTo = (phone: string) => t.ctx.db.selectFrom('sim_sms_messages').select(['text']).where('phone', '=', phone).orderBy('id').execute();

let seq = 0;
async function call(body: Partial<Record<string, unknown>> = {}) {
  seq++;
  return ok(await op.post('/api/workorders', {
    kind: 'request', callerName: '王五', callerPhone: '13912345678', place: `测试路${seq}号`, topic: `测试诉求${seq}`, content: '内容', ...body,
  }), 201).id as string;
}
const act = (s: Session, id: string, body: object) => s.post(`/api/workorders/${id}/actions`, body);

describe('deadlines on the working-day calendar', () => {
  test('dispatch sets the due date from the configured limit of kind and urgency', async () => {
    const consult = await call({ kind: 'consultation' });
    const complaint = await call({ kind: 'complaint' });
    const urgent = await call({ kind: 'request', urgency: 'urgent' });
    assert.equal(ok(await act(op, consult, { action: 'dispatch', departmentId: housingId })).dueDate, '2026-11-26'); // Mon + 3 working days
    assert.equal(ok(await act(op, complaint, { action: 'dispatch', departmentId: housingId })).dueDate, '2026-12-10'); // 13, weekends skipped
    assert.equal(ok(await act(op, urgent, { action: 'dispatch', departmentId: housingId })).dueDate, '2026-11-23'); // the same day
    try {
      // Wednesday 30 September: the National Day holiday (1–7 October) is skipped, Saturday 10 October is a make-up workday.
      t.clock.set(new Date('2026-09-30T02:00:00Z'));
      const beforeHoliday = await call({ kind: 'consultation' });
      assert.equal(ok(await act(op, beforeHoliday, { action: 'dispatch', departmentId: housingId })).dueDate, '2026-10-10');
    } finally {
      t.clock.set(NOW);
    }
  });

  test("a limit is configuration: changing the center's row changes the next dispatch", async () => {
    await t.ctx.db.insertInto('workorder_limits').values({ center_id: centerId, kind: 'praise', urgency: 'normal', workdays: 1 })
      .onConflict((oc) => oc.columns(['center_id', 'kind', 'urgency']).doUpdateSet({ workdays: 1 })).execute();
    const praise = await call({ kind: 'praise' });
    assert.equal(ok(await act(op, praise, { action: 'dispatch', departmentId: housingId })).dueDate, '2026-11-24');
  });
});

describe('return and dispute', () => {
  test('a department returns with a reason; only the hotline lead decides: reassign elsewhere or keep', async () => {
    const id = await call();
    ok(await act(op, id, { action: 'dispatch', departmentId: housingId }));
    refused(await act(market, id, { action: 'return', reason: '不属于本部门' }), 403, 'FORBIDDEN');
    const returned = ok(await act(housing, id, { action: 'return', reason: '属于市场监管职责' }));
    assert.equal(returned.status, 'returned');
    assert.equal(returned.returnReason, '属于市场监管职责');
    // Neither the department nor the operator decides the dispute.
    refused(await act(housing, id, { action: 'keep', note: '维持' }), 403, 'FORBIDDEN');
    refused(await act(op, id, { action: 'redispatch', departmentId: marketId }), 403, 'FORBIDDEN');
    // Reassigning to the same department is refused and writes nothing.
    const events = await count('workorder_events');
    refused(await act(lead, id, { action: 'redispatch', departmentId: housingId }), 409, 'WORKORDER_SAME_DEPARTMENT');
    assert.equal(await count('workorder_events'), events);
    assert.equal((await t.ctx.db.selectFrom('work_orders').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status, 'returned');
    const disputes = ok(await lead.get('/api/workorders?disputes=true'));
    assert.ok(disputes.rows.some((r: { id: string }) => r.id === id));
    const moved = ok(await act(lead, id, { action: 'redispatch', departmentId: marketId, note: '改派市场监管' }));
    assert.equal(moved.status, 'dispatched');
    assert.equal(moved.department.id, marketId);
    // The first department no longer sees it; the new one does.
    refused(await housing.get(`/api/workorders/${id}`), 403, 'FORBIDDEN');
    ok(await market.get(`/api/workorders/${id}`));
    // Returned again, the lead keeps the dispatch: back to the department on a fresh limit.
    // (Reassigned, the order is the new department's to return: a new dispute, offered to it.)
    assert.ok(ok(await market.get(`/api/workorders/${id}`)).actions.includes('return'));
    ok(await act(market, id, { action: 'return', reason: '仍认为不属于本部门' }));
    const kept = ok(await act(lead, id, { action: 'keep', note: '经研判属市场监管职责，维持原派' }));
    assert.equal(kept.status, 'dispatched');
    assert.equal(kept.department.id, marketId);
    // The lead's keep decides the dispute: the department cannot return it again (which would stop the clock anew).
    assert.ok(!ok(await market.get(`/api/workorders/${id}`)).actions.includes('return'));
    const decided = await count('workorder_events');
    refused(await act(market, id, { action: 'return', reason: '再次退回' }), 409, 'WORKORDER_DISPATCH_KEPT');
    assert.equal(await count('workorder_events'), decided);
    assert.equal(ok(await market.get(`/api/workorders/${id}`)).status, 'dispatched');
    // A state the action does not start from: 409, nothing written.
    const before = await count('workorder_events');
    refused(await act(market, id, { action: 'evaluate', satisfaction: 'satisfied' }), 403, 'FORBIDDEN');
    refused(await act(op, id, { action: 'callback', note: '回访' }), 409, 'WORKORDER_STATE');
    assert.equal(await count('workorder_events'), before);
  });
});

describe('escalation', () => {
  test('an overdue order escalates one level at a time, exactly once even with two sweeps at once', async () => {
    const id = await call({ urgency: 'urgent' });
    ok(await act(op, id, { action: 'dispatch', departmentId: housingId })); // due today
    const notices = () => t.ctx.db.selectFrom('notifications').select(['user_id', 'data']).where('kind', '=', 'workorder.escalated').execute()
      .then((rows) => rows.filter((r) => (r.data as { orderId?: string }).orderId === id));
    try {
      const escalations = async () => (await op.get(`/api/workorders/${id}`)).json().events.filter((e: { action: string }) => e.action === 'escalate').length;
      await escalateOverdue(t.ctx);
      assert.equal(await escalations(), 0, 'not overdue on its due day');
      t.clock.set(new Date('2026-11-24T02:00:00Z'));
      await Promise.all([escalateOverdue(t.ctx), escalateOverdue(t.ctx)]);
      assert.equal(await escalations(), 1, 'one of the two sweeps escalated it');
      await escalateOverdue(t.ctx);
      assert.equal(await escalations(), 1, 'a later sweep the same day does nothing');
      let o = ok(await op.get(`/api/workorders/${id}`));
      assert.equal(o.escalationLevel, 1);
      assert.deepEqual((await notices()).map((n) => n.user_id), [housingChief.user.id], 'level 1: the department chief, once');
      // Next level after one more working day (Wednesday passes): the center's managers, once.
      t.clock.set(new Date('2026-11-26T02:00:00Z'));
      await Promise.all([escalateOverdue(t.ctx), escalateOverdue(t.ctx)]);
      assert.equal(await escalations(), 2);
      o = ok(await op.get(`/api/workorders/${id}`));
      assert.equal(o.escalationLevel, 2);
      assert.equal(o.events.filter((e: { action: string }) => e.action === 'escalate').length, 2);
      // Up to three levels, never more.
      t.clock.set(new Date('2026-12-10T02:00:00Z'));
      await escalateOverdue(t.ctx);
      await escalateOverdue(t.ctx);
      o = ok(await op.get(`/api/workorders/${id}`));
      assert.equal(o.escalationLevel, 3);
      assert.equal(o.events.filter((e: { action: string }) => e.action === 'escalate').length, 3);
      // A replied order is no longer escalated.
      const other = await call({ urgency: 'urgent' });
      t.clock.set(NOW);
      ok(await act(op, other, { action: 'dispatch', departmentId: housingId }));
      ok(await act(housing, other, { action: 'reply', reply: '已处理' }));
      t.clock.set(new Date('2026-11-25T02:00:00Z'));
      await escalateOverdue(t.ctx);
      assert.equal(ok(await op.get(`/api/workorders/${other}`)).escalationLevel, 0);
    } finally {
      t.clock.set(NOW);
    }
  });
});

describe('a web appeal is submitted once', () => {
  const appeal = (body: object = {}) => ({ kind: 'request', centerId, place: '龙华区金盘路', topic: '小区路灯损坏', content: '已坏一周', ...body });
  const withKey = async (key: string) => Number((await t.ctx.db.selectFrom('work_orders').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('idempotency_key', '=', key).executeTakeFirstOrThrow()).n);

  test('the same key and body again (a double click, a retry after a lost answer) answers the same order, nothing written', async () => {
    const key = randomUUID();
    const first = ok(await person.post('/api/my/appeals', appeal({ idempotencyKey: key })), 201);
    const [orders, events] = [await count('work_orders'), await count('workorder_events')];
    const again = ok(await person.post('/api/my/appeals', appeal({ idempotencyKey: key })), 200);
    assert.equal(again.id, first.id);
    assert.deepEqual([await count('work_orders'), await count('workorder_events')], [orders, events]);
    // The key is the caller's: another person's appeal with the same key is their own order.
    const theirs = ok(await company.post('/api/my/appeals', appeal({ idempotencyKey: key })), 201);
    assert.notEqual(theirs.id, first.id);
    // Every web appeal carries one.
    refused(await person.post('/api/my/appeals', appeal()), 400, 'VALIDATION_FAILED');
  });

  test('the same key with another body is refused (422 IDEMPOTENCY_KEY_REUSED), nothing written', async () => {
    const key = randomUUID();
    ok(await person.post('/api/my/appeals', appeal({ idempotencyKey: key })), 201);
    const [orders, events] = [await count('work_orders'), await count('workorder_events')];
    refused(await person.post('/api/my/appeals', appeal({ idempotencyKey: key, content: '已坏两周' })), 422, 'IDEMPOTENCY_KEY_REUSED');
    refused(await person.post('/api/my/appeals', appeal({ idempotencyKey: key, kind: 'complaint' })), 422, 'IDEMPOTENCY_KEY_REUSED');
    assert.deepEqual([await count('work_orders'), await count('workorder_events')], [orders, events]);
  });

  test('concurrent duplicates make one order', async () => {
    const key = randomUUID();
    const answers = await Promise.all(Array.from({ length: 6 }, () => person.post('/api/my/appeals', appeal({ idempotencyKey: key }))));
    assert.deepEqual(answers.map((a) => a.statusCode).sort(), [200, 200, 200, 200, 200, 201], answers.map((a) => a.body).join('\n'));
    assert.equal(new Set(answers.map((a) => a.json().id)).size, 1);
    assert.equal(await withKey(key), 1);
    const id = answers[0]!.json().id as string;
    assert.equal(Number((await t.ctx.db.selectFrom('workorder_events').select((eb) => eb.fn.countAll<number>().as('n')).where('order_id', '=', id).executeTakeFirstOrThrow()).n), 1, 'one accept event');
  });
});

describe('duplicate appeals', () => {
  test('similar open orders are suggested, merged, and one reply reaches every caller', async () => {
    // The first appeal, from the portal by a person with an account.
    const main = ok(await person.post('/api/my/appeals', { idempotencyKey: randomUUID(),
      kind: 'complaint', centerId, place: '海口市龙华区滨海大道88号工地', topic: '夜间施工噪音扰民', content: '每天夜里十二点后仍在施工',
    }), 201).id as string;
    const unrelated = await call({ place: '美兰区国兴大道政务中心', topic: '咨询社保卡补办流程' });
    // A second caller phones in about the same thing.
    const suggestions = ok(await op.post('/api/workorders/duplicates', { place: '龙华区滨海大道88号工地附近', topic: '夜间施工噪音太大扰民' })).suggestions;
    assert.equal(suggestions[0]?.id, main, JSON.stringify(suggestions));
    assert.ok(!suggestions.some((s: { id: string }) => s.id === unrelated));
    const dup = await call({ kind: 'complaint', callerName: '李四', callerPhone: '13698765432', place: '龙华区滨海大道88号工地附近', topic: '夜间施工噪音太大扰民' });
    // A different place is not the same appeal, whatever the topic.
    const elsewhere = ok(await op.post('/api/workorders/duplicates', { place: '三亚市吉阳区迎宾路', topic: '夜间施工噪音扰民' })).suggestions;
    assert.ok(!elsewhere.some((s: { id: string }) => s.id === main));
    // Merging into itself or into a closed order is refused, nothing written.
    const events = await count('workorder_events');
    refused(await act(op, dup, { action: 'merge', mainId: dup }), 409, 'WORKORDER_MERGE_TARGET');
    assert.equal(await count('workorder_events'), events);
    const merged = ok(await act(op, dup, { action: 'merge', mainId: main }));
    assert.equal(merged.status, 'merged');
    assert.equal(merged.main.id, main);
    // A merged order is no longer suggested; its main order counts both callers.
    const again = ok(await op.post('/api/workorders/duplicates', { place: '龙华区滨海大道88号工地', topic: '夜间施工噪音扰民' })).suggestions;
    assert.ok(!again.some((s: { id: string }) => s.id === dup));
    assert.equal(again.find((s: { id: string }) => s.id === main).callers, 2);
    // Dispatched and answered once.
    ok(await act(op, main, { action: 'dispatch', departmentId: housingId }));
    const messagesBefore = await count('applicant_messages');
    const replied = ok(await act(housing, main, { action: 'reply', reply: '已责令工地夜间停工，并安排夜间巡查。' }));
    assert.equal(replied.status, 'replied');
    const msgs = await t.ctx.db.selectFrom('applicant_messages').selectAll().where('kind', '=', 'workorder.replied').execute();
    assert.equal(await count('applicant_messages'), messagesBefore + 1);
    assert.equal(msgs.length, 1);
    assert.equal(msgs[0]!.user_id, person.user.id);
    assert.equal(msgs[0]!.dedupe_key, `workorder.reply:${main}:${person.user.id}`);
    // The caller without an account is told by SMS through the outbound channel (issue 13: this replaced
    // the callback list the first version recorded), once; the history names the phone masked only.
    const told = replied.events.find((e: { action: string }) => e.action === 'callers_told');
    assert.equal(told.data.messaged, 1);
    assert.deepEqual(told.data.sms, [{ orderId: dup, orderNo: told.data.sms[0].orderNo, phoneMasked: '136****5432', queued: true }]);
    assert.ok(!JSON.stringify(replied.events).includes('13698765432'), 'no full phone in the history');
    await deliverSms();
    assert.deepEqual((await smsTo('13698765432')).map((m) => m.text), ['【一窗通办】您的诉求已答复（' + told.data.sms[0].orderNo + '）：关于“夜间施工噪音扰民”：已责令工地夜间停工，并安排夜间巡查。']);
    // The event heard again (a retried transaction, another instance): nobody is told twice.
    const main0 = await t.ctx.db.selectFrom('work_orders').selectAll().where('id', '=', main).executeTakeFirstOrThrow();
    await t.ctx.db.transaction().execute((tx) => fanOutReply(tx, main0, op.user.id, NOW));
    await Promise.all([deliverSms(), deliverSms()]);
    assert.equal((await smsTo('13698765432')).length, 1, 'one SMS to the phone caller');
    assert.equal((await t.ctx.db.selectFrom('applicant_messages').select('id').where('kind', '=', 'workorder.replied').execute()).length, 1, 'one message to the account holder');
    // The department sees the phone masked; the operator, who calls back, in full.
    assert.equal(ok(await manager.get(`/api/workorders/${dup}`)).callerPhone, '136****5432');
    assert.equal(ok(await op.get(`/api/workorders/${dup}`)).callerPhone, '13698765432');
    // The merged order follows its main one: its reader sees the reply.
    const follower = ok(await op.get(`/api/workorders/${dup}`));
    assert.equal(follower.main.reply, '已责令工地夜间停工，并安排夜间巡查。');
    assert.ok(follower.events.some((e: { action: string }) => e.action === 'main_replied'));
    // The person sees the answer in "my appeals", and the caller's portal evaluation closes the loop after the callback.
    assert.equal(ok(await person.get(`/api/workorders/${main}`)).reply, '已责令工地夜间停工，并安排夜间巡查。');
    refused(await act(person, main, { action: 'evaluate', satisfaction: 'satisfied' }), 409, 'WORKORDER_STATE');
    ok(await act(op, main, { action: 'callback', note: '已回访，来电人认可', satisfaction: 'satisfied' }));
    // The callback that closes the order is told to both callers too, each once.
    await Promise.all([deliverSms(), deliverSms()]);
    assert.equal((await smsTo('13698765432')).length, 2);
    assert.ok((await smsTo('13698765432'))[1]!.text.includes('已回访办结'));
    const closed = await t.ctx.db.selectFrom('applicant_messages').select(['user_id', 'dedupe_key']).where('kind', '=', 'workorder.closed').execute();
    assert.deepEqual(closed, [{ user_id: person.user.id, dedupe_key: `workorder.closed:${main}:${person.user.id}` }]);
    assert.equal(ok(await act(person, main, { action: 'evaluate', satisfaction: 'basically_satisfied' })).status, 'evaluated');
    // The phone caller was called back too: the operator records their evaluation on their own (merged) order, once.
    assert.deepEqual(ok(await op.get(`/api/workorders/${dup}`)).actions, ['evaluate']);
    assert.equal(ok(await act(op, dup, { action: 'evaluate', satisfaction: 'dissatisfied' })).status, 'merged');
    refused(await act(op, dup, { action: 'evaluate', satisfaction: 'satisfied' }), 409, 'WORKORDER_ALREADY_EVALUATED');
    assert.deepEqual(ok(await lead.get(`/api/workorders/${main}`)).merged.map((m: { id: string; satisfaction: string }) => [m.id, m.satisfaction]), [[dup, 'dissatisfied']]);
  });
});

describe('who sees what', () => {
  test('a person sees only their own orders; a department only its own; bad ids never 500', async () => {
    const mine = ok(await person.post('/api/my/appeals', { idempotencyKey: randomUUID(), kind: 'suggestion', centerId, topic: '建议延长周六办公时间', content: '上班族只能周末办事' }), 201).id as string;
    refused(await company.get(`/api/workorders/${mine}`), 404, 'NOT_FOUND');
    refused(await act(company, mine, { action: 'evaluate', satisfaction: 'dissatisfied' }), 404, 'NOT_FOUND');
    const theirs = ok(await company.get('/api/my/appeals')).rows;
    assert.ok(!theirs.some((r: { id: string }) => r.id === mine));
    assert.ok(ok(await person.get('/api/my/appeals')).rows.some((r: { id: string }) => r.id === mine));
    // Staff-only ground for applicants and the public.
    refused(await person.post('/api/workorders', { kind: 'request', callerName: 'x', callerPhone: '123', topic: 't', content: 'c' }), 403, 'FORBIDDEN');
    refused(await t.app.inject({ method: 'GET', url: '/api/my/appeals' }), 401, 'UNAUTHENTICATED');
    refused(await t.app.inject({ method: 'POST', url: '/api/workorders/duplicates', payload: { topic: 'x' } }), 401, 'UNAUTHENTICATED');
    refused(await housing.post('/api/workorders/duplicates', { topic: 'x' }), 403, 'FORBIDDEN');
    // A department lists and reads only the orders dispatched to it.
    const toHousing = await call();
    ok(await act(op, toHousing, { action: 'dispatch', departmentId: housingId }));
    refused(await market.get(`/api/workorders/${toHousing}`), 403, 'FORBIDDEN');
    assert.ok(!ok(await market.get('/api/workorders?pageSize=100')).rows.some((r: { id: string }) => r.id === toHousing));
    assert.ok(ok(await housing.get('/api/workorders?pageSize=100')).rows.every((r: { department: { id: string } | null }) => r.department?.id === housingId));
    // Another center's manager: nothing of this center.
    refused(await hkHotlineless.get(`/api/workorders/${toHousing}`), 403, 'FORBIDDEN');
    // An operator cannot reply for the department; a department cannot dispatch.
    refused(await act(op, toHousing, { action: 'reply', reply: 'x' }), 403, 'FORBIDDEN');
    refused(await act(housing, toHousing, { action: 'dispatch', departmentId: marketId }), 403, 'FORBIDDEN');
    // Bad input: 400 or 404, never a 500, and nothing written.
    const orders = await count('work_orders');
    refused(await op.get('/api/workorders/not-a-uuid'), 400, 'VALIDATION_FAILED');
    refused(await op.post('/api/workorders', { kind: 'gossip', callerName: 'x', callerPhone: '123', topic: 't', content: 'c' }), 400, 'VALIDATION_FAILED');
    refused(await op.post('/api/workorders', { kind: 'request', categoryId: '00000000-0000-4000-8000-000000000000', callerName: 'x', callerPhone: '123', topic: 't', content: 'c' }), 400, 'WORKORDER_CATEGORY_UNKNOWN');
    assert.equal(await count('work_orders'), orders);
    const fresh = await call();
    const events = await count('workorder_events');
    refused(await act(op, fresh, { action: 'dispatch', departmentId: '00000000-0000-4000-8000-000000000000' }), 400, 'WORKORDER_DEPARTMENT_UNKNOWN');
    assert.equal(ok(await op.get(`/api/workorders/${fresh}`)).status, 'accepted');
    assert.equal(await count('workorder_events'), events);
  });

  test('free text is stored and returned as text', async () => {
    const hostile = `<script>alert('x')</script>'); DROP TABLE work_orders; -- 𠮷 &amp;`;
    const id = await call({ topic: hostile, content: hostile, place: hostile });
    const o = ok(await op.get(`/api/workorders/${id}`));
    assert.equal(o.topic, hostile);
    assert.equal(o.content, hostile);
    assert.equal(o.place, hostile);
  });

  test('complaints against a staff member reach their record, read by managers and supervisors only', async () => {
    const window1 = (await t.ctx.db.selectFrom('users').select('id').where('username', '=', 'window1').executeTakeFirstOrThrow()).id;
    refused(await op.post('/api/workorders', { kind: 'complaint', againstStaffId: person.user.id, callerName: 'x', callerPhone: '123', topic: 't', content: 'c' }), 400, 'WORKORDER_STAFF_UNKNOWN');
    const id = await call({ kind: 'complaint', againstStaffId: window1, topic: '窗口人员态度生硬', content: '办理时被不耐烦地打断' });
    const list = ok(await manager.get(`/api/workorders/staff/${window1}/complaints`));
    assert.deepEqual(list.rows.map((r: { id: string }) => r.id), [id]);
    ok(await supervisor.get(`/api/workorders/staff/${window1}/complaints`));
    refused(await op.get(`/api/workorders/staff/${window1}/complaints`), 403, 'FORBIDDEN');
    refused(await housing.get(`/api/workorders/staff/${window1}/complaints`), 403, 'FORBIDDEN');
    refused(await person.get(`/api/workorders/staff/${window1}/complaints`), 403, 'FORBIDDEN');
    refused(await hkHotlineless.get(`/api/workorders/staff/${window1}/complaints`), 404, 'NOT_FOUND');
  });

  test('the hotline answers only a consultation on the call: a complaint or a request is dispatched, the refusal writes nothing', async () => {
    for (const kind of ['complaint', 'request', 'suggestion', 'praise']) {
      const id = await call({ kind });
      const before = JSON.stringify([await count('workorder_events'), await count('applicant_messages'), await t.ctx.db.selectFrom('work_orders').selectAll().where('id', '=', id).executeTakeFirstOrThrow()]);
      refused(await act(op, id, { action: 'answer', reply: '已核实，已致歉' }), 409, 'WORKORDER_ANSWER_CONSULTATION_ONLY');
      refused(await act(lead, id, { action: 'answer', reply: '已核实，已致歉' }), 409, 'WORKORDER_ANSWER_CONSULTATION_ONLY');
      const after = JSON.stringify([await count('workorder_events'), await count('applicant_messages'), await t.ctx.db.selectFrom('work_orders').selectAll().where('id', '=', id).executeTakeFirstOrThrow()]);
      assert.equal(after, before, `${kind}: nothing written`);
      assert.ok(!ok(await op.get(`/api/workorders/${id}`)).actions.includes('answer'), `${kind}: not offered`);
    }
    // A web complaint too (the portal's appeals reach the same table).
    const web = ok(await person.post('/api/my/appeals', { idempotencyKey: randomUUID(), kind: 'complaint', centerId, topic: '窗口推诿', content: '说不清缺什么材料' }), 201).id as string;
    refused(await act(op, web, { action: 'answer', reply: '已致歉' }), 409, 'WORKORDER_ANSWER_CONSULTATION_ONLY');
    const consultation = await call({ kind: 'consultation' });
    assert.ok(ok(await op.get(`/api/workorders/${consultation}`)).actions.includes('answer'));
    assert.equal(ok(await act(op, consultation, { action: 'answer', reply: '工作日9:00-17:00' })).status, 'replied');
  });

  test('the staff member a complaint names neither reads nor handles it, whatever their role; the others of the department do', async () => {
    // The approver complained about sits in the department the complaint is dispatched to.
    const id = await call({ kind: 'complaint', againstStaffId: housing.user.id, callerName: '林小青', topic: '审批人员索要额外材料', content: '经办人员要求提供清单外材料' });
    ok(await act(op, id, { action: 'dispatch', departmentId: housingId }));
    const written = async () => JSON.stringify([await count('workorder_events'), await t.ctx.db.selectFrom('work_orders').select(['status', 'reply', 'row_version']).where('id', '=', id).executeTakeFirstOrThrow()]);
    const before = await written();
    refused(await housing.get(`/api/workorders/${id}`), 403, 'FORBIDDEN');
    assert.ok(!ok(await housing.get('/api/workorders?pageSize=100')).rows.some((r: { id: string }) => r.id === id), 'not on their list');
    assert.ok(!ok(await housing.get(`/api/workorders?pageSize=100&q=${encodeURIComponent('审批人员索要')}`)).rows.some((r: { id: string }) => r.id === id), 'nor found by its topic');
    for (const body of [{ action: 'start' }, { action: 'reply', reply: '经核实无此事' }, { action: 'return', reason: '不属于本部门' }]) {
      refused(await act(housing, id, body), 403, 'FORBIDDEN');
    }
    assert.equal(await written(), before, 'nothing written');
    // The department's chief handles it.
    assert.ok(ok(await housingChief.get('/api/workorders?pageSize=100')).rows.some((r: { id: string }) => r.id === id));
    assert.deepEqual(ok(await housingChief.get(`/api/workorders/${id}`)).actions.sort(), ['reply', 'return', 'start']);
    ok(await act(housingChief, id, { action: 'reply', reply: '已核实并批评教育' }));
    // Any role: an operator complained about, and a manager reading the complaints against themself.
    const aboutOp = ok(await lead.post('/api/workorders', { kind: 'complaint', againstStaffId: op.user.id, callerName: '赵六', callerPhone: '13900001111', topic: '话务员挂断电话', content: '通话中被挂断' }), 201).id as string;
    refused(await op.get(`/api/workorders/${aboutOp}`), 403, 'FORBIDDEN');
    refused(await act(op, aboutOp, { action: 'dispatch', departmentId: housingId }), 403, 'FORBIDDEN');
    assert.ok(!ok(await op.get('/api/workorders?pageSize=100')).rows.some((r: { id: string }) => r.id === aboutOp));
    assert.equal(ok(await lead.get(`/api/workorders/${aboutOp}`)).status, 'accepted', 'nothing written');
    const aboutManager = await call({ kind: 'complaint', againstStaffId: manager.user.id, topic: '主任不接待群众', content: '多次预约未见' });
    refused(await manager.get(`/api/workorders/staff/${manager.user.id}/complaints`), 403, 'FORBIDDEN');
    refused(await manager.get(`/api/workorders/${aboutManager}`), 403, 'FORBIDDEN');
    assert.deepEqual(ok(await supervisor.get(`/api/workorders/staff/${manager.user.id}/complaints`)).rows.map((r: { id: string }) => r.id), [aboutManager]);
  });

  test('the exposure column publishes a closed order with its fix; name and phone never appear', async () => {
    const id = await call({ kind: 'complaint', callerName: '欧阳娜娜', callerPhone: '13811112222', place: '秀英区长滨路', topic: '井盖缺失',
      content: '我是欧阳娜娜，电话13811112222，身份证460100199003071237，井盖缺失多日' });
    ok(await act(op, id, { action: 'dispatch', departmentId: housingId }));
    // Not closed yet: refused, nothing written.
    const events = await count('workorder_events');
    refused(await manager.post(`/api/workorders/${id}/publish`, { fix: '已补装井盖' }), 409, 'WORKORDER_STATE');
    assert.equal(await count('workorder_events'), events);
    ok(await act(housing, id, { action: 'reply', reply: '已联系欧阳娜娜（13811112222），井盖已补装' }));
    ok(await act(op, id, { action: 'callback', note: '回访满意', satisfaction: 'satisfied' }));
    refused(await op.post(`/api/workorders/${id}/publish`, { fix: 'x' }), 403, 'FORBIDDEN');
    ok(await manager.post(`/api/workorders/${id}/publish`, { fix: '已补装井盖，并排查全路段窨井设施' }));
    const res = await t.app.inject({ method: 'GET', url: '/api/public/exposure' });
    const page = ok(res);
    const row = page.rows.find((r: { id: string }) => r.id === id);
    assert.equal(row.fix, '已补装井盖，并排查全路段窨井设施');
    assert.equal(row.caller, '欧***');
    for (const secret of ['欧阳娜娜', '13811112222', '460100199003071237']) assert.ok(!res.body.includes(secret), `${secret} is masked`);
  });

  test('the exposure column masks the names of the staff the order names: the one complained about and whoever acted on it', async () => {
    const window1 = (await t.ctx.db.selectFrom('users').select('id').where('username', '=', 'window1').executeTakeFirstOrThrow()).id;
    const names = await t.ctx.db.selectFrom('users').select(['username', 'name'])
      .where('username', 'in', ['window1', 'approver.housing', 'hotline1', 'manager']).execute();
    const nameOf = (u: string) => names.find((n) => n.username === u)!.name;
    const id = await call({ kind: 'complaint', againstStaffId: window1, callerName: '赵敏', topic: `窗口人员${nameOf('window1')}态度生硬`,
      content: `${nameOf('window1')}不耐烦地打断我，话务员${nameOf('hotline1')}记录了投诉` });
    ok(await act(op, id, { action: 'dispatch', departmentId: housingId }));
    ok(await act(housing, id, { action: 'reply', reply: `经办人${nameOf('approver.housing')}已约谈${nameOf('window1')}，赵敏女士已接受致歉` }));
    ok(await act(op, id, { action: 'callback', note: '回访满意', satisfaction: 'satisfied' }));
    ok(await manager.post(`/api/workorders/${id}/publish`, { fix: `${nameOf('manager')}督办，${nameOf('window1')}已整改` }));
    const res = await t.app.inject({ method: 'GET', url: '/api/public/exposure?pageSize=100' });
    const row = ok(res).rows.find((r: { id: string }) => r.id === id);
    assert.ok(row, 'published');
    assert.equal(row.topic, `窗口人员${nameOf('window1')[0]}**态度生硬`);
    for (const u of ['window1', 'approver.housing', 'hotline1', 'manager']) {
      assert.ok(!JSON.stringify(row).includes(nameOf(u)), `${u}'s name ${nameOf(u)} is masked`);
    }
    assert.ok(!JSON.stringify(row).includes('赵敏'), 'the caller is masked as before');
  });

  test('the exposure column masks a phone number however it is written in the text', async () => {
    const id = await call({ kind: 'complaint', callerName: '李四', callerPhone: '13933334444', place: '龙华区', topic: '路灯不亮',
      content: '联系我 +8613955556666 或 139 5555 7777，单位电话(0898)66668888，备用 139-5555-8888，老身份证 460100750101123' });
    ok(await act(op, id, { action: 'dispatch', departmentId: housingId }));
    ok(await act(housing, id, { action: 'reply', reply: '已致电 +86 139-3333-4444 告知，路灯已修复' }));
    ok(await act(op, id, { action: 'callback', note: '回访满意', satisfaction: 'satisfied' }));
    ok(await manager.post(`/api/workorders/${id}/publish`, { fix: '路灯已修复；来电人 8613933334444' }));
    const res = await t.app.inject({ method: 'GET', url: '/api/public/exposure?pageSize=100' });
    const row = ok(res).rows.find((r: { id: string }) => r.id === id);
    assert.ok(row, 'published');
    const digits = (x: string) => x.replace(/\D/g, '');
    for (const text of [row.content, row.reply, row.fix]) {
      for (const secret of ['13955556666', '13955557777', '66668888', '13955558888', '13933334444', '750101123']) {
        assert.ok(!digits(text).includes(secret), `${secret} is masked in ${text}`);
      }
    }
  });

  test("the exposure column shows the place without house and room numbers (the caller's home); staff still read it whole", async () => {
    const places = ['龙华区金盘路阳光花园12栋2单元501室', '美兰区海甸五西路28号院3号楼1202', '美兰区新埠岛12-3-501', '龙华区国贸大道东方大厦B座1703'];
    const ids: string[] = [];
    for (const place of places) {
      const id = await call({ kind: 'complaint', callerName: '钱七', place, topic: '楼道堆放杂物' });
      ok(await act(op, id, { action: 'dispatch', departmentId: housingId }));
      ok(await act(housing, id, { action: 'reply', reply: '已清理' }));
      ok(await act(op, id, { action: 'callback', note: '回访满意', satisfaction: 'satisfied' }));
      ok(await manager.post(`/api/workorders/${id}/publish`, { fix: '已清理楼道' }));
      ids.push(id);
    }
    const res = await t.app.inject({ method: 'GET', url: '/api/public/exposure?pageSize=100' });
    const shown = ids.map((id) => ok(res).rows.find((r: { id: string }) => r.id === id).place);
    assert.deepEqual(shown, ['龙华区金盘路阳光花园', '美兰区海甸五西路', '美兰区新埠岛', '龙华区国贸大道东方大厦']);
    for (const secret of ['12栋', '2单元', '501室', '28号院', '3号楼', '1202', '12-3-501', 'B座', '1703']) assert.ok(!res.body.includes(secret), `${secret} is not public`);
    // The staff's page is unchanged: the operator calls back and the department goes there.
    for (const [i, id] of ids.entries()) assert.equal(ok(await manager.get(`/api/workorders/${id}`)).place, places[i]);
  });

  test('the knowledge base: searched by operators, an answer reused links its source order', async () => {
    const src = await call({ kind: 'consultation', topic: '社保卡补办需要什么材料' });
    ok(await act(op, src, { action: 'answer', reply: '携带身份证原件到社保窗口即可补办' }));
    const { id: articleId } = ok(await op.post('/api/workorders/knowledge', { question: '社保卡丢失如何补办？', answer: '携带身份证原件到社保窗口即可补办，当场制卡。', sourceOrderId: src }), 201);
    refused(await housing.get('/api/workorders/knowledge?q=社保'), 403, 'FORBIDDEN');
    const found = ok(await op.get(`/api/workorders/knowledge?q=${encodeURIComponent('社保卡丢失')}`));
    assert.deepEqual(found.rows.map((r: { id: string }) => r.id), [articleId]);
    assert.equal(found.rows[0].sourceOrder.id, src);
    assert.equal(ok(await op.get(`/api/workorders/knowledge?q=${encodeURIComponent('100%_')}`)).total, 0, 'LIKE wildcards are searched as text');
    const next = await call({ kind: 'consultation', topic: '社保卡丢了怎么办' });
    const answered = ok(await act(op, next, { action: 'answer', reply: '携带身份证原件到社保窗口即可补办，当场制卡。', articleId }));
    assert.equal(answered.article.id, articleId);
    assert.equal(answered.article.sourceOrderId, src);
    assert.equal(ok(await op.get(`/api/workorders/knowledge?q=${encodeURIComponent('社保卡丢失')}`)).rows[0].usedCount, 1);
  });
});

describe('configuration: the category tree and the time limits', () => {
  const configWritten = async () => JSON.stringify({
    categories: await t.ctx.db.selectFrom('workorder_categories').selectAll().orderBy('id').execute(),
    limits: await t.ctx.db.selectFrom('workorder_limits').selectAll().orderBy('kind').orderBy('urgency').execute(),
    audit: Number((await t.ctx.db.selectFrom('audit_events').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n),
    orders: await count('work_orders'),
  });
  const nothingWritten = async (r: Promise<LightMyRequestResponse>, status: number, code: string) => {
    const before = await configWritten();
    refused(await r, status, code);
    assert.equal(await configWritten(), before, `${code}: nothing written`);
  };
  const configAudit = (center = centerId) => t.ctx.db.selectFrom('audit_events').select(['action', 'actor_id', 'data']).where('stream', '=', `workorder-config:${center}`).orderBy('seq').execute();

  test('a window clerk, an operator, a department or an applicant is refused; nothing written', async () => {
    const clerk = await signIn(t.app, 'window1');
    const anyCategory = (await t.ctx.db.selectFrom('workorder_categories').select('id').executeTakeFirstOrThrow()).id;
    for (const s of [clerk, op, housing, person]) {
      await nothingWritten(s.get('/api/workorders/config'), 403, 'FORBIDDEN');
      await nothingWritten(s.post('/api/workorders/config/categories', { code: 'X1', name: '新分类', nameEn: 'New' }), 403, 'FORBIDDEN');
      await nothingWritten(s.put(`/api/workorders/config/categories/${anyCategory}`, { retired: true }), 403, 'FORBIDDEN');
      await nothingWritten(s.put('/api/workorders/config/limits', { limits: [{ kind: 'complaint', urgency: 'normal', workdays: 20 }] }), 403, 'FORBIDDEN');
    }
    await nothingWritten(t.app.inject({ method: 'PUT', url: '/api/workorders/config/limits', payload: { limits: [{ kind: 'complaint', urgency: 'normal', workdays: 20 }] } }), 401, 'UNAUTHENTICATED');
    ok(await lead.get('/api/workorders/config'));
    ok(await manager.get('/api/workorders/config'));
  });

  test('categories: added, renamed, retired (refused for new orders with a stable code) and reinstated, each audited', async () => {
    const parent = ok(await lead.post('/api/workorders/config/categories', { code: 'TEST.ENV', name: '生态环境', nameEn: 'Environment' }), 201).id as string;
    const child = ok(await lead.post('/api/workorders/config/categories', { parentId: parent, code: 'TEST.ENV.NOISE', name: '噪音', nameEn: 'Noise', sort: 2 }), 201).id as string;
    await nothingWritten(manager.post('/api/workorders/config/categories', { code: 'TEST.ENV', name: '重复', nameEn: 'Dup' }), 409, 'WORKORDER_CATEGORY_CODE_TAKEN');
    await nothingWritten(lead.post('/api/workorders/config/categories', { parentId: '00000000-0000-4000-8000-000000000000', code: 'TEST.ORPHAN', name: '无', nameEn: 'None' }), 400, 'WORKORDER_CATEGORY_UNKNOWN');
    await nothingWritten(lead.post('/api/workorders/config/categories', { code: 'bad code!', name: '无', nameEn: 'None' }), 400, 'VALIDATION_FAILED');
    await nothingWritten(lead.put('/api/workorders/config/categories/00000000-0000-4000-8000-000000000000', { name: '无' }), 404, 'NOT_FOUND');
    ok(await manager.put(`/api/workorders/config/categories/${child}`, { name: '噪声污染', nameEn: 'Noise pollution' }));
    const used = await call({ categoryId: child });
    // Retiring the parent retires its branch: neither can be chosen for a new call or a web appeal.
    ok(await lead.put(`/api/workorders/config/categories/${parent}`, { retired: true }));
    await nothingWritten(op.post('/api/workorders', { kind: 'request', categoryId: child, callerName: '王五', callerPhone: '13912345678', topic: 't', content: 'c' }), 409, 'WORKORDER_CATEGORY_RETIRED');
    await nothingWritten(op.post('/api/workorders', { kind: 'request', categoryId: parent, callerName: '王五', callerPhone: '13912345678', topic: 't', content: 'c' }), 409, 'WORKORDER_CATEGORY_RETIRED');
    await nothingWritten(person.post('/api/my/appeals', { idempotencyKey: randomUUID(), kind: 'suggestion', centerId, categoryId: child, topic: 't', content: 'c' }), 409, 'WORKORDER_CATEGORY_RETIRED');
    await nothingWritten(lead.post('/api/workorders/config/categories', { parentId: parent, code: 'TEST.ENV.AIR', name: '大气', nameEn: 'Air' }), 409, 'WORKORDER_CATEGORY_RETIRED');
    const reference = ok(await op.get('/api/workorders/reference')).categories;
    assert.deepEqual(reference.filter((c: { id: string }) => [parent, child].includes(c.id)).map((c: { name: string; retired: boolean }) => [c.name, c.retired]).sort(), [['噪声污染', true], ['生态环境', true]]);
    // An order that has it keeps it.
    assert.equal(ok(await op.get(`/api/workorders/${used}`)).categoryId, child);
    ok(await lead.put(`/api/workorders/config/categories/${parent}`, { retired: false }));
    await call({ categoryId: child });
    assert.deepEqual((await configAudit()).map((a) => a.action).filter((a) => a.startsWith('workorder.category')),
      ['workorder.category.add', 'workorder.category.add', 'workorder.category.update', 'workorder.category.retire', 'workorder.category.reinstate']);
  });

  test('limits: whole working days, normal at least one, urgent no longer than normal; the next dispatch uses them; audited', async () => {
    const set = (s: Session, limits: object[]) => s.put('/api/workorders/config/limits', { limits });
    await nothingWritten(set(lead, [{ kind: 'complaint', urgency: 'urgent', workdays: 14 }]), 400, 'WORKORDER_LIMIT_URGENT_ABOVE_NORMAL');
    await nothingWritten(set(lead, [{ kind: 'request', urgency: 'normal', workdays: 10 }, { kind: 'request', urgency: 'urgent', workdays: 11 }]), 400, 'WORKORDER_LIMIT_URGENT_ABOVE_NORMAL');
    await nothingWritten(set(lead, [{ kind: 'consultation', urgency: 'normal', workdays: 0 }]), 400, 'WORKORDER_LIMIT_INVALID');
    await nothingWritten(set(lead, [{ kind: 'consultation', urgency: 'normal', workdays: 2.5 }]), 400, 'VALIDATION_FAILED');
    await nothingWritten(set(lead, [{ kind: 'consultation', urgency: 'normal', workdays: -1 }]), 400, 'VALIDATION_FAILED');
    await nothingWritten(set(lead, [{ kind: 'gossip', urgency: 'normal', workdays: 3 }]), 400, 'VALIDATION_FAILED');
    const saved = ok(await set(manager, [{ kind: 'complaint', urgency: 'normal', workdays: 10 }, { kind: 'complaint', urgency: 'urgent', workdays: 1 }]));
    assert.deepEqual(saved.limits.filter((l: { kind: string }) => l.kind === 'complaint').map((l: { urgency: string; workdays: number }) => [l.urgency, l.workdays]), [['normal', 10], ['urgent', 1]]);
    const complaint = await call({ kind: 'complaint' });
    assert.equal(ok(await act(op, complaint, { action: 'dispatch', departmentId: housingId })).dueDate, '2026-12-07'); // Mon 23 Nov + 10 working days
    const urgent = await call({ kind: 'complaint', urgency: 'urgent' });
    assert.equal(ok(await act(op, urgent, { action: 'dispatch', departmentId: housingId })).dueDate, '2026-11-24');
    const last = (await configAudit()).at(-1)!;
    assert.equal(last.action, 'workorder.limits');
    assert.equal(last.actor_id, manager.user.id);
    assert.deepEqual((last.data as { changed: unknown[] }).changed, [{ kind: 'complaint', urgency: 'normal', from: 13, to: 10 }, { kind: 'complaint', urgency: 'urgent', from: 0, to: 1 }]);
  });

  test("each center its own: another center's lead or manager never reads nor edits this one's, and its deadlines use its own limits", async () => {
    const hkCenterId = hkHotlineless.user.centerId!;
    assert.notEqual(hkCenterId, centerId);
    const hkManager = hkHotlineless;
    const oursBefore = ok(await lead.get('/api/workorders/config'));
    const theirs = ok(await hkManager.get('/api/workorders/config'));
    const ourIds = new Set(oursBefore.categories.map((c: { id: string }) => c.id));
    assert.ok(theirs.categories.length > 0 && theirs.categories.every((c: { id: string }) => !ourIds.has(c.id)), 'the other center reads its own tree only');
    const ourCategory = oursBefore.categories.find((c: { code: string }) => c.code === 'gov.item').id as string;
    const theirCategory = theirs.categories.find((c: { code: string }) => c.code === 'gov.item').id as string;

    // Another center's category: refused (403, like another center's order), nothing written, both ways.
    await nothingWritten(hkManager.put(`/api/workorders/config/categories/${ourCategory}`, { name: '改名', retired: true }), 403, 'FORBIDDEN');
    await nothingWritten(lead.put(`/api/workorders/config/categories/${theirCategory}`, { retired: true }), 403, 'FORBIDDEN');
    await nothingWritten(manager.put(`/api/workorders/config/categories/${theirCategory}`, { name: '改名' }), 403, 'FORBIDDEN');
    // Nor a parent, an order's category or an article's category from another center's tree.
    await nothingWritten(hkManager.post('/api/workorders/config/categories', { parentId: ourCategory, code: 'HK.X', name: '无', nameEn: 'None' }), 400, 'WORKORDER_CATEGORY_UNKNOWN');
    await nothingWritten(op.post('/api/workorders', { kind: 'request', categoryId: theirCategory, callerName: '王五', callerPhone: '13912345678', topic: 't', content: 'c' }), 400, 'WORKORDER_CATEGORY_UNKNOWN');
    await nothingWritten(person.post('/api/my/appeals', { idempotencyKey: randomUUID(), kind: 'suggestion', centerId, categoryId: theirCategory, topic: 't', content: 'c' }), 400, 'WORKORDER_CATEGORY_UNKNOWN');
    const articles = await count('knowledge_articles');
    refused(await op.post('/api/workorders/knowledge', { question: '问', answer: '答', categoryId: theirCategory }), 400, 'WORKORDER_CATEGORY_UNKNOWN');
    assert.equal(await count('knowledge_articles'), articles);

    // A code is unique per center: the other center may use one of ours; its change is audited in its own stream.
    const theirs2 = ok(await hkManager.post('/api/workorders/config/categories', { code: 'TEST.ENV', name: '海口生态环境', nameEn: 'Haikou environment' }), 201).id as string;
    assert.ok(!ok(await lead.get('/api/workorders/config')).categories.some((c: { id: string }) => c.id === theirs2));
    assert.ok(!ok(await op.get('/api/workorders/reference')).categories.some((c: { id: string }) => c.id === theirs2));
    assert.ok(ok(await person.get(`/api/workorders/reference?centerId=${hkCenterId}`)).categories.some((c: { id: string }) => c.id === theirs2), 'an applicant reads the tree of the center named');

    // Limits: the other center's change is its own; ours and our deadlines stay.
    const ourAudit = (await configAudit()).length;
    const saved = ok(await hkManager.put('/api/workorders/config/limits', { limits: [{ kind: 'complaint', urgency: 'normal', workdays: 20 }] }));
    assert.equal(saved.limits.find((l: { kind: string; urgency: string }) => l.kind === 'complaint' && l.urgency === 'normal').workdays, 20);
    const ours = ok(await lead.get('/api/workorders/config'));
    assert.deepEqual(ours.limits, oursBefore.limits, 'our limits unchanged');
    assert.equal((await configAudit()).length, ourAudit, 'nothing in our stream');
    assert.deepEqual((await configAudit(hkCenterId)).map((a) => [a.action, a.actor_id]), [['workorder.category.add', hkManager.user.id], ['workorder.limits', hkManager.user.id]]);
    assert.deepEqual((await configAudit(hkCenterId)).at(-1)!.data, { changed: [{ kind: 'complaint', urgency: 'normal', from: 13, to: 20 }] });
    const ourComplaint = await call({ kind: 'complaint' });
    assert.equal(ok(await act(op, ourComplaint, { action: 'dispatch', departmentId: housingId })).dueDate, '2026-12-07'); // ours: 10 working days

    // An order of the other center: its own limit (Mon 23 Nov + 20 working days).
    await t.ctx.db.updateTable('users').set({ roles: ['manager', 'hotline'] }).where('username', '=', 'hk.manager2').execute();
    const hkOp = await signIn(t.app, 'hk.manager2');
    const hkDept = (await t.ctx.db.selectFrom('departments').select('id').where('center_id', '=', hkCenterId).orderBy('name').executeTakeFirstOrThrow()).id;
    const hkOrder = ok(await hkOp.post('/api/workorders', { kind: 'complaint', categoryId: theirCategory, callerName: '李四', callerPhone: '13912340000', topic: '海口投诉', content: '内容' }), 201).id as string;
    assert.equal(ok(await act(hkOp, hkOrder, { action: 'dispatch', departmentId: hkDept })).dueDate, '2026-12-21');
  });
});
