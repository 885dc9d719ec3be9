import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { DEMO_ENTERPRISE, DEMO_PERSON } from '../../seed/seed.ts';
import { fixtureLicence, fixtureLicenceType } from '../../test/elicence-fixture.ts';
import { signIn, testApp, uploadMaterial, type Session, type TestApp } from '../../test/harness.ts';

/**
 * Issue 12, reuse: an e-licence named for a material (online, in a supplement, on the counter
 * checklist) is checked against the library — it exists, the applicant holds it, it is valid today,
 * the material accepts its type, consent was given — and refused otherwise with nothing written;
 * each use is recorded with its 申请事由 and consent time; staff read it only through the case.
 */
let t: TestApp;
let company: Session;
let person: Session;
let window1: Session;
let hkWindow: Session;
let otherDept: Session;
let itemId: string;
const TODAY = '2026-11-23';
const TYPE = 'wallet_test_business';
const OTHER_TYPE = 'wallet_test_food';
const ITEM_NAME = '证照复用测试许可';
const FORM = { contactName: '王五', contactPhone: '13800000000', summary: '申请证照复用测试' };

let own: { id: string; number: string };
let ownOther: { id: string; number: string };
let others: { id: string; number: string };
let revoked: { id: string; number: string };
let suspended: { id: string; number: string };
let lapsed: { id: string; number: string };

const MATERIALS = [
  { key: 'form', name: '测试申请表', form: 'both', originalOrCopy: 'original', copies: 1, requirement: 'required', eLicenceAccepted: false },
  { key: 'licence', name: '测试营业执照', form: 'both', originalOrCopy: 'copy', copies: 1, requirement: 'required', eLicenceAccepted: true, eLicenceTypes: [TYPE] },
];
const content = {
  name: ITEM_NAME, nameEn: 'Licence reuse test permit', legalBasis: ['《测试条例》第一条'], conditions: ['测试条件'],
  formFields: [], materials: MATERIALS,
  procedure: [{ name: '受理', role: 'window' }, { name: '审查', role: 'approver' }, { name: '决定', role: 'chief' }],
  statutoryLimitDays: 20, promisedLimitDays: 10, processingMode: 'promised', visits: 0, online: true, inHall: true,
  audiences: ['enterprise', 'person'], themes: ['construction'],
};

type Table = 'cases' | 'audit_events' | 'case_materials' | 'case_material_licences' | 'case_material_checks' | 'elicence_uses' | 'elicence_reads';
async function counts() {
  const db = t.ctx.db;
  const out: Partial<Record<Table, number>> = {};
  for (const table of ['cases', 'audit_events', 'case_materials', 'case_material_licences', 'case_material_checks', 'elicence_uses', 'elicence_reads'] as const) {
    out[table] = Number((await db.selectFrom(table).select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  }
  return out;
}

const ref = (l: { number: string }, extra: object = {}) => ({ type: TYPE, number: l.number, consent: true, ...extra });
const apply = async (s: Session, licence: object) =>
  s.post('/api/cases', { itemId, form: FORM, materials: [{ key: 'form', fileId: await uploadMaterial(t.app, s) }, { key: 'licence', eLicence: licence }], idempotencyKey: randomUUID() });
const usesOf = (licenceId: string) => t.ctx.db.selectFrom('elicence_uses').selectAll().where('licence_id', '=', licenceId).execute();

before(async () => {
  t = await testApp({ now: new Date(`${TODAY}T02:00:00Z`), env: { SESSION_TTL_HOURS: '100000' } });
  const [manager, manager2] = [await signIn(t.app, 'manager'), await signIn(t.app, 'manager2')];
  company = await signIn(t.app, DEMO_ENTERPRISE.creditCode);
  person = await signIn(t.app, DEMO_PERSON.idNumber);
  window1 = await signIn(t.app, 'window1');
  hkWindow = await signIn(t.app, 'hk.window1');
  otherDept = await signIn(t.app, 'approver.market');
  const org = (await manager.get('/api/admin/org')).json();
  const housing = org.departments.find((d: { name: string }) => d.name === '海南省住房和城乡建设厅').id;
  const created = await manager.post('/api/admin/items', { identity: { departmentId: housing, type: '01', level: 'province', codeRegion: '46', codeMain: '90078', codeSub: '000' }, content });
  assert.equal(created.statusCode, 201, created.body);
  itemId = created.json().id;
  assert.equal((await manager.post(`/api/admin/items/${itemId}/publish`, { validFrom: TODAY })).statusCode, 200);
  const req = (await manager.post(`/api/admin/items/${itemId}/requests`, { kind: 'admission', reason: '测试进驻' })).json();
  assert.equal((await manager2.post(`/api/admin/requests/${req.id}/decision`, { approve: true, reason: '同意' })).statusCode, 200);

  const type = await fixtureLicenceType(t.ctx.db, { code: TYPE, holderType: 'credit_code' });
  const otherType = await fixtureLicenceType(t.ctx.db, { code: OTHER_TYPE, holderType: 'credit_code' });
  const mine = { typeId: type.id, departmentId: type.departmentId, holderName: DEMO_ENTERPRISE.name, holderCodeType: 'credit_code' as const, holderCode: DEMO_ENTERPRISE.creditCode };
  own = await fixtureLicence(t.ctx.db, mine);
  ownOther = await fixtureLicence(t.ctx.db, { ...mine, typeId: otherType.id });
  revoked = await fixtureLicence(t.ctx.db, { ...mine, status: 'revoked' });
  suspended = await fixtureLicence(t.ctx.db, { ...mine, status: 'suspended' });
  lapsed = await fixtureLicence(t.ctx.db, { ...mine, issueDate: '2020-01-01', validTo: '2026-11-22' });
  others = await fixtureLicence(t.ctx.db, { ...mine, holderName: '海南另一家示例公司', holderCode: '91460100MA5T0002XA' });
});
after(() => t.close());

describe('an e-licence in place of a material', () => {
  test('my own valid licence, with consent: the case is created and the use recorded (who, 申请事由, consent time)', async () => {
    const res = await apply(company, ref(own));
    assert.equal(res.statusCode, 201, res.body);
    const uses = await usesOf(own.id);
    assert.equal(uses.length, 1);
    assert.equal(uses[0]!.case_id, res.json().case.id);
    assert.equal(uses[0]!.material_key, 'licence');
    assert.equal(uses[0]!.used_by, company.user.id);
    assert.equal(uses[0]!.purpose, ITEM_NAME, '申请事由 is the item applied for');
    assert.equal(uses[0]!.consented_at.toISOString(), `${TODAY}T02:00:00.000Z`);
    // The holder sees the use in the wallet.
    const seen = (await company.get(`/api/wallet/licences/${own.id}/uses`)).json();
    assert.deepEqual(seen.uses.map((u: { caseId: string; purpose: string; by: string }) => [u.caseId, u.purpose, u.by]), [[res.json().case.id, ITEM_NAME, DEMO_ENTERPRISE.name]]);
  });

  test('refused with nothing written: no consent, not in the library, another holder, not valid, a type the material does not accept', async () => {
    const before = await counts();
    const expect = async (licence: object, status: number, code: string, extra?: (b: { details?: { status?: string } }) => void) => {
      const res = await apply(company, licence);
      assert.deepEqual([res.statusCode, res.json().code], [status, code], res.body);
      extra?.(res.json());
      assert.ok(res.json().message.zh && res.json().message.en);
    };
    await expect({ type: TYPE, number: own.number }, 400, 'ELICENCE_CONSENT_REQUIRED');
    await expect(ref(own, { consent: false }), 400, 'ELICENCE_CONSENT_REQUIRED');
    await expect(ref({ number: 'NO-SUCH-LICENCE' }), 400, 'ELICENCE_NOT_FOUND');
    await expect(ref(others), 403, 'ELICENCE_NOT_HOLDER');
    await expect(ref(revoked), 409, 'ELICENCE_NOT_VALID', (b) => assert.equal(b.details?.status, 'revoked'));
    await expect(ref(suspended), 409, 'ELICENCE_NOT_VALID', (b) => assert.equal(b.details?.status, 'suspended'));
    await expect(ref(lapsed), 409, 'ELICENCE_NOT_VALID', (b) => assert.equal(b.details?.status, 'expired', 'past its end date though the sweep has not run'));
    await expect({ type: OTHER_TYPE, number: ownOther.number, consent: true }, 400, 'MATERIAL_ELICENCE_REFUSED');
    // A person cannot use an enterprise's licence either, even naming it exactly.
    const res = await apply(person, ref(own));
    assert.deepEqual([res.statusCode, res.json().code], [403, 'ELICENCE_NOT_HOLDER']);
    assert.deepEqual(await counts(), before, 'no case, audit event, material, reference or use');
  });

  test('a supplement answered with an e-licence is checked the same way', async () => {
    const res = await company.post('/api/cases', { itemId, form: FORM, materials: [{ key: 'form', fileId: await uploadMaterial(t.app, company) }, { key: 'licence', fileId: await uploadMaterial(t.app, company) }], idempotencyKey: randomUUID() });
    const id = res.json().case.id;
    assert.equal((await window1.post(`/api/cases/${id}/actions`, { action: 'request_supplement', items: [{ key: 'licence', reason: '请提供有效营业执照' }] })).statusCode, 200);
    const before = await counts();
    const refused = await company.post(`/api/cases/${id}/actions`, { action: 'resubmit', materials: [{ key: 'licence', eLicence: ref(others) }] });
    assert.deepEqual([refused.statusCode, refused.json().code], [403, 'ELICENCE_NOT_HOLDER']);
    assert.deepEqual(await counts(), before, 'nothing written');
    assert.equal((await company.get(`/api/cases/${id}`)).json().status, 'supplement_requested');
    const ok = await company.post(`/api/cases/${id}/actions`, { action: 'resubmit', materials: [{ key: 'licence', eLicence: ref(own) }] });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.ok((await usesOf(own.id)).some((u) => u.case_id === id));
  });
});

describe('the counter checklist names e-licences the applicant holds', () => {
  let caseId: string;
  before(async () => {
    const res = await company.post('/api/cases', { itemId, form: FORM, materials: [{ key: 'form', fileId: await uploadMaterial(t.app, company) }, { key: 'licence', fileId: await uploadMaterial(t.app, company) }], idempotencyKey: randomUUID() });
    caseId = res.json().case.id;
  });

  test("another holder's, a revoked or an unknown licence is refused, nothing written; my own is recorded as the clerk's use", async () => {
    const before = await counts();
    const put = (number: string) => window1.put(`/api/cases/${caseId}/checklist`, { items: [{ key: 'licence', state: 'e_licence', eLicence: { type: TYPE, number } }] });
    const wrong = await put(others.number);
    assert.deepEqual([wrong.statusCode, wrong.json().code, wrong.json().field], [403, 'ELICENCE_NOT_HOLDER', 'items']);
    assert.deepEqual([(await put(revoked.number)).json().code, (await put('NOPE')).json().code], ['ELICENCE_NOT_VALID', 'ELICENCE_NOT_FOUND']);
    assert.deepEqual(await counts(), before, 'no check row, audit event or use');
    const ok = await put(own.number);
    assert.equal(ok.statusCode, 200, ok.body);
    const use = (await usesOf(own.id)).find((u) => u.case_id === caseId)!;
    assert.equal(use.used_by, window1.user.id, 'the clerk who saw it');
  });

  test('staff of the case read it, verified, with its data, and the read is shown to the holder; nobody else', async () => {
    const res = await window1.get(`/api/cases/${caseId}/licences`);
    assert.equal(res.statusCode, 200, res.body);
    const [entry] = res.json().licences;
    assert.equal(entry.materialKey, 'licence');
    assert.equal(entry.licence.id, own.id);
    assert.equal(entry.licence.statusNow, 'valid');
    assert.equal(entry.licence.holder.code, DEMO_ENTERPRISE.creditCode);
    assert.deepEqual(entry.licence.data, [{ key: 'scope', label: '经营范围', labelEn: 'Business scope', value: '餐饮服务' }]);
    assert.equal((await window1.get(`/api/cases/${caseId}/licences/${own.id}`)).statusCode, 200);

    const reads = (await company.get(`/api/wallet/licences/${own.id}/reads`)).json().reads;
    assert.equal(reads.length, 1, 'one row per reader, case and day');
    assert.deepEqual([reads[0].caseId, reads[0].by, reads[0].reads], [caseId, (await window1.get('/api/auth/me')).json().user.name, 2]);

    const before = await counts();
    assert.equal((await window1.get(`/api/cases/${caseId}/licences/${others.id}`)).statusCode, 403, 'a licence the case does not name');
    assert.equal((await hkWindow.get(`/api/cases/${caseId}/licences`)).statusCode, 403, 'another center');
    assert.equal((await otherDept.get(`/api/cases/${caseId}/licences/${own.id}`)).statusCode, 403, 'another department');
    assert.equal((await company.get(`/api/cases/${caseId}/licences`)).statusCode, 403, 'an applicant reads licences in the wallet');
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/cases/${caseId}/licences` })).statusCode, 401);
    assert.equal((await window1.get(`/api/cases/${randomUUID()}/licences`)).statusCode, 404);
    assert.deepEqual(await counts(), before, 'a refused read is not recorded');
  });
});
