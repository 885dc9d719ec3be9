import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { CompiledQuery, sql } from 'kysely';
import { DEMO_ENTERPRISE, DEMO_PERSON } from '../../seed/seed.ts';
import { signIn, testApp, type Session, type TestApp } from '../../test/harness.ts';
import { sendOutbound } from '../notifications/outbound.ts';
import { tellCallers } from './reply-fanout.ts';
import { MAX_REOPENS } from './workorder.transitions.ts';
import { listStatements } from './workorders.repository.ts';

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
let company: Session;
let centerId: string; let housingId: string;

before(async () => {
  t = await testApp({ now: NOW, env: { SESSION_TTL_HOURS: '100000' } });
  // Another center's hotline lead (the demo has none): Haikou's deputy manager made one.
  await t.ctx.db.updateTable('users').set({ roles: ['hotline_lead'] }).where('username', '=', 'hk.manager2').execute();
  [op, lead, housing, market, manager, person, otherLead, company] = await Promise.all([
    signIn(t.app, 'hotline1'), signIn(t.app, 'hotline.lead'), signIn(t.app, 'approver.housing'), signIn(t.app, 'approver.market'),
    signIn(t.app, 'manager'), signIn(t.app, DEMO_PERSON.idNumber), signIn(t.app, 'hk.manager2'), signIn(t.app, DEMO_ENTERPRISE.creditCode),
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
        dissatisfied: [{ orderId: id, orderNo: reopened.orderNo }],
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
        // The re-handling itself is told (docs/hotline.md, "Every caller is told").
        `workorder.reopened:${id}:r1:${person.user.id}`,
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

/** A person's web appeal with two duplicates merged into it: a phone call, and an enterprise's web appeal. */
async function appealWithDuplicates(topic: string, phone: string) {
  const main = ok(await person.post('/api/my/appeals', { idempotencyKey: randomUUID(), kind: 'complaint', centerId, place: '龙华区滨海大道', topic, content: '多人反映' }), 201).id as string;
  const byPhone = ok(await op.post('/api/workorders', { kind: 'complaint', callerName: '李四', callerPhone: phone, place: '龙华区滨海大道', topic, content: '电话反映' }), 201).id as string;
  const byCompany = ok(await company.post('/api/my/appeals', { idempotencyKey: randomUUID(), kind: 'complaint', centerId, place: '龙华区滨海大道', topic, content: '企业反映' }), 201).id as string;
  for (const dup of [byPhone, byCompany]) assert.equal(ok(await act(op, dup, { action: 'merge', mainId: main })).status, 'merged');
  return { main, byPhone, byCompany };
}
/** The messages of one kind a person got about one main order (its keys name it). */
const messagesOf = (userId: string, kind: string, mainId: string) => t.ctx.db.selectFrom('applicant_messages').select(['dedupe_key', 'link'])
  .where('user_id', '=', userId).where('kind', '=', kind).where('dedupe_key', 'like', `%:${mainId}:%`).orderBy('id').execute();
const outboundFor = (phone: string) => t.ctx.db.selectFrom('outbound_messages').select(['dedupe_key']).where('recipient', '=', phone).orderBy('id').execute();
async function deliverSms() {
  const pending = await t.ctx.db.selectFrom('outbound_messages').select('id').where('status', '=', 'pending').execute();
  for (const r of pending) await sendOutbound(t.ctx, Number(r.id));
}
const smsTo = (phone: string) => t.ctx.db.selectFrom('sim_sms_messages').select(['text']).where('phone', '=', phone).orderBy('id').execute();

describe('the callers of a merged appeal evaluate the reply they received (国办发〔2020〕53号: every caller)', () => {
  test('after the main order is called back, each on their own order, once; before, twice or another\'s are refused, nothing written', async () => {
    const { main, byPhone, byCompany } = await appealWithDuplicates('小区门口占道经营', '13600001111');
    // Before the main order is closed (accepted, then replied but not called back): 409 WORKORDER_MAIN_NOT_CLOSED, nothing written.
    let before = await written(byCompany);
    refused(await act(company, byCompany, { action: 'evaluate', satisfaction: 'satisfied' }), 409, 'WORKORDER_MAIN_NOT_CLOSED');
    refused(await act(op, byPhone, { action: 'evaluate', satisfaction: 'satisfied' }), 409, 'WORKORDER_MAIN_NOT_CLOSED');
    assert.deepEqual(await written(byCompany), before);
    ok(await act(op, main, { action: 'dispatch', departmentId: housingId }));
    ok(await act(housing, main, { action: 'reply', reply: '已清理占道摊点并安排巡查。' }));
    assert.deepEqual(ok(await company.get(`/api/workorders/${byCompany}`)).actions, [], 'not offered before the callback');
    before = await written(byCompany);
    refused(await act(company, byCompany, { action: 'evaluate', satisfaction: 'satisfied' }), 409, 'WORKORDER_MAIN_NOT_CLOSED');
    assert.deepEqual(await written(byCompany), before);
    ok(await act(op, main, { action: 'callback', note: '已回访' }));
    // Closed: the enterprise evaluates the reply on its own order, which stays merged (it follows the main).
    const mine = ok(await company.get(`/api/workorders/${byCompany}`));
    assert.deepEqual(mine.actions, ['evaluate']);
    assert.equal(mine.main.reply, '已清理占道摊点并安排巡查。');
    const rated = ok(await act(company, byCompany, { action: 'evaluate', satisfaction: 'dissatisfied', comment: '摊点又回来了' }));
    assert.deepEqual([rated.status, rated.satisfaction, rated.actions], ['merged', 'dissatisfied', []]);
    // Another person's order: 404 as today (the main order's caller on the enterprise's order, the enterprise on the main); twice: 409.
    before = await written(byCompany);
    refused(await act(person, byCompany, { action: 'evaluate', satisfaction: 'satisfied' }), 404, 'NOT_FOUND');
    refused(await act(company, main, { action: 'evaluate', satisfaction: 'satisfied' }), 404, 'NOT_FOUND');
    refused(await act(company, byCompany, { action: 'evaluate', satisfaction: 'satisfied' }), 409, 'WORKORDER_ALREADY_EVALUATED');
    refused(await act(op, byCompany, { action: 'evaluate', satisfaction: 'satisfied' }), 409, 'WORKORDER_ALREADY_EVALUATED');
    assert.deepEqual(await written(byCompany), before);
    // The main order's caller evaluates theirs; the operator records the phone caller's after it (the main already evaluated).
    assert.equal(ok(await act(person, main, { action: 'evaluate', satisfaction: 'satisfied' })).status, 'evaluated');
    assert.equal(ok(await act(op, byPhone, { action: 'evaluate', satisfaction: 'basically_satisfied' })).satisfaction, 'basically_satisfied');
    refused(await act(op, byPhone, { action: 'evaluate', satisfaction: 'satisfied' }), 409, 'WORKORDER_ALREADY_EVALUATED');
    // The department and a manager never evaluate (403).
    refused(await act(housing, byPhone, { action: 'evaluate', satisfaction: 'satisfied' }), 403, 'FORBIDDEN');
    refused(await act(manager, byPhone, { action: 'evaluate', satisfaction: 'satisfied' }), 403, 'FORBIDDEN');
    // The main order's page shows each merged caller's evaluation, and its history names them.
    const page = ok(await lead.get(`/api/workorders/${main}`));
    const mergedRated = Object.fromEntries(page.merged.map((m: { id: string; satisfaction: string | null }) => [m.id, m.satisfaction]));
    assert.deepEqual(mergedRated, { [byPhone]: 'basically_satisfied', [byCompany]: 'dissatisfied' });
    assert.deepEqual(page.events.filter((e: { action: string }) => e.action === 'merged_evaluated').map((e: { data: { orderId: string; satisfaction: string } }) => [e.data.orderId, e.data.satisfaction]),
      [[byCompany, 'dissatisfied'], [byPhone, 'basically_satisfied']]);
    assert.equal(page.satisfaction, 'satisfied', "the main order's own evaluation is its caller's");
  });
});

describe('a reopened order\'s callers are told', () => {
  test('every caller (main and merged; account: a message, phone: an SMS) once per round, however often the event is heard; the merged callers evaluate the new round', async () => {
    const phone = '13600002222';
    const { main, byPhone, byCompany } = await appealWithDuplicates('工地夜间施工扰民', phone);
    ok(await act(op, main, { action: 'dispatch', departmentId: housingId }));
    ok(await act(housing, main, { action: 'reply', reply: '已责令停工。' }));
    ok(await act(op, main, { action: 'callback', note: '已回访' }));
    ok(await act(person, main, { action: 'evaluate', satisfaction: 'dissatisfied' }));
    ok(await act(company, byCompany, { action: 'evaluate', satisfaction: 'satisfied' }));
    const reopened = ok(await act(lead, main, { action: 'reopen', reason: '来电人反映仍在夜间施工' }));
    assert.equal(reopened.status, 'dispatched');
    const told = reopened.events.filter((e: { action: string }) => e.action === 'callers_told').at(-1);
    assert.deepEqual(told.data, { event: 'reopened', round: 1, messaged: 2, sms: [{ orderId: byPhone, orderNo: told.data.sms[0].orderNo, phoneMasked: '136****2222', queued: true }] });
    // Heard again (a retried transaction, another instance), twice at once: nobody is told twice.
    const row = await t.ctx.db.selectFrom('work_orders').selectAll().where('id', '=', main).executeTakeFirstOrThrow();
    await Promise.all([1, 2].map(() => t.ctx.db.transaction().execute((tx) => tellCallers(tx, row, 'reopened', lead.user.id, t.clock.now(), 1))));
    await Promise.all([deliverSms(), deliverSms()]);
    assert.deepEqual(await messagesOf(person.user.id, 'workorder.reopened', main), [{ dedupe_key: `workorder.reopened:${main}:r1:${person.user.id}`, link: `/my/appeals/${main}` }]);
    assert.deepEqual(await messagesOf(company.user.id, 'workorder.reopened', main), [{ dedupe_key: `workorder.reopened:${main}:r1:${company.user.id}`, link: `/my/appeals/${byCompany}` }]);
    assert.deepEqual((await outboundFor(phone)).filter((m) => m.dedupe_key?.startsWith('workorder.reopened')), [{ dedupe_key: `workorder.reopened:${main}:r1:sms:${phone}` }]);
    const texts = (await smsTo(phone)).map((m) => m.text).filter((x) => x.includes('重新办理'));
    assert.equal(texts.length, 1, 'one SMS to the phone caller');
    assert.ok(texts[0]!.includes('工地夜间施工扰民'));
    // The merged callers' evaluations of the first round are kept in their history and cleared for the next one.
    const theirs = ok(await company.get(`/api/workorders/${byCompany}`));
    assert.deepEqual([theirs.status, theirs.satisfaction, theirs.main.status, theirs.actions], ['merged', null, 'dispatched', []]);
    assert.ok(theirs.events.some((e: { action: string }) => e.action === 'main_reopened'), 'the enterprise sees the re-handling in its history');
    const history = ok(await lead.get(`/api/workorders/${byCompany}`)).events.find((e: { action: string }) => e.action === 'main_reopened');
    assert.deepEqual(history.data, { mainId: main, mainOrderNo: reopened.orderNo, round: 1, previousSatisfaction: 'satisfied' });
    refused(await act(company, byCompany, { action: 'evaluate', satisfaction: 'satisfied' }), 409, 'WORKORDER_MAIN_NOT_CLOSED');
    // The second round: replied, called back; the merged callers evaluate it; a second re-handling tells everyone again, with its own keys.
    ok(await act(housing, main, { action: 'reply', reply: '已没收夜间施工设备。' }));
    ok(await act(op, main, { action: 'callback', note: '已回访' }));
    assert.equal(ok(await act(company, byCompany, { action: 'evaluate', satisfaction: 'basically_satisfied' })).satisfaction, 'basically_satisfied');
    ok(await act(op, byPhone, { action: 'evaluate', satisfaction: 'dissatisfied' }));
    ok(await act(person, main, { action: 'evaluate', satisfaction: 'dissatisfied' }));
    ok(await act(lead, main, { action: 'reopen', reason: '仍不满意' }));
    await deliverSms();
    assert.deepEqual((await messagesOf(company.user.id, 'workorder.reopened', main)).map((m) => m.dedupe_key),
      [`workorder.reopened:${main}:r1:${company.user.id}`, `workorder.reopened:${main}:r2:${company.user.id}`]);
    assert.equal((await smsTo(phone)).filter((m) => m.text.includes('重新办理')).length, 2, 'one SMS a round');
    // A refused re-handling tells no one: checked with the other refusals above (written() counts messages and the outbox).
  });
});

describe("the lead's dissatisfied filter (candidates for 重办)", () => {
  test('lists the evaluated orders rated dissatisfied, not the others; an order leaves it when re-handled', async () => {
    const bad = await closedAppeal('路面塌陷未修复');
    ok(await act(person, bad, { action: 'evaluate', satisfaction: 'dissatisfied' }));
    const good = await closedAppeal('路面塌陷已修复');
    ok(await act(person, good, { action: 'evaluate', satisfaction: 'satisfied' }));
    const list = async () => ok(await lead.get('/api/workorders?dissatisfied=true&pageSize=100'));
    const page = await list();
    assert.ok(page.rows.some((r: { id: string }) => r.id === bad));
    assert.ok(!page.rows.some((r: { id: string }) => r.id === good));
    // Every row is a called-back order a caller of the round rated dissatisfied (its own, or a merged one: the appeals
    // of the tests above whose enterprise was dissatisfied are here, whatever their own caller said).
    assert.ok(page.rows.every((r: { status: string; roundDissatisfied: boolean }) => ['closed', 'evaluated'].includes(r.status) && r.roundDissatisfied), JSON.stringify(page.rows));
    assert.ok(page.rows.find((r: { id: string }) => r.id === bad).satisfaction === 'dissatisfied');
    assert.equal(page.total, page.rows.length);
    // A merged order is not listed itself: its main order is, and is re-handled for every caller (merged-dissatisfied.test.ts).
    assert.ok(!page.rows.some((r: { status: string }) => r.status === 'merged'));
    ok(await act(lead, bad, { action: 'reopen', reason: '来电人不满意' }));
    assert.ok(!(await list()).rows.some((r: { id: string }) => r.id === bad));
    refused(await lead.get('/api/workorders?dissatisfied=yes'), 400, 'VALIDATION_FAILED');
  });

  test('the page and its count are read on the partial index work_orders_dissatisfied (EXPLAIN over 20,000 orders, 0071)', async () => {
    const scope = { centerId, departmentId: null, notAgainstStaffId: lead.user.id };
    // Built, measured and rolled back in one transaction: the other tests never see the rows.
    class Rollback extends Error { constructor(readonly plans: { page: string; count: string }) { super('rollback'); } }
    const plans = await t.owner.transaction().execute(async (tx) => {
      // Half evaluated, half closed; one in a hundred has a caller of the round dissatisfied: its own caller (evaluated
      // dissatisfied), or a merged one (its own evaluation satisfied, or none yet: closed).
      await sql`INSERT INTO work_orders (order_no, center_id, source, kind, urgency, caller_name, caller_phone, place, topic, content, status, satisfaction, round_dissatisfied, created_at, updated_at)
        SELECT 'EXPLAIN' || g, ${centerId}, 'hotline', 'request', 'normal', '王五', '13912345678', '', '测试', '内容',
               CASE WHEN g % 2 = 0 THEN 'evaluated' ELSE 'closed' END,
               CASE WHEN g % 2 = 0 THEN (CASE WHEN g % 200 = 0 THEN 'dissatisfied' ELSE 'satisfied' END) END,
               g % 100 = 0 OR g % 100 = 1,
               ${NOW}::timestamptz - g * interval '1 minute', ${NOW}::timestamptz
          FROM generate_series(1, 20000) g`.execute(tx);
      await sql`ANALYZE work_orders`.execute(tx);
      const st = listStatements(tx, scope, { dissatisfied: true, limit: 20, offset: 0 });
      const explain = async (c: CompiledQuery) => (await tx.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`EXPLAIN ${c.sql}`, [...c.parameters]))).rows.map((r) => r['QUERY PLAN']).join('\n');
      throw new Rollback({ page: await explain(st.page), count: await explain(st.count) });
    }).catch((e: unknown) => e);
    assert.ok(plans instanceof Rollback, String(plans));
    const p = plans.plans;
    assert.match(p.page, /work_orders_dissatisfied/, p.page);
    assert.match(p.count, /work_orders_dissatisfied/, p.count);
    // Neither reads the center's whole list index nor the table with a filter.
    for (const plan of [p.page, p.count]) assert.doesNotMatch(plan, /work_orders_by_center|Seq Scan on work_orders/, plan);
  });
});
