import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { DEMO_ENTERPRISE, DEMO_PERSON } from '../../seed/seed.ts';
import { endOfChinaDay, loadCalendar } from '../calendar/calendar.service.ts';
import { signIn, uploadMaterial, type Session, type TestApp, testApp } from '../../test/harness.ts';
import { publishWithKey } from '../trading/bid-key-fixture.ts';
import { publishCandidatesAsSystem } from '../trading/candidates-fixture.ts';
import { handInBids } from '../trading/handed-in-bids-fixture.ts';

// Monday 23 November 2026, 10:00 in China (no public holiday in the next weeks but 1 January).
const NOW = new Date('2026-11-23T02:00:00Z');
const DAY = 86_400_000;
const at = (days: number, extraMs = 0) => new Date(NOW.getTime() + days * DAY + extraMs);
let t: TestApp;
let trading: Session; let hkTrading: Session; let housing: Session; let chief: Session; let market: Session; let supervisor: Session; let manager: Session;
let hkSupervisor: Session; let person: Session; let company: Session;
let housingId: string;

before(async () => {
  t = await testApp({ now: NOW, env: { SESSION_TTL_HOURS: '100000' } });
  [trading, hkTrading, housing, chief, market, supervisor, manager, hkSupervisor, person, company] = await Promise.all([
    signIn(t.app, 'trading1'), signIn(t.app, 'hk.trading1'), signIn(t.app, 'approver.housing'), signIn(t.app, 'chief.housing'),
    signIn(t.app, 'approver.market'), signIn(t.app, 'supervisor'), signIn(t.app, 'manager'), signIn(t.app, 'hk.supervisor'),
    signIn(t.app, DEMO_PERSON.idNumber), signIn(t.app, DEMO_ENTERPRISE.creditCode),
  ]);
  housingId = housing.user.departmentId!;
});
after(() => t.close());

const ok = (r: LightMyRequestResponse, status = 200) => { assert.equal(r.statusCode, status, r.body); return r.json(); };
const refused = (r: LightMyRequestResponse, status: number, code: string) => { assert.equal(r.statusCode, status, r.body); assert.equal(r.json().code, code, r.body); };
const count = async (table: 'tender_disputes' | 'audit_events' | 'applicant_messages') =>
  Number((await t.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
/** What a refused request must leave as it was: no dispute, no status change, no audit event, no message. */
const footprint = async () => ({
  disputes: await t.ctx.db.selectFrom('tender_disputes').select(['id', 'status', 'answer', 'suspend_tender']).orderBy('id').execute(),
  audit: await count('audit_events'), messages: await count('applicant_messages'),
});
async function refusedUnchanged(request: () => Promise<LightMyRequestResponse>, status: number, code: string) {
  const before = await footprint();
  refused(await request(), status, code);
  assert.deepEqual(await footprint(), before, `${code}: nothing written`);
}

let seq = 0;
/** A published tender of `kind` (bid deadline 21 days on), whose documents the enterprise took: it is a party. */
async function publishedTender(kind: 'construction' | 'procurement', opts: { party?: boolean } = {}) {
  seq++;
  const projectId = ok(await trading.post('/api/trading/projects', {
    kind, code: `D-${kind}-${seq}`, name: `质疑测试项目${seq}`, buyerName: '海南测试采购人', buyerOrgCode: '91460000MA5T00009K', departmentId: housingId,
  }), 201).id as string;
  const id = ok(await trading.post(`/api/trading/projects/${projectId}/tenders`, {
    title: `质疑测试招标${seq}`, bidDeadline: at(21).toISOString(),
    criteria: [{ key: 'price', name: { zh: '报价', en: 'Price' }, weight: 100 }],
  }), 201).id as string;
  const file = await uploadMaterial(t.app, trading, '招标文件.pdf');
  const doc = ok(await trading.post(`/api/trading/tenders/${id}/documents`, { title: '招标文件', fileId: file }), 201);
  ok(await publishWithKey(trading, housing, id));
  ok(await trading.post(`/api/trading/tenders/${id}/actions`, { action: 'start_bidding' }));
  if (opts.party !== false) assert.equal((await company.get(`/api/trading/tenders/${id}/documents/${doc.id}`)).statusCode, 200);
  return id;
}
const raise = (s: Session, id: string, body: object) => s.post(`/api/trading/tenders/${id}/disputes`, body);
const objection = { kind: 'objection', subject: 'documents', body: '招标文件第三章资格条件限制了潜在投标人。' };
const question = { kind: 'question', subject: 'documents', body: '采购需求中的技术参数指向特定品牌。' };

describe('questions and objections: who and when (招标投标法实施条例 第二十二条、第五十四条; 政府采购法 第五十二条)', () => {
  test('an objection to the documents: a party, at least 10 days before the deadline; answer due in 3 days; an audit event', async () => {
    t.clock.set(NOW);
    const id = await publishedTender('construction');
    const auditBefore = await count('audit_events');
    const d = ok(await raise(company, id, objection), 201);
    assert.equal(d.status, 'open'); assert.equal(d.kind, 'objection'); assert.equal(d.mine, true);
    assert.equal(d.answerDue, at(3).toISOString());
    assert.equal(await count('audit_events'), auditBefore + 1);
    const ev = await t.ctx.db.selectFrom('audit_events').selectAll().where('stream', '=', `tender_dispute:${d.id}`).execute();
    assert.deepEqual(ev.map((e) => e.action), ['tender_dispute.raise']);
    // The boundary: exactly 10 days before the deadline is still in time; one millisecond later is not.
    t.clock.set(at(11));
    ok(await raise(company, id, objection), 201);
    t.clock.set(at(11, 1));
    await refusedUnchanged(() => raise(company, id, objection), 409, 'DISPUTE_WINDOW_CLOSED');
    t.clock.set(NOW);
  });

  test('refused with nothing written: not a party, signed out, staff, the wrong kind, a subject not open, a draft, bad input', async () => {
    t.clock.set(NOW);
    const id = await publishedTender('construction');
    await refusedUnchanged(() => raise(person, id, objection), 403, 'DISPUTE_NOT_PARTY');
    await refusedUnchanged(() => t.app.inject({ method: 'POST', url: `/api/trading/tenders/${id}/disputes`, payload: objection }), 401, 'UNAUTHENTICATED');
    await refusedUnchanged(() => raise(trading, id, objection), 403, 'FORBIDDEN');
    await refusedUnchanged(() => raise(company, id, question), 409, 'DISPUTE_KIND_NOT_ALLOWED');
    await refusedUnchanged(() => raise(company, id, { ...objection, subject: 'candidates' }), 409, 'DISPUTE_SUBJECT_NOT_OPEN');
    await refusedUnchanged(() => raise(company, id, { ...objection, body: '' }), 400, 'VALIDATION_FAILED');
    await refusedUnchanged(() => raise(company, id, { ...objection, subject: 'weather' }), 400, 'VALIDATION_FAILED');
    await refusedUnchanged(() => raise(company, '00000000-0000-4000-8000-000000000000', objection), 404, 'NOT_FOUND');
    const projectId = ok(await trading.post('/api/trading/projects', {
      kind: 'construction', code: `D-draft-${++seq}`, name: '草稿项目', buyerName: '海南测试采购人', buyerOrgCode: '91460000MA5T00009K', departmentId: housingId,
    }), 201).id as string;
    const draft = ok(await trading.post(`/api/trading/projects/${projectId}/tenders`, { title: '草稿', bidDeadline: at(21).toISOString() }), 201).id as string;
    await refusedUnchanged(() => raise(company, draft, objection), 404, 'NOT_FOUND');
  });

  test('a procurement question: within 7 working days of the notice by the region\'s calendar; answer due in 7 working days; objections do not apply', async () => {
    t.clock.set(NOW);
    const id = await publishedTender('procurement');
    await refusedUnchanged(() => raise(company, id, objection), 409, 'DISPUTE_KIND_NOT_ALLOWED');
    await refusedUnchanged(() => raise(company, id, { ...question, subject: 'procedure' }), 409, 'DISPUTE_SUBJECT_NOT_OPEN');
    // Published Monday 23 November: 7 working days end with Wednesday 2 December (China day), 16:00Z.
    t.clock.set(new Date('2026-12-02T15:59:59Z'));
    const d = ok(await raise(company, id, question), 201);
    // Answer within 7 working days from Wednesday 2 December: Friday 11 December, end of the China day.
    assert.equal(d.answerDue, '2026-12-11T16:00:00.000Z');
    t.clock.set(new Date('2026-12-02T16:00:00Z'));
    await refusedUnchanged(() => raise(company, id, question), 409, 'DISPUTE_WINDOW_CLOSED');
    t.clock.set(NOW);
  });

  test('an objection to the candidates: only during the candidates period (公示)', async () => {
    t.clock.set(NOW);
    const id = await publishedTender('construction');
    await handInBids(t.owner, id); // three bidders, so that it may be opened (招标投标法 第二十八条)
    await refusedUnchanged(() => raise(company, id, { ...objection, subject: 'candidates' }), 409, 'DISPUTE_SUBJECT_NOT_OPEN');
    t.clock.set(at(21));
    ok(await trading.post(`/api/trading/tenders/${id}/actions`, { action: 'open' }));
    ok(await trading.post(`/api/trading/tenders/${id}/actions`, { action: 'start_evaluation' }));
    await publishCandidatesAsSystem(t.ctx, id, { candidates: [{ rank: 1, name: '海南一建集团有限公司', orgCode: '91460000MA5T0101XA', score: 90 }] });
    t.clock.set(at(24));
    const d = ok(await raise(company, id, { ...objection, subject: 'candidates', body: '第一名候选人的业绩不实。' }), 201);
    assert.equal(d.answerDue, at(27).toISOString());
    t.clock.set(at(24, 1));
    await refusedUnchanged(() => raise(company, id, { ...objection, subject: 'candidates' }), 409, 'DISPUTE_WINDOW_CLOSED');
    await refusedUnchanged(() => raise(company, id, objection), 409, 'DISPUTE_SUBJECT_NOT_OPEN');
    t.clock.set(NOW);
  });
});

describe('answers, complaints and decisions (条例 第六十条、第六十一条)', () => {
  test('the main path: raised, answered by the trading staff, complained of, upheld by the supervising department with a typed event; every step audited', async () => {
    t.clock.set(NOW);
    const id = await publishedTender('construction');
    const d = ok(await raise(company, id, objection), 201);
    // Too early to complain: not answered and its deadline not passed.
    await refusedUnchanged(() => company.post(`/api/trading/disputes/${d.id}/complaints`, { body: '未答复' }), 409, 'COMPLAINT_TOO_EARLY');
    // Only the trading staff of the center answer.
    for (const [s, status] of [[housing, 403], [hkTrading, 403], [supervisor, 403], [company, 403], [person, 404]] as const) {
      const before = await footprint();
      assert.equal((await s.post(`/api/trading/disputes/${d.id}/answer`, { answer: '不是我答' })).statusCode, status);
      assert.deepEqual(await footprint(), before);
    }
    t.clock.set(at(1));
    const answered = ok(await trading.post(`/api/trading/disputes/${d.id}/answer`, { answer: '资格条件符合法律规定，不予修改。' }));
    assert.equal(answered.status, 'answered'); assert.equal(answered.answeredLate, false);
    await refusedUnchanged(() => trading.post(`/api/trading/disputes/${d.id}/answer`, { answer: '再答一次' }), 409, 'DISPUTE_STATE');
    // The party complains; only they may, once.
    await refusedUnchanged(() => person.post(`/api/trading/disputes/${d.id}/complaints`, { body: '代人投诉' }), 404, 'NOT_FOUND');
    await refusedUnchanged(() => trading.post(`/api/trading/disputes/${d.id}/complaints`, { body: '工作人员投诉' }), 403, 'FORBIDDEN');
    t.clock.set(at(2));
    const c = ok(await company.post(`/api/trading/disputes/${d.id}/complaints`, { body: '对答复不满意，向监督部门投诉。' }), 201);
    assert.equal(c.kind, 'complaint'); assert.equal(c.parentId, d.id);
    // Decided within 30 working days (条例 第六十一条) on the region's calendar, from Wednesday 25 November: in January 2027.
    const region = (await t.ctx.db.selectFrom('trading_projects').innerJoin('tenders', 'tenders.project_id', 'trading_projects.id').select('region_code').where('tenders.id', '=', id).executeTakeFirstOrThrow()).region_code;
    assert.equal(c.answerDue, endOfChinaDay((await loadCalendar(t.ctx.db, region)).addWorkdays('2026-11-25', 30).due).toISOString());
    assert.ok(c.answerDue > '2027-01-06' && c.answerDue < '2027-01-12', c.answerDue);
    await refusedUnchanged(() => company.post(`/api/trading/disputes/${d.id}/complaints`, { body: '再投诉一次' }), 409, 'COMPLAINT_EXISTS');
    await refusedUnchanged(() => company.post(`/api/trading/disputes/${c.id}/complaints`, { body: '投诉的投诉' }), 400, 'COMPLAINT_PARENT_INVALID');
    // The trading staff neither answer nor decide a complaint; another department, the center's supervisor and the party do not decide.
    for (const [s, status] of [[trading, 403], [market, 403], [supervisor, 403], [company, 403], [hkTrading, 403]] as const) {
      const before = await footprint();
      assert.equal((await s.post(`/api/trading/disputes/${c.id}/decide`, { outcome: 'upheld', reason: '成立' })).statusCode, status);
      assert.equal((await s.post(`/api/trading/disputes/${c.id}/answer`, { answer: '答复' })).statusCode, 403);
      assert.deepEqual(await footprint(), before);
    }
    await refusedUnchanged(() => housing.post(`/api/trading/disputes/${c.id}/decide`, { outcome: 'upheld' }), 400, 'VALIDATION_FAILED');
    const heard: unknown[] = [];
    t.ctx.events.on('trading.complaint_decided', async (_tx, e) => { heard.push({ complaintId: e.complaintId, tenderId: e.tenderId, outcome: e.outcome, suspendTender: e.suspendTender }); });
    const decided = ok(await chief.post(`/api/trading/disputes/${c.id}/decide`, { outcome: 'upheld', reason: '资格条件排斥潜在投标人，投诉成立。', suspendTender: true }));
    assert.equal(decided.status, 'upheld'); assert.equal(decided.suspendTender, true); assert.equal(decided.answer, '资格条件排斥潜在投标人，投诉成立。');
    assert.deepEqual(heard, [{ complaintId: c.id, tenderId: id, outcome: 'upheld', suspendTender: true }]);
    await refusedUnchanged(() => housing.post(`/api/trading/disputes/${c.id}/decide`, { outcome: 'rejected', reason: '改判' }), 409, 'DISPUTE_STATE');
    const streams = await t.ctx.db.selectFrom('audit_events').select(['stream', 'action']).where('stream', 'in', [`tender_dispute:${d.id}`, `tender_dispute:${c.id}`]).orderBy('at').orderBy('seq').execute();
    assert.deepEqual(streams.map((e) => e.action).sort(), ['tender_dispute.answer', 'tender_dispute.complain', 'tender_dispute.raise', 'tender_dispute.uphold'].sort());
    // The tender is suspended (条例 第六十二条) beside its status, which did not move.
    const suspendedView = ok(await company.get(`/api/trading/tenders/${id}`));
    assert.equal(suspendedView.status, 'bidding'); assert.equal(suspendedView.suspended, true);
    assert.deepEqual(suspendedView.suspension.complaintIds, [c.id]);
    const mine = ok(await company.get(`/api/me/tender-disputes?tenderId=${id}`));
    assert.deepEqual(mine.rows.map((r: { kind: string; status: string }) => `${r.kind}:${r.status}`).sort(), ['complaint:upheld', 'objection:answered']);
    t.clock.set(NOW);
  });

  test('an unanswered objection: overdue is visible; the party may complain once the deadline passed, within 10 days; a late answer is marked late; a rejected complaint', async () => {
    t.clock.set(NOW);
    const id = await publishedTender('construction');
    const d = ok(await raise(company, id, objection), 201);
    const late = ok(await raise(company, id, { ...objection, body: '另一项异议' }), 201);
    t.clock.set(at(3, 1));
    const overdue = ok(await trading.get('/api/trading/disputes?overdue=1&pageSize=100'));
    assert.ok(overdue.rows.some((r: { id: string; overdue: boolean }) => r.id === d.id && r.overdue));
    assert.ok(!overdue.rows.some((r: { status: string }) => r.status !== 'open'));
    const board = ok(await supervisor.get('/api/supervision/board/trading'));
    assert.ok(board.overdueAnswers >= 2 && board.openQuestions >= board.overdueAnswers, JSON.stringify(board));
    const lateAnswer = ok(await trading.post(`/api/trading/disputes/${late.id}/answer`, { answer: '迟到的答复' }));
    assert.equal(lateAnswer.answeredLate, true);
    const after = ok(await supervisor.get('/api/supervision/board/trading'));
    assert.equal(after.overdueAnswers, board.overdueAnswers - 1);
    // Ten days from the deadline (26 November, China day) end with 6 December, 16:00Z.
    t.clock.set(new Date('2026-12-06T16:00:00Z'));
    await refusedUnchanged(() => company.post(`/api/trading/disputes/${d.id}/complaints`, { body: '逾期投诉' }), 409, 'COMPLAINT_WINDOW_CLOSED');
    t.clock.set(new Date('2026-12-06T15:59:59Z'));
    const c = ok(await company.post(`/api/trading/disputes/${d.id}/complaints`, { body: '异议逾期未答复。' }), 201);
    const rejected = ok(await housing.post(`/api/trading/disputes/${c.id}/decide`, { outcome: 'rejected', reason: '异议内容不属实。', suspendTender: true }));
    assert.equal(rejected.status, 'rejected'); assert.equal(rejected.suspendTender, false, 'only an upheld complaint suspends');
    const view = ok(await company.get(`/api/trading/tenders/${id}`));
    assert.equal(view.suspended, false); assert.equal(view.suspension, null); assert.deepEqual(view.suspensions, []);
    assert.equal((await t.ctx.db.selectFrom('tender_suspensions').select('id').where('tender_id', '=', id).execute()).length, 0, 'a rejected complaint suspends nothing');
    assert.ok(ok(await trading.get(`/api/trading/tenders/${id}`)).actions.includes('cancel'), 'the tender still takes its actions');
    t.clock.set(NOW);
  });
});

/** Everything a refused tender action must leave as it was: the tender row, its revisions, documents, suspensions, and every audit event. */
const tenderFootprint = async (id: string) => ({
  tender: await t.ctx.db.selectFrom('tenders').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
  revisions: (await t.ctx.db.selectFrom('tender_revisions').select('id').where('tender_id', '=', id).execute()).length,
  documents: (await t.ctx.db.selectFrom('tender_documents').select('id').where('tender_id', '=', id).execute()).length,
  suspensions: await t.ctx.db.selectFrom('tender_suspensions').selectAll().where('tender_id', '=', id).orderBy('id').execute(),
  audit: await count('audit_events'), messages: await count('applicant_messages'),
});
async function tenderUnchanged(id: string, request: () => Promise<LightMyRequestResponse>, status: number, code: string) {
  const before = await tenderFootprint(id);
  refused(await request(), status, code);
  assert.deepEqual(await tenderFootprint(id), before, `${code}: nothing written`);
}

/** An objection raised now, answered, complained of and upheld by the housing department, which orders the tender suspended. */
async function upheldSuspending(id: string) {
  const d = ok(await raise(company, id, objection), 201);
  ok(await trading.post(`/api/trading/disputes/${d.id}/answer`, { answer: '不予修改。' }));
  const c = ok(await company.post(`/api/trading/disputes/${d.id}/complaints`, { body: '对答复不满意。' }), 201);
  ok(await chief.post(`/api/trading/disputes/${c.id}/decide`, { outcome: 'upheld', reason: '资格条件排斥潜在投标人。', suspendTender: true }));
  return c.id as string;
}

describe('suspension (条例 第六十二条) and unanswered objections (第二十二条、第五十四条)', () => {
  test('an upheld complaint suspends the tender: every action refused with nothing written; only the supervising department lifts it, with a reason; then the tender goes on', async () => {
    t.clock.set(NOW);
    const id = await publishedTender('construction');
    await handInBids(t.owner, id); // three bidders, so that it may be opened (招标投标法 第二十八条)
    const complaintId = await upheldSuspending(id);
    const audit = await t.ctx.db.selectFrom('audit_events').select(['action', 'actor_id', 'data']).where('stream', '=', `tender:${id}`).where('action', '=', 'tender.suspend').execute();
    assert.equal(audit.length, 1); assert.equal(audit[0]!.actor_id, chief.user.id);
    const staffView = ok(await trading.get(`/api/trading/tenders/${id}`));
    assert.equal(staffView.suspended, true); assert.deepEqual(staffView.actions, [], 'a suspended tender offers no action');
    // The detail tells who may lift it (the workbench shows the button to them only).
    for (const [s, may] of [[trading, false], [market, false], [supervisor, false], [company, false], [housing, true], [chief, true]] as const) {
      assert.equal(ok(await s.get(`/api/trading/tenders/${id}`)).canResume, may);
    }
    assert.equal(staffView.suspension.since, NOW.toISOString()); assert.equal(staffView.suspension.reason, '资格条件排斥潜在投标人。');
    assert.deepEqual(staffView.suspensions.map((x: { complaintId: string; resumedAt: string | null }) => [x.complaintId, x.resumedAt]), [[complaintId, null]]);
    // The public sees it on the notice.
    assert.equal(ok(await t.app.inject({ method: 'GET', url: `/api/trading/tenders/${id}` })).suspended, true);

    // Every tender action, the amendment and a new document are refused; the status, the version, the revisions stay.
    const fileId = await uploadMaterial(t.app, trading, '补充文件.pdf');
    await tenderUnchanged(id, () => trading.post(`/api/trading/tenders/${id}/actions`, { action: 'cancel', reason: '终止' }), 409, 'TENDER_SUSPENDED');
    await tenderUnchanged(id, () => trading.post(`/api/trading/tenders/${id}/amend`, { reason: '变更', title: '变更后的标题' }), 409, 'TENDER_SUSPENDED');
    await tenderUnchanged(id, () => trading.post(`/api/trading/tenders/${id}/documents`, { title: '补充文件', fileId }), 409, 'TENDER_SUSPENDED');
    t.clock.set(at(21));
    await tenderUnchanged(id, () => trading.post(`/api/trading/tenders/${id}/actions`, { action: 'open' }), 409, 'TENDER_SUSPENDED');

    // Lifting: not the trading staff, not another department, not the party, not the center's supervisor; a reason is required.
    for (const s of [trading, market, supervisor, company, hkTrading]) {
      await tenderUnchanged(id, () => s.post(`/api/trading/tenders/${id}/resume`, { reason: '恢复' }), 403, 'FORBIDDEN');
    }
    await tenderUnchanged(id, () => housing.post(`/api/trading/tenders/${id}/resume`, {}), 400, 'VALIDATION_FAILED');
    await tenderUnchanged(id, () => t.app.inject({ method: 'POST', url: `/api/trading/tenders/${id}/resume`, payload: { reason: '恢复' } }), 401, 'UNAUTHENTICATED');
    const resumed = ok(await housing.post(`/api/trading/tenders/${id}/resume`, { reason: '招标人已修改资格条件，恢复招标投标活动。' }));
    assert.equal(resumed.suspended, false); assert.equal(resumed.suspension, null); assert.equal(resumed.canResume, false);
    assert.equal(resumed.suspensions[0].resumedAt, at(21).toISOString()); assert.equal(resumed.suspensions[0].resumeReason, '招标人已修改资格条件，恢复招标投标活动。');
    const resumeAudit = await t.ctx.db.selectFrom('audit_events').select(['actor_id']).where('stream', '=', `tender:${id}`).where('action', '=', 'tender.resume').execute();
    assert.deepEqual(resumeAudit.map((e) => e.actor_id), [housing.user.id]);
    await tenderUnchanged(id, () => housing.post(`/api/trading/tenders/${id}/resume`, { reason: '再恢复' }), 409, 'TENDER_NOT_SUSPENDED');

    // The actions are allowed again.
    assert.ok(ok(await trading.get(`/api/trading/tenders/${id}`)).actions.includes('open'));
    const opened = ok(await trading.post(`/api/trading/tenders/${id}/actions`, { action: 'open' }));
    assert.equal(opened.status, 'opening');
    t.clock.set(NOW);
  });

  test('the opening waits while an objection to the documents is unanswered, and goes on once it is answered', async () => {
    t.clock.set(NOW);
    const id = await publishedTender('construction');
    await handInBids(t.owner, id); // three bidders, so that it may be opened (招标投标法 第二十八条)
    const d = ok(await raise(company, id, objection), 201);
    t.clock.set(at(21));
    await tenderUnchanged(id, () => trading.post(`/api/trading/tenders/${id}/actions`, { action: 'open' }), 409, 'TENDER_OBJECTION_PENDING');
    const r = await trading.post(`/api/trading/tenders/${id}/actions`, { action: 'open' });
    assert.ok(r.body.includes(at(3).toISOString()), `the refusal names the answer deadline: ${r.body}`);
    ok(await trading.post(`/api/trading/disputes/${d.id}/answer`, { answer: '资格条件符合规定。' }));
    assert.equal(ok(await trading.post(`/api/trading/tenders/${id}/actions`, { action: 'open' })).status, 'opening');
    t.clock.set(NOW);
  });

  test('the award waits while an objection to the candidates is unanswered; an answered one, or one to the documents, does not hold it', async () => {
    t.clock.set(NOW);
    const id = await publishedTender('construction');
    await handInBids(t.owner, id); // three bidders, so that it may be opened (招标投标法 第二十八条)
    const docs = ok(await raise(company, id, objection), 201);
    ok(await trading.post(`/api/trading/disputes/${docs.id}/answer`, { answer: '已答复。' }));
    t.clock.set(at(21));
    ok(await trading.post(`/api/trading/tenders/${id}/actions`, { action: 'open' }));
    ok(await trading.post(`/api/trading/tenders/${id}/actions`, { action: 'start_evaluation' }));
    await publishCandidatesAsSystem(t.ctx, id, { candidates: [{ rank: 1, name: '海南一建集团有限公司', orgCode: '91460000MA5T0101XA', score: 90 }] });
    t.clock.set(at(24));
    const d = ok(await raise(company, id, { ...objection, subject: 'candidates', body: '第一名候选人的业绩不实。' }), 201);
    t.clock.set(at(24, 1));
    await tenderUnchanged(id, () => trading.post(`/api/trading/tenders/${id}/actions`, { action: 'award' }), 409, 'TENDER_OBJECTION_PENDING');
    ok(await trading.post(`/api/trading/disputes/${d.id}/answer`, { answer: '经核查，业绩真实。' }));
    const awarded = ok(await trading.post(`/api/trading/tenders/${id}/actions`, { action: 'award' }));
    assert.equal(awarded.status, 'awarded'); assert.equal(awarded.award.orgCode, '91460000MA5T0101XA');
    t.clock.set(NOW);
  });
});

describe('who sees what', () => {
  test('a party sees only their own; the public none; trading staff the questions of their center, not the complaints; the supervising department its projects; oversight its center', async () => {
    t.clock.set(NOW);
    const id = await publishedTender('construction');
    const d = ok(await raise(company, id, objection), 201);
    ok(await trading.post(`/api/trading/disputes/${d.id}/answer`, { answer: '已答复' }));
    const c = ok(await company.post(`/api/trading/disputes/${d.id}/complaints`, { body: '投诉' }), 201);
    const status = async (s: Session | null, url: string) => (s ? (await s.get(url)).statusCode : (await t.app.inject({ method: 'GET', url })).statusCode);
    const who = { company, person, trading, hkTrading, housing, chief, market, supervisor, manager, hkSupervisor, public: null } as const;
    const table = async (url: string) => Object.fromEntries(await Promise.all(Object.entries(who).map(async ([k, s]) => [k, await status(s, url)])));
    assert.deepEqual(await table(`/api/trading/disputes/${d.id}`), {
      company: 200, person: 404, trading: 200, hkTrading: 403, housing: 200, chief: 200, market: 403, supervisor: 200, manager: 200, hkSupervisor: 403, public: 401,
    });
    assert.deepEqual(await table(`/api/trading/disputes/${c.id}`), {
      company: 200, person: 404, trading: 403, hkTrading: 403, housing: 200, chief: 200, market: 403, supervisor: 200, manager: 200, hkSupervisor: 403, public: 401,
    });
    assert.deepEqual(await table('/api/trading/disputes'), {
      company: 403, person: 403, trading: 200, hkTrading: 200, housing: 200, chief: 200, market: 200, supervisor: 200, manager: 200, hkSupervisor: 200, public: 401,
    });
    assert.deepEqual(await table('/api/supervision/board/trading'), {
      company: 403, person: 403, trading: 403, hkTrading: 403, housing: 403, chief: 403, market: 403, supervisor: 200, manager: 200, hkSupervisor: 200, public: 401,
    });
    assert.equal((await hkSupervisor.get(`/api/supervision/board/trading?centerId=${supervisor.user.centerId}`)).statusCode, 403);
    const ids = async (s: Session, url: string) => (ok(await s.get(url)).rows as Array<{ id: string }>).map((r) => r.id);
    assert.ok((await ids(trading, '/api/trading/disputes?pageSize=100')).includes(d.id));
    assert.ok(!(await ids(trading, '/api/trading/disputes?pageSize=100')).includes(c.id), 'trading staff do not list complaints');
    refused(await trading.get('/api/trading/disputes?kind=complaint'), 403, 'FORBIDDEN');
    assert.ok((await ids(housing, '/api/trading/disputes?kind=complaint&pageSize=100')).includes(c.id));
    assert.deepEqual(await ids(market, '/api/trading/disputes?pageSize=100'), [], 'another department');
    assert.deepEqual(await ids(hkTrading, '/api/trading/disputes?pageSize=100'), [], 'another center');
    assert.deepEqual(await ids(person, '/api/me/tender-disputes'), []);
    const mine = await ids(company, '/api/me/tender-disputes?pageSize=100');
    assert.ok(mine.includes(d.id) && mine.includes(c.id));
    refused(await t.app.inject({ method: 'GET', url: '/api/me/tender-disputes' }), 401, 'UNAUTHENTICATED');
    refused(await trading.get('/api/me/tender-disputes'), 403, 'FORBIDDEN');
    refused(await company.get('/api/trading/disputes?status=closed'), 400, 'VALIDATION_FAILED');
  });
});
