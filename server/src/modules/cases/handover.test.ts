import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { verifyAudit } from '../../lib/audit.ts';
import { caseActionOk, housingCast, signIn, submitApplication, testApp, type Session, type TestApp } from '../../test/harness.ts';
import { sweepAllLights, sweepLights } from '../supervision/warnings.jobs.ts';

// Handover (办结移交) and cases returned to the department (退回部门办理件, seed 003).
let t: TestApp;
let company: Session;
let window1: Session;
let approver: Session;
let chief: Session;
let supervisor: Session;
let permitId: string;

// Monday 2026-03-02, 10:00 in Beijing.
const MONDAY = new Date('2026-03-02T02:00:00Z');
const at = (date: string) => new Date(`${date}T02:00:00Z`);

before(async () => {
  t = await testApp({ now: MONDAY, env: { SESSION_TTL_HOURS: '100000' } });
  ({ company, window1, approver, chief, supervisor, permitId } = await housingCast(t.app));
});
after(async () => { await t.close(); });

const ok = caseActionOk;

async function decidedCase(): Promise<string> {
  const c = (await submitApplication(t.app, company, permitId)).json().case;
  await ok(window1, c.id, { action: 'accept' });
  await ok(approver, c.id, { action: 'review', opinion: '材料齐全', proposal: 'approve' });
  await ok(chief, c.id, { action: 'decide', result: 'approved', reason: '符合条件' });
  return c.id;
}

/** What a refused request must not have touched: the row, its history, its hand-overs, its findings. */
async function footprint(id: string) {
  const db = t.ctx.db;
  const [row, events, handoffs, findings] = await Promise.all([
    db.selectFrom('cases').select(['status', 'row_version', 'updated_at']).where('id', '=', id).executeTakeFirstOrThrow(),
    db.selectFrom('audit_events').select((eb) => eb.fn.countAll<string>().as('n')).where('stream', '=', `case:${id}`).executeTakeFirstOrThrow(),
    db.selectFrom('case_handoffs').select((eb) => eb.fn.countAll<string>().as('n')).where('case_id', '=', id).executeTakeFirstOrThrow(),
    db.selectFrom('findings').select((eb) => eb.fn.countAll<string>().as('n')).where('case_id', '=', id).executeTakeFirstOrThrow(),
  ]);
  return { row, events: Number(events.n), handoffs: Number(handoffs.n), findings: Number(findings.n) };
}

const ids = (r: { json(): { cases: Array<{ id: string }> } }) => r.json().cases.map((c) => c.id);

describe('the handover box and the delivery window', () => {
  test('a decided case is in its department\'s handover box and on the window\'s coming list until handed over', async () => {
    t.clock.set(MONDAY);
    const id = await decidedCase();

    const box = await approver.get('/api/workbench/handover?page=1&pageSize=50');
    assert.equal(box.statusCode, 200, box.body);
    const mine = box.json().cases.find((c: { id: string }) => c.id === id);
    assert.ok(mine, 'in the deciding department\'s handover box');
    assert.deepEqual([mine.status, mine.handoverDueDate, mine.handoverLight, mine.reasons], ['decided', '2026-03-05', 'green', ['not_handed_over']]);
    assert.ok(ids(await chief.get('/api/workbench/handover')).includes(id), 'the chief sees it too');

    const coming = await window1.get('/api/workbench/coming');
    assert.equal(coming.statusCode, 200, coming.body);
    const row = coming.json().cases.find((c: { id: string }) => c.id === id);
    assert.deepEqual([row.reasons, row.handoverDueDate, row.completion], [['not_handed_over'], '2026-03-05', 'on_time']);

    // Within scope only: another department, another center, the applicant, the wrong role.
    assert.ok(!ids(await (await signIn(t.app, 'approver.market')).get('/api/workbench/handover')).includes(id), 'another department does not see it');
    const hkWindow = await signIn(t.app, 'hk.window1');
    const hkComing = await hkWindow.get('/api/workbench/coming');
    assert.equal(hkComing.statusCode, 200);
    assert.ok(!ids(hkComing).includes(id), 'a clerk of another center does not see it');
    assert.equal((await company.get('/api/workbench/coming')).statusCode, 403);
    assert.equal((await company.get('/api/workbench/handover')).statusCode, 403);
    assert.equal((await window1.get('/api/workbench/handover')).statusCode, 403, 'the window has no handover box');
    assert.equal((await approver.get('/api/workbench/coming')).statusCode, 403, 'a department is not the delivery window');
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/workbench/coming' })).statusCode, 401);

    // Nobody but the deciding department hands over: refused, nothing written.
    const before = await footprint(id);
    assert.equal((await window1.post(`/api/cases/${id}/actions`, { action: 'handover' })).statusCode, 403);
    assert.equal((await hkWindow.post(`/api/cases/${id}/actions`, { action: 'handover' })).statusCode, 403);
    assert.equal((await (await signIn(t.app, 'hk.chief.market')).post(`/api/cases/${id}/actions`, { action: 'handover' })).statusCode, 403);
    assert.equal((await company.post(`/api/cases/${id}/actions`, { action: 'handover' })).statusCode, 403, 'the applicant does not hand over');
    assert.deepEqual(await footprint(id), before);

    await ok(approver, id, { action: 'handover' });
    assert.ok(!ids(await approver.get('/api/workbench/handover')).includes(id), 'handed over: out of the box');
    assert.ok(!ids(await window1.get('/api/workbench/coming')).includes(id), 'at the window: no longer coming');
    const delivery = (await window1.get('/api/workbench/inbox?box=delivery&pageSize=100')).json();
    assert.ok(delivery.cases.some((c: { id: string; completion: string }) => c.id === id && c.completion === 'on_time'), 'in the delivery box, completed on time');
    // A second handover is a plain state conflict, nothing written.
    const handed = await footprint(id);
    const again = await approver.post(`/api/cases/${id}/actions`, { action: 'handover' });
    assert.equal(again.json().code, 'CASE_STATE_CONFLICT');
    assert.deepEqual(await footprint(id), handed);
  });

  test('the sweep warns on the last day and raises one finding for the deciding department after 3 working days', async () => {
    t.clock.set(MONDAY);
    const id = await decidedCase();
    const dept = (await t.ctx.db.selectFrom('cases').select('department_id').where('id', '=', id).executeTakeFirstOrThrow()).department_id;
    await sweepAllLights(t.ctx);
    t.clock.set(at('2026-03-05'));
    await sweepAllLights(t.ctx);
    const lights = await t.ctx.db.selectFrom('cases').select(['light', 'light_rule']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual(lights, { light: 'yellow', light_rule: 'handover' });
    const warned = (await approver.get('/api/notifications')).json().notifications.filter((n: { caseId: string; kind: string }) => n.caseId === id && n.kind === 'light');
    assert.ok(warned.length >= 1, 'the department is warned before the limit');
    assert.equal((await footprint(id)).findings, 0, 'no finding within the limit');

    t.clock.set(at('2026-03-06'));
    // Two instances sweep at once: one finding.
    await Promise.all([sweepLights(t.ctx), sweepLights(t.ctx)]);
    await sweepAllLights(t.ctx);
    const findings = await t.ctx.db.selectFrom('findings').selectAll().where('case_id', '=', id).execute();
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.rule, 'late_handover');
    assert.equal(findings[0]!.department_id, dept, 'attributed to the deciding department');
    assert.equal((findings[0]!.evidence as { dueDate: string }).dueDate, '2026-03-05');
    const listed = (await supervisor.get(`/api/supervision/findings?caseId=${id}`)).json();
    assert.equal(listed.findings[0].rule, 'late_handover');
    assert.equal((await window1.get('/api/workbench/coming')).json().cases.find((c: { id: string }) => c.id === id).handoverLight, 'red');
    await sweepAllLights(t.ctx);
    assert.equal((await footprint(id)).findings, 1, 'raised once');
    await ok(chief, id, { action: 'handover' });
    assert.equal((await verifyAudit(t.ctx.db)).broken, null);
  });
});

describe('cases returned to the department (退回部门办理件)', () => {
  let deptItemVersion = 0;

  test('the item version declares it; the window hands the case over, the department decides it, the result returns to the hall', async () => {
    t.clock.set(MONDAY);
    // A case of the hall item first: it is never sent to a department.
    const hall = (await submitApplication(t.app, company, permitId)).json().case;
    await ok(window1, hall.id, { action: 'accept' });
    const hallBefore = await footprint(hall.id);
    const notDept = await window1.post(`/api/cases/${hall.id}/actions`, { action: 'send_to_department' });
    assert.equal(notDept.statusCode, 409);
    assert.equal(notDept.json().code, 'HANDOFF_NOT_DEPARTMENT_ITEM');
    assert.ok(notDept.json().message.zh && notDept.json().message.en);
    assert.deepEqual(await footprint(hall.id), hallBefore);

    // A new version of the item: decided in the department's office, with fees, hand-over limits 1 and 2 days.
    const manager = await signIn(t.app, 'manager');
    const current = (await manager.get(`/api/admin/items/${permitId}`)).json().current;
    assert.equal((await manager.post(`/api/admin/items/${permitId}/draft`)).statusCode, 201);
    const content = { ...current.content, handledInDepartment: { toDepartmentDays: 1, toHallDays: 2 }, fees: [{ item: '工本费', standard: '10元', basis: '《收费标准》', code: 'GBF', fiscalAccount: 'HN-NONTAX', charge: { mode: 'fixed', amountFen: 1000 } }] };
    const saved = await manager.put(`/api/admin/items/${permitId}/draft`, { content });
    assert.equal(saved.statusCode, 200, saved.body);
    const pub = await manager.post(`/api/admin/items/${permitId}/publish`, { validFrom: '2026-03-02' });
    assert.equal(pub.statusCode, 200, pub.body);
    deptItemVersion = pub.json().version;

    const c = (await submitApplication(t.app, company, permitId)).json().case;
    assert.equal(c.itemVersion, deptItemVersion);
    let detail = await ok(window1, c.id, { action: 'accept' });
    assert.equal(detail.handledInDepartment, true);
    assert.equal(detail.steps.find((s: { state: string }) => s.state === 'current').key, 'to_department');
    assert.deepEqual(detail.steps.find((s: { key: string }) => s.key === 'to_department'), { key: 'to_department', state: 'current', at: null, dueDate: '2026-03-03', light: 'green' });

    // The department cannot review what it has not received; the department cannot send it to itself.
    let before = await footprint(c.id);
    const early = await approver.post(`/api/cases/${c.id}/actions`, { action: 'review', opinion: '材料齐全', proposal: 'approve' });
    assert.equal(early.statusCode, 409);
    assert.equal(early.json().code, 'HANDOFF_NOT_IN_DEPARTMENT');
    assert.equal((await approver.post(`/api/cases/${c.id}/actions`, { action: 'send_to_department' })).statusCode, 403);
    assert.equal((await (await signIn(t.app, 'hk.window1')).post(`/api/cases/${c.id}/actions`, { action: 'send_to_department' })).statusCode, 403);
    assert.equal((await company.post(`/api/cases/${c.id}/actions`, { action: 'send_to_department' })).statusCode, 403);
    assert.deepEqual(await footprint(c.id), before);

    // Sent on the second working day after acceptance: one day late.
    t.clock.set(at('2026-03-04'));
    detail = await ok(window1, c.id, { action: 'send_to_department', note: '材料原件3份，移交住建局审批科' });
    assert.equal(detail.status, 'accepted');
    const sent = detail.handoffs[0];
    assert.deepEqual([sent.direction, sent.startedDate, sent.limitDays, sent.dueDate, sent.handedDate, sent.late, sent.note],
      ['to_department', '2026-03-02', 1, '2026-03-03', '2026-03-04', true, '材料原件3份，移交住建局审批科']);
    assert.ok(sent.materials.length > 0 && sent.materials.every((m: { key: string; name: string; files: number }) => m.name && m.files >= 0));
    assert.equal(detail.steps.find((s: { key: string }) => s.key === 'to_department').light, 'late');
    assert.equal(detail.steps.find((s: { state: string }) => s.state === 'current').key, 'review');
    const history = detail.timeline.map((e: { action: string }) => e.action);
    assert.ok(history.includes('case.send_to_department'));

    before = await footprint(c.id);
    const twice = await window1.post(`/api/cases/${c.id}/actions`, { action: 'send_to_department' });
    assert.equal(twice.json().code, 'HANDOFF_ALREADY_SENT');
    assert.deepEqual(await footprint(c.id), before);

    await ok(approver, c.id, { action: 'review', opinion: '材料齐全', proposal: 'approve' });
    detail = await ok(chief, c.id, { action: 'decide', result: 'approved', reason: '符合条件' });
    assert.equal(detail.steps.find((s: { state: string }) => s.state === 'current').key, 'handover');
    assert.deepEqual(detail.steps.find((s: { key: string }) => s.key === 'handover').dueDate, '2026-03-06', 'the item\'s 2 days from the decision');

    const coming = (await window1.get('/api/workbench/coming?pageSize=100')).json().cases.find((x: { id: string }) => x.id === c.id);
    assert.deepEqual(coming.reasons, ['not_handed_over', 'in_department']);

    t.clock.set(at('2026-03-05'));
    detail = await ok(chief, c.id, { action: 'handover' });
    assert.equal(detail.status, 'awaiting_payment');
    const back = detail.handoffs.find((h: { direction: string }) => h.direction === 'to_hall');
    assert.deepEqual([back.startedDate, back.limitDays, back.dueDate, back.handedDate, back.late], ['2026-03-04', 2, '2026-03-06', '2026-03-05', false]);
    assert.equal(detail.steps.find((s: { key: string }) => s.key === 'handover').light, 'on_time');
    assert.equal(detail.steps.find((s: { state: string }) => s.state === 'current').key, 'payment');
    const waiting = (await window1.get('/api/workbench/coming?pageSize=100')).json().cases.find((x: { id: string }) => x.id === c.id);
    assert.deepEqual(waiting.reasons, ['awaiting_payment']);

    // The applicant sees the steps and the hand-over to the department in the history.
    const mine = (await company.get(`/api/cases/${c.id}`)).json();
    assert.ok(mine.timeline.some((e: { action: string }) => e.action === 'case.send_to_department'));
    assert.deepEqual(mine.steps.map((s: { key: string }) => s.key), ['submit', 'accept', 'to_department', 'review', 'decide', 'handover', 'payment', 'deliver']);
    assert.equal((await verifyAudit(t.ctx.db)).broken, null);
  });

  test('without limits on the item, the center\'s settings apply', async () => {
    t.clock.set(MONDAY);
    await t.ctx.db.updateTable('centers').set({ handoff_to_department_days: 2 }).where('id', '=', window1.user.centerId!).execute();
    const manager = await signIn(t.app, 'manager');
    const current = (await manager.get(`/api/admin/items/${permitId}`)).json().current;
    assert.equal(current.version, deptItemVersion);
    await manager.post(`/api/admin/items/${permitId}/draft`);
    assert.equal((await manager.put(`/api/admin/items/${permitId}/draft`, { content: { ...current.content, handledInDepartment: {} } })).statusCode, 200);
    assert.equal((await manager.post(`/api/admin/items/${permitId}/publish`, { validFrom: '2026-03-02' })).statusCode, 200);
    const c = (await submitApplication(t.app, company, permitId)).json().case;
    await ok(window1, c.id, { action: 'accept' });
    const detail = await ok(window1, c.id, { action: 'send_to_department' });
    assert.deepEqual([detail.handoffs[0].limitDays, detail.handoffs[0].dueDate, detail.handoffs[0].late], [2, '2026-03-04', false]);
  });
});

describe('the stepper and the completion light', () => {
  test('a refused case ends where it stood; a decision after its due date is completed late', async () => {
    t.clock.set(MONDAY);
    const r = (await submitApplication(t.app, company, permitId)).json().case;
    const refused = await ok(window1, r.id, { action: 'refuse', reason: '不属于本机关职权范围', remedies: '可向有权机关申请' });
    assert.deepEqual(refused.steps.map((s: { key: string; state: string }) => [s.key, s.state]), [['submit', 'done'], ['closed', 'current']]);
    assert.equal(refused.completion, null);

    const c = (await submitApplication(t.app, company, permitId)).json().case;
    assert.equal(c.steps.find((s: { state: string }) => s.state === 'current').key, 'accept');
    const accepted = await ok(window1, c.id, { action: 'accept' });
    await ok(window1, c.id, { action: 'send_to_department' });
    await ok(approver, c.id, { action: 'review', opinion: '材料齐全', proposal: 'approve' });
    t.clock.set(at('2026-03-31'));
    const late = await ok(chief, c.id, { action: 'decide', result: 'denied', reason: '不符合条件' });
    assert.ok(accepted.dueDate < '2026-03-31');
    assert.equal(late.completion, 'late');
    assert.equal(late.light, null);
    assert.ok(!late.steps.some((s: { key: string }) => s.key === 'payment'), 'a denied case pays nothing');
    const list = (await company.get('/api/my/cases?pageSize=100')).json();
    assert.equal(list.cases.find((x: { id: string }) => x.id === c.id).completion, 'late');
  });
});
