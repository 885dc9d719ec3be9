/**
 * A withdrawal racing a decision taken on another case of the same application: the level above
 * deciding a reported case, a department deciding a part of a joint case. The two serialise on the
 * root case (each action locks the root first, cases.repository.ts `lockCaseFamily`), so whichever
 * commits second sees the other: a withdrawal after the decision is WITHDRAW_AFTER_DECISION (nothing
 * written), a decision after the withdrawal is refused as on any closed case. Never a decided upper
 * case or part terminated. Each round runs both requests at once on fresh cases; no sleeps.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { verifyAudit } from '../../lib/audit.ts';
import { DEMO_ENTERPRISE } from '../../seed/seed.ts';
import { caseAction, caseActionOk, itemIdByName, jointApplication, signIn, submitApplication, testApp, type Session, type TestApp } from '../../test/harness.ts';

let t: TestApp;
let company: Session;
const staff: Record<string, Session> = {};
const ROUNDS = 20;

before(async () => {
  t = await testApp({ now: new Date('2026-03-02T02:00:00Z'), env: { SESSION_TTL_HOURS: '100000' } });
  company = await signIn(t.app, DEMO_ENTERPRISE.creditCode);
  for (const name of ['hk.window1', 'hk.approver.police', 'hk.chief.police', 'hk.approver.market', 'hk.chief.market', 'hk.manager', 'window1', 'approver.police', 'chief.police']) {
    staff[name] = await signIn(t.app, name);
  }
});
after(async () => { await t.close(); });

const row = (id: string) => t.ctx.db.selectFrom('cases').select(['id', 'status', 'decision', 'closed_at']).where('id', '=', id).executeTakeFirstOrThrow();
const actions = async (id: string) => (await t.ctx.db.selectFrom('audit_events').select('action').where('stream', '=', `case:${id}`).orderBy('seq').execute()).map((e) => e.action);

/**
 * Exactly one of the two succeeded, and the other was refused with the reason its order gives:
 * the withdrawal after the decision (WITHDRAW_AFTER_DECISION), the decision after the withdrawal
 * (the case it decides is closed). Answers which one won.
 */
function oneWon(withdraw: LightMyRequestResponse, decide: LightMyRequestResponse): 'withdraw' | 'decide' {
  if (withdraw.statusCode === 200) {
    assert.equal(decide.statusCode, 409, decide.statusCode === 200 ? 'both the withdrawal and the decision succeeded' : decide.body);
    assert.equal(decide.json().code, 'CASE_STATE_CONFLICT', decide.body);
    return 'withdraw';
  }
  assert.equal(decide.statusCode, 200, `${decide.body} / ${withdraw.body}`);
  assert.equal(withdraw.statusCode, 409, withdraw.body);
  assert.equal(withdraw.json().code, 'WITHDRAW_AFTER_DECISION', withdraw.body);
  return 'decide';
}

/**
 * One round: the applicant withdraws `rootId` while `chief` approves `decidedId` (its upper case or
 * part), both at once. Never the decided case terminated; answers who won and both rows as they ended.
 */
async function race(rootId: string, chief: Session, decidedId: string, reason: string) {
  const [withdraw, decide] = await Promise.all([
    caseAction(company, rootId, { action: 'withdraw', reason: '不再需要' }),
    caseAction(chief, decidedId, { action: 'decide', result: 'approved', reason }),
  ]);
  const winner = oneWon(withdraw, decide);
  const [root, decided] = await Promise.all([row(rootId), row(decidedId)]);
  assert.ok(!(decided.status === 'terminated' && decided.decision !== null), 'a decided case was terminated by the withdrawal');
  return { winner, root, decided };
}

describe('a withdrawal racing a decision on another case of the application', () => {
  test('the level above decides a reported case while the applicant withdraws below', async (tc) => {
    const item = await itemIdByName(t.app, '保安服务公司设立许可', '海口');
    const won = { withdraw: 0, decide: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      const applied = await submitApplication(t.app, company, item);
      assert.equal(applied.statusCode, 201, applied.body);
      const lowerId = applied.json().case.id as string;
      await caseActionOk(staff['hk.window1']!, lowerId, { action: 'accept' });
      await caseActionOk(staff['hk.approver.police']!, lowerId, { action: 'review', opinion: '初审：材料齐全，符合条件', proposal: 'approve' });
      const upperId = (await caseActionOk(staff['hk.chief.police']!, lowerId, { action: 'forward', opinion: '经初审符合条件，同意上报' })).children[0].id as string;
      await caseActionOk(staff['window1']!, upperId, { action: 'accept' });
      await caseActionOk(staff['approver.police']!, upperId, { action: 'review', opinion: '符合条件', proposal: 'approve' });

      const { winner, root: lower, decided: upper } = await race(lowerId, staff['chief.police']!, upperId, '符合条件，准予设立');
      won[winner]++;
      if (winner === 'withdraw') {
        assert.deepEqual([lower.status, upper.status, upper.decision], ['withdrawn', 'terminated', null]);
        assert.equal((await actions(upperId)).at(-1), 'case.terminate');
      } else {
        // The refused withdrawal wrote nothing: the lower case still waits for the result, the upper case stands decided.
        assert.deepEqual([lower.status, upper.status, upper.decision], ['forwarded', 'decided', 'approved']);
        assert.equal((await actions(lowerId)).at(-1), 'case.forward');
        assert.equal((await actions(upperId)).at(-1), 'case.decide');
      }
    }
    tc.diagnostic(`won: ${JSON.stringify(won)}`);
    assert.equal(won.withdraw + won.decide, ROUNDS);
    assert.equal((await verifyAudit(t.ctx.db)).broken, null);
  });

  test('a department decides a part of a joint case while the applicant withdraws the joint case', async (tc) => {
    t.clock.set(new Date('2026-11-23T02:00:00Z'));
    const haikou = staff['hk.manager']!.user.centerId!;
    const matterId = (await t.app.inject({ method: 'GET', url: `/api/joint/centers/${haikou}/matters/open-restaurant` })).json().id as string;
    const answers = { entity: 'company', large: 'yes', sewage: 'no' };
    const approver = staff['hk.approver.market']!;
    const won = { withdraw: 0, decide: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      const made = await company.post(`/api/joint/matters/${matterId}/cases`, { ...(await jointApplication(t.app, company, matterId, answers)), idempotencyKey: randomUUID() });
      assert.equal(made.statusCode, 201, made.body);
      const id = made.json().case.id as string;
      const parts = (await caseActionOk(staff['hk.window1']!, id, { action: 'accept' })).children as Array<{ id: string; itemName: string }>;
      // The company registration (the food licence's prerequisite), reviewed and ready for its chief's decision.
      const registration = parts.find((p) => p.itemName.includes('企业设立登记'))!.id;
      for (let i = 0; i < 5 && (await approver.get(`/api/cases/${registration}`)).json().allowedActions.includes('review'); i++) {
        await caseActionOk(approver, registration, { action: 'review', opinion: '材料齐全，符合条件', proposal: 'approve' });
      }

      const { winner, root: parent, decided: part } = await race(id, staff['hk.chief.market']!, registration, '准予登记');
      won[winner]++;
      if (winner === 'withdraw') {
        assert.deepEqual([parent.status, part.status, part.decision], ['withdrawn', 'terminated', null]);
      } else {
        assert.deepEqual([parent.status, part.status, part.decision], ['accepted', 'decided', 'approved']);
        assert.ok(!(await actions(id)).includes('case.withdraw'), 'the refused withdrawal wrote nothing');
        for (const p of parts) assert.notEqual((await row(p.id)).status, 'terminated');
      }
    }
    tc.diagnostic(`won: ${JSON.stringify(won)}`);
    assert.equal(won.withdraw + won.decide, ROUNDS);
    assert.equal((await verifyAudit(t.ctx.db)).broken, null);
  });
});
