import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { makeIdNumber } from '../../lib/identity.ts';
import { DEMO_ENTERPRISE } from '../../seed/seed.ts';
import { fixtureLicence, fixtureLicenceType } from '../../test/elicence-fixture.ts';
import { jointApplication, signIn, testApp, uploadMaterial, type Session, type TestApp } from '../../test/harness.ts';

/**
 * Issue 10, materials: the online completeness check (required and conditional materials, e-licences
 * in place of files, single and joint) and the counter's checklist that acceptance needs.
 */
let t: TestApp;
let company: Session;
let window1: Session;
let hkWindow: Session;
let approver: Session;
let itemId: string;

const TODAY = '2026-11-23';
const WALK_IN = { kind: 'person', name: '符小琼', idNumber: makeIdNumber('460106', '19920815', '001'), phone: '13976000000' };

/** An item of the province's housing department with each kind of material the rule knows. */
const content = (materials: unknown[]) => ({
  name: '材料核验测试许可', nameEn: 'Materials check test permit',
  legalBasis: ['《测试条例》第一条'], conditions: ['测试条件'],
  formFields: [{ key: 'agent', label: '是否委托代理人办理', labelEn: 'Through an agent?', type: 'select', required: true, options: [{ value: 'yes', label: '是' }, { value: 'no', label: '否' }] }],
  materials,
  procedure: [{ name: '受理', role: 'window' }, { name: '审查', role: 'approver' }, { name: '决定', role: 'chief' }],
  statutoryLimitDays: 20, promisedLimitDays: 10, processingMode: 'promised', visits: 0, online: true, inHall: true,
  audiences: ['enterprise', 'person'], themes: ['construction'],
});
const MATERIALS = [
  { key: 'form', name: '测试申请表', form: 'both', originalOrCopy: 'original', copies: 1, requirement: 'required', eLicenceAccepted: false },
  { key: 'licence', name: '测试营业执照', form: 'both', originalOrCopy: 'copy', copies: 1, requirement: 'required', eLicenceAccepted: true, eLicenceTypes: ['business_licence'] },
  { key: 'proxy', name: '授权委托书', form: 'both', originalOrCopy: 'original', copies: 1, requirement: 'conditional', condition: '委托他人办理的', requiredWhen: { field: 'agent', anyOf: ['yes'] }, eLicenceAccepted: false },
  { key: 'photo', name: '现场照片', form: 'electronic', originalOrCopy: 'original', copies: 1, requirement: 'conditional', condition: '窗口认为需要的', eLicenceAccepted: false },
];

async function counts() {
  const db = t.ctx.db;
  const n = async (table: 'cases' | 'audit_events' | 'case_materials' | 'case_material_licences' | 'case_material_checks') =>
    Number((await db.selectFrom(table).select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return { cases: await n('cases'), audit: await n('audit_events'), files: await n('case_materials'), licences: await n('case_material_licences'), checks: await n('case_material_checks') };
}

const apply = (materials: unknown[], agent = 'no') =>
  company.post('/api/cases', { itemId, form: { contactName: '王五', contactPhone: '13800000000', agent }, materials, idempotencyKey: randomUUID() });
const pdf = (name = '材料.pdf') => uploadMaterial(t.app, company, name);

before(async () => {
  t = await testApp({ now: new Date(`${TODAY}T02:00:00Z`), env: { SESSION_TTL_HOURS: '100000' } });
  const [manager, manager2] = [await signIn(t.app, 'manager'), await signIn(t.app, 'manager2')];
  company = await signIn(t.app, DEMO_ENTERPRISE.creditCode);
  window1 = await signIn(t.app, 'window1');
  hkWindow = await signIn(t.app, 'hk.window1');
  approver = await signIn(t.app, 'approver.housing');
  const org = (await manager.get('/api/admin/org')).json();
  const housing = org.departments.find((d: { name: string }) => d.name === '海南省住房和城乡建设厅').id;
  const created = await manager.post('/api/admin/items', { identity: { departmentId: housing, type: '01', level: 'province', codeRegion: '46', codeMain: '90077', codeSub: '000' }, content: content(MATERIALS) });
  assert.equal(created.statusCode, 201, created.body);
  itemId = created.json().id;
  assert.equal((await manager.post(`/api/admin/items/${itemId}/publish`, { validFrom: TODAY })).statusCode, 200);
  const req = (await manager.post(`/api/admin/items/${itemId}/requests`, { kind: 'admission', reason: '测试进驻' })).json();
  assert.equal((await manager2.post(`/api/admin/requests/${req.id}/decision`, { approve: true, reason: '同意' })).statusCode, 200);
  // Issue 12 checks a named e-licence against the library: the two these tests name exist there, held by their applicants.
  const type = await fixtureLicenceType(t.ctx.db, { code: 'business_licence', holderType: 'credit_code' });
  await fixtureLicence(t.ctx.db, { typeId: type.id, departmentId: type.departmentId, number: '91460000MA5T000001', holderName: DEMO_ENTERPRISE.name, holderCodeType: 'credit_code', holderCode: DEMO_ENTERPRISE.creditCode });
  await fixtureLicence(t.ctx.db, { typeId: type.id, departmentId: type.departmentId, number: '91460000MA5T000002', holderName: WALK_IN.name, holderCodeType: 'id_number', holderCode: WALK_IN.idNumber });
});
after(() => t.close());

describe('an online application carries every required material', () => {
  test('without them: 400 MATERIALS_REQUIRED naming each missing one in Chinese and English, and nothing written', async () => {
    const before = await counts();
    const none = await apply([]);
    assert.equal(none.statusCode, 400, none.body);
    const body = none.json();
    assert.equal(body.code, 'MATERIALS_REQUIRED');
    assert.deepEqual(body.details.missing, ['form', 'licence'], 'the conditional ones are not asked when the answers do not make them required');
    for (const name of ['测试申请表', '测试营业执照']) assert.ok(body.message.zh.includes(name), body.message.zh);
    for (const key of ['form', 'licence']) assert.ok(body.message.en.includes(key), body.message.en);
    const one = await apply([{ key: 'form', fileId: await pdf() }]);
    assert.deepEqual([one.statusCode, one.json().code, one.json().details.missing], [400, 'MATERIALS_REQUIRED', ['licence']]);
    const after = await counts();
    assert.deepEqual(after, before, 'no case, audit event or material row');
  });

  test('a conditional material is required when the form answers meet its declared condition', async () => {
    const before = await counts();
    const asAgent = await apply([{ key: 'form', fileId: await pdf() }, { key: 'licence', fileId: await pdf() }], 'yes');
    assert.equal(asAgent.statusCode, 400);
    assert.deepEqual([asAgent.json().code, asAgent.json().details.missing], ['MATERIALS_REQUIRED', ['proxy']]);
    assert.ok(asAgent.json().message.zh.includes('授权委托书'));
    assert.deepEqual(await counts(), before, 'nothing written');
    const complete = await apply([{ key: 'form', fileId: await pdf() }, { key: 'licence', fileId: await pdf() }, { key: 'proxy', fileId: await pdf() }], 'yes');
    assert.equal(complete.statusCode, 201, complete.body);
    assert.deepEqual(complete.json().case, (await company.get(`/api/cases/${complete.json().case.id}`)).json(), 'the answer is the case as read back');
  });

  test('an e-licence stands in for a material that declares it; refused for another type or a material that does not', async () => {
    const before = await counts();
    const wrongType = await apply([{ key: 'form', fileId: await pdf() }, { key: 'licence', eLicence: { type: 'food_licence', number: 'JY14601000001', consent: true } }]);
    assert.deepEqual([wrongType.statusCode, wrongType.json().code], [400, 'MATERIAL_ELICENCE_REFUSED']);
    assert.ok(wrongType.json().message.zh.includes('测试营业执照') && wrongType.json().message.en.includes('licence'));
    const notAccepted = await apply([{ key: 'form', eLicence: { type: 'business_licence', number: 'X1', consent: true } }, { key: 'licence', fileId: await pdf() }]);
    assert.deepEqual([notAccepted.statusCode, notAccepted.json().code], [400, 'MATERIAL_ELICENCE_REFUSED']);
    const both = await apply([{ key: 'form', fileId: await pdf(), eLicence: { type: 'business_licence', number: 'X1', consent: true } }, { key: 'licence', fileId: await pdf() }]);
    assert.deepEqual([both.statusCode, both.json().code], [400, 'MATERIAL_REF_INVALID']);
    const neither = await apply([{ key: 'form' }, { key: 'licence', fileId: await pdf() }]);
    assert.deepEqual([neither.statusCode, neither.json().code], [400, 'MATERIAL_REF_INVALID']);
    assert.deepEqual(await counts(), before, 'nothing written');

    const ok = await apply([{ key: 'form', fileId: await pdf() }, { key: 'licence', eLicence: { type: 'business_licence', number: '91460000MA5T000001', consent: true } }]);
    assert.equal(ok.statusCode, 201, ok.body);
    const list = (await window1.get(`/api/cases/${ok.json().case.id}/checklist`)).json();
    const licence = list.materials.find((m: { key: string }) => m.key === 'licence');
    assert.deepEqual(licence.eLicence, { type: 'business_licence', number: '91460000MA5T000001' });
    assert.equal(licence.received, true, 'a named e-licence counts as received until the window records otherwise');
    assert.equal(ok.json().case.materials.find((m: { key: string }) => m.key === 'licence').status, 'submitted', 'the case page shows it given');
    assert.deepEqual(ok.json().case, (await company.get(`/api/cases/${ok.json().case.id}`)).json(), 'the answer (built from what was written) is the case as read back');
    assert.deepEqual(list.missing, []);
  });

  test('a joint application carries every required material of the checklist its answers made', async () => {
    const hkManager = await signIn(t.app, 'hk.manager');
    const matter = (await t.app.inject({ method: 'GET', url: `/api/joint/centers/${hkManager.user.centerId}/matters/open-restaurant` })).json().id;
    const body = await jointApplication(t.app, company, matter, { entity: 'company', large: 'yes', sewage: 'no' });
    const [dropped, ...rest] = body.materials;
    const before = await counts();
    const res = await company.post(`/api/joint/matters/${matter}/cases`, { ...body, materials: rest });
    assert.equal(res.statusCode, 400, res.body);
    assert.deepEqual([res.json().code, res.json().details.missing], ['MATERIALS_REQUIRED', [dropped!.key]]);
    assert.deepEqual(await counts(), before, 'nothing written');
    assert.equal((await company.post(`/api/joint/matters/${matter}/cases`, body)).statusCode, 201);
  });

  test("an item's material condition must name a field of its form", async () => {
    const manager = await signIn(t.app, 'manager');
    const org = (await manager.get('/api/admin/org')).json();
    const housing = org.departments.find((d: { name: string }) => d.name === '海南省住房和城乡建设厅').id;
    const bad = [...MATERIALS.slice(0, 2), { ...MATERIALS[2], requiredWhen: { field: 'nosuch', anyOf: ['yes'] } }];
    const res = await manager.post('/api/admin/items', { identity: { departmentId: housing, type: '01', level: 'province', codeRegion: '46', codeMain: '90078', codeSub: '000' }, content: content(bad) });
    assert.deepEqual([res.statusCode, res.json().code], [400, 'MATERIAL_CONDITION_INVALID']);
  });
});

describe("the counter's checklist and acceptance", () => {
  async function walkIn(clerk: Session, materials: unknown[] = []) {
    const res = await clerk.post('/api/counter/cases', {
      itemId, applicant: WALK_IN,
      form: { contactName: '符小琼', contactPhone: '13976000000', agent: 'yes' }, materials, idempotencyKey: randomUUID(),
    });
    assert.equal(res.statusCode, 201, res.body);
    return res.json().case.id as string;
  }
  const status = async (id: string) => (await t.ctx.db.selectFrom('cases').select(['status', 'row_version']).where('id', '=', id).executeTakeFirstOrThrow());

  test('accept needs every required material recorded as received; refused with the missing named and nothing written', async () => {
    const id = await walkIn(window1);
    const before = { row: await status(id), counts: await counts() };
    const refused = await window1.post(`/api/cases/${id}/actions`, { action: 'accept' });
    assert.equal(refused.statusCode, 409, refused.body);
    assert.equal(refused.json().code, 'MATERIALS_NOT_RECEIVED');
    assert.deepEqual(refused.json().details.missing, ['form', 'licence', 'proxy'], 'the answers made the power of attorney required');
    assert.ok(refused.json().message.zh.includes('授权委托书') && refused.json().message.en.includes('proxy'));
    assert.deepEqual({ row: await status(id), counts: await counts() }, before, 'status, audit and rows unchanged');

    const partly = await window1.put(`/api/cases/${id}/checklist`, { items: [{ key: 'form', state: 'original' }, { key: 'licence', state: 'copy' }, { key: 'proxy', state: 'missing' }] });
    assert.equal(partly.statusCode, 200, partly.body);
    assert.deepEqual(partly.json().missing, ['proxy']);
    const form = partly.json().materials.find((m: { key: string }) => m.key === 'form');
    assert.equal(form.check.state, 'original');
    const clerk = await t.ctx.db.selectFrom('users').select('name').where('id', '=', window1.user.id).executeTakeFirstOrThrow();
    assert.equal(form.check.by, clerk.name, 'the clerk who checked is named');
    assert.equal(form.check.at, `${TODAY}T02:00:00.000Z`);
    const second = await window1.post(`/api/cases/${id}/actions`, { action: 'accept' });
    assert.deepEqual([second.statusCode, second.json().details.missing], [409, ['proxy']]);

    const events = await t.ctx.db.selectFrom('audit_events').select(['action', 'actor_id', 'data']).where('stream', '=', `case:${id}`).orderBy('seq').execute();
    const checked = events.find((e) => e.action === 'case.materials_checked')!;
    assert.equal(checked.actor_id, window1.user.id, 'who checked is recorded');
    assert.deepEqual((checked.data as { items: Array<{ key: string; state: string }> }).items.map((i) => [i.key, i.state]), [['form', 'original'], ['licence', 'copy'], ['proxy', 'missing']]);

    const scan = await uploadMaterial(t.app, window1, '委托书扫描件.pdf');
    const done = await window1.put(`/api/cases/${id}/checklist`, { items: [{ key: 'proxy', state: 'original', fileId: scan }] });
    assert.equal(done.statusCode, 200, done.body);
    const proxy = done.json().materials.find((m: { key: string }) => m.key === 'proxy');
    assert.deepEqual(proxy.files.map((f: { id: string; mime: string }) => [f.id, f.mime]), [[scan, 'application/pdf']], 'the scan is attached for preview');
    const accepted = await window1.post(`/api/cases/${id}/actions`, { action: 'accept' });
    assert.equal(accepted.statusCode, 200, accepted.body);
    assert.equal(accepted.json().case.status, 'accepted');

    const late = await window1.put(`/api/cases/${id}/checklist`, { items: [{ key: 'proxy', state: 'missing' }] });
    assert.deepEqual([late.statusCode, late.json().code], [409, 'MATERIAL_CHECK_CLOSED']);
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/cases/${id}/checklist`, headers: { cookie: window1.cookie } })).json().materials.find((m: { key: string }) => m.key === 'proxy').check.state, 'original');
  });

  test('an e-licence record needs a licence; a material that accepts none cannot be recorded as one; nothing written', async () => {
    const id = await walkIn(window1);
    const before = await counts();
    const noNumber = await window1.put(`/api/cases/${id}/checklist`, { items: [{ key: 'licence', state: 'e_licence' }] });
    assert.deepEqual([noNumber.statusCode, noNumber.json().code], [400, 'ELICENCE_NUMBER_REQUIRED']);
    const notAccepted = await window1.put(`/api/cases/${id}/checklist`, { items: [{ key: 'form', state: 'original' }, { key: 'proxy', state: 'e_licence', eLicence: { type: 'business_licence', number: 'X' } }] });
    assert.deepEqual([notAccepted.statusCode, notAccepted.json().code], [400, 'MATERIAL_ELICENCE_REFUSED']);
    const unknown = await window1.put(`/api/cases/${id}/checklist`, { items: [{ key: 'nosuch', state: 'original' }] });
    assert.deepEqual([unknown.statusCode, unknown.json().code], [400, 'MATERIAL_UNKNOWN']);
    assert.deepEqual(await counts(), before, 'no check row and no audit event');
    const ok = await window1.put(`/api/cases/${id}/checklist`, { items: [{ key: 'licence', state: 'e_licence', eLicence: { type: 'business_licence', number: '91460000MA5T000002' } }] });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual(ok.json().materials.find((m: { key: string }) => m.key === 'licence').check.eLicence, { type: 'business_licence', number: '91460000MA5T000002' });
  });

  test('only the window of the case records and only staff who read it read: an applicant, another center and a back office are refused', async () => {
    const id = await walkIn(window1);
    const before = await counts();
    const items = { items: [{ key: 'form', state: 'original' }] };
    assert.equal((await company.get(`/api/cases/${id}/checklist`)).statusCode, 403, 'an applicant reads no checklist');
    assert.equal((await company.put(`/api/cases/${id}/checklist`, items)).statusCode, 403);
    assert.equal((await hkWindow.get(`/api/cases/${id}/checklist`)).statusCode, 403, "another center's clerk");
    assert.equal((await hkWindow.put(`/api/cases/${id}/checklist`, items)).statusCode, 403);
    assert.equal((await approver.put(`/api/cases/${id}/checklist`, items)).statusCode, 403, 'the back office does not record the counter checklist');
    assert.equal((await t.app.inject({ method: 'PUT', url: `/api/cases/${id}/checklist`, payload: items })).statusCode, 401);
    assert.deepEqual(await counts(), before, 'nothing written');
    const read = await approver.get(`/api/cases/${id}/checklist`);
    assert.equal(read.statusCode, 200, 'the department reads what the window received');
    assert.equal(read.json().editable, false);
    assert.equal((await window1.get(`/api/cases/${id}/checklist`)).json().editable, true);
    assert.equal((await window1.get(`/api/cases/${randomUUID()}/checklist`)).statusCode, 404);
  });

  test("an applicant's own online case: uploads count as received until the window records one missing", async () => {
    const res = await apply([{ key: 'form', fileId: await pdf() }, { key: 'licence', fileId: await pdf() }]);
    const id = res.json().case.id;
    assert.equal((await company.get(`/api/cases/${id}/checklist`)).statusCode, 403, 'the checklist is the window\'s record, not shown to the applicant');
    assert.equal((await window1.put(`/api/cases/${id}/checklist`, { items: [{ key: 'licence', state: 'missing', note: '扫描件不清晰' }] })).statusCode, 200);
    const refused = await window1.post(`/api/cases/${id}/actions`, { action: 'accept' });
    assert.deepEqual([refused.statusCode, refused.json().details.missing], [409, ['licence']]);
    // The missing material is what the one-time supplement notice lists.
    const notice = await window1.post(`/api/cases/${id}/actions`, { action: 'request_supplement', items: [{ key: 'licence', reason: '扫描件不清晰，请重新上传' }] });
    assert.equal(notice.statusCode, 200, notice.body);
  });
});
