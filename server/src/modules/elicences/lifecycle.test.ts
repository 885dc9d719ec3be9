import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { housingCast, signIn, submitApplication, testApp, type Session, type TestApp } from '../../test/harness.ts';
import { issueAllDue } from './issuance.ts';
import { expireDue, remindExpiring } from './lifecycle.service.ts';
import { checkApplication, checkLicence, LICENCE_STATES, LICENCE_TRANSITIONS } from './lifecycle.transitions.ts';

// The licence lifecycle (issue 12): revocation, suspension, the holder's change, renewal and cancellation, expiry.
let t: TestApp;
let company: Session;
let window1: Session;
let approver: Session;
let chief: Session;
let permitId: string;

const MONDAY = new Date('2026-03-02T02:00:00Z');

before(async () => {
  t = await testApp({ now: MONDAY, env: { SESSION_TTL_HOURS: '100000' } });
  ({ company, window1, approver, chief, permitId } = await housingCast(t.app));
  const manager = await signIn(t.app, 'manager');
  const r = await manager.post('/api/licence-types', {
    code: 'TEST-PERMIT', name: '建筑工程施工许可证', issuingDepartmentId: approver.user.departmentId, holderType: 'credit_code', validityMonths: 12,
    fields: [{ key: 'holder', label: '建设单位', source: 'applicant.name' }, { key: 'creditCode', label: '统一社会信用代码', source: 'applicant.code' }, { key: 'project', label: '工程名称', source: 'form.f1' }], itemIds: [permitId],
  });
  assert.equal(r.statusCode, 200, r.body);
});
after(async () => { await t.close(); });

const ok = async (s: Session, id: string, body: Record<string, unknown>) => {
  const r = await s.post(`/api/cases/${id}/actions`, body);
  assert.equal(r.statusCode, 200, r.body);
};

/** A licence issued to the company through the whole path: application, decision, handover, issuance. */
async function issuedLicence(): Promise<string> {
  t.clock.set(MONDAY);
  const c = (await submitApplication(t.app, company, permitId)).json().case;
  await ok(window1, c.id, { action: 'accept' });
  await ok(approver, c.id, { action: 'review', opinion: '材料齐全', proposal: 'approve' });
  await ok(chief, c.id, { action: 'decide', result: 'approved', reason: '符合条件' });
  await ok(chief, c.id, { action: 'handover' });
  assert.equal(await issueAllDue(t.ctx), 1);
  return (await t.ctx.db.selectFrom('elicences').select('id').where('case_id', '=', c.id).executeTakeFirstOrThrow()).id;
}

/** Everything a refused request must leave as it was. */
async function footprint(id: string) {
  const db = t.ctx.db;
  return {
    licence: await db.selectFrom('elicences').select(['status', 'version', 'row_version', 'valid_to', 'file_id']).where('id', '=', id).executeTakeFirstOrThrow(),
    versions: (await db.selectFrom('elicence_versions').select('seq').where('licence_id', '=', id).execute()).length,
    applications: await db.selectFrom('elicence_applications').select(['id', 'status']).where('licence_id', '=', id).orderBy('created_at').execute(),
    events: (await db.selectFrom('audit_events').select('seq').where('stream', '=', `licence:${id}`).execute()).length,
    signatures: (await db.selectFrom('signed_documents').select('id').where('ref', 'like', `${id}@%`).execute()).length,
  };
}
async function refused(r: Promise<{ statusCode: number; json(): { code: string } }>, status: number, code: string) {
  const res = await r;
  assert.equal(res.statusCode, status, JSON.stringify(res.json()));
  assert.equal(res.json().code, code);
}
const verificationOf = async (id: string, version: number) => {
  const row = await t.ctx.db.selectFrom('signed_documents').select('verification_id').where('kind', '=', 'elicence').where('ref', '=', `${id}@${version}`).executeTakeFirstOrThrow();
  const r = await t.app.inject({ method: 'GET', url: `/api/public/verifications/${row.verification_id}` });
  assert.equal(r.statusCode, 200, r.body);
  return r.json();
};

test('the licence table: every row from a known state, every state reached, refusals named', () => {
  for (const row of LICENCE_TRANSITIONS) for (const from of row.from) {
    const r = checkLicence(row.action, from);
    assert.ok(r.ok, `${row.action} from ${from}`);
    for (const other of LICENCE_STATES.filter((x) => !row.from.includes(x))) {
      assert.deepEqual(checkLicence(row.action, other), { ok: false, reason: other === 'revoked' ? 'REVOKED' : 'STATE' }, `${row.action} from ${other}`);
    }
  }
  const reached = new Set(['valid', ...LICENCE_TRANSITIONS.map((r) => (r.to === 'same' ? 'valid' : r.to))]);
  assert.deepEqual(LICENCE_STATES.filter((s) => !reached.has(s)), []);
  assert.equal(checkApplication('grant', 'requested'), 'granted');
  assert.equal(checkApplication('refuse', 'requested'), 'refused');
  assert.equal(checkApplication('grant', 'granted'), null);
  assert.equal(checkApplication('refuse', 'refused'), null);
});

describe('lifecycle through the API', () => {
  test('revocation by the issuing chief with a reason: status revoked with its date, and the verification shows it; nothing more can happen to it', async () => {
    const id = await issuedLicence();
    assert.equal((await verificationOf(id, 1)).status.code, 'valid');
    t.clock.set(new Date('2026-03-10T02:00:00Z'));
    const r = await chief.post(`/api/licences/${id}/revoke`, { reason: '以欺骗手段取得许可' });
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual([r.json().status, r.json().statusReason, r.json().actions], ['revoked', '以欺骗手段取得许可', []]);
    const v = await verificationOf(id, 1);
    assert.deepEqual([v.status.code, v.status.since, v.status.reason, v.signatureValid], ['revoked', '2026-03-10', '以欺骗手段取得许可', true]);
    assert.match(v.holder.code, /\*/, 'the holder is masked');
    const holderView = (await company.get(`/api/licences/${id}`)).json();
    assert.deepEqual(holderView.applyKinds, []);
    assert.equal(holderView.verificationId, (await t.ctx.db.selectFrom('signed_documents').select('verification_id').where('ref', '=', `${id}@1`).executeTakeFirstOrThrow()).verification_id);
    assert.deepEqual(holderView.versions.map((x: { event: string }) => x.event), ['issued', 'revoked']);

    const before = await footprint(id);
    await refused(chief.post(`/api/licences/${id}/revoke`, { reason: '再次撤销' }), 409, 'LICENCE_REVOKED');
    await refused(chief.post(`/api/licences/${id}/suspend`, { reason: '暂停' }), 409, 'LICENCE_REVOKED');
    await refused(company.post(`/api/licences/${id}/applications`, { kind: 'renewal', reason: '继续施工' }), 409, 'LICENCE_REVOKED');
    await refused(company.post(`/api/licences/${id}/applications`, { kind: 'change', reason: '更名', changes: { project: '新名称' } }), 409, 'LICENCE_REVOKED');
    await refused(company.post(`/api/licences/${id}/applications`, { kind: 'cancellation', reason: '注销' }), 409, 'LICENCE_REVOKED');
    await refused((await signIn(t.app, 'chief.market')).post(`/api/licences/${id}/reinstate`, { reason: '恢复' }), 403, 'LICENCE_NOT_ISSUER');
    assert.deepEqual(await footprint(id), before);
  });

  test('suspension and reinstatement; bad input is refused without a write', async () => {
    const id = await issuedLicence();
    let r = await chief.post(`/api/licences/${id}/suspend`, { reason: '责令整改' });
    assert.deepEqual([r.statusCode, r.json().status, r.json().actions], [200, 'suspended', ['revoke', 'reinstate']]);
    assert.equal((await verificationOf(id, 1)).status.code, 'suspended');
    const before = await footprint(id);
    await refused(chief.post(`/api/licences/${id}/suspend`, { reason: '再次暂停' }), 409, 'LICENCE_STATE_CONFLICT');
    await refused(chief.post(`/api/licences/${id}/reinstate`, { reason: '' }), 400, 'VALIDATION_FAILED');
    await refused(chief.post('/api/licences/not-a-uuid/reinstate', { reason: '整改完毕' }), 400, 'VALIDATION_FAILED');
    await refused(company.post(`/api/licences/${id}/applications`, { kind: 'renewal', reason: '继续施工' }), 409, 'LICENCE_STATE_CONFLICT');
    assert.deepEqual(await footprint(id), before);
    r = await chief.post(`/api/licences/${id}/reinstate`, { reason: '整改完毕' });
    assert.equal(r.json().status, 'valid');
  });

  test('a change issues a new signed version; the old version stays readable and verifies as superseded', async () => {
    const id = await issuedLicence();
    const before = await footprint(id);
    await refused(company.post(`/api/licences/${id}/applications`, { kind: 'change', reason: '更名' }), 400, 'LICENCE_CHANGE_INVALID');
    await refused(company.post(`/api/licences/${id}/applications`, { kind: 'change', reason: '更名', changes: { unknownField: 'x' } }), 400, 'LICENCE_CHANGE_INVALID');
    // The holder's code is who holds the licence: a change naming it would hand the licence to another body (Art. 9).
    await refused(company.post(`/api/licences/${id}/applications`, { kind: 'change', reason: '转让', changes: { creditCode: '91460000MA5T0099XX' } }), 400, 'LICENCE_HOLDER_CODE_FIXED');
    await refused(company.post(`/api/licences/${id}/applications`, { kind: 'change', reason: '转让', changes: { project: '新名', creditCode: '91460000MA5T0099XX' } }), 400, 'LICENCE_HOLDER_CODE_FIXED');
    assert.deepEqual(await footprint(id), before);
    const applied = await company.post(`/api/licences/${id}/applications`, { kind: 'change', reason: '工程更名', changes: { project: '椰城示范大厦（更名）' } });
    assert.equal(applied.statusCode, 200, applied.body);
    await refused(company.post(`/api/licences/${id}/applications`, { kind: 'renewal', reason: '又一个' }), 409, 'LICENCE_APPLICATION_OPEN');
    const granted = await chief.post(`/api/licence-applications/${applied.json().id}/decision`, { approve: true, reason: '准予变更' });
    assert.equal(granted.statusCode, 200, granted.body);
    assert.equal(granted.json().status, 'granted');
    const view = (await company.get(`/api/licences/${id}`)).json();
    assert.equal(view.version, 2);
    assert.equal(view.fields.find((f: { key: string }) => f.key === 'project').value, '椰城示范大厦（更名）');
    assert.deepEqual(view.versions.map((v: { event: string; version: number }) => [v.event, v.version]), [['issued', 1], ['changed', 2]]);
    const [v1, v2] = await Promise.all([company.get(`/api/licences/${id}/pdf?version=1`), company.get(`/api/licences/${id}/pdf`)]);
    assert.equal(v1.statusCode, 200);
    assert.equal(v2.statusCode, 200);
    assert.notDeepEqual(v1.rawPayload, v2.rawPayload);
    assert.equal((await verificationOf(id, 1)).status.code, 'superseded');
    assert.equal((await verificationOf(id, 2)).status.code, 'valid');
    const again = await chief.post(`/api/licence-applications/${applied.json().id}/decision`, { approve: true, reason: '再次' });
    assert.equal(again.json().code, 'LICENCE_APPLICATION_STATE_CONFLICT');

    // The company renamed (企业更名): the field printing the holder's name is the holder's name, so the holder
    // block, the lists and the verification page follow it; the earlier versions keep the name they printed.
    const oldName = view.holder.name as string;
    const rename = await company.post(`/api/licences/${id}/applications`, { kind: 'change', reason: '企业更名', changes: { holder: '海南椰风新名称餐饮有限公司' } });
    assert.equal(rename.statusCode, 200, rename.body);
    assert.equal((await chief.post(`/api/licence-applications/${rename.json().id}/decision`, { approve: true, reason: '准予变更' })).statusCode, 200);
    const renamed = (await company.get(`/api/licences/${id}`)).json();
    assert.equal(renamed.version, 3);
    assert.equal(renamed.holder.name, '海南椰风新名称餐饮有限公司');
    assert.equal(renamed.fields.find((f: { key: string }) => f.key === 'holder').value, '海南椰风新名称餐饮有限公司');
    assert.notEqual(oldName, renamed.holder.name);
    const listed = (await company.get('/api/wallet/licences?pageSize=100')).json();
    assert.equal(listed.licences.find((x: { id: string }) => x.id === id).holder.name, '海南椰风新名称餐饮有限公司');
    assert.equal((await verificationOf(id, 3)).status.code, 'valid');
    assert.equal((await verificationOf(id, 2)).status.code, 'superseded');
  });

  test('renewal extends the validity by the type\'s period; granted only while the licence may still be renewed', async () => {
    const id = await issuedLicence();
    const first = await company.post(`/api/licences/${id}/applications`, { kind: 'renewal', reason: '继续施工' });
    assert.equal(first.statusCode, 200, first.body);
    const g = await chief.post(`/api/licence-applications/${first.json().id}/decision`, { approve: true, reason: '准予延续' });
    assert.equal(g.statusCode, 200, g.body);
    const l = await t.ctx.db.selectFrom('elicences').select(['valid_to', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual([l.valid_to, l.version], ['2028-03-01', 2]);

    // Applied for, then revoked before the decision: the grant is refused and nothing is written.
    const second = await company.post(`/api/licences/${id}/applications`, { kind: 'renewal', reason: '再延续' });
    assert.equal(second.statusCode, 200);
    assert.equal((await chief.post(`/api/licences/${id}/revoke`, { reason: '违法施工' })).statusCode, 200);
    const before = await footprint(id);
    await refused(chief.post(`/api/licence-applications/${second.json().id}/decision`, { approve: true, reason: '准予' }), 409, 'LICENCE_REVOKED');
    await refused((await signIn(t.app, 'chief.market')).post(`/api/licence-applications/${second.json().id}/decision`, { approve: false, reason: '不予' }), 403, 'LICENCE_NOT_ISSUER');
    assert.deepEqual(await footprint(id), before);
  });

  test('cancellation (注销) on the holder\'s application: once; a second application or a cancelled licence is refused', async () => {
    const id = await issuedLicence();
    const a = await company.post(`/api/licences/${id}/applications`, { kind: 'cancellation', reason: '项目终止' });
    assert.equal(a.statusCode, 200);
    let before = await footprint(id);
    await refused(company.post(`/api/licences/${id}/applications`, { kind: 'cancellation', reason: '项目终止' }), 409, 'LICENCE_APPLICATION_OPEN');
    assert.deepEqual(await footprint(id), before);
    assert.equal((await chief.post(`/api/licence-applications/${a.json().id}/decision`, { approve: true, reason: '准予注销' })).statusCode, 200);
    assert.equal((await verificationOf(id, 1)).status.code, 'cancelled');
    before = await footprint(id);
    await refused(company.post(`/api/licences/${id}/applications`, { kind: 'cancellation', reason: '再注销' }), 409, 'LICENCE_STATE_CONFLICT');
    await refused(chief.post(`/api/licences/${id}/revoke`, { reason: '撤销' }), 409, 'LICENCE_STATE_CONFLICT');
    assert.deepEqual(await footprint(id), before);
  });

  test('past its end date a licence verifies as expired at once, before the expiry sweep runs; the public share page says the same', async () => {
    const id = await issuedLicence();
    const stored = async () => (await t.ctx.db.selectFrom('elicences').select(['status', 'row_version']).where('id', '=', id).executeTakeFirstOrThrow());
    try {
      t.clock.set(new Date('2027-03-01T15:59:59Z')); // 23:59:59 China time of its last day (valid to 2027-03-01)
      assert.deepEqual([(await verificationOf(id, 1)).status.code], ['valid']);
      const share = await company.post(`/api/wallet/licences/${id}/shares`, { hours: 24 });
      assert.equal(share.statusCode, 201, share.body);
      const before = await stored();
      t.clock.set(new Date('2027-03-01T16:00:01Z')); // 00:00:01 the next day; no sweep has run
      const v = await verificationOf(id, 1);
      assert.deepEqual([v.status.code, v.status.since, v.status.reason, v.status.text.zh, v.signatureValid], ['expired', '2027-03-02', null, '已过期', true]);
      const shared = await t.app.inject({ method: 'GET', url: `/api/public/licence-shares/${share.json().token}` });
      assert.equal(shared.statusCode, 200, shared.body);
      assert.equal(shared.json().licence.statusNow, 'expired');
      assert.deepEqual(await stored(), before, 'a read writes nothing: the sweep records the expiry');
      assert.equal(before.status, 'valid');
    } finally {
      t.clock.set(MONDAY);
    }
  });

  test('past its end date, before the sweep records it, a licence is judged expired: no renewal, change, suspension or late grant; cancellation still', async () => {
    const id = await issuedLicence(); // valid to 2027-03-01
    try {
      t.clock.set(new Date('2027-02-20T02:00:00Z')); // less than 30 days before: no deemed renewal (Art. 50)
      const late = await company.post(`/api/licences/${id}/applications`, { kind: 'renewal', reason: '继续施工' });
      assert.equal(late.statusCode, 200, late.body);
      t.clock.set(new Date('2027-03-02T02:00:00Z')); // the day after its last day; no sweep has run
      const before = await footprint(id);
      assert.equal(before.licence.status, 'valid', 'stored valid still');
      const conflict = async (r: ReturnType<Session['post']>) => {
        const res = await r;
        assert.deepEqual([res.statusCode, res.json().code, res.json().details?.status], [409, 'LICENCE_STATE_CONFLICT', 'expired'], res.body);
      };
      await conflict(chief.post(`/api/licence-applications/${late.json().id}/decision`, { approve: true, reason: '准予延续' }));
      await conflict(chief.post(`/api/licences/${id}/suspend`, { reason: '责令整改' }));
      await conflict(chief.post(`/api/licences/${id}/revoke`, { reason: '撤销' }));
      assert.equal((await chief.post(`/api/licence-applications/${late.json().id}/decision`, { approve: false, reason: '已过期，不予延续' })).statusCode, 200);
      const afterRefusal = await footprint(id);
      await conflict(company.post(`/api/licences/${id}/applications`, { kind: 'renewal', reason: '延续' }));
      await conflict(company.post(`/api/licences/${id}/applications`, { kind: 'change', reason: '更名', changes: { project: '新名称' } }));
      assert.deepEqual(await footprint(id), afterRefusal, 'nothing written by the refusals');
      assert.equal(before.licence.version, afterRefusal.licence.version);
      const view = (await company.get(`/api/licences/${id}`)).json();
      assert.deepEqual(view.applyKinds, ['cancellation']);
      assert.deepEqual((await chief.get(`/api/licences/${id}`)).json().actions, []);
      assert.equal((await company.post(`/api/licences/${id}/applications`, { kind: 'cancellation', reason: '不再经营' })).statusCode, 200, 'an expired licence may be cancelled');
    } finally {
      t.clock.set(MONDAY);
    }
  });

  test('a suspension does not outlive the licence: past its end a suspended licence is expired, is not reinstated, and the sweep records it', async () => {
    const id = await issuedLicence(); // valid to 2027-03-01
    assert.equal((await chief.post(`/api/licences/${id}/suspend`, { reason: '责令整改' })).statusCode, 200);
    try {
      t.clock.set(new Date('2027-03-02T02:00:00Z')); // the day after its last day; no sweep has run
      assert.equal((await verificationOf(id, 1)).status.code, 'expired');
      const before = await footprint(id);
      assert.equal(before.licence.status, 'suspended', 'stored suspended still');
      for (const action of ['reinstate', 'revoke']) {
        const res = await chief.post(`/api/licences/${id}/${action}`, { reason: '整改完毕' });
        assert.deepEqual([res.statusCode, res.json().code, res.json().details?.status], [409, 'LICENCE_STATE_CONFLICT', 'expired'], `${action}: ${res.body}`);
      }
      assert.deepEqual(await footprint(id), before, 'nothing written by the refusals');
      assert.deepEqual((await chief.get(`/api/licences/${id}`)).json().actions, []);
      assert.ok(await expireDue(t.ctx) >= 1);
      const l = await t.ctx.db.selectFrom('elicences').select(['status', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
      assert.deepEqual([l.status, l.version], ['expired', 1]);
      const events = await t.ctx.db.selectFrom('audit_events').select('action').where('stream', '=', `licence:${id}`).orderBy('seq').execute();
      assert.equal(events.at(-1)!.action, 'licence.expired');
      assert.equal(await expireDue(t.ctx), 0, 'once');
    } finally {
      t.clock.set(MONDAY);
    }
  });

  test('Art. 50: a renewal applied for 30 days before the end and still undecided at expiry is deemed granted by the sweep, not expired', async () => {
    const id = await issuedLicence(); // valid to 2027-03-01
    try {
      t.clock.set(new Date('2027-01-30T02:00:00Z')); // 30 days before: in time
      const a = await company.post(`/api/licences/${id}/applications`, { kind: 'renewal', reason: '继续施工' });
      assert.equal(a.statusCode, 200, a.body);
      t.clock.set(new Date('2027-03-02T02:00:00Z'));
      await expireDue(t.ctx);
      const l = await t.ctx.db.selectFrom('elicences').select(['status', 'valid_to', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
      assert.deepEqual([l.status, l.valid_to, l.version], ['valid', '2028-03-01', 2]);
      const app = await t.ctx.db.selectFrom('elicence_applications').selectAll().where('id', '=', a.json().id).executeTakeFirstOrThrow();
      assert.deepEqual([app.status, app.decided_by], ['granted', null]);
      assert.match(app.decision_reason ?? '', /视为准予延续/);
      const events = await t.ctx.db.selectFrom('audit_events').select('action').where('stream', '=', `licence:${id}`).orderBy('seq').execute();
      assert.deepEqual(events.slice(-2).map((e) => e.action), ['licence.renewed', 'licence.application_granted']);
      assert.equal((await verificationOf(id, 2)).status.code, 'valid');
      assert.equal(await expireDue(t.ctx), 0, 'once');
    } finally {
      t.clock.set(MONDAY);
    }
  });

  test('the holder is told before expiry, once; the expiry sweep marks the licence expired', async () => {
    const id = await issuedLicence();
    const notices = () => t.ctx.db.selectFrom('notifications').select('id').where('user_id', '=', company.user.id).where('kind', '=', 'licence_expiring').execute();
    const already = (await notices()).length;
    t.clock.set(new Date('2027-01-15T02:00:00Z'));
    assert.equal(await remindExpiring(t.ctx), 0, 'more than 30 days before 2027-03-01');
    t.clock.set(new Date('2027-02-01T02:00:00Z'));
    assert.ok(await remindExpiring(t.ctx) >= 1);
    assert.equal(await remindExpiring(t.ctx), 0, 'told once');
    assert.equal((await notices()).length, already + (await t.ctx.db.selectFrom('elicences').select('id').where('expiry_notified_at', 'is not', null).where('holder_id', '=', company.user.id).execute()).length);
    t.clock.set(new Date('2027-03-01T02:00:00Z'));
    await expireDue(t.ctx);
    assert.equal((await t.ctx.db.selectFrom('elicences').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status, 'valid', 'valid through its last day');
    t.clock.set(new Date('2027-03-02T02:00:00Z'));
    assert.ok(await expireDue(t.ctx) >= 1);
    assert.equal((await t.ctx.db.selectFrom('elicences').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status, 'expired');
    assert.equal((await verificationOf(id, 1)).status.code, 'expired');
    await refused(company.post(`/api/licences/${id}/applications`, { kind: 'renewal', reason: '延续' }), 409, 'LICENCE_STATE_CONFLICT');
  });
});
