/**
 * Withdrawal only before the decision, also where the decision is not the case's own status yet:
 * a joint case one of whose parts is decided, and a reported case the level above has decided but
 * not yet handed back. Each refusal is 409 WITHDRAW_AFTER_DECISION with nothing written on the case,
 * its parts or its upper case; the decision stays.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { CATALOG } from '../../lib/errors.catalog.ts';
import { DEMO_ENTERPRISE } from '../../seed/seed.ts';
import { caseAction, caseActionOk, itemIdByName, jointApplication, signIn, submitApplication, testApp, type Session, type TestApp } from '../../test/harness.ts';

let t: TestApp;
let company: Session;
const staff: Record<string, Session> = {};
const at = (date: string) => new Date(`${date}T02:00:00Z`);

before(async () => {
  t = await testApp({ now: at('2026-03-02'), env: { SESSION_TTL_HOURS: '100000' } });
  company = await signIn(t.app, DEMO_ENTERPRISE.creditCode);
  for (const name of ['hk.window1', 'hk.approver.police', 'hk.chief.police', 'hk.approver.market', 'hk.chief.market', 'hk.manager', 'window1', 'approver.police', 'chief.police']) {
    staff[name] = await signIn(t.app, name);
  }
});
after(async () => { await t.close(); });

const act = caseAction;
const ok = caseActionOk;

/** The rows and audit streams of these cases, to show a refusal wrote nothing. */
async function snapshot(ids: string[]) {
  const rows = await t.ctx.db.selectFrom('cases').selectAll().where('id', 'in', ids).orderBy('id').execute();
  const audit = await t.ctx.db.selectFrom('audit_events').select(['stream', 'seq', 'hash']).where('stream', 'in', ids.map((id) => `case:${id}`)).orderBy('stream').orderBy('seq').execute();
  return JSON.stringify({ rows, audit });
}

async function refusedWithdrawal(id: string, others: string[]) {
  assert.ok(!(await company.get(`/api/cases/${id}`)).json().allowedActions.includes('withdraw'), 'no withdraw button');
  const before = await snapshot([id, ...others]);
  const res = await act(company, id, { action: 'withdraw', reason: '不再需要' });
  assert.equal(res.statusCode, 409, res.body);
  assert.equal(res.json().code, 'WITHDRAW_AFTER_DECISION');
  assert.deepEqual(res.json().message, CATALOG.WITHDRAW_AFTER_DECISION.text(undefined as never));
  assert.equal(await snapshot([id, ...others]), before, 'nothing written');
}

describe('withdrawal after a decision taken elsewhere is refused', () => {
  test('a reported case decided above (not yet handed back) cannot be withdrawn below', async () => {
    t.clock.set(at('2026-03-02'));
    const item = await itemIdByName(t.app, '保安服务公司设立许可', '海口');
    const applied = await submitApplication(t.app, company, item);
    assert.equal(applied.statusCode, 201, applied.body);
    const lowerId = applied.json().case.id as string;
    await ok(staff['hk.window1']!, lowerId, { action: 'accept' });
    await ok(staff['hk.approver.police']!, lowerId, { action: 'review', opinion: '初审：材料齐全，符合条件', proposal: 'approve' });
    const upperId = (await ok(staff['hk.chief.police']!, lowerId, { action: 'forward', opinion: '经初审符合条件，同意上报' })).children[0].id as string;
    // Forwarded and not decided above: still the applicant's to withdraw.
    assert.ok((await company.get(`/api/cases/${lowerId}`)).json().allowedActions.includes('withdraw'));
    t.clock.set(at('2026-03-04'));
    await ok(staff['window1']!, upperId, { action: 'accept' });
    await ok(staff['approver.police']!, upperId, { action: 'review', opinion: '符合条件', proposal: 'approve' });
    await ok(staff['chief.police']!, upperId, { action: 'decide', result: 'approved', reason: '符合条件，准予设立' });
    assert.equal((await company.get(`/api/cases/${lowerId}`)).json().status, 'forwarded');

    await refusedWithdrawal(lowerId, [upperId]);
    assert.equal((await staff['chief.police']!.get(`/api/cases/${upperId}`)).json().status, 'decided', 'the decision above stands');
    // The handover brings the result back as before.
    const back = await ok(staff['approver.police']!, upperId, { action: 'handover' });
    assert.equal(back.status, 'delivered');
    assert.equal((await company.get(`/api/cases/${lowerId}`)).json().status, 'decided');
  });

  test('a joint case one of whose parts is decided cannot be withdrawn', async () => {
    t.clock.set(at('2026-11-23'));
    const haikou = staff['hk.manager']!.user.centerId!;
    const matterId = (await t.app.inject({ method: 'GET', url: `/api/joint/centers/${haikou}/matters/open-restaurant` })).json().id as string;
    const answers = { entity: 'company', large: 'yes', sewage: 'no' };
    const made = await company.post(`/api/joint/matters/${matterId}/cases`, { ...(await jointApplication(t.app, company, matterId, answers)), idempotencyKey: randomUUID() });
    assert.equal(made.statusCode, 201, made.body);
    const id = made.json().case.id as string;
    const parts = (await ok(staff['hk.window1']!, id, { action: 'accept' })).children as Array<{ id: string; itemName: string }>;
    // The company registration (the food licence's prerequisite) decided by the market department.
    const registration = parts.find((p) => p.itemName.includes('企业设立登记'))!.id;
    const approver = staff['hk.approver.market']!;
    for (let i = 0; i < 5 && (await approver.get(`/api/cases/${registration}`)).json().allowedActions.includes('review'); i++) {
      await ok(approver, registration, { action: 'review', opinion: '材料齐全，符合条件', proposal: 'approve' });
    }
    await ok(staff['hk.chief.market']!, registration, { action: 'decide', result: 'approved', reason: '准予登记' });
    const parent = (await company.get(`/api/cases/${id}`)).json();
    assert.equal(parent.status, 'accepted', 'the joint case waits for its other parts');

    await refusedWithdrawal(id, parts.map((p) => p.id));
    assert.equal((await staff['hk.chief.market']!.get(`/api/cases/${registration}`)).json().status, 'decided', 'the decided part stands');
  });
});
