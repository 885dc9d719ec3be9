import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { DEMO_ENTERPRISE, DEMO_PERSON } from '../../seed/seed.ts';
import { signIn, testApp, type Session, type TestApp } from '../../test/harness.ts';

/**
 * Every caller's evaluation counts (docs/hotline.md, "How they count"): a dissatisfied evaluation of the round by
 * any caller of an appeal, the main order's or a merged one's, makes the main order a candidate for 重办 (offered,
 * taken, listed by the lead's dissatisfied filter); a caller who called twice evaluates a round once.
 */

// Monday 23 November 2026, 10:00 in China.
const NOW = new Date('2026-11-23T02:00:00Z');
let t: TestApp;
let op: Session; let lead: Session; let housing: Session; let person: Session; let company: Session;
let centerId: string; let housingId: string;

before(async () => {
  t = await testApp({ now: NOW, env: { SESSION_TTL_HOURS: '100000' } });
  [op, lead, housing, person, company] = await Promise.all([
    signIn(t.app, 'hotline1'), signIn(t.app, 'hotline.lead'), signIn(t.app, 'approver.housing'),
    signIn(t.app, DEMO_PERSON.idNumber), signIn(t.app, DEMO_ENTERPRISE.creditCode),
  ]);
  centerId = op.user.centerId!;
  housingId = housing.user.departmentId!;
});
after(() => t.close());

const ok = (r: LightMyRequestResponse, status = 200) => { assert.equal(r.statusCode, status, r.body); return r.json(); };
const refused = (r: LightMyRequestResponse, status: number, code: string) => { assert.equal(r.statusCode, status, r.body); assert.equal(r.json().code, code, r.body); };
const act = (s: Session, id: string, body: object) => s.post(`/api/workorders/${id}/actions`, body);
type Row = { id: string; status: string; satisfaction: string | null };

/** Everything a refusal must leave alone: every order's row, the events, the messages and the outbox. */
async function written() {
  const [orders, events, messages, outbound] = await Promise.all([
    sql`SELECT id, status, row_version, satisfaction, due_date, escalate_after FROM work_orders ORDER BY id`.execute(t.ctx.db).then((r) => r.rows),
    sql<{ n: number }>`SELECT count(*)::int AS n FROM workorder_events`.execute(t.ctx.db).then((r) => r.rows[0]!.n),
    sql<{ n: number }>`SELECT count(*)::int AS n FROM applicant_messages`.execute(t.ctx.db).then((r) => r.rows[0]!.n),
    sql<{ n: number }>`SELECT count(*)::int AS n FROM outbound_messages`.execute(t.ctx.db).then((r) => r.rows[0]!.n),
  ]);
  return { orders, events, messages, outbound };
}

const appeal = async (s: Session, topic: string) =>
  ok(await s.post('/api/my/appeals', { idempotencyKey: randomUUID(), kind: 'complaint', centerId, place: '龙华区海秀路', topic, content: '反映问题' }), 201).id as string;
const call = async (topic: string, phone: string) =>
  ok(await op.post('/api/workorders', { kind: 'complaint', callerName: '赵六', callerPhone: phone, place: '龙华区海秀路', topic, content: '电话反映' }), 201).id as string;
/** `main` is dispatched to housing, replied and called back (closed), with `dups` merged into it first. */
async function closedWith(main: string, dups: string[]) {
  for (const d of dups) assert.equal(ok(await act(op, d, { action: 'merge', mainId: main })).status, 'merged');
  ok(await act(op, main, { action: 'dispatch', departmentId: housingId }));
  ok(await act(housing, main, { action: 'reply', reply: '已处理。' }));
  ok(await act(op, main, { action: 'callback', note: '已回访' }));
}
const dissatisfiedList = async () => ok(await lead.get('/api/workorders?dissatisfied=true&pageSize=100')).rows as (Row & { roundDissatisfied: boolean })[];

describe("a merged caller's dissatisfaction counts for 重办", () => {
  test('merged caller dissatisfied, main caller satisfied: offered and listed; the lead re-handles it and every caller evaluates the new round', async () => {
    const main = await appeal(person, '夜市油烟扰民');
    const byCompany = await appeal(company, '夜市油烟扰民');
    const byPhone = await call('夜市油烟扰民', '13700001111');
    await closedWith(main, [byCompany, byPhone]);
    assert.equal(ok(await act(person, main, { action: 'evaluate', satisfaction: 'satisfied' })).status, 'evaluated');
    ok(await act(op, byPhone, { action: 'evaluate', satisfaction: 'basically_satisfied' }));
    assert.deepEqual(ok(await lead.get(`/api/workorders/${main}`)).actions, [], 'no caller dissatisfied yet: nothing offered');
    assert.ok(!(await dissatisfiedList()).some((r) => r.id === main));
    // The enterprise, merged into it, is dissatisfied: the main order becomes a candidate.
    ok(await act(company, byCompany, { action: 'evaluate', satisfaction: 'dissatisfied', comment: '油烟依旧' }));
    const page = ok(await lead.get(`/api/workorders/${main}`));
    assert.deepEqual(page.actions, ['reopen'], 'offered to the lead');
    assert.equal(page.satisfaction, 'satisfied', "the main order's own evaluation stays its caller's");
    assert.equal(page.roundDissatisfied, true);
    assert.deepEqual(ok(await op.get(`/api/workorders/${main}`)).actions, [], 'not to the operator');
    const listed = (await dissatisfiedList()).find((r) => r.id === main);
    assert.ok(listed, 'the filter lists it');
    assert.deepEqual([listed.status, listed.satisfaction, listed.roundDissatisfied], ['evaluated', 'satisfied', true]);
    assert.ok((await dissatisfiedList()).every((r) => r.roundDissatisfied && r.status !== 'merged'));
    const reopened = ok(await act(lead, main, { action: 'reopen', reason: '合并来电人反映油烟依旧' }));
    assert.deepEqual([reopened.status, reopened.satisfaction, reopened.roundDissatisfied], ['dispatched', null, false]);
    const e = reopened.events.find((x: { action: string }) => x.action === 'reopen');
    assert.equal(e.data.previousSatisfaction, 'satisfied');
    assert.deepEqual(e.data.dissatisfied, [{ orderId: byCompany, orderNo: e.data.dissatisfied[0].orderNo }], 'the history says whose dissatisfaction it was');
    assert.ok(!(await dissatisfiedList()).some((r) => r.id === main), 'it leaves the filter when re-handled');
    // A new round for everyone: told once, their evaluations cleared, evaluated again after the next callback.
    const told = reopened.events.filter((x: { action: string }) => x.action === 'callers_told').at(-1);
    assert.deepEqual([told.data.event, told.data.round, told.data.messaged, told.data.sms.length], ['reopened', 1, 2, 1]);
    assert.deepEqual(ok(await lead.get(`/api/workorders/${main}`)).merged.map((m: Row) => m.satisfaction), [null, null]);
    ok(await act(housing, main, { action: 'reply', reply: '已加装油烟净化器。' }));
    ok(await act(op, main, { action: 'callback', note: '已回访' }));
    assert.equal(ok(await act(company, byCompany, { action: 'evaluate', satisfaction: 'satisfied' })).satisfaction, 'satisfied');
    assert.equal(ok(await act(person, main, { action: 'evaluate', satisfaction: 'satisfied' })).satisfaction, 'satisfied');
    assert.deepEqual(ok(await lead.get(`/api/workorders/${main}`)).actions, [], 'the new round is judged on its own evaluations');
  });

  test('every caller satisfied: refused (409 WORKORDER_REOPEN_NOT_DISSATISFIED), nothing written, not offered, not listed', async () => {
    const main = await appeal(person, '广场舞噪音');
    const byCompany = await appeal(company, '广场舞噪音');
    const byPhone = await call('广场舞噪音', '13700002222');
    await closedWith(main, [byCompany, byPhone]);
    ok(await act(person, main, { action: 'evaluate', satisfaction: 'satisfied' }));
    ok(await act(company, byCompany, { action: 'evaluate', satisfaction: 'basically_satisfied' }));
    ok(await act(op, byPhone, { action: 'evaluate', satisfaction: 'satisfied' }));
    assert.deepEqual(ok(await lead.get(`/api/workorders/${main}`)).actions, []);
    assert.ok(!(await dissatisfiedList()).some((r) => r.id === main));
    const before = await written();
    refused(await act(lead, main, { action: 'reopen', reason: '复查' }), 409, 'WORKORDER_REOPEN_NOT_DISSATISFIED');
    assert.deepEqual(await written(), before);
  });

  test('the main caller has not evaluated (closed) and a merged caller is dissatisfied: the lead re-handles it; with none dissatisfied it is refused', async () => {
    const main = await appeal(person, '小区电梯停运');
    const byPhone = await call('小区电梯停运', '13700003333');
    await closedWith(main, [byPhone]);
    assert.deepEqual(ok(await lead.get(`/api/workorders/${main}`)).actions, ['evaluate'], 'closed, no caller dissatisfied: only the evaluation');
    let before = await written();
    refused(await act(lead, main, { action: 'reopen', reason: '复查' }), 409, 'WORKORDER_REOPEN_NOT_DISSATISFIED');
    assert.deepEqual(await written(), before);
    ok(await act(op, byPhone, { action: 'evaluate', satisfaction: 'dissatisfied' }));
    assert.deepEqual(ok(await lead.get(`/api/workorders/${main}`)).actions.sort(), ['evaluate', 'reopen']);
    const listed = (await dissatisfiedList()).find((r) => r.id === main);
    assert.deepEqual([listed?.status, listed?.satisfaction], ['closed', null]);
    const reopened = ok(await act(lead, main, { action: 'reopen', reason: '来电人仍被困电梯' }));
    assert.equal(reopened.status, 'dispatched');
    assert.deepEqual(reopened.events.find((x: { action: string }) => x.action === 'reopen').from, 'closed');
    // The main caller evaluates the new round's reply, not the old one.
    before = await written();
    refused(await act(person, main, { action: 'evaluate', satisfaction: 'satisfied' }), 409, 'WORKORDER_STATE');
    assert.deepEqual(await written(), before);
  });

  test('the limit still holds when a merged caller is the dissatisfied one (409 WORKORDER_REOPEN_LIMIT), nothing written', async () => {
    const main = await appeal(person, '垃圾清运不及时');
    const byCompany = await appeal(company, '垃圾清运不及时');
    await closedWith(main, [byCompany]);
    for (let n = 1; n <= 3; n++) {
      ok(await act(company, byCompany, { action: 'evaluate', satisfaction: 'dissatisfied' }));
      if (n === 3) break;
      ok(await act(lead, main, { action: 'reopen', reason: `第${n}次重办` }));
      ok(await act(housing, main, { action: 'reply', reply: '已再次清运。' }));
      ok(await act(op, main, { action: 'callback', note: '已回访' }));
    }
    assert.deepEqual(ok(await lead.get(`/api/workorders/${main}`)).actions, ['evaluate']);
    const before = await written();
    refused(await act(lead, main, { action: 'reopen', reason: '第三次重办' }), 409, 'WORKORDER_REOPEN_LIMIT');
    assert.deepEqual(await written(), before);
  });
});

describe('a caller who called twice (two orders merged) evaluates a round once', () => {
  test('a person with two appeals: the second evaluation is refused (409 WORKORDER_ALREADY_EVALUATED), not offered, nothing written, whichever comes first', async () => {
    // The main order first.
    const first = await appeal(person, '楼道灯不亮');
    const second = await appeal(person, '楼道灯不亮');
    await closedWith(first, [second]);
    assert.deepEqual(ok(await person.get(`/api/workorders/${second}`)).actions, ['evaluate']);
    ok(await act(person, first, { action: 'evaluate', satisfaction: 'satisfied' }));
    assert.deepEqual(ok(await person.get(`/api/workorders/${second}`)).actions, [], 'not offered on the other order');
    let before = await written();
    refused(await act(person, second, { action: 'evaluate', satisfaction: 'dissatisfied' }), 409, 'WORKORDER_ALREADY_EVALUATED');
    refused(await act(op, second, { action: 'evaluate', satisfaction: 'dissatisfied' }), 409, 'WORKORDER_ALREADY_EVALUATED');
    assert.deepEqual(await written(), before);
    assert.deepEqual(ok(await lead.get(`/api/workorders/${first}`)).actions, [], 'their second order cannot make the round dissatisfied');
    // The merged order first: the main one is then refused and stays closed; the one dissatisfaction counts once.
    const a = await appeal(person, '井盖松动');
    const b = await appeal(person, '井盖松动');
    await closedWith(a, [b]);
    ok(await act(person, b, { action: 'evaluate', satisfaction: 'dissatisfied' }));
    assert.deepEqual(ok(await person.get(`/api/workorders/${a}`)).actions, []);
    before = await written();
    refused(await act(person, a, { action: 'evaluate', satisfaction: 'satisfied' }), 409, 'WORKORDER_ALREADY_EVALUATED');
    assert.deepEqual(await written(), before);
    assert.deepEqual(ok(await lead.get(`/api/workorders/${a}`)).actions, ['reopen'], 'the lead is not offered to evaluate for them either, only 重办');
  });

  test('a phone caller who called twice from the same number (written differently): the operator records one evaluation', async () => {
    const main = await appeal(company, '道路积水');
    const one = await call('道路积水', '13700004444');
    const two = await call('道路积水', '137-0000-4444');
    await closedWith(main, [one, two]);
    ok(await act(op, one, { action: 'evaluate', satisfaction: 'dissatisfied' }));
    assert.deepEqual(ok(await op.get(`/api/workorders/${two}`)).actions, []);
    const before = await written();
    refused(await act(op, two, { action: 'evaluate', satisfaction: 'satisfied' }), 409, 'WORKORDER_ALREADY_EVALUATED');
    assert.deepEqual(await written(), before);
    // Another person at another number still evaluates.
    assert.equal(ok(await act(company, main, { action: 'evaluate', satisfaction: 'satisfied' })).status, 'evaluated');
  });

  test('the same person evaluating both orders at once: one is taken, the other refused (409), never a server error', async () => {
    const a = await appeal(person, '绿化带杂草丛生');
    const b = await appeal(person, '绿化带杂草丛生');
    await closedWith(a, [b]);
    const answers = await Promise.all([
      act(person, a, { action: 'evaluate', satisfaction: 'satisfied' }),
      act(person, b, { action: 'evaluate', satisfaction: 'dissatisfied' }),
    ]);
    assert.deepEqual(answers.map((r) => r.statusCode).sort(), [200, 409], answers.map((r) => r.body).join('\n'));
    assert.equal(answers.find((r) => r.statusCode === 409)!.json().code, 'WORKORDER_ALREADY_EVALUATED');
    const rows = await t.ctx.db.selectFrom('work_orders').select(['id', 'status', 'satisfaction']).where('id', 'in', [a, b]).execute();
    const evaluated = rows.filter((r) => (r.id === a ? r.status === 'evaluated' : r.satisfaction !== null));
    assert.equal(evaluated.length, 1, JSON.stringify(rows));
  });
});
