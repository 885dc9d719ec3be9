import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { verifyAudit } from '../../lib/audit.ts';
import { DEMO_PERSON } from '../../seed/seed.ts';
import { housingCast, signIn, submitApplication, testApp, type Session, type TestApp } from '../../test/harness.ts';
import { sweepAllLights } from '../supervision/warnings.jobs.ts';
import { identifierChecks } from './identifier.ts';
import { issueAllDue, issueNext } from './issuance.ts';

// Issuance of an approved case's e-licence (issue 12): handover → issuing → issued → payment or delivery.
let t: TestApp;
let company: Session;
let window1: Session;
let approver: Session;
let chief: Session;
let manager: Session;
let permitId: string;
let typeId: string;

// Monday 2026-03-02, 10:00 in Beijing.
const MONDAY = new Date('2026-03-02T02:00:00Z');
const at = (date: string) => new Date(`${date}T02:00:00Z`);

const FIELDS = [
  { key: 'holder', label: '建设单位', source: 'applicant.name' },
  { key: 'code', label: '统一社会信用代码', source: 'applicant.code' },
  { key: 'project', label: '工程名称', source: 'form.f1' },
  { key: 'note', label: '备注', source: 'text:演示' },
];

before(async () => {
  t = await testApp({ now: MONDAY, env: { SESSION_TTL_HOURS: '100000' } });
  ({ company, window1, approver, chief, permitId } = await housingCast(t.app));
  manager = await signIn(t.app, 'manager');
  const housing = approver.user.departmentId!;
  const r = await manager.post('/api/licence-types', {
    code: 'TEST-BUILDING-PERMIT', name: '建筑工程施工许可证', nameEn: 'Building works permit', issuingDepartmentId: housing, holderType: 'credit_code',
    validityMonths: 36, fields: FIELDS, itemIds: [permitId],
  });
  assert.equal(r.statusCode, 200, r.body);
  typeId = r.json().id;
});
after(async () => { await t.close(); });

const ok = async (s: Session, id: string, body: Record<string, unknown>) => {
  const r = await s.post(`/api/cases/${id}/actions`, body);
  assert.equal(r.statusCode, 200, r.body);
  return r.json().case;
};

async function decidedCase(): Promise<string> {
  const c = (await submitApplication(t.app, company, permitId)).json().case;
  await ok(window1, c.id, { action: 'accept' });
  await ok(approver, c.id, { action: 'review', opinion: '材料齐全', proposal: 'approve' });
  await ok(chief, c.id, { action: 'decide', result: 'approved', reason: '符合条件' });
  return c.id;
}
const status = async (id: string) => (await t.ctx.db.selectFrom('cases').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
const licencesOf = (id: string) => t.ctx.db.selectFrom('elicences').selectAll().where('case_id', '=', id).execute();
const issueEvents = async (id: string) => (await t.ctx.db.selectFrom('audit_events').select('action').where('stream', '=', `case:${id}`).where('action', '=', 'case.issue').execute()).length;

describe('issuance', () => {
  test('approve → handover → issuing → the licence is issued from the case and the type, and the case moves on to delivery', async () => {
    t.clock.set(MONDAY);
    const id = await decidedCase();
    const handed = await ok(approver, id, { action: 'handover' });
    assert.equal(handed.status, 'issuing');
    assert.equal(handed.steps.find((s: { state: string }) => s.state === 'current').key, 'issue');
    const job = await t.ctx.db.selectFrom('elicence_issuances').selectAll().where('case_id', '=', id).executeTakeFirstOrThrow();
    // Art. 44: 10 working days after the decision (Monday 2 March → Monday 16 March).
    assert.deepEqual([job.decided_date, job.due_date, job.status], ['2026-03-02', '2026-03-16', 'pending']);
    // The applicant cannot withdraw while the licence is made; the board counts the case as open.
    const w = await company.post(`/api/cases/${id}/actions`, { action: 'withdraw', reason: '不需要了' });
    assert.equal(w.json().code, 'WITHDRAW_AFTER_DECISION');

    assert.equal(await issueAllDue(t.ctx), 1);
    assert.equal(await status(id), 'ready');
    const [l, ...more] = await licencesOf(id);
    assert.equal(more.length, 0);
    assert.ok(identifierChecks(l!.identifier), l!.identifier);
    assert.match(l!.identifier, /^1\.2\.156\.3005\.2\.[0-9A-F]{8}\.[0-9A-Z]{18}\.4600002026\d{6}\.[0-9A-Z]$/);
    assert.equal(l!.licence_no, l!.identifier.split('.').at(-2));
    assert.deepEqual([l!.holder_code_type, l!.status, l!.issue_date, l!.valid_from, l!.valid_to, l!.version, l!.region_code], ['credit_code', 'valid', '2026-03-02', '2026-03-02', '2029-03-01', 1, '460000']);
    assert.equal((l!.data as Record<string, string>).holder, l!.holder_name);
    assert.equal((l!.data as Record<string, string>).note, '演示');
    assert.ok(l!.file_id);
    const versions = await t.ctx.db.selectFrom('elicence_versions').selectAll().where('licence_id', '=', l!.id).execute();
    assert.deepEqual(versions.map((v) => [v.seq, v.version, v.event, v.case_id]), [[1, 1, 'issued', id]]);

    // The holder reads it and its PDF; another applicant is told it does not exist; another department is refused.
    const mine = await company.get(`/api/licences/${l!.id}`);
    assert.equal(mine.statusCode, 200, mine.body);
    assert.deepEqual(mine.json().applyKinds, ['change', 'renewal', 'cancellation']);
    const pdf = await company.get(`/api/licences/${l!.id}/pdf`);
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
    assert.equal((await (await signIn(t.app, DEMO_PERSON.idNumber)).get(`/api/licences/${l!.id}`)).statusCode, 404);
    assert.equal((await (await signIn(t.app, 'approver.market')).get(`/api/licences/${l!.id}`)).statusCode, 403);
    assert.equal((await approver.get(`/api/licences/${l!.id}`)).statusCode, 200);

    // The case's history shows the issue to the applicant; the job does nothing more.
    const detail = (await company.get(`/api/cases/${id}`)).json();
    assert.ok(detail.timeline.some((e: { action: string }) => e.action === 'case.issue'));
    assert.equal(detail.steps.find((s: { key: string }) => s.key === 'issue').state, 'done');
    assert.equal(await issueAllDue(t.ctx), 0);
    assert.equal(await issueEvents(id), 1);
    assert.equal((await verifyAudit(t.ctx.db)).broken, null);
  });

  test('two job runners at once issue each licence once', async () => {
    t.clock.set(MONDAY);
    const ids = [await decidedCase(), await decidedCase(), await decidedCase()];
    for (const id of ids) await ok(chief, id, { action: 'handover' });
    const [a, b] = await Promise.all([issueAllDue(t.ctx), issueAllDue(t.ctx)]);
    assert.equal(a + b, 3);
    for (const id of ids) {
      assert.equal(await status(id), 'ready');
      assert.equal((await licencesOf(id)).length, 1);
      assert.equal(await issueEvents(id), 1);
    }
  });

  test('a failure leaves the case in issuing with nothing issued, and the next attempt issues it', async () => {
    t.clock.set(MONDAY);
    const id = await decidedCase();
    await ok(chief, id, { action: 'handover' });
    const broken = { ...t.ctx, storage: { ...t.ctx.storage, putBuffer: async () => { throw new Error('disk full'); } } };
    const r = await issueNext(broken);
    assert.deepEqual(r, { caseId: id, licenceId: null });
    assert.equal(await status(id), 'issuing');
    assert.equal((await licencesOf(id)).length, 0);
    const job = await t.ctx.db.selectFrom('elicence_issuances').selectAll().where('case_id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual([job.status, job.attempts, job.last_error], ['pending', 1, 'disk full']);
    assert.ok(job.next_attempt_at > MONDAY);
    // Not due yet: nothing happens; once due, it is issued.
    assert.equal(await issueNext(t.ctx), null);
    t.clock.set(new Date(job.next_attempt_at.getTime() + 1000));
    assert.deepEqual((await issueNext(t.ctx))?.caseId, id);
    assert.equal(await status(id), 'ready');
  });

  test('with fees the issued case moves on to payment', async () => {
    t.clock.set(MONDAY);
    const current = (await manager.get(`/api/admin/items/${permitId}`)).json().current;
    assert.equal((await manager.post(`/api/admin/items/${permitId}/draft`)).statusCode, 201);
    const content = { ...current.content, fees: [{ item: '工本费', standard: '10元', basis: '《收费标准》', code: 'GBF', fiscalAccount: 'HN-NONTAX', charge: { mode: 'fixed', amountFen: 1000 } }] };
    assert.equal((await manager.put(`/api/admin/items/${permitId}/draft`, { content })).statusCode, 200);
    const pub = await manager.post(`/api/admin/items/${permitId}/publish`, { validFrom: '2026-03-02' });
    assert.equal(pub.statusCode, 200, pub.body);
    const id = await decidedCase();
    assert.equal((await ok(chief, id, { action: 'handover' })).status, 'issuing');
    assert.equal(await issueAllDue(t.ctx), 1);
    assert.equal(await status(id), 'awaiting_payment');
    assert.equal((await licencesOf(id)).length, 1);
    // Entering awaiting_payment out of issuing issues the payment notice (fees hear the state, not the action).
    const notices = await t.ctx.db.selectFrom('payment_notices').select(['status', 'total_fen']).where('case_id', '=', id).execute();
    assert.deepEqual(notices, [{ status: 'issued', total_fen: 1000 }]);
  });

  test('Art. 44: a licence not issued within 10 working days of the decision turns yellow on the last day, then red with a finding', async () => {
    t.clock.set(MONDAY);
    const id = await decidedCase();
    await ok(chief, id, { action: 'handover' });
    // The job is held back (as if every attempt failed): the case waits in issuing.
    await t.ctx.db.updateTable('elicence_issuances').set({ next_attempt_at: at('2027-01-01') }).where('case_id', '=', id).execute();
    t.clock.set(at('2026-03-16'));
    await sweepAllLights(t.ctx);
    let c = await t.ctx.db.selectFrom('cases').select(['light', 'light_rule', 'light_due_date']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual([c.light, c.light_rule, c.light_due_date], ['yellow', 'issue', '2026-03-16']);
    t.clock.set(at('2026-03-17'));
    await sweepAllLights(t.ctx);
    c = await t.ctx.db.selectFrom('cases').select(['light', 'light_rule', 'light_due_date']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(c.light, 'red');
    const findings = await t.ctx.db.selectFrom('findings').select(['rule', 'responsible_id']).where('case_id', '=', id).where('rule', '=', 'late_issue').execute();
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.responsible_id, chief.user.id);
    await sweepAllLights(t.ctx);
    assert.equal((await t.ctx.db.selectFrom('findings').select('id').where('case_id', '=', id).where('rule', '=', 'late_issue').execute()).length, 1, 'raised once');
  });

  test('an applicant is not issued a licence of another holder kind: the handover is refused 409 LICENCE_HOLDER_KIND_MISMATCH with nothing written; the matching kind still is', async () => {
    t.clock.set(MONDAY);
    // Submission refuses an applicant outside the item's audiences (ITEM_AUDIENCE_MISMATCH), so the mismatch
    // comes from the type: made a person's licence after the case was decided, past the configuration's guard (below).
    const id = await decidedCase();
    const auditBefore = (await t.ctx.db.selectFrom('audit_events').select('id').where('stream', '=', `case:${id}`).execute()).length;
    await t.ctx.db.updateTable('licence_types').set({ holder_type: 'id_number' }).where('id', '=', typeId).execute();
    let r;
    try {
      r = await chief.post(`/api/cases/${id}/actions`, { action: 'handover' });
    } finally {
      await t.ctx.db.updateTable('licence_types').set({ holder_type: 'credit_code' }).where('id', '=', typeId).execute();
    }
    assert.equal(r.statusCode, 409, r.body);
    assert.equal(r.json().code, 'LICENCE_HOLDER_KIND_MISMATCH');
    assert.equal(await status(id), 'decided');
    assert.equal((await t.ctx.db.selectFrom('elicence_issuances').select('case_id').where('case_id', '=', id).execute()).length, 0);
    assert.equal((await t.ctx.db.selectFrom('audit_events').select('id').where('stream', '=', `case:${id}`).execute()).length, auditBefore);
    assert.equal(await issueAllDue(t.ctx), 0);
    assert.equal((await licencesOf(id)).length, 0);
    // The type back to the enterprise's: the same case is handed over and issued.
    assert.equal((await ok(chief, id, { action: 'handover' })).status, 'issuing');
    assert.equal(await issueAllDue(t.ctx), 1);
    assert.equal((await licencesOf(id)).length, 1);
  });

  test('the job issues no licence to a holder of the wrong kind either (the type changed after the handover): nothing issued, the case waits', async () => {
    t.clock.set(MONDAY);
    const id = await decidedCase();
    await ok(chief, id, { action: 'handover' });
    // Past the configuration's own guard (below), as an old row or a direct change would be.
    await t.ctx.db.updateTable('licence_types').set({ holder_type: 'id_number' }).where('id', '=', typeId).execute();
    try {
      assert.deepEqual(await issueNext(t.ctx), { caseId: id, licenceId: null });
    } finally {
      await t.ctx.db.updateTable('licence_types').set({ holder_type: 'credit_code' }).where('id', '=', typeId).execute();
    }
    assert.equal(await status(id), 'issuing');
    assert.equal((await licencesOf(id)).length, 0);
    assert.equal(await issueEvents(id), 0);
    const job = await t.ctx.db.selectFrom('elicence_issuances').selectAll().where('case_id', '=', id).executeTakeFirstOrThrow();
    assert.equal(job.status, 'pending');
    assert.match(job.last_error ?? '', /持证人类型|holder/);
    t.clock.set(new Date(job.next_attempt_at.getTime() + 1000));
    assert.equal((await issueNext(t.ctx))?.caseId, id);
    assert.equal((await licencesOf(id)).length, 1);
  });

  test('a type for persons is not linked to an item for enterprises (nor the reverse): 409 LICENCE_HOLDER_KIND_MISMATCH, nothing written', async () => {
    const housing = approver.user.departmentId!;
    const typesBefore = (await t.ctx.db.selectFrom('licence_types').select('id').execute()).length;
    const auditBefore = (await t.ctx.db.selectFrom('audit_events').select('id').where('stream', 'like', 'licence_type:%').execute()).length;
    const create = await manager.post('/api/licence-types', {
      code: 'TEST-PERSON-PERMIT', name: '个人施工许可证', issuingDepartmentId: housing, holderType: 'id_number', validityMonths: 12, fields: FIELDS, itemIds: [permitId],
    });
    assert.equal(create.statusCode, 409, create.body);
    assert.deepEqual([create.json().code, create.json().field], ['LICENCE_HOLDER_KIND_MISMATCH', 'itemIds']);
    assert.equal((await t.ctx.db.selectFrom('licence_types').select('id').execute()).length, typesBefore);
    // Editing the enterprise type to a person's keeps it as it was.
    const type = (await manager.get(`/api/licence-types/${typeId}`)).json();
    const put = await manager.put(`/api/licence-types/${typeId}`, {
      name: type.name, nameEn: type.nameEn, issuingDepartmentId: type.issuingDepartment.id, holderType: 'id_number', validityMonths: type.validityMonths,
      fields: type.fields, template: type.template, itemIds: [permitId],
    });
    assert.equal(put.statusCode, 409, put.body);
    assert.equal(put.json().code, 'LICENCE_HOLDER_KIND_MISMATCH');
    assert.equal((await manager.get(`/api/licence-types/${typeId}`)).json().holderType, 'credit_code');
    assert.equal((await t.ctx.db.selectFrom('audit_events').select('id').where('stream', 'like', 'licence_type:%').execute()).length, auditBefore);
    // The same person's type without the item, or with holder 'other', is defined.
    const plain = await manager.post('/api/licence-types', {
      code: 'TEST-PERSON-PERMIT', name: '个人施工许可证', issuingDepartmentId: housing, holderType: 'id_number', validityMonths: 12, fields: FIELDS, itemIds: [],
    });
    assert.equal(plain.statusCode, 200, plain.body);
  });

  test('an item without a licence type still goes from handover to delivery; a retired type issues nothing', async () => {
    t.clock.set(MONDAY);
    const type = (await manager.get(`/api/licence-types/${typeId}`)).json();
    const put = await manager.put(`/api/licence-types/${typeId}`, {
      name: type.name, nameEn: type.nameEn, issuingDepartmentId: type.issuingDepartment.id, holderType: type.holderType, validityMonths: type.validityMonths,
      fields: type.fields, template: type.template, itemIds: [permitId], status: 'retired',
    });
    assert.equal(put.statusCode, 200, put.body);
    const id = await decidedCase();
    assert.notEqual((await ok(chief, id, { action: 'handover' })).status, 'issuing');
    assert.equal((await licencesOf(id)).length, 0);
  });
});
