import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { makeCreditCode } from '../../lib/identity.ts';
import { applicationBody, housingCast, submittedCase, testApp, uploadMaterial, type Session, type TestApp } from '../../test/harness.ts';
import { sweepAllLights } from './warnings.jobs.ts';

/**
 * The figures of the hall and of performance: "today" is the China date (Asia/Shanghai), a withdrawn
 * case is no completion, and a finding counts under the staff member whose act broke the rule.
 */
let t: TestApp;
let company: Session;
let window1: Session;
let approver: Session;
let chief: Session;
let supervisor: Session;
let permitId: string;

before(async () => {
  // Monday 2026-03-02 23:30 UTC is Tuesday 03-03 07:30 in Beijing.
  t = await testApp({ now: new Date('2026-03-02T23:30:00Z'), env: { SESSION_TTL_HOURS: '100000' } });
  ({ company, window1, approver, chief, supervisor, permitId } = await housingCast(t.app));
});
after(async () => { await t.close(); });

async function act(s: Session, id: string, body: Record<string, unknown>) {
  const r = await s.post(`/api/cases/${id}/actions`, body);
  assert.equal(r.statusCode, 200, `${body.action}: ${r.body}`);
}
const hall = async () => (await t.app.inject({ method: 'GET', url: `/api/hall/board?centerId=${supervisor.user.centerId}` })).json();
const perf = async (from: string, to: string, by: string) => (await supervisor.get(`/api/supervision/performance?from=${from}&to=${to}&by=${by}`)).json();
const userId = async (username: string) => (await t.ctx.db.selectFrom('users').select(['id', 'name']).where('username', '=', username).executeTakeFirstOrThrow());

describe('hall and performance figures', () => {
  test("the hall's today is the China date: an event at 23:30 UTC counts on the next day, and at 17:00 UTC the next China day has begun", async () => {
    t.clock.set(new Date('2026-03-02T23:30:00Z'));
    const c = await submittedCase(t.app, company, permitId);
    await act(window1, c.id, { action: 'accept' });
    await act(approver, c.id, { action: 'review', opinion: '材料齐全', proposal: 'approve' });
    await act(chief, c.id, { action: 'decide', result: 'approved', reason: '符合条件' });
    const morning = await hall();
    assert.equal(morning.today.date, '2026-03-03', 'Beijing date, not the UTC date 03-02');
    assert.equal(morning.today.accepted, 1);
    assert.equal(morning.today.completed, 1);
    assert.deepEqual(morning.recent.map((r: { status: string }) => r.status).sort(), ['accepted', 'completed']);
    assert.equal((await perf('2026-03-02', '2026-03-02', 'department')).rows.length, 0, 'nothing on the UTC date');
    assert.equal((await perf('2026-03-03', '2026-03-03', 'department')).rows.reduce((s: number, r: { completed: number }) => s + r.completed, 0), 1);

    t.clock.set(new Date('2026-03-03T15:59:00Z')); // 23:59 in Beijing: still the same day
    assert.equal((await hall()).today.completed, 1);
    t.clock.set(new Date('2026-03-03T17:00:00Z')); // 01:00 on 03-04 in Beijing, while UTC is still 03-03
    const night = await hall();
    assert.equal(night.today.date, '2026-03-04');
    assert.deepEqual([night.today.accepted, night.today.completed, night.recent.length], [0, 0, 0], "yesterday's events are not today's");
  });

  test('a withdrawn case is not a completion: neither on the hall nor in performance', async () => {
    t.clock.set(new Date('2026-03-04T02:00:00Z'));
    const before = await hall();
    const beforePerf = await perf('2026-03-04', '2026-03-04', 'staff');
    const c = await submittedCase(t.app, company, permitId);
    await act(window1, c.id, { action: 'accept' });
    await act(approver, c.id, { action: 'review', opinion: '材料齐全', proposal: 'approve' });
    await act(company, c.id, { action: 'withdraw', reason: '申请人决定不再申请' });
    const after = await hall();
    assert.equal(after.today.accepted, before.today.accepted + 1, 'its acceptance is still an acceptance');
    assert.equal(after.today.completed, before.today.completed);
    assert.ok(!after.recent.some((r: { status: string; caseStatus: string }) => r.status === 'completed' && r.caseStatus === 'withdrawn'));
    const total = (b: { rows: Array<{ completed: number }> }) => b.rows.reduce((s, r) => s + r.completed, 0);
    assert.equal(total(await perf('2026-03-04', '2026-03-04', 'staff')), total(beforePerf));
    const board = (await supervisor.get('/api/supervision/board')).json();
    const trend = board.trend.find((d: { date: string }) => d.date === '2026-03-04');
    assert.equal(trend.completed, 0);
  });

  test('each finding counts under the staff member who caused it, and the finding names them', async () => {
    t.clock.set(new Date('2026-03-05T02:00:00Z')); // Thursday
    const clerk = await userId('window1');
    const suspender = await userId('chief.housing');
    // A second supplement notice: the clerk who issued it.
    const c = await submittedCase(t.app, company, permitId);
    const missing = c.materials.filter((m) => m.status === 'missing').map((m) => m.key);
    const notice = { action: 'request_supplement', items: [{ key: missing[0], reason: '请补交' }] };
    await act(window1, c.id, notice);
    await act(company, c.id, { action: 'resubmit', materials: [{ key: missing[0], fileId: await uploadMaterial(t.app, company) }] });
    await act(window1, c.id, notice);
    // A suspension without a real reason, and past its declared length: the chief who suspended it (only a chief may).
    const d = await submittedCase(t.app, company, permitId);
    await act(window1, d.id, { action: 'accept' });
    await act(chief, d.id, { action: 'suspend', kind: 'expert_review', reason: '其他', expectedDays: 1 });
    t.clock.set(new Date('2026-03-09T02:00:00Z'));
    await sweepAllLights(t.ctx);
    // A receipt registered days after the clerk says the paper came in: the registering clerk.
    const applicant = { kind: 'enterprise', name: '海南迟登记建设有限公司', creditCode: makeCreditCode('9', '1', '460100', 'MA5T0778'), legalRepresentative: '迟登记', phone: '13800007777' };
    const late = await window1.post('/api/counter/cases', { ...(await applicationBody(t.app, window1, permitId)), applicant, receivedAt: '2026-03-06T02:00:00Z' });
    assert.equal(late.statusCode, 201, late.body);

    const findings = (await supervisor.get('/api/supervision/findings?pageSize=50')).json().findings as Array<{ rule: string; caseId: string; responsible: { id: string; name: string } | null }>;
    const of = (rule: string, caseId: string) => findings.find((f) => f.rule === rule && f.caseId === caseId)?.responsible;
    assert.deepEqual(of('repeated_supplement', c.id), { id: clerk.id, name: clerk.name });
    assert.deepEqual(of('suspension_without_reason', d.id), { id: suspender.id, name: suspender.name });
    assert.deepEqual(of('suspension_overrun', d.id), { id: suspender.id, name: suspender.name });
    assert.deepEqual(of('late_record', late.json().case.id), { id: clerk.id, name: clerk.name });

    const staff = await perf('2026-03-05', '2026-03-09', 'staff');
    const row = (key: string) => staff.rows.find((r: { key: string }) => r.key === key) ?? { findings: 0 };
    assert.equal(row(clerk.id).findings, 2, 'the second notice and the late record');
    // The chief also decided the first test's case, never handed over within 3 working days: that
    // late_handover (raised by the sweep on 03-09) is theirs too, beside the empty reason and the overrun.
    const handover = findings.filter((f) => f.rule === 'late_handover' && f.responsible?.id === suspender.id);
    assert.equal(handover.length, 1);
    assert.equal(row(suspender.id).findings, 3, 'the empty reason, the overrun and the late handover');
    assert.equal(row((await userId('approver.housing')).id).findings, 0, 'nothing under the reviewer, who suspended nothing');
    const none = staff.rows.find((r: { key: string; name: string }) => r.name.includes('无经办人'));
    assert.equal(none?.findings ?? 0, 0, 'none under "no handler"');
    const dept = await perf('2026-03-05', '2026-03-09', 'department');
    // Every finding of the period once under its department and once under a person: the four above, and
    // any other the sweep raised on this file's earlier cases (a decided case not handed over in 3 days).
    const sum = (rows: Array<{ findings: number }>) => rows.reduce((s, r) => s + r.findings, 0);
    const inPeriod = await t.ctx.db.selectFrom('findings').select((eb) => eb.fn.countAll<string>().as('n'))
      .where('raised_at', '>=', new Date('2026-03-04T16:00:00Z')).where('raised_at', '<', new Date('2026-03-09T16:00:00Z')).executeTakeFirstOrThrow();
    assert.equal(sum(dept.rows), Number(inPeriod.n), 'the department counts each once');
    assert.equal(sum(staff.rows), Number(inPeriod.n), 'and each under the person who caused it');
    assert.ok(Number(inPeriod.n) >= 4);
    const raised = await t.ctx.db.selectFrom('findings').select(['rule', 'responsible_id']).where('case_id', 'in', [c.id, d.id]).execute();
    assert.ok(raised.length === 3 && raised.every((f) => f.responsible_id !== null));
  });
});
