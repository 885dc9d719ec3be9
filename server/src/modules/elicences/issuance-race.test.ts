/**
 * The e-licence of a joint case's part issued while the applicant withdraws the joint case. Issuance
 * starts on the part and then moves the joint case (a part issued may make it ready); the withdrawal
 * starts on the joint case and holds its parts. Both lock the root first (cases.repository.ts
 * `lockCaseWaiting`, `lockCaseFamily`), so they queue instead of deadlocking: the licence is issued
 * on the first attempt (no deadlock aborting it into a failed attempt), and the withdrawal is refused
 * with WITHDRAW_AFTER_DECISION (a part is decided), never a 500. Each round runs both at once on a
 * fresh joint case; no sleeps.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { verifyAudit } from '../../lib/audit.ts';
import { DEMO_ENTERPRISE } from '../../seed/seed.ts';
import { caseAction, caseActionOk, jointApplication, signIn, testApp, type Session, type TestApp } from '../../test/harness.ts';
import { issueNext } from './issuance.ts';

let t: TestApp;
let company: Session;
const staff: Record<string, Session> = {};
const ROUNDS = 15;

before(async () => {
  t = await testApp({ now: new Date('2026-11-23T02:00:00Z'), env: { SESSION_TTL_HOURS: '100000' } });
  company = await signIn(t.app, DEMO_ENTERPRISE.creditCode);
  for (const name of ['hk.window1', 'hk.approver.market', 'hk.chief.market', 'hk.manager']) staff[name] = await signIn(t.app, name);
});
after(async () => { await t.close(); });

const row = (id: string) => t.ctx.db.selectFrom('cases').select(['id', 'status', 'item_id', 'department_id']).where('id', '=', id).executeTakeFirstOrThrow();

describe('an e-licence issued on a part while the applicant withdraws the joint case', () => {
  test('the licence is issued at the first attempt, the withdrawal refused, never a 500', async (tc) => {
    const haikou = staff['hk.manager']!.user.centerId!;
    const matterId = (await t.app.inject({ method: 'GET', url: `/api/joint/centers/${haikou}/matters/open-restaurant` })).json().id as string;
    const answers = { entity: 'company', large: 'yes', sewage: 'no' };
    const approver = staff['hk.approver.market']!;
    let typed = false;
    const waited = { issuedFirst: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      const made = await company.post(`/api/joint/matters/${matterId}/cases`, { ...(await jointApplication(t.app, company, matterId, answers)), idempotencyKey: randomUUID() });
      assert.equal(made.statusCode, 201, made.body);
      const id = made.json().case.id as string;
      const parts = (await caseActionOk(staff['hk.window1']!, id, { action: 'accept' })).children as Array<{ id: string; itemName: string }>;
      const registration = parts.find((p) => p.itemName.includes('企业设立登记'))!.id;
      if (!typed) {
        // The registration's department issues an e-licence for it.
        const part = await row(registration);
        const r = await staff['hk.manager']!.post('/api/licence-types', {
          code: 'TEST-BUSINESS-LICENCE', name: '营业执照', nameEn: 'Business licence', issuingDepartmentId: part.department_id, holderType: 'credit_code',
          validityMonths: 36, fields: [{ key: 'holder', label: '名称', source: 'applicant.name' }, { key: 'code', label: '统一社会信用代码', source: 'applicant.code' }], itemIds: [part.item_id!],
        });
        assert.equal(r.statusCode, 200, r.body);
        typed = true;
      }
      for (let i = 0; i < 5 && (await approver.get(`/api/cases/${registration}`)).json().allowedActions.includes('review'); i++) {
        await caseActionOk(approver, registration, { action: 'review', opinion: '材料齐全，符合条件', proposal: 'approve' });
      }
      await caseActionOk(staff['hk.chief.market']!, registration, { action: 'decide', result: 'approved', reason: '准予登记' });
      await caseActionOk(approver, registration, { action: 'handover' });
      assert.equal((await row(registration)).status, 'issuing');

      const [withdraw, issued] = await Promise.all([
        caseAction(company, id, { action: 'withdraw', reason: '不再需要' }),
        issueNext(t.ctx),
      ]);
      assert.equal(withdraw.statusCode, 409, withdraw.body);
      assert.equal(withdraw.json().code, 'WITHDRAW_AFTER_DECISION', withdraw.body);
      const job = await t.ctx.db.selectFrom('elicence_issuances').selectAll().where('case_id', '=', registration).executeTakeFirstOrThrow();
      assert.deepEqual([issued?.caseId, job.status, job.attempts, job.last_error], [registration, 'issued', 0, null], `round ${round}: ${job.last_error}`);
      assert.ok(issued?.licenceId);
      assert.notEqual((await row(registration)).status, 'issuing');
      assert.equal((await row(id)).status, 'accepted');
      waited.issuedFirst++;
    }
    tc.diagnostic(JSON.stringify(waited));
    assert.equal((await verifyAudit(t.ctx.db)).broken, null);
  });
});
