import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { DEMO_ENTERPRISE, DEMO_PERSON } from '../../seed/seed.ts';
import { makeIdNumber } from '../../lib/identity.ts';
import { applicationBody, itemIdByName, receiveMaterials, signIn, testApp, type Session, type TestApp } from '../../test/harness.ts';
import { DEMO_KIOSK_TOKENS } from '../hall/hall.seed.ts';
import { escalateOverdueRectifications } from './rectification-escalation.ts';

// Monday 23 November 2026, 10:00 in China.
const NOW = new Date('2026-11-23T02:00:00Z');
let t: TestApp;
let company: Session, person: Session, window1: Session, approver: Session, chief: Session, delivery: Session;
let manager: Session, supervisor: Session, marketChief: Session, hkManager: Session;
let permitId: string;

before(async () => {
  t = await testApp({ now: NOW, env: { SESSION_TTL_HOURS: '100000' } });
  [company, person, window1, approver, chief, delivery, manager, supervisor, marketChief, hkManager] = await Promise.all([
    signIn(t.app, DEMO_ENTERPRISE.creditCode), signIn(t.app, DEMO_PERSON.idNumber), signIn(t.app, 'window1'), signIn(t.app, 'approver.housing'),
    signIn(t.app, 'chief.housing'), signIn(t.app, 'delivery1'), signIn(t.app, 'manager'), signIn(t.app, 'supervisor'),
    signIn(t.app, 'chief.market'), signIn(t.app, 'hk.manager'),
  ]);
  permitId = await itemIdByName(t.app, '建筑工程施工许可证核发', '海南省');
});
after(() => t.close());

const ok = async (res: Promise<LightMyRequestResponse>, status = 200) => {
  const r = await res;
  assert.equal(r.statusCode, status, r.body);
  return r.json();
};

/** Everything a refusal must leave untouched. */
async function written() {
  const n = async (table: 'ratings' | 'rectification_tasks' | 'audit_events' | 'applicant_messages' | 'rating_invitations' | 'rating_settings') =>
    Number((await t.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  const tasks = await t.ctx.db.selectFrom('rectification_tasks').select(['id', 'status', 'updated_at']).orderBy('id').execute();
  return JSON.stringify({
    ratings: await n('ratings'), tasks, audit: await n('audit_events'), messages: await n('applicant_messages'),
    invitations: await n('rating_invitations'), settings: await n('rating_settings'),
  });
}
async function refused(res: Promise<LightMyRequestResponse>, status: number, code: string | null) {
  const before = await written();
  const r = await res;
  assert.equal(r.statusCode, status, r.body);
  if (code) assert.equal(r.json().code, code, r.body);
  assert.equal(await written(), before, `${code ?? status}: nothing written`);
}

async function acceptedCase() {
  const c = (await ok(company.post('/api/cases', await applicationBody(t.app, company, permitId)), 201)).case;
  await receiveMaterials(window1, c.id);
  await ok(window1.post(`/api/cases/${c.id}/actions`, { action: 'accept' }));
  return c.id as string;
}
async function deliveredCase() {
  const id = await acceptedCase();
  await ok(approver.post(`/api/cases/${id}/actions`, { action: 'review', opinion: '符合条件', proposal: 'approve' }));
  await ok(chief.post(`/api/cases/${id}/actions`, { action: 'decide', result: 'approved', reason: '依法决定' }));
  const ready = (await ok(chief.post(`/api/cases/${id}/actions`, { action: 'handover' }))).case;
  await ok(delivery.post(`/api/cases/${id}/delivery/pickup`, { verification: { kind: 'query_code', receiptNo: ready.receiptNo, queryCode: ready.queryCode }, collector: { kind: 'holder' } }));
  return id;
}
const messages = (caseId: string) => t.ctx.db.selectFrom('applicant_messages').select(['kind', 'link', 'dedupe_key']).where('case_id', '=', caseId).orderBy('id').execute();
const rate = (s: Session, caseId: string, body: object) => s.post(`/api/my/cases/${caseId}/ratings`, body);

/** A bad review of a delivered case, and its task as the department sees it. */
async function badReview(realName: boolean, level = 1) {
  const id = await deliveredCase();
  await ok(rate(company, id, { stage: 'completion', level, realName, comment: '<script>alert(1)</script> 等太久' }), 201);
  const task = await t.ctx.db.selectFrom('rectification_tasks as k').innerJoin('ratings as r', 'r.id', 'k.rating_id')
    .select('k.id').where('r.case_id', '=', id).executeTakeFirstOrThrow();
  const list = await ok(approver.get('/api/rectifications?status=open&pageSize=100'));
  assert.ok(list.tasks.some((x: { id: string }) => x.id === task.id), 'the task is on the department list');
  return { caseId: id, taskId: task.id };
}
const act = (s: Session, taskId: string, action: string, note = '已处理') => s.post(`/api/rectifications/${taskId}/actions`, { action, note });

describe('rating a case', () => {
  test('acceptance invites a rating once; only the applicant rates, once per stage, only after the stage', async () => {
    const c = (await ok(company.post('/api/cases', await applicationBody(t.app, company, permitId)), 201)).case;
    await refused(rate(company, c.id, { stage: 'acceptance', level: 5, realName: true }), 409, 'RATING_STAGE_NOT_REACHED');
    await receiveMaterials(window1, c.id);
    await ok(window1.post(`/api/cases/${c.id}/actions`, { action: 'accept' }));
    const msgs = await messages(c.id);
    const invites = msgs.filter((m) => m.kind === 'rating.invited');
    assert.deepEqual(invites, [{ kind: 'rating.invited', link: `/my/ratings/${c.id}/acceptance`, dedupe_key: `rating.invite:${c.id}:acceptance` }]);
    const page = await ok(company.get(`/api/my/cases/${c.id}/ratings`));
    assert.equal(page.stages[0].stage, 'acceptance');
    assert.ok(page.stages[0].invitedAt);
    assert.equal(page.stages[1].invitedAt, null);
    assert.ok(page.dimensions.some((d: { key: string }) => d.key === 'attitude'));

    // Another person's case does not exist for them; staff never rate a case; signed out is 401.
    await refused(rate(person, c.id, { stage: 'acceptance', level: 5, realName: true }), 404, 'NOT_FOUND');
    await refused(person.get(`/api/my/cases/${c.id}/ratings`), 404, 'NOT_FOUND');
    await refused(rate(window1, c.id, { stage: 'acceptance', level: 5, realName: true }), 403, 'FORBIDDEN');
    await refused(t.app.inject({ method: 'POST', url: `/api/my/cases/${c.id}/ratings`, payload: { stage: 'acceptance', level: 5, realName: true } }), 401, 'UNAUTHENTICATED');
    // Bad input: an unknown dimension, a level out of range, a wrong stage, an unknown case.
    await refused(rate(company, c.id, { stage: 'acceptance', level: 5, realName: true, dimensions: { speed: 5 } }), 400, 'RATING_DIMENSION_UNKNOWN');
    await refused(rate(company, c.id, { stage: 'acceptance', level: 6, realName: true }), 400, 'VALIDATION_FAILED');
    await refused(rate(company, c.id, { stage: 'visit', level: 5, realName: true }), 400, 'VALIDATION_FAILED');
    await refused(rate(company, '00000000-0000-4000-8000-000000000000', { stage: 'acceptance', level: 5, realName: true }), 404, 'NOT_FOUND');
    // Completion has not happened yet.
    await refused(rate(company, c.id, { stage: 'completion', level: 5, realName: true }), 409, 'RATING_STAGE_NOT_REACHED');

    const given = await ok(rate(company, c.id, { stage: 'acceptance', level: 5, realName: true, dimensions: { guide: 5, attitude: 4 }, channel: 'message_link' }), 201);
    assert.deepEqual([given.level, given.realName, given.channel, given.dimensions], [5, true, 'message_link', { guide: 5, attitude: 4 }]);
    const row = await t.ctx.db.selectFrom('ratings').selectAll().where('id', '=', given.id).executeTakeFirstOrThrow();
    assert.ok(row.rater_id, 'real-name: the rater is kept');
    assert.ok(row.staff_id && row.window_id, 'the accepting clerk and window are credited');
    // A good review opens no task; a second rating of the stage is refused, real-name or anonymous.
    assert.equal(await t.ctx.db.selectFrom('rectification_tasks').select('id').where('rating_id', '=', given.id).executeTakeFirst(), undefined);
    await refused(rate(company, c.id, { stage: 'acceptance', level: 1, realName: false }), 409, 'RATING_ALREADY_GIVEN');
  });

  test('delivery invites the completion rating; an anonymous bad review becomes a task due after 5 working days', async () => {
    const id = await deliveredCase();
    const kinds = (await messages(id)).filter((m) => m.kind === 'rating.invited').map((m) => m.dedupe_key);
    assert.deepEqual(kinds, [`rating.invite:${id}:acceptance`, `rating.invite:${id}:completion`]);
    const given = await ok(rate(company, id, { stage: 'completion', level: 2, realName: false, comment: '<b>慢</b>' }), 201);
    const row = await t.ctx.db.selectFrom('ratings').selectAll().where('id', '=', given.id).executeTakeFirstOrThrow();
    assert.equal(row.rater_id, null, 'anonymous: nobody named');
    assert.equal(row.comment, '<b>慢</b>', 'free text stored as text');
    const task = await t.ctx.db.selectFrom('rectification_tasks').selectAll().where('rating_id', '=', given.id).executeTakeFirstOrThrow();
    // Monday 23 November 2026 + 5 working days (the first day not counted) = Monday 30 November.
    assert.deepEqual([task.status, task.due_date, task.real_name], ['open', '2026-11-30', false]);
    const view = await ok(approver.get(`/api/rectifications/${task.id}`));
    assert.equal(view.rating.raterName, null);
    assert.equal(view.department.id, row.department_id);
    // Anonymous: no callback needed before verification.
    await ok(act(approver, task.id, 'verify'));
  });
});

describe('rectification', () => {
  test('a real-name bad review: callback, verification, rectification by the department, then the person rates the fix', async () => {
    const { caseId, taskId } = await badReview(true);
    const view = await ok(chief.get(`/api/rectifications/${taskId}`));
    assert.equal(view.rating.raterName, DEMO_ENTERPRISE.name);
    assert.equal(view.rating.comment, '<script>alert(1)</script> 等太久');
    // Each step only by its role, only in its state.
    await refused(act(approver, taskId, 'verify'), 409, 'RECTIFICATION_CALLBACK_REQUIRED');
    await refused(act(approver, taskId, 'rectify'), 409, 'RECTIFICATION_STATE');
    await refused(act(marketChief, taskId, 'call_back'), 403, 'FORBIDDEN');
    await refused(act(window1, taskId, 'call_back'), 403, 'FORBIDDEN');
    await refused(act(supervisor, taskId, 'call_back'), 403, 'FORBIDDEN');
    await refused(act(company, taskId, 'call_back'), 403, 'FORBIDDEN');
    await refused(act(approver, taskId, 'uphold_appeal'), 403, 'FORBIDDEN');
    await refused(act(hkManager, taskId, 'close'), 403, 'FORBIDDEN');
    await refused(marketChief.get(`/api/rectifications/${taskId}`), 403, 'FORBIDDEN');
    await refused(person.get(`/api/rectifications/${taskId}`), 403, 'FORBIDDEN');
    await refused(act(approver, taskId, 'call_back', '   '), 400, 'VALIDATION_FAILED');
    await refused(company.post(`/api/my/rectifications/${taskId}/rating`, { level: 5 }), 409, 'RECTIFICATION_STATE');

    await ok(act(approver, taskId, 'call_back', '已电话回访，申请人反映等待时间长'));
    await ok(act(chief, taskId, 'verify', '情况属实'));
    await refused(act(manager, taskId, 'uphold_appeal'), 409, 'RECTIFICATION_STATE');
    const done = await ok(act(chief, taskId, 'rectify', '增加窗口人手'));
    assert.equal(done.status, 'rectified');
    assert.equal(done.rectification.onTime, true);
    const fix = (await messages(caseId)).filter((m) => m.kind === 'rating.fix_invited');
    assert.deepEqual(fix.map((m) => m.link), [`/my/ratings/${caseId}/completion`]);
    // The person sees the task on the rating page and rates the fix; another person cannot.
    const page = await ok(company.get(`/api/my/cases/${caseId}/ratings`));
    assert.equal(page.stages[1].task.status, 'rectified');
    await refused(person.post(`/api/my/rectifications/${taskId}/rating`, { level: 5 }), 404, 'NOT_FOUND');
    await refused(approver.post(`/api/my/rectifications/${taskId}/rating`, { level: 5 }), 403, 'FORBIDDEN');
    const rated = await ok(company.post(`/api/my/rectifications/${taskId}/rating`, { level: 4, comment: '改进了' }));
    assert.deepEqual([rated.status, rated.personLevel], ['rated_by_person', 4]);
    await refused(company.post(`/api/my/rectifications/${taskId}/rating`, { level: 5 }), 409, 'RECTIFICATION_STATE');
    await refused(act(approver, taskId, 'appeal', '恶意差评'), 409, 'RECTIFICATION_STATE');
    const audit = await t.ctx.db.selectFrom('audit_events').select('action').where('stream', '=', `rectification:${taskId}`).orderBy('seq').execute();
    assert.deepEqual(audit.map((a) => a.action), ['rectification.open', 'rectification.call_back', 'rectification.verify', 'rectification.rectify', 'rectification.rate_fix']);
  });

  test('appeals: the department appeals once, a manager of the center decides; upheld voids the review', async () => {
    const a = await badReview(false);
    await refused(act(manager, a.taskId, 'appeal', '恶意'), 403, 'FORBIDDEN');
    await ok(act(chief, a.taskId, 'appeal', '申请人多次恶意差评'));
    await refused(act(chief, a.taskId, 'verify'), 409, 'RECTIFICATION_STATE');
    await refused(act(chief, a.taskId, 'uphold_appeal', '同意'), 403, 'FORBIDDEN');
    await refused(act(supervisor, a.taskId, 'uphold_appeal', '同意'), 403, 'FORBIDDEN');
    await refused(act(hkManager, a.taskId, 'uphold_appeal', '同意'), 403, 'FORBIDDEN');
    const upheld = await ok(act(manager, a.taskId, 'uphold_appeal', '经核查属恶意差评'));
    assert.deepEqual([upheld.status, upheld.rating.voided], ['appeal_upheld', true]);

    const b = await badReview(true);
    await ok(act(approver, b.taskId, 'appeal', '恶意'));
    const rejected = await ok(act(manager, b.taskId, 'reject_appeal', '不属恶意'));
    assert.equal(rejected.status, 'appeal_rejected');
    // Back to the rectification, callback first (real-name); no second appeal.
    await refused(act(approver, b.taskId, 'appeal', '再次申诉'), 409, 'RECTIFICATION_STATE');
    await refused(act(approver, b.taskId, 'verify'), 409, 'RECTIFICATION_CALLBACK_REQUIRED');
    await ok(act(approver, b.taskId, 'call_back', '已回访'));
    // Nor after the callback or the verification that follow the rejection: the review was appealed once.
    await refused(act(approver, b.taskId, 'appeal', '再次申诉'), 409, 'RECTIFICATION_APPEAL_ONCE');
    await refused(act(chief, b.taskId, 'appeal', '再次申诉'), 409, 'RECTIFICATION_APPEAL_ONCE');
    await ok(act(approver, b.taskId, 'verify', '已核实'));
    await refused(act(approver, b.taskId, 'appeal', '再次申诉'), 409, 'RECTIFICATION_APPEAL_ONCE');
    assert.equal((await ok(approver.get(`/api/rectifications/${b.taskId}`))).status, 'verified');
  });

  test('a real-name fix is rated by the person first: a manager closes it only 7 days after the rectification; an anonymous one at once', async () => {
    t.clock.set(NOW);
    const named = await badReview(true);
    await ok(act(approver, named.taskId, 'call_back', '已回访'));
    await ok(act(approver, named.taskId, 'verify', '情况属实'));
    await ok(act(approver, named.taskId, 'rectify', '已整改'));
    try {
      await refused(act(manager, named.taskId, 'close'), 409, 'RECTIFICATION_FIX_RATING_OPEN');
      const r = await act(manager, named.taskId, 'close');
      assert.match(r.json().message.zh, /7日/);
      assert.match(r.json().message.en, /7 days/);
      t.clock.set(new Date(NOW.getTime() + 7 * 86_400_000 - 60_000)); // a minute short of the 7 days
      await refused(act(manager, named.taskId, 'close'), 409, 'RECTIFICATION_FIX_RATING_OPEN');
      t.clock.set(new Date(NOW.getTime() + 7 * 86_400_000));
      assert.equal((await ok(act(manager, named.taskId, 'close', '评价人未在期限内评价'))).status, 'closed');
    } finally {
      t.clock.set(NOW);
    }
    // Anonymous: nobody is invited to rate the fix, so nothing to wait for.
    const anonymous = await badReview(false);
    await ok(act(approver, anonymous.taskId, 'verify', '情况属实'));
    await ok(act(approver, anonymous.taskId, 'rectify', '已整改'));
    assert.equal((await ok(act(manager, anonymous.taskId, 'close', '匿名差评，整改完成'))).status, 'closed');
  });

  test('the person served gets only their view of the task, from every endpoint; staff get the notes and the appeal', async () => {
    const { caseId, taskId } = await badReview(true);
    const secrets = { appeal: '申诉理由：申请人多次恶意差评', decision: '驳回：不属恶意', callback: '回访记录：申请人情绪激动', verification: '核实记录：窗口人员确有拖延' };
    await ok(act(chief, taskId, 'appeal', secrets.appeal));
    await ok(act(manager, taskId, 'reject_appeal', secrets.decision));
    await ok(act(approver, taskId, 'call_back', secrets.callback));
    await ok(act(approver, taskId, 'verify', secrets.verification));
    await ok(act(approver, taskId, 'rectify', '增设导办员'));
    const leaks = (body: string) => Object.values(secrets).filter((x) => body.includes(x));
    const personKeys = ['dueDate', 'id', 'personComment', 'personLevel', 'rectificationNote', 'rectifiedAt', 'status'];
    // The staff view is not theirs: refused (as to another applicant), nothing written.
    for (const who of [company, person]) await refused(who.get(`/api/rectifications/${taskId}`), 403, 'FORBIDDEN');
    // Their rating page, and the answer to rating the fix: the person view only.
    const page = await company.get(`/api/my/cases/${caseId}/ratings`);
    assert.deepEqual(leaks(page.body), []);
    assert.deepEqual(Object.keys(page.json().stages[1].task).sort(), personKeys);
    const rated = await company.post(`/api/my/rectifications/${taskId}/rating`, { level: 4 });
    assert.equal(rated.statusCode, 200, rated.body);
    assert.deepEqual(leaks(rated.body), []);
    assert.deepEqual(Object.keys(rated.json()).sort(), personKeys);
    assert.deepEqual([rated.json().status, rated.json().personLevel, rated.json().rectificationNote], ['rated_by_person', 4, '增设导办员']);
    // Staff still read everything.
    for (const who of [chief, manager, supervisor]) {
      const view = await ok(who.get(`/api/rectifications/${taskId}`));
      assert.deepEqual([view.appeal.reason, view.appeal.decisionNote, view.callback.note, view.verification.note],
        [secrets.appeal, secrets.decision, secrets.callback, secrets.verification]);
    }
  });

  test("the limit is the center's configuration, in working days; only its managers change it", async () => {
    await refused(approver.put('/api/admin/ratings/settings', { rectifyWorkdays: 3 }), 403, 'FORBIDDEN');
    await refused(manager.put('/api/admin/ratings/settings', { rectifyWorkdays: 0 }), 400, 'VALIDATION_FAILED');
    assert.equal((await ok(manager.get('/api/admin/ratings/settings'))).rectifyWorkdays, 5);
    await ok(manager.put('/api/admin/ratings/settings', { rectifyWorkdays: 3 }));
    const { taskId } = await badReview(false);
    const task = await t.ctx.db.selectFrom('rectification_tasks').select('due_date').where('id', '=', taskId).executeTakeFirstOrThrow();
    // Monday 23 November + 3 working days = Thursday 26 November.
    assert.equal(task.due_date, '2026-11-26');
    await ok(manager.put('/api/admin/ratings/settings', { rectifyWorkdays: 5 }));
  });

  test('lists are scoped: the department its own tasks, managers the center', async () => {
    const { taskId } = await badReview(false);
    const mine = await ok(approver.get('/api/rectifications?pageSize=100'));
    assert.ok(mine.tasks.some((x: { id: string }) => x.id === taskId));
    const market = await ok(marketChief.get('/api/rectifications?pageSize=100'));
    assert.ok(!market.tasks.some((x: { id: string }) => x.id === taskId));
    const center = await ok(manager.get('/api/rectifications?pageSize=100'));
    assert.ok(center.tasks.some((x: { id: string }) => x.id === taskId));
    const other = await ok(hkManager.get('/api/rectifications?pageSize=100'));
    assert.ok(!other.tasks.some((x: { id: string }) => x.id === taskId));
    await refused(company.get('/api/rectifications'), 403, 'FORBIDDEN');
    await refused(window1.get('/api/rectifications'), 403, 'FORBIDDEN');
  });
});

describe('hall visits and figures', () => {
  test('a finished visit is rated on the pad at its window or at a kiosk of its center, once, anonymously', async () => {
    const kiosk = (url: string, payload: object, token: string = DEMO_KIOSK_TOKENS.province) =>
      t.app.inject({ method: 'POST', url, headers: { 'x-kiosk-token': token }, payload });
    const zoneA = (await ok(t.app.inject({ method: 'GET', url: '/api/hall/kiosk', headers: { 'x-kiosk-token': DEMO_KIOSK_TOKENS.province } }))).zones[0].id;
    const ticket = await ok(kiosk('/api/hall/kiosk/tickets', { zoneId: zoneA }), 201);
    await refused(window1.post(`/api/hall/tickets/${ticket.id}/rating`, { level: 5 }), 409, 'HALL_TICKET_NOT_AT_WINDOW');
    const called = await ok(window1.post('/api/hall/window/call-next'));
    assert.equal(called.ticket.id, ticket.id);
    await refused(window1.post(`/api/hall/tickets/${ticket.id}/rating`, { level: 5 }), 409, 'RATING_VISIT_NOT_FINISHED');
    await ok(window1.post(`/api/hall/tickets/${ticket.id}/actions`, { action: 'finish' }));
    await refused(delivery.post(`/api/hall/tickets/${ticket.id}/rating`, { level: 5 }), 409, 'HALL_TICKET_NOT_AT_WINDOW');
    // An applicant's session rates only a visit of their own: an anonymous kiosk ticket is nobody's (404).
    await refused(company.post(`/api/hall/tickets/${ticket.id}/rating`, { level: 5 }), 404, 'NOT_FOUND');
    await refused(person.post(`/api/hall/tickets/${ticket.id}/rating`, { level: 5 }), 404, 'NOT_FOUND');
    await refused(kiosk(`/api/hall/tickets/${ticket.id}/rating`, { level: 5 }, DEMO_KIOSK_TOKENS.haikou), 404, 'NOT_FOUND');
    await refused(kiosk(`/api/hall/tickets/${ticket.id}/rating`, { level: 5 }, 'no-such-kiosk'), 401, 'HALL_KIOSK_UNKNOWN');
    const r = await ok(window1.post(`/api/hall/tickets/${ticket.id}/rating`, { level: 1, dimensions: { attitude: 1 } }), 201);
    assert.deepEqual([r.stage, r.channel, r.realName], ['visit', 'pad', false]);
    await refused(kiosk(`/api/hall/tickets/${ticket.id}/rating`, { level: 5 }), 409, 'RATING_ALREADY_GIVEN');
    // An intake window has no department: the bad review is the center managers' task.
    const task = await t.ctx.db.selectFrom('rectification_tasks').selectAll().where('rating_id', '=', r.id).executeTakeFirstOrThrow();
    assert.equal(task.department_id, null);
    await refused(act(approver, task.id, 'verify'), 403, 'FORBIDDEN');
    await ok(act(manager, task.id, 'verify', '已核实'));
  });

  test('a visit is rated on the spot: the day it finished, and on the pad only before the window calls the next one; nothing written otherwise', async () => {
    const kiosk = (url: string, payload: object) => t.app.inject({ method: 'POST', url, headers: { 'x-kiosk-token': DEMO_KIOSK_TOKENS.province }, payload });
    const zoneA = (await ok(t.app.inject({ method: 'GET', url: '/api/hall/kiosk', headers: { 'x-kiosk-token': DEMO_KIOSK_TOKENS.province } }))).zones[0].id;
    let minutes = 0;
    const visit = async () => {
      // Each visit a few minutes after the last (the injected clock).
      t.clock.set(new Date(NOW.getTime() + ++minutes * 600_000));
      const ticket = await ok(kiosk('/api/hall/kiosk/tickets', { zoneId: zoneA }), 201);
      assert.equal((await ok(window1.post('/api/hall/window/call-next'))).ticket.id, ticket.id);
      await ok(window1.post(`/api/hall/tickets/${ticket.id}/actions`, { action: 'finish' }));
      return ticket.id as string;
    };
    const first = await visit();
    const second = await visit();
    // The window called the next visitor: the clerk's pad can no longer rate the first visit (nor any earlier one).
    await refused(window1.post(`/api/hall/tickets/${first}/rating`, { level: 5 }), 409, 'RATING_VISIT_CLOSED');
    // The visitor still in the hall rates it at a kiosk that day; the pad rates the visit it just finished.
    await ok(kiosk(`/api/hall/tickets/${first}/rating`, { level: 4 }), 201);
    await ok(window1.post(`/api/hall/tickets/${second}/rating`, { level: 5 }), 201);
    const third = await visit();
    try {
      // The next day neither the pad nor a kiosk rates it.
      t.clock.set(new Date(NOW.getTime() + 86_400_000));
      await refused(window1.post(`/api/hall/tickets/${third}/rating`, { level: 5 }), 409, 'RATING_VISIT_CLOSED');
      await refused(kiosk(`/api/hall/tickets/${third}/rating`, { level: 5 }), 409, 'RATING_VISIT_CLOSED');
    } finally {
      t.clock.set(NOW);
    }
  });

  test("the visitor rates their own visit on their phone (My hall), the day it finished, once, anonymously; nobody else's", async () => {
    const kiosk = (url: string, payload: object) => t.app.inject({ method: 'POST', url, headers: { 'x-kiosk-token': DEMO_KIOSK_TOKENS.province }, payload });
    const zoneA = (await ok(t.app.inject({ method: 'GET', url: '/api/hall/kiosk', headers: { 'x-kiosk-token': DEMO_KIOSK_TOKENS.province } }))).zones[0].id;
    const other = makeIdNumber('460105', '19850620', '417');
    await ok(t.app.inject({ method: 'POST', url: '/api/auth/register', payload: { kind: 'person', name: '王五', idNumber: other, phone: '13700009876', password: 'Secret123' } }), 201);
    const stranger = await signIn(t.app, other, 'Secret123');
    const later = new Date(NOW.getTime() + 3 * 3_600_000);
    t.clock.set(later);
    try {
      // The person's ticket, taken at the kiosk with their ID number, called and finished at window 1.
      const ticket = await ok(kiosk('/api/hall/kiosk/tickets', { zoneId: zoneA, idNumber: DEMO_PERSON.idNumber }), 201);
      await refused(person.post(`/api/hall/tickets/${ticket.id}/rating`, { level: 5 }), 409, 'RATING_VISIT_NOT_FINISHED');
      assert.equal((await ok(window1.post('/api/hall/window/call-next'))).ticket.id, ticket.id);
      await ok(window1.post(`/api/hall/tickets/${ticket.id}/actions`, { action: 'finish' }));
      const listed = (await ok(person.get('/api/my/hall/visits'))).visits;
      assert.deepEqual(listed.map((v: { ticketId: string; rating: unknown }) => [v.ticketId, v.rating]), [[ticket.id, null]]);
      assert.deepEqual((await ok(stranger.get('/api/my/hall/visits'))).visits, []);
      await refused(window1.get('/api/my/hall/visits'), 403, 'FORBIDDEN');
      // Another person, an enterprise, signed out: the ticket is not theirs to rate.
      await refused(stranger.post(`/api/hall/tickets/${ticket.id}/rating`, { level: 1 }), 404, 'NOT_FOUND');
      await refused(company.post(`/api/hall/tickets/${ticket.id}/rating`, { level: 1 }), 404, 'NOT_FOUND');
      await refused(t.app.inject({ method: 'POST', url: `/api/hall/tickets/${ticket.id}/rating`, payload: { level: 1 } }), 401, null);
      const r = await ok(person.post(`/api/hall/tickets/${ticket.id}/rating`, { level: 2, comment: '等候时间太长' }), 201);
      assert.deepEqual([r.stage, r.channel, r.realName], ['visit', 'portal', false]);
      const row = await t.ctx.db.selectFrom('ratings').select(['rater_id', 'window_id']).where('id', '=', r.id).executeTakeFirstOrThrow();
      assert.equal(row.rater_id, null, 'a visit rating names no rater');
      const audit = await t.ctx.db.selectFrom('audit_events').select('actor_id').where('stream', '=', `rating:${r.id}`).executeTakeFirstOrThrow();
      assert.equal(audit.actor_id, null);
      // Once, whichever place rates it: the pad and the person again are refused.
      await refused(person.post(`/api/hall/tickets/${ticket.id}/rating`, { level: 5 }), 409, 'RATING_ALREADY_GIVEN');
      await refused(window1.post(`/api/hall/tickets/${ticket.id}/rating`, { level: 5 }), 409, 'RATING_ALREADY_GIVEN');
      assert.equal((await ok(person.get('/api/my/hall/visits'))).visits[0].rating.level, 2);
      // A bad visit review is the center managers' task, as from the pad.
      const task = await t.ctx.db.selectFrom('rectification_tasks').select('department_id').where('rating_id', '=', r.id).executeTakeFirstOrThrow();
      assert.equal(task.department_id, null);

      // The next day a visit of the day before is neither offered nor taken.
      const second = await ok(kiosk('/api/hall/kiosk/tickets', { zoneId: zoneA, idNumber: DEMO_PERSON.idNumber }), 201);
      assert.equal((await ok(window1.post('/api/hall/window/call-next'))).ticket.id, second.id);
      await ok(window1.post(`/api/hall/tickets/${second.id}/actions`, { action: 'finish' }));
      t.clock.set(new Date(later.getTime() + 86_400_000));
      assert.deepEqual((await ok(person.get('/api/my/hall/visits'))).visits, []);
      await refused(person.post(`/api/hall/tickets/${second.id}/rating`, { level: 5 }), 409, 'RATING_VISIT_CLOSED');
    } finally {
      t.clock.set(NOW);
    }
  });

  test('figures per department, window and staff, for managers and supervisors of the center only', async () => {
    const q = '/api/ratings/figures?by=department&from=2026-11-01&to=2026-11-30';
    const f = await ok(manager.get(q));
    const housing = f.rows.find((r: { name: string }) => r.name?.includes('住房'));
    assert.ok(housing, JSON.stringify(f.rows));
    const raw = await t.ctx.db.selectFrom('ratings').select(['level', 'case_id']).where('department_id', '=', housing.key).where('voided_at', 'is', null).execute();
    assert.equal(housing.ratings, raw.length);
    assert.equal(housing.bad, raw.filter((x) => x.level <= 2).length);
    assert.equal(housing.satisfied, raw.filter((x) => x.level >= 4).length);
    assert.ok(housing.invited >= housing.caseRatings && housing.coverage > 0 && housing.coverage <= 1);
    assert.ok(housing.rectifiedOnTime >= 1, 'the rectified review counts as on time');
    const voided = await t.ctx.db.selectFrom('ratings').select('id').where('voided_at', 'is not', null).execute();
    assert.ok(voided.length >= 1 && housing.ratings < raw.length + voided.length, 'a voided review counts nowhere');
    assert.ok((await ok(supervisor.get(q.replace('department', 'staff')))).rows.length > 0);
    assert.ok((await ok(manager.get(q.replace('department', 'window')))).rows.some((r: { ratings: number }) => r.ratings > 0));
    // Another center sees only its own (none of these).
    assert.ok(!(await ok(hkManager.get(q))).rows.some((r: { key: string }) => r.key === housing.key));
    await refused(approver.get(q), 403, 'FORBIDDEN');
    await refused(company.get(q), 403, 'FORBIDDEN');
    await refused(manager.get('/api/ratings/figures?by=department&from=2026-11-30&to=2026-11-01'), 400, 'RATING_PERIOD_INVALID');
    await refused(manager.get('/api/ratings/figures?by=dept&from=2026-11-01&to=2026-11-30'), 400, 'VALIDATION_FAILED');
  });
  test('the supervision performance evaluation counts the ratings beside the cases: by department, window and staff; voided ones left out', async () => {
    // A period holding every rating of the tests above (some move the clock on by weeks).
    const from = '2026-11-01', to = '2027-12-31';
    for (const by of ['department', 'window', 'staff'] as const) {
      const col = by === 'department' ? 'department_id' : by === 'window' ? 'window_id' : 'staff_id';
      const rows = await t.ctx.db.selectFrom('ratings').select([col, 'level', 'voided_at']).where('center_id', '=', supervisor.user.centerId!).execute();
      const expected = new Map<string, { rated: number; good: number; bad: number }>();
      for (const r of rows) {
        if (r.voided_at) continue;
        const key = (r as Record<string, unknown>)[col] as string | null ?? '00000000-0000-0000-0000-000000000000';
        const e = expected.get(key) ?? { rated: 0, good: 0, bad: 0 };
        e.rated++; if (r.level >= 4) e.good++; if (r.level <= 2) e.bad++;
        expected.set(key, e);
      }
      assert.ok(expected.size > 0, 'the tests above rated cases');
      const report = await ok(supervisor.get(`/api/supervision/performance?from=${from}&to=${to}&by=${by}`));
      const got = new Map<string, { rated: number; good: number; bad: number }>(report.rows.filter((r: { rated: number }) => r.rated > 0)
        .map((r: { key: string; rated: number; ratedGood: number; ratedBad: number }) => [r.key, { rated: r.rated, good: r.ratedGood, bad: r.ratedBad }]));
      assert.deepEqual(Object.fromEntries(got), Object.fromEntries(expected), by);
      for (const r of report.rows) if (r.rated > 0) assert.equal(r.goodRate, Math.round((r.ratedGood / r.rated) * 10_000) / 10_000);
    }
    assert.ok((await t.ctx.db.selectFrom('ratings').select('id').where('voided_at', 'is not', null).execute()).length >= 1, 'an upheld appeal voided one (above)');
    // Outside the period: none counted.
    const before = await ok(supervisor.get('/api/supervision/performance?from=2026-10-01&to=2026-10-31&by=department'));
    assert.ok(before.rows.every((r: { rated: number }) => r.rated === 0));
    // The CSV carries the columns.
    const csv = await supervisor.get(`/api/supervision/performance?from=${from}&to=${to}&by=department&format=csv`);
    assert.match(csv.body.split('\r\n')[0]!, /好评率 goodRate/);
  });
});

describe('escalation of overdue rectifications', () => {
  const escalations = async (taskId: string) => (await t.ctx.db.selectFrom('audit_events').select('data')
    .where('stream', '=', `rectification:${taskId}`).where('action', '=', 'rectification.escalate').orderBy('seq').execute()).map((e) => (e.data as { level: number }).level);
  const notices = async (taskId: string) => (await t.ctx.db.selectFrom('notifications').select(['user_id', 'data'])
    .where('kind', '=', 'rectification.escalated').execute()).filter((n) => (n.data as { taskId?: string }).taskId === taskId);

  test('overdue and not rectified: escalated once per level, even with two sweeps at once; up to three levels', async () => {
    const { taskId } = await badReview(true); // due Monday 30 November
    const { taskId: rectified } = await badReview(false);
    await ok(act(approver, rectified, 'verify'));
    await ok(act(approver, rectified, 'rectify', '已整改'));
    const { taskId: appealed } = await badReview(false);
    await ok(act(approver, appealed, 'appeal', '恶意差评'));
    const housingChiefs = (await t.ctx.db.selectFrom('users').select('id').where('department_id', '=', approver.user.departmentId!)
      .where(sql<boolean>`'chief' = ANY(roles)`).execute()).map((u) => u.id).sort();
    assert.ok(housingChiefs.includes(chief.user.id));
    try {
      await escalateOverdueRectifications(t.ctx);
      t.clock.set(new Date('2026-11-30T09:00:00Z')); // the due day itself (17:00 in China): not overdue yet
      await escalateOverdueRectifications(t.ctx);
      assert.deepEqual(await escalations(taskId), [], 'not overdue: nothing');
      t.clock.set(new Date('2026-12-01T01:00:00Z')); // Tuesday: overdue
      await Promise.all([escalateOverdueRectifications(t.ctx), escalateOverdueRectifications(t.ctx)]);
      await escalateOverdueRectifications(t.ctx);
      assert.deepEqual(await escalations(taskId), [1], 'one escalation whatever the number of sweeps');
      assert.deepEqual((await notices(taskId)).map((n) => n.user_id).sort(), housingChiefs, "level 1: the department's chiefs, once each");
      const view = await ok(approver.get(`/api/rectifications/${taskId}`));
      assert.equal(view.escalationLevel, 1);
      const listed = (await ok(manager.get('/api/rectifications?status=open&pageSize=100'))).tasks.find((x: { id: string }) => x.id === taskId);
      assert.deepEqual([listed.escalationLevel, listed.overdue], [1, true]);
      // Rectified in time, or waiting for an appeal decision: never escalated.
      assert.deepEqual(await escalations(rectified), []);
      assert.deepEqual(await escalations(appealed), []);
      // One more working day passes: the center's managers; then the supervisors, and never beyond level 3.
      t.clock.set(new Date('2026-12-03T01:00:00Z'));
      await Promise.all([escalateOverdueRectifications(t.ctx), escalateOverdueRectifications(t.ctx)]);
      assert.deepEqual(await escalations(taskId), [1, 2]);
      t.clock.set(new Date('2026-12-31T01:00:00Z'));
      for (let i = 0; i < 3; i++) await escalateOverdueRectifications(t.ctx);
      assert.deepEqual(await escalations(taskId), [1, 2, 3]);
      assert.equal((await ok(manager.get(`/api/rectifications/${taskId}`))).escalationLevel, 3);
      // The appeal rejected, the overdue task escalates after all (once).
      await ok(act(manager, appealed, 'reject_appeal', '不属恶意差评'));
      await Promise.all([escalateOverdueRectifications(t.ctx), escalateOverdueRectifications(t.ctx)]);
      assert.deepEqual(await escalations(appealed), [1]);
    } finally {
      t.clock.set(NOW);
    }
  });
});
