import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { verifyAudit } from '../../lib/audit.ts';
import { DEMO_ENTERPRISE } from '../../seed/seed.ts';
import { housingCast, signIn, submittedCase, testApp, uploadMaterial, type Session, type TestApp } from '../../test/harness.ts';
import { escalateOverdueNotices } from './notices.service.ts';
import { isEmptyReason } from './findings.service.ts';
import { sweepAllLights } from './warnings.jobs.ts';

let t: TestApp;
let company: Session;
let window1: Session;
let approver: Session;
let chief: Session;
let supervisor: Session;
let permitId: string;

// Monday 2026-03-02, 10:00 in Beijing. The permit's promised limit is 3 working days.
const MONDAY = new Date('2026-03-02T02:00:00Z');
const at = (date: string) => new Date(`${date}T02:00:00Z`);

before(async () => {
  t = await testApp({ now: MONDAY, env: { SESSION_TTL_HOURS: '100000' } });
  ({ company, window1, approver, chief, supervisor, permitId } = await housingCast(t.app));
});
after(async () => { await t.close(); });

const apply = () => submittedCase(t.app, company, permitId);
const act = (s: Session, id: string, body: Record<string, unknown>) => s.post(`/api/cases/${id}/actions`, body);
async function accepted() {
  const c = await apply();
  assert.equal((await act(window1, c.id, { action: 'accept' })).statusCode, 200);
  return c.id;
}
const timeline = async (id: string) => (await window1.get(`/api/cases/${id}`)).json().timeline.map((x: { action: string }) => x.action) as string[];
const findingsOf = async (id: string) => (await supervisor.get(`/api/supervision/findings?caseId=${id}`)).json().findings as Array<{ id: string; rule: string; evidence: Record<string, unknown>; status: string }>;

describe('supervision notices (督办)', () => {
  test('a supervisor issues on a case, the chief replies; both are in the case history', async () => {
    t.clock.set(MONDAY);
    const id = await accepted();
    const body = { caseId: id, subject: '请说明办理进度', body: '该件即将到期，请于期限内书面说明。', replyDueDate: '2026-03-04' };
    for (const who of [window1, approver, chief, await signIn(t.app, 'manager'), await signIn(t.app, 'hk.supervisor')]) {
      assert.equal((await who.post('/api/supervision/notices', body)).statusCode, 403, 'only supervisors of the center issue');
    }
    assert.equal((await supervisor.post('/api/supervision/notices', { ...body, replyDueDate: '2026-03-01' })).json().code, 'REPLY_DUE_IN_PAST');
    const issued = await supervisor.post('/api/supervision/notices', body);
    assert.equal(issued.statusCode, 201, issued.body);
    const n = issued.json();
    assert.equal(n.status, 'open');
    const told = (await chief.get('/api/notifications')).json().notifications.filter((x: { kind: string; data: { noticeId: string } }) => x.kind === 'notice' && x.data.noticeId === n.id);
    assert.equal(told.length, 1, 'the chief is told once');
    assert.ok((await chief.get('/api/supervision/notices')).json().notices.some((x: { id: string }) => x.id === n.id));
    assert.equal((await (await signIn(t.app, 'chief.market')).get(`/api/supervision/notices/${n.id}`)).statusCode, 403);

    for (const who of [approver, supervisor, await signIn(t.app, 'chief.market')]) {
      assert.equal((await who.post(`/api/supervision/notices/${n.id}/reply`, { reply: '已加快办理' })).statusCode, 403, 'only chiefs of the department reply');
    }
    const replied = await chief.post(`/api/supervision/notices/${n.id}/reply`, { reply: '已组织加快审查，预计明日办结。' });
    assert.equal(replied.statusCode, 200, replied.body);
    assert.equal(replied.json().status, 'answered');
    assert.equal((await chief.post(`/api/supervision/notices/${n.id}/reply`, { reply: '再次答复' })).json().code, 'NOTICE_ANSWERED');
    const history = await timeline(id);
    assert.ok(history.includes('case.supervision_notice') && history.includes('case.supervision_reply'));
    const applicantView = (await company.get(`/api/cases/${id}`)).json().timeline.map((x: { action: string }) => x.action);
    assert.ok(!applicantView.some((a: string) => a.startsWith('case.supervision_')), "supervision's entries are for staff, not the applicant");
    assert.ok((await supervisor.get('/api/notifications')).json().notifications.some((x: { kind: string }) => x.kind === 'notice_reply'));
  });

  test('an unanswered notice on a department turns red and goes to the managers, once, after its deadline', async () => {
    t.clock.set(MONDAY);
    const housing = (await window1.get(`/api/cases/${await accepted()}`)).json().departmentId;
    const n = (await supervisor.post('/api/supervision/notices', { departmentId: housing, subject: '窗口投诉集中', body: '请核查本月投诉并答复。', replyDueDate: '2026-03-03' })).json();
    t.clock.set(at('2026-03-03'));
    assert.equal(await escalateOverdueNotices(t.ctx), 0, 'not before the deadline has passed');
    t.clock.set(at('2026-03-04'));
    const [a, b] = await Promise.all([escalateOverdueNotices(t.ctx), escalateOverdueNotices(t.ctx)]);
    assert.ok(a + b >= 1);
    assert.equal(await escalateOverdueNotices(t.ctx), 0);
    const after = (await supervisor.get(`/api/supervision/notices/${n.id}`)).json();
    assert.equal(after.light, 'red');
    assert.ok(after.escalatedAt);
    const manager = await signIn(t.app, 'manager');
    const notes = (await manager.get('/api/notifications')).json().notifications.filter((x: { kind: string; data: { noticeId: string } }) => x.kind === 'notice_escalated' && x.data.noticeId === n.id);
    assert.equal(notes.length, 1);
    const events = await t.ctx.db.selectFrom('audit_events').select('action').where('stream', '=', `notice:${n.id}`).orderBy('seq').execute();
    assert.deepEqual(events.map((e) => e.action), ['notice.issued', 'notice.escalated']);
    assert.equal((await chief.post(`/api/supervision/notices/${n.id}/reply`, { reply: '已核查，逾期答复' })).statusCode, 200, 'a late reply is still taken');
  });
});

describe('findings (预警纠错)', () => {
  test('a second supplement notice on one case is a finding with its evidence; a supervisor dismisses it with a reason', async () => {
    t.clock.set(MONDAY);
    const c = await apply();
    const missing = c.materials.filter((m) => m.status === 'missing').map((m) => m.key);
    assert.ok(missing.length > 0);
    const notice = { action: 'request_supplement', items: [{ key: missing[0], reason: '请补交' }] };
    assert.equal((await act(window1, c.id, notice)).statusCode, 200);
    assert.equal((await findingsOf(c.id)).length, 0, 'one notice is the rule');
    const fileId = await uploadMaterial(t.app, company);
    assert.equal((await act(company, c.id, { action: 'resubmit', materials: [{ key: missing[0], fileId }] })).statusCode, 200);
    assert.equal((await act(window1, c.id, notice)).statusCode, 200);
    const [f] = await findingsOf(c.id);
    assert.equal(f!.rule, 'repeated_supplement');
    assert.equal(f!.evidence.round, 2);
    assert.ok((await timeline(c.id)).includes('case.finding_raised'));

    assert.equal((await chief.post(`/api/supervision/findings/${f!.id}/resolve`, { verdict: 'dismissed', reason: '无需处理' })).statusCode, 403);
    assert.equal((await chief.get('/api/supervision/findings')).statusCode, 403);
    const done = await supervisor.post(`/api/supervision/findings/${f!.id}/resolve`, { verdict: 'dismissed', reason: '申请人更换了申请材料，属新的补正情形' });
    assert.equal(done.statusCode, 200, done.body);
    assert.equal(done.json().status, 'dismissed');
    assert.equal((await supervisor.post(`/api/supervision/findings/${f!.id}/resolve`, { verdict: 'confirmed', reason: '改判' })).json().code, 'FINDING_RESOLVED');
    assert.ok((await timeline(c.id)).includes('case.finding_dismissed'));
  });

  // Issue 10 (Art. 32): an acceptance dated after the deemed-acceptance day is no longer taken and found
  // afterwards; it is refused, and the case is accepted by law as of the day of receipt.
  test('an acceptance dated after its deemed-acceptance day is refused; the case is deemed accepted', async () => {
    t.clock.set(MONDAY);
    const c = await apply();
    t.clock.set(at('2026-03-12')); // acceptance was due 03-09; the deeming job has not run
    const late = await act(window1, c.id, { action: 'accept' });
    assert.equal(late.statusCode, 409);
    assert.equal(late.json().code, 'ACCEPTANCE_PERIOD_PASSED');
    assert.equal((await findingsOf(c.id)).length, 0, 'no late acceptance happened');
    const row = await t.ctx.db.selectFrom('cases').select(['status', 'deemed_accepted', 'accepted_date']).where('id', '=', c.id).executeTakeFirstOrThrow();
    assert.deepEqual(row, { status: 'accepted', deemed_accepted: true, accepted_date: '2026-03-02' });
  });

  test('a suspension past its declared length: found by the sweep while it lasts, once', async () => {
    t.clock.set(MONDAY);
    const id = await accepted();
    assert.equal((await act(chief, id, { action: 'suspend', kind: 'expert_review', reason: '专家评审', expectedDays: 2 })).statusCode, 200);
    await sweepAllLights(t.ctx);
    t.clock.set(at('2026-03-04'));
    await sweepAllLights(t.ctx);
    assert.equal((await findingsOf(id)).length, 0, 'within its 2 working days');
    t.clock.set(at('2026-03-05'));
    await sweepAllLights(t.ctx);
    const [f] = await findingsOf(id);
    assert.equal(f!.rule, 'suspension_overrun');
    assert.equal(f!.evidence.declaredWorkdays, 2);
    t.clock.set(at('2026-03-09'));
    assert.equal((await act(approver, id, { action: 'resume' })).statusCode, 200);
    assert.equal((await findingsOf(id)).length, 1, 'the resumption does not raise it again');
  });

  test('a case idle in one step beyond half its limit', async () => {
    t.clock.set(MONDAY);
    const id = await accepted();
    await sweepAllLights(t.ctx);
    t.clock.set(at('2026-03-04')); // 2 working days without an action; half of 3 is 2
    await sweepAllLights(t.ctx);
    assert.equal((await findingsOf(id)).filter((f) => f.rule === 'idle_step').length, 0);
    t.clock.set(at('2026-03-05'));
    await sweepAllLights(t.ctx);
    await sweepAllLights(t.ctx);
    const idle = (await findingsOf(id)).filter((f) => f.rule === 'idle_step');
    assert.equal(idle.length, 1);
    assert.equal(idle[0]!.evidence.thresholdWorkdays, 2);
    assert.equal((await verifyAudit(t.ctx.db)).broken, null);
  });

  test('a suspension whose reason says nothing is a finding; a real reason is not', async () => {
    t.clock.set(MONDAY);
    assert.ok(isEmptyReason('暂停') && isEmptyReason('无。') && isEmptyReason('n/a') && !isEmptyReason('组织专家现场评审'));
    const vague = await accepted();
    assert.equal((await act(chief, vague, { action: 'suspend', kind: 'expert_review', reason: '暂停', expectedDays: 3 })).statusCode, 200);
    const found = (await findingsOf(vague)).filter((f) => f.rule === 'suspension_without_reason');
    assert.equal(found.length, 1);
    assert.equal(found[0]!.evidence.reason, '暂停');
    const real = await accepted();
    await act(chief, real, { action: 'suspend', kind: 'testing', reason: '送省质检院检测混凝土强度', expectedDays: 3 });
    assert.equal((await findingsOf(real)).filter((f) => f.rule === 'suspension_without_reason').length, 0);
  });

  test('a receipt registered at the counter long after the paper came in: the clock runs from receipt, and it is a finding', async () => {
    t.clock.set(MONDAY);
    const form = (await t.app.inject({ method: 'GET', url: `/api/items/${permitId}/form` })).json();
    const values = Object.fromEntries(form.fields.filter((f: { required: boolean }) => f.required).map((f: { key: string }) => [f.key, '窗口录入']));
    const register = (receivedAt: string) => window1.post('/api/counter/cases', {
      itemId: permitId, form: values, materials: [], idempotencyKey: randomUUID(), receivedAt,
      applicant: { kind: 'enterprise', name: DEMO_ENTERPRISE.name, creditCode: DEMO_ENTERPRISE.creditCode, legalRepresentative: '李四', phone: '13900005678' },
    });
    const late = await register('2026-02-27T09:00:00+08:00');
    assert.equal(late.statusCode, 201, late.body);
    const c = late.json().case;
    // 5 working days from Friday the 27th (Saturday 02-28 is a 2026 make-up workday), not from Monday.
    assert.equal(c.acceptanceDueDate, '2026-03-05');
    const found = (await findingsOf(c.id)).filter((f) => f.rule === 'late_record');
    assert.equal(found.length, 1);
    assert.equal(found[0]!.evidence.hoursLate, 73);
    const prompt = (await register('2026-03-02T08:00:00+08:00')).json().case;
    assert.equal((await findingsOf(prompt.id)).filter((f) => f.rule === 'late_record').length, 0, 'two hours is no finding');
    const future = await register('2026-03-03T10:00:00+08:00');
    assert.equal(future.statusCode, 400);
    assert.equal(future.json().code, 'RECEIVED_AT_INVALID');
  });

  test('a decision recorded for someone who is not the chief of the department is a finding', async () => {
    t.clock.set(MONDAY);
    const id = await accepted();
    const row = await t.ctx.db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const decide = (actorId: string) => t.ctx.db.transaction().execute((tx) =>
      t.ctx.events.emit(tx, t.ctx, 'case.decide', { before: row, action: 'decide', data: { result: 'approved', reason: '符合条件', from: 'in_review', to: 'decided' }, actorId, at: MONDAY, today: '2026-03-02' }));
    await decide(chief.user.id);
    assert.equal((await findingsOf(id)).filter((f) => f.rule === 'unqualified_decision').length, 0, 'the chief of the department decides');
    await decide(approver.user.id);
    const found = (await findingsOf(id)).filter((f) => f.rule === 'unqualified_decision');
    assert.equal(found.length, 1);
    assert.equal(found[0]!.evidence.decidedBy, approver.user.id);
  });
});
