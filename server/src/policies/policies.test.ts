import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { DEMO_ENTERPRISE, DEMO_PERSON } from '../seed/seed.ts';
import { fixtureLicence, fixtureLicenceType } from '../test/elicence-fixture.ts';
import { itemIdByName, jointApplication, receiveMaterials, signIn, submittedCase, testApp, uploadMaterial, type Session, type TestApp } from '../test/harness.ts';
import { noticeOf } from '../test/payment-fixtures.ts';
import { messageApplicant } from '../modules/notifications/applicant-messages.ts';
import { clerksAt } from '../test/hall-fixtures.ts';
import { bidsFixture } from '../modules/bids/bids-fixture.ts';
import { creditCode as expertCreditCode, tenderFixture, uniqueIdNumber } from '../test/expert-fixtures.ts';
import { evaluationFixture } from '../modules/evaluation/evaluation-fixture.ts';
import { makeBidKey, publishWithKey } from '../modules/trading/bid-key-fixture.ts';

/**
 * One table per resource and action: every kind of actor asks, through the API, and gets what the
 * policy says: the allowed ones succeed, the refused ones get 401 (signed out), 404 (an applicant
 * asking for another's case: it does not exist for them; another center's joint matter) or 403.
 * Level scope: the province's supervisor and manager read the cases of the Haikou center below it;
 * nobody in Haikou reads a province case.
 */
const CAST = {
  applicant: DEMO_ENTERPRISE.creditCode, 'other applicant': DEMO_PERSON.idNumber,
  window: 'window1', approver: 'approver.housing', chief: 'chief.housing', 'other department': 'approver.market', 'other chief': 'chief.market',
  manager: 'manager', supervisor: 'supervisor', finance: 'finance', 'hk.finance': 'hk.finance',
  'hk.manager': 'hk.manager', 'hk.chief': 'hk.chief.market', 'hk.supervisor': 'hk.supervisor', 'hk.window': 'hk.window1', 'hk.approver': 'hk.approver.market', 'hk.fire': 'hk.approver.fire', 'hk.water': 'hk.approver.water',
} as const;
type Who = keyof typeof CAST | 'public';
type Probe = (who: Who) => Promise<LightMyRequestResponse>;

let t: TestApp;
const s = {} as Record<keyof typeof CAST, Session>;

before(async () => {
  t = await testApp({ now: new Date('2026-11-23T02:00:00Z'), env: { SESSION_TTL_HOURS: '100000' } });
  for (const [who, login] of Object.entries(CAST)) s[who as keyof typeof CAST] = await signIn(t.app, login);
});
after(() => t.close());

const get = (url: string): Probe => (who) => (who === 'public' ? t.app.inject({ method: 'GET', url }) : s[who].get(url));
const post = (url: string, body: object): Probe => (who) => (who === 'public' ? t.app.inject({ method: 'POST', url, payload: body }) : s[who].post(url, body));

/** Asks as every actor of the table and compares all the statuses at once, so a failure shows the whole row set. */
async function expectStatuses(request: Probe, expected: Partial<Record<Who, number>>) {
  const actual: Partial<Record<Who, number>> = {};
  for (const who of Object.keys(expected) as Who[]) actual[who] = (await request(who)).statusCode;
  assert.deepEqual(actual, expected);
}

const act = (id: string, body: object) => post(`/api/cases/${id}/actions`, body);
const accept = async (clerk: Session, id: string) => assert.equal((await clerk.post(`/api/cases/${id}/actions`, { action: 'accept' })).statusCode, 200);

let province: { id: string; materials: Array<{ key: string; status: string }> };
let haikou: { id: string };

describe('policies, resource by resource', () => {
  before(async () => {
    province = await submittedCase(t.app, s.applicant, await itemIdByName(t.app, '建筑工程施工许可证核发', '海南省'));
    haikou = await submittedCase(t.app, s.applicant, await itemIdByName(t.app, '食品经营许可', '海口'));
  });

  test('case · read: the applicant, the staff of its scope, the province above a Haikou case; never upward', async () => {
    await expectStatuses(get(`/api/cases/${province.id}`), {
      public: 401, applicant: 200, 'other applicant': 404, window: 200, approver: 200, chief: 200, 'other department': 403,
      manager: 200, supervisor: 200, 'hk.manager': 403, 'hk.supervisor': 403, 'hk.window': 403,
    });
    await expectStatuses(get(`/api/cases/${haikou.id}`), {
      public: 401, applicant: 200, 'other applicant': 404, 'hk.window': 200, 'hk.approver': 200, 'hk.fire': 403, 'hk.manager': 200, 'hk.supervisor': 200,
      supervisor: 200, manager: 200, window: 403, approver: 403, chief: 403,
    });
    // Read by level is read only: the province sees no action to take on the Haikou case.
    assert.deepEqual((await s.supervisor.get(`/api/cases/${haikou.id}`)).json().allowedActions, []);
  });

  test('case · act: refused before the transition table for those out of scope, by the table for roles that may not', async () => {
    // 404 for another applicant, 403 for staff out of scope, 403 from the table for a role that may not accept.
    await expectStatuses(act(province.id, { action: 'accept' }), {
      public: 401, 'other applicant': 404, applicant: 403, approver: 403, 'other department': 403, supervisor: 403, 'hk.manager': 403, 'hk.window': 403,
    });
    await expectStatuses(act(haikou.id, { action: 'terminate', reason: '越级终止办件' }), { supervisor: 403, manager: 403, window: 403 });
    await expectStatuses(act(province.id, { action: 'accept' }), { window: 200 });
    await accept(s['hk.window'], haikou.id);
  });

  test('document · read: as the case is read', async () => {
    await expectStatuses(get(`/api/cases/${province.id}/documents/receipt`), {
      public: 401, applicant: 200, 'other applicant': 404, window: 200, chief: 200, 'other department': 403, supervisor: 200, 'hk.manager': 403,
    });
    await expectStatuses(get(`/api/cases/${haikou.id}/documents/receipt`), {
      applicant: 200, 'other applicant': 404, 'hk.manager': 200, supervisor: 200, manager: 200, window: 403, approver: 403,
    });
  });

  test('file · read: public files for anyone; a material for its uploader and the case scope (level included); 403 otherwise', async () => {
    const materialOf = async (caseId: string) => {
      const c = (await s.applicant.get(`/api/cases/${caseId}`)).json();
      return c.materials.flatMap((m: { files: Array<{ id: string }> }) => m.files)[0].id as string;
    };
    await expectStatuses(get(`/api/files/${await materialOf(province.id)}`), {
      public: 403, applicant: 200, 'other applicant': 403, window: 200, approver: 200, 'other department': 403, supervisor: 200, 'hk.manager': 403, 'hk.supervisor': 403,
    });
    await expectStatuses(get(`/api/files/${await materialOf(haikou.id)}`), {
      'hk.approver': 200, 'hk.fire': 403, supervisor: 200, manager: 200, window: 403, approver: 403,
    });
    // A file uploaded but attached to no case yet: its uploader only.
    await expectStatuses(get(`/api/files/${await uploadMaterial(t.app, s['other applicant'])}`), { 'other applicant': 200, applicant: 403, window: 403, supervisor: 403 });
    const template = (await t.ctx.db.selectFrom('files').select('id').where('public', '=', true).limit(1).executeTakeFirstOrThrow()).id;
    await expectStatuses(get(`/api/files/${template}`), { public: 200, applicant: 200, 'hk.window': 200 });
  });

  test('file · upload a template: the managers only', async () => {
    const upload: Probe = (who) => {
      const boundary = `----ow${randomUUID()}`;
      const payload = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="t.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n% template\n`),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const headers = { 'content-type': `multipart/form-data; boundary=${boundary}`, ...(who === 'public' ? {} : { cookie: s[who].cookie, 'x-csrf-token': s[who].csrf }) };
      return t.app.inject({ method: 'POST', url: '/api/admin/files', payload, headers });
    };
    await expectStatuses(upload, { public: 401, applicant: 403, window: 403, chief: 403, supervisor: 403, manager: 201, 'hk.manager': 201 });
  });

  test('item · the manager console: drafts for managers, chiefs and supervisors of the center; hall requests by a chief for their department; four eyes on the decision', async () => {
    const item = await itemIdByName(t.app, '建筑工程施工许可证核发', '海南省');
    await expectStatuses(get(`/api/admin/items/${item}`), {
      public: 401, applicant: 403, window: 403, approver: 403, chief: 200, manager: 200, supervisor: 200, 'hk.manager': 403,
    });
    const removal = { kind: 'removal', reason: '事项调整，申请退出大厅' };
    await expectStatuses(post(`/api/admin/items/${item}/requests`, removal), {
      public: 401, applicant: 403, window: 403, approver: 403, supervisor: 403, 'other chief': 403, 'hk.manager': 403,
    });
    const made = await s.chief.post(`/api/admin/items/${item}/requests`, removal);
    assert.equal(made.statusCode, 201, made.body);
    const decide = post(`/api/admin/requests/${made.json().id}/decision`, { approve: false, reason: '暂不退出大厅' });
    await expectStatuses(decide, { public: 401, applicant: 403, chief: 403, supervisor: 403, 'hk.manager': 403 });
    await expectStatuses(decide, { manager: 200 });
    // The manager's own request: another manager decides it, never the one who made it.
    const own = await s.manager.post(`/api/admin/items/${item}/requests`, removal);
    const refused = await s.manager.post(`/api/admin/requests/${own.json().id}/decision`, { approve: false, reason: '自己审批自己' });
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().code, 'FOUR_EYES');
  });

  test('joint matter · read published for anyone; manage for its own center (404 to another center)', async () => {
    const centerId = s['hk.manager'].user.centerId;
    const id = (await t.app.inject({ method: 'GET', url: `/api/joint/centers/${centerId}/matters/open-restaurant` })).json().id as string;
    await expectStatuses(get(`/api/joint/matters/${id}`), { public: 200, applicant: 200, manager: 200 });
    await expectStatuses(get(`/api/manage/joint/matters/${id}`), {
      public: 401, applicant: 403, 'hk.window': 403, 'hk.approver': 403, 'hk.supervisor': 403, manager: 404, 'hk.manager': 200,
    });
  });

  test('joint case · the lead department follows every part; a department outside the matter sees nothing; only a department of the matter pre-reviews', async () => {
    const centerId = s['hk.manager'].user.centerId;
    const matter = (await t.app.inject({ method: 'GET', url: `/api/joint/centers/${centerId}/matters/open-restaurant` })).json().id as string;
    const applied = await s.applicant.post(`/api/joint/matters/${matter}/cases`, await jointApplication(t.app, s.applicant, matter, { entity: 'company', large: 'yes', sewage: 'no' }));
    assert.equal(applied.statusCode, 201, applied.body);
    const parent = applied.json().case.id as string;
    await expectStatuses(post(`/api/joint/cases/${parent}/prereview`, { items: [] }), {
      public: 401, applicant: 403, 'hk.window': 403, 'hk.water': 403, supervisor: 403, 'other applicant': 404, 'hk.fire': 200,
    });
    await expectStatuses(get(`/api/joint/cases/${parent}/prereviews`), { applicant: 403, 'hk.water': 403, 'hk.fire': 200, supervisor: 200 });
    await accept(s['hk.window'], parent);
    const parts = (await s['hk.window'].get(`/api/cases/${parent}`)).json().children as Array<{ id: string; itemName: string }>;
    const firePart = parts.find((p) => p.itemName.includes('消防'))!.id;
    // hk.approver.market is the matter's lead department: it reads the fire part but does not act on it.
    await expectStatuses(get(`/api/cases/${firePart}`), { 'hk.approver': 200, 'hk.fire': 200, 'hk.water': 403, applicant: 200, 'other applicant': 404, supervisor: 200 });
    await expectStatuses(act(firePart, { action: 'review', opinion: '越权审查', proposal: 'approve' }), { 'hk.approver': 403, 'hk.water': 403 });
    await expectStatuses(post(`/api/joint/cases/${parent}/coordinate`, { partId: firePart, message: '请加快现场检查' }), {
      public: 401, applicant: 403, 'hk.window': 403, 'hk.fire': 403, 'hk.approver': 200,
    });
  });

  test('green channel · the managers of the case\'s center mark it; the coordinator then reads but does not act', async () => {
    const c = await submittedCase(t.app, s.applicant, await itemIdByName(t.app, '建筑工程施工许可证核发', '海南省'));
    const body = { coordinatorId: s['other department'].user.id, reason: '省重点项目' };
    await expectStatuses(get(`/api/cases/${c.id}`), { 'other department': 403 });
    await expectStatuses(post(`/api/cases/${c.id}/green`, body), { public: 401, applicant: 403, window: 403, chief: 403, supervisor: 403, 'hk.manager': 403 });
    await expectStatuses(post(`/api/cases/${c.id}/green`, body), { manager: 200 });
    await expectStatuses(get(`/api/cases/${c.id}`), { 'other department': 200 });
    await expectStatuses(act(c.id, { action: 'review', opinion: '协调人代为审查', proposal: 'approve' }), { 'other department': 403 });
  });

  test('supervision notice · a supervisor of the center issues; the department\'s chief replies; the center and the chief read', async () => {
    const body = { caseId: province.id, subject: '请说明办理进度', body: '该件临近时限，请说明', replyDueDate: '2026-11-30' };
    await expectStatuses(post('/api/supervision/notices', body), {
      public: 401, applicant: 403, window: 403, chief: 403, manager: 403, 'hk.supervisor': 403,
    });
    const issued = await s.supervisor.post('/api/supervision/notices', body);
    assert.equal(issued.statusCode, 201, issued.body);
    const id = issued.json().id as string;
    await expectStatuses(get(`/api/supervision/notices/${id}`), {
      public: 401, applicant: 403, window: 403, approver: 403, 'other chief': 403, 'hk.supervisor': 403, chief: 200, manager: 200, supervisor: 200,
    });
    await expectStatuses(get('/api/supervision/notices'), { public: 401, applicant: 403, window: 403, approver: 403, chief: 200, supervisor: 200, manager: 200 });
    const reply = post(`/api/supervision/notices/${id}/reply`, { reply: '已加快办理' });
    await expectStatuses(reply, { public: 401, applicant: 403, approver: 403, supervisor: 403, manager: 403, 'other chief': 403 });
    await expectStatuses(reply, { chief: 200 });
  });

  test('finding · those who watch the center list findings; a supervisor of its center resolves one', async () => {
    const c = await submittedCase(t.app, s.applicant, await itemIdByName(t.app, '建筑工程施工许可证核发', '海南省'));
    const missing = c.materials.find((m) => m.status === 'missing')!.key;
    const notice = { action: 'request_supplement', items: [{ key: missing, reason: '请补交' }] };
    assert.equal((await s.window.post(`/api/cases/${c.id}/actions`, notice)).statusCode, 200);
    const fileId = await uploadMaterial(t.app, s.applicant);
    assert.equal((await s.applicant.post(`/api/cases/${c.id}/actions`, { action: 'resubmit', materials: [{ key: missing, fileId }] })).statusCode, 200);
    assert.equal((await s.window.post(`/api/cases/${c.id}/actions`, notice)).statusCode, 200, 'the second notice raises a finding');
    await expectStatuses(get('/api/supervision/findings'), { public: 401, applicant: 403, window: 403, chief: 403, supervisor: 200, manager: 200, 'hk.supervisor': 200 });
    const finding = (await s.supervisor.get(`/api/supervision/findings?caseId=${c.id}`)).json().findings[0].id as string;
    const resolve = post(`/api/supervision/findings/${finding}/resolve`, { verdict: 'dismissed', reason: '已当场说明补正原因' });
    await expectStatuses(resolve, { public: 401, applicant: 403, chief: 403, manager: 403, 'hk.supervisor': 403 });
    await expectStatuses(resolve, { supervisor: 200 });
  });

  test('material check · the window of the case\'s center records; the staff who read the case read it; applicants never (403 at the gate, whoever\'s case it is)', async () => {
    const c = await submittedCase(t.app, s.applicant, await itemIdByName(t.app, '建筑工程施工许可证核发', '海南省'));
    await expectStatuses(get(`/api/cases/${c.id}/checklist`), {
      public: 401, applicant: 403, 'other applicant': 403, window: 200, approver: 200, chief: 200, supervisor: 200, manager: 200,
      'other department': 403, 'hk.window': 403, 'hk.manager': 403,
    });
    const record = (who: Who) => {
      const body = { items: [{ key: c.materials[0]!.key, state: 'original' }] };
      return who === 'public' ? t.app.inject({ method: 'PUT', url: `/api/cases/${c.id}/checklist`, payload: body }) : s[who].put(`/api/cases/${c.id}/checklist`, body);
    };
    await expectStatuses(record, {
      public: 401, applicant: 403, 'other applicant': 403, approver: 403, chief: 403, 'other department': 403, supervisor: 403, manager: 403, 'hk.window': 403,
    });
    const checks = () => t.ctx.db.selectFrom('case_material_checks').select('material_key').where('case_id', '=', c.id).execute();
    assert.deepEqual(await checks(), [], 'no refused request wrote a check');
    await expectStatuses(record, { window: 200 });
    assert.equal((await checks()).length, 1);
  });

  test('handover · the deciding department\'s box for its approvers and chief; the center\'s window sees what is coming; nobody else', async () => {
    const c = await submittedCase(t.app, s.applicant, await itemIdByName(t.app, '建筑工程施工许可证核发', '海南省'));
    await accept(s.window, c.id);
    assert.equal((await s.approver.post(`/api/cases/${c.id}/actions`, { action: 'review', opinion: '符合条件', proposal: 'approve' })).statusCode, 200);
    assert.equal((await s.chief.post(`/api/cases/${c.id}/actions`, { action: 'decide', result: 'approved', reason: '依法决定' })).statusCode, 200);
    await expectStatuses(get('/api/workbench/handover?pageSize=100'), {
      public: 401, applicant: 403, window: 403, manager: 403, supervisor: 403, 'hk.window': 403,
      approver: 200, chief: 200, 'other department': 200, 'hk.approver': 200,
    });
    await expectStatuses(get('/api/workbench/coming?pageSize=100'), {
      public: 401, applicant: 403, approver: 403, chief: 403, manager: 403, supervisor: 403, 'hk.approver': 403, window: 200, 'hk.window': 200,
    });
    // Scope: the case is in its own department's box and its own center's list only.
    const listed = async (who: keyof typeof CAST, url: string) => ((await s[who].get(url)).json().cases as Array<{ id: string }>).some((x) => x.id === c.id);
    assert.deepEqual(
      [await listed('chief', '/api/workbench/handover?pageSize=100'), await listed('other department', '/api/workbench/handover?pageSize=100'), await listed('hk.approver', '/api/workbench/handover?pageSize=100')],
      [true, false, false],
    );
    assert.deepEqual([await listed('window', '/api/workbench/coming?pageSize=100'), await listed('hk.window', '/api/workbench/coming?pageSize=100')], [true, false]);
  });

  test('cancellation · the holder requests, the chief of the case\'s department decides; others refused, nothing written', async () => {
    const c = await submittedCase(t.app, s.applicant, await itemIdByName(t.app, '建筑工程施工许可证核发', '海南省'));
    await accept(s.window, c.id);
    assert.equal((await s.approver.post(`/api/cases/${c.id}/actions`, { action: 'review', opinion: '符合条件', proposal: 'approve' })).statusCode, 200);
    assert.equal((await s.chief.post(`/api/cases/${c.id}/actions`, { action: 'decide', result: 'approved', reason: '依法决定' })).statusCode, 200);
    const requests = () => t.ctx.db.selectFrom('cancellation_requests').select(['status', 'decided_by']).where('case_id', '=', c.id).execute();
    await expectStatuses(post(`/api/cases/${c.id}/cancellation`, { reason: '项目终止，申请注销' }), {
      public: 401, 'other applicant': 404, window: 403, approver: 403, chief: 403, manager: 403, supervisor: 403, 'hk.chief': 403,
    });
    assert.deepEqual(await requests(), []);
    await expectStatuses(post(`/api/cases/${c.id}/cancellation`, { reason: '项目终止，申请注销' }), { applicant: 201 });
    // The chiefs' queue: every chief may open it, but the request is listed for the case's department only.
    await expectStatuses(get('/api/workbench/cancellations?pageSize=100'), {
      public: 401, applicant: 403, 'other applicant': 403, window: 403, approver: 403, manager: 403, supervisor: 403, 'hk.window': 403,
      chief: 200, 'other chief': 200, 'hk.chief': 200,
    });
    const queued = async (who: keyof typeof CAST) => ((await s[who].get('/api/workbench/cancellations?pageSize=100')).json().requests as Array<{ case: { id: string } }>).some((r) => r.case.id === c.id);
    assert.deepEqual([await queued('chief'), await queued('other chief'), await queued('hk.chief')], [true, false, false]);
    const decide = post(`/api/cases/${c.id}/cancellation/decision`, { approve: true, reason: '经核查属实' });
    await expectStatuses(decide, {
      public: 401, applicant: 403, 'other applicant': 403, window: 403, approver: 403, 'other chief': 403, 'hk.chief': 403, manager: 403, supervisor: 403,
    });
    assert.deepEqual(await requests(), [{ status: 'requested', decided_by: null }]);
    await expectStatuses(decide, { chief: 200 });
    assert.deepEqual(await requests(), [{ status: 'cancelled', decided_by: s.chief.user.id }]);
  });

  test('elicence · read: the holder; staff only through a case in their scope that names it; share: the holder', async () => {
    const type = await fixtureLicenceType(t.ctx.db, { code: 'policy_test_licence', holderType: 'credit_code' });
    const l = await fixtureLicence(t.ctx.db, { typeId: type.id, departmentId: type.departmentId, holderName: DEMO_ENTERPRISE.name, holderCodeType: 'credit_code', holderCode: DEMO_ENTERPRISE.creditCode });
    const unnamed = await fixtureLicence(t.ctx.db, { typeId: type.id, departmentId: type.departmentId, holderName: DEMO_ENTERPRISE.name, holderCodeType: 'credit_code', holderCode: DEMO_ENTERPRISE.creditCode });
    // The province case names the licence (as a verified use would record it).
    const now = new Date('2026-11-23T02:00:00Z');
    await t.ctx.db.insertInto('elicence_uses').values({ licence_id: l.id, case_id: province.id, material_key: 'licence', used_by: s.applicant.user.id, purpose: '测试', consented_at: now, used_at: now }).execute();
    await expectStatuses(get(`/api/wallet/licences/${l.id}`), {
      public: 401, applicant: 200, 'other applicant': 404, window: 403, approver: 403, manager: 403, supervisor: 403, 'hk.manager': 403,
    });
    await expectStatuses(get(`/api/cases/${province.id}/licences/${l.id}`), {
      public: 401, applicant: 403, 'other applicant': 403, window: 200, approver: 200, chief: 200, 'other department': 403,
      manager: 200, supervisor: 200, 'hk.manager': 403, 'hk.window': 403, 'hk.supervisor': 403,
    });
    // A licence the case does not name: no staff reads it, whatever their scope.
    await expectStatuses(get(`/api/cases/${province.id}/licences/${unnamed.id}`), { window: 403, approver: 403, manager: 403, supervisor: 403 });
    await expectStatuses(post(`/api/wallet/licences/${l.id}/shares`, { hours: 1 }), {
      public: 401, 'other applicant': 404, window: 403, manager: 403, supervisor: 403, applicant: 201,
    });
  });

  test('licence_type · the center\'s staff read its types, only its managers define and edit them; refused requests write nothing', async () => {
    await expectStatuses(get('/api/licence-types'), {
      public: 401, applicant: 403, 'other applicant': 403, window: 200, approver: 200, chief: 200, manager: 200, supervisor: 200, 'hk.manager': 200,
    });
    const housing = s.approver.user.departmentId!;
    const body = (code: string) => ({ code, name: '测试证照', issuingDepartmentId: housing, holderType: 'credit_code', validityMonths: 12, fields: [{ key: 'holder', label: '持证单位', source: 'applicant.name' }] });
    const count = async () => Number((await t.ctx.db.selectFrom('licence_types').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    await expectStatuses(post('/api/licence-types', body('POLICY-TYPE')), {
      public: 401, applicant: 403, 'other applicant': 403, window: 403, approver: 403, chief: 403, supervisor: 403,
      // Another center's manager: the housing department is not one of theirs.
      'hk.manager': 400,
    });
    assert.equal(await count(), before);
    const created = await s.manager.post('/api/licence-types', body('POLICY-TYPE'));
    assert.equal(created.statusCode, 200, created.body);
    const { id, code: _code, ...edit } = { ...body('x'), id: created.json().id as string };
    await expectStatuses((who) => (who === 'public' ? t.app.inject({ method: 'PUT', url: `/api/licence-types/${id}`, payload: edit }) : s[who].put(`/api/licence-types/${id}`, edit)), {
      public: 401, applicant: 403, chief: 403, supervisor: 403, 'hk.manager': 403, manager: 200,
    });
    await expectStatuses(get(`/api/licence-types/${id}`), { public: 401, applicant: 403, 'hk.manager': 403, 'hk.supervisor': 403, approver: 200, manager: 200 });
  });

  test('licence · its holder, the issuing department and the center\'s managers and supervisors read it; only the issuing chief revokes; refused requests write nothing', async () => {
    const l = await t.ctx.db.selectFrom('elicences as l').innerJoin('licence_types as ty', 'ty.id', 'l.type_id').select(['l.id', 'l.issuer_department_id'])
      .where('l.holder_code', '=', DEMO_ENTERPRISE.creditCode).where('ty.name', '=', '公共场所卫生许可证').executeTakeFirstOrThrow();
    const [health, healthChief] = [await signIn(t.app, 'hk.approver.health'), await signIn(t.app, 'hk.chief.health')];
    await expectStatuses(get(`/api/licences/${l.id}`), {
      public: 401, applicant: 200, 'other applicant': 404, window: 403, approver: 403, chief: 403, manager: 403, supervisor: 403,
      'hk.manager': 200, 'hk.supervisor': 200, 'hk.window': 403, 'hk.approver': 403, 'hk.chief': 403,
    });
    assert.equal((await health.get(`/api/licences/${l.id}`)).statusCode, 200);
    const footprint = async () => ({
      licence: await t.ctx.db.selectFrom('elicences').select(['status', 'row_version']).where('id', '=', l.id).executeTakeFirstOrThrow(),
      versions: (await t.ctx.db.selectFrom('elicence_versions').select('seq').where('licence_id', '=', l.id).execute()).length,
      events: (await t.ctx.db.selectFrom('audit_events').select('seq').where('stream', '=', `licence:${l.id}`).execute()).length,
    });
    const before = await footprint();
    const revoke = post(`/api/licences/${l.id}/revoke`, { reason: '以欺骗手段取得许可' });
    await expectStatuses(revoke, {
      public: 401, applicant: 403, 'other applicant': 403, window: 403, approver: 403, chief: 403, manager: 403, supervisor: 403, 'hk.manager': 403, 'hk.approver': 403, 'hk.chief': 403,
    });
    assert.equal((await s['hk.chief'].post(`/api/licences/${l.id}/revoke`, { reason: '以欺骗手段取得许可' })).json().code, 'LICENCE_NOT_ISSUER');
    assert.equal((await health.post(`/api/licences/${l.id}/suspend`, { reason: '整改' })).statusCode, 403, 'an approver of the issuing department does not decide');
    assert.deepEqual(await footprint(), before);
    // The holder applies; nobody else may.
    const apply = post(`/api/licences/${l.id}/applications`, { kind: 'renewal', reason: '继续经营' });
    await expectStatuses(apply, { public: 401, 'other applicant': 404, window: 403, chief: 403, 'hk.manager': 403, 'hk.chief': 403 });
    assert.equal((await t.ctx.db.selectFrom('elicence_applications').select('id').where('licence_id', '=', l.id).execute()).length, 0);
    await expectStatuses(apply, { applicant: 200 });
    await expectStatuses(get('/api/licence-applications'), { public: 401, applicant: 403, window: 403, approver: 403, manager: 403, chief: 200, 'hk.chief': 200 });
    const queued = async (x: Session) => ((await x.get('/api/licence-applications')).json().applications as Array<{ licenceId: string }>).some((a) => a.licenceId === l.id);
    assert.deepEqual([await queued(healthChief), await queued(s['hk.chief']), await queued(s.chief)], [true, false, false]);
    await expectStatuses(get('/api/licences/department'), { public: 401, applicant: 403, window: 403, manager: 403, supervisor: 403, approver: 200, chief: 200 });
    const appId = ((await healthChief.get('/api/licence-applications')).json().applications as Array<{ id: string; licenceId: string }>).find((a) => a.licenceId === l.id)!.id;
    await expectStatuses(post(`/api/licence-applications/${appId}/decision`, { approve: false, reason: '材料不全' }), {
      public: 401, applicant: 403, approver: 403, chief: 403, 'hk.chief': 403, 'hk.manager': 403,
    });
    assert.equal((await t.ctx.db.selectFrom('elicence_applications').select('status').where('id', '=', appId).executeTakeFirstOrThrow()).status, 'requested');
    assert.equal((await healthChief.post(`/api/licence-applications/${appId}/decision`, { approve: false, reason: '材料不全' })).statusCode, 200);
  });

  test('delivery · choose: the applicant of the case (a window clerk of its center for a walk-in); hand over and list: the window staff of its center', async () => {
    const choice = (who: Who) => (who === 'public' ? t.app.inject({ method: 'PUT', url: `/api/cases/${province.id}/delivery/choice`, payload: { method: 'cabinet' } }) : s[who].put(`/api/cases/${province.id}/delivery/choice`, { method: 'cabinet' }));
    const chosen = () => t.ctx.db.selectFrom('case_delivery_choices').select('method').where('case_id', '=', province.id).execute();
    const before = await chosen();
    await expectStatuses(choice, {
      public: 401, 'other applicant': 404, approver: 403, chief: 403, 'other department': 403, manager: 403, supervisor: 403, 'hk.window': 403, 'hk.manager': 403,
    });
    assert.deepEqual(await chosen(), before, 'nothing written');
    await expectStatuses(choice, { applicant: 200, window: 200 });
    // Handing over: refused by the policy before the case's state is looked at; the window of its center reaches the state check.
    const pickup = { verification: { kind: 'identity', number: DEMO_ENTERPRISE.creditCode }, collector: { kind: 'holder' } };
    await expectStatuses(post(`/api/cases/${province.id}/delivery/pickup`, pickup), {
      public: 401, applicant: 403, 'other applicant': 403, approver: 403, chief: 403, manager: 403, supervisor: 403, 'hk.window': 403, window: 409,
    });
    await expectStatuses(post(`/api/cases/${province.id}/delivery/cabinet`, {}), { public: 401, applicant: 403, chief: 403, 'hk.window': 403, window: 409 });
    await expectStatuses(get('/api/workbench/deliveries'), {
      public: 401, applicant: 403, 'other applicant': 403, approver: 403, chief: 403, manager: 403, supervisor: 403, window: 200, 'hk.window': 200,
    });
  });

  test('payment_notice · the center\'s lists for its finance clerks only; a case\'s notices for its payer, its department and its center', async () => {
    await expectStatuses(get('/api/finance/notices'), {
      public: 401, applicant: 403, 'other applicant': 403, window: 403, approver: 403, chief: 403, manager: 403, supervisor: 403,
      finance: 200, 'hk.finance': 200, 'hk.manager': 403, 'hk.window': 403,
    });
    for (const url of ['/api/finance/payments', '/api/finance/refunds']) {
      await expectStatuses(get(url), { public: 401, applicant: 403, window: 403, chief: 403, manager: 403, finance: 200, 'hk.finance': 200 });
    }
    await expectStatuses(get(`/api/cases/${province.id}/payment-notices`), {
      public: 401, applicant: 200, 'other applicant': 404, window: 200, approver: 200, chief: 200, 'other department': 403,
      manager: 200, supervisor: 200, finance: 200, 'hk.finance': 403, 'hk.manager': 403, 'hk.window': 403,
    });
    // The finance clerk reads fees, never the case itself.
    await expectStatuses(get(`/api/cases/${province.id}`), { finance: 403, 'hk.finance': 403 });
    await expectStatuses(act(province.id, { action: 'terminate', reason: '财务人员不得办件' }), { finance: 403, 'hk.finance': 403 });
  });

  test('payment · the payer alone pays online (another applicant: 404); the bank clerk of the notice\'s center alone looks up and collects (another center\'s: 404); nobody else', async () => {
    const notice = await noticeOf(t, province.id);
    const bank = await signIn(t.app, 'bank1');
    const hkBank = await signIn(t.app, 'hk.bank1');
    const lookup = get(`/api/bank-window/notices/${notice.notice_no}`);
    const collect = post(`/api/bank-window/notices/${notice.notice_no}/payments`, { amountFen: notice.total_fen, idempotencyKey: randomUUID() });
    const staff = { window: 403, approver: 403, chief: 403, manager: 403, supervisor: 403, 'hk.manager': 403, 'hk.window': 403 } as const;
    await expectStatuses(lookup, { public: 401, applicant: 403, 'other applicant': 403, ...staff });
    await expectStatuses(collect, { public: 401, applicant: 403, 'other applicant': 403, ...staff });
    assert.equal((await hkBank.get(`/api/bank-window/notices/${notice.notice_no}`)).statusCode, 404);
    assert.equal((await bank.get(`/api/bank-window/notices/${notice.notice_no}`)).statusCode, 200);
    const payOnline = post(`/api/payments/notices/${notice.notice_no}/online`, {});
    await expectStatuses(payOnline, { public: 401, 'other applicant': 404, ...staff });
    assert.equal((await bank.post(`/api/payments/notices/${notice.notice_no}/online`)).statusCode, 403);
    assert.equal((await t.ctx.db.selectFrom('payments').select('id').where('notice_id', '=', notice.id).execute()).length, 0);
    assert.equal((await t.ctx.db.selectFrom('payment_orders').select('id').where('notice_id', '=', notice.id).execute()).length, 0);
    await expectStatuses(payOnline, { applicant: 201 });
  });

  test('calendar · a manager edits their own center\'s region only (no level reach); the national schedule is the province\'s', async () => {
    const day = { kind: 'holiday', name: '测试假日' };
    await expectStatuses((who) => (who === 'public' ? t.app.inject({ method: 'PUT', url: '/api/admin/calendar/460100/days/2027-03-10', payload: day }) : s[who].put('/api/admin/calendar/460100/days/2027-03-10', day)), {
      public: 401, applicant: 403, 'hk.window': 403, 'hk.supervisor': 403, supervisor: 403, manager: 403, 'hk.manager': 200,
    });
  });

  test('seal · the center\'s managers request and read seal requests; another manager of the center decides, never the requester (four eyes)', async () => {
    const org = (await s.manager.get('/api/admin/org')).json() as { departments: Array<{ id: string; centerId: string; name: string }> };
    const housing = org.departments.find((d) => d.centerId === s.manager.user.centerId && d.name.includes('住房'))!;
    // An inverted validity: whoever may request gets past the policy to the 400 of the check.
    await expectStatuses(post('/api/seals/requests', { departmentId: housing.id, kind: 'create', reason: '新建印章', validFrom: '2027-01-01', validTo: '2026-01-01' }), {
      public: 401, applicant: 403, window: 403, approver: 403, chief: 403, supervisor: 403, 'hk.manager': 403, 'hk.chief': 403, manager: 400,
    });
    await expectStatuses(get('/api/seals/requests'), {
      public: 401, applicant: 403, window: 403, approver: 403, chief: 403, supervisor: 403, 'hk.supervisor': 403, manager: 200, 'hk.manager': 200,
    });
    const req = await s.manager.post('/api/seals/requests', { departmentId: housing.id, kind: 'rotate', reason: '年度轮换' });
    assert.equal(req.statusCode, 201, req.body);
    await expectStatuses(post(`/api/seals/requests/${req.json().id}/decision`, { approve: false, reason: '暂缓' }), {
      public: 401, applicant: 403, window: 403, approver: 403, chief: 403, supervisor: 403, 'hk.manager': 403, manager: 403,
    });
    assert.equal((await s.manager.post(`/api/seals/requests/${req.json().id}/decision`, { approve: false })).json().code, 'FOUR_EYES');
    const row = await t.ctx.db.selectFrom('seal_requests').select(['status', 'decided_by']).where('id', '=', req.json().id).executeTakeFirstOrThrow();
    assert.deepEqual(row, { status: 'pending', decided_by: null });
    // The list of seals and keys and the verification are public: every actor reads them.
    await expectStatuses(get('/api/public/seals'), { public: 200, applicant: 200, window: 200, manager: 200, 'hk.supervisor': 200 });
  });
  test('oidc_client · a center\'s managers register, list and revoke the center\'s relying parties and rotate the signing keys; nobody else', async () => {
    // A redirect URI over plain http to another host: whoever may register gets past the policy to the 400 of the check.
    const bad = { name: '测试系统', redirectUris: ['http://rp.example.cn/cb'], scopes: ['openid'] };
    await expectStatuses(post('/api/admin/sso/clients', bad), {
      public: 401, applicant: 403, window: 403, approver: 403, chief: 403, supervisor: 403, finance: 403, 'hk.supervisor': 403, manager: 400, 'hk.manager': 400,
    });
    await expectStatuses(get('/api/admin/sso/clients'), { public: 401, applicant: 403, window: 403, supervisor: 403, manager: 200, 'hk.manager': 200 });
    await expectStatuses(get('/api/admin/sso/keys'), { public: 401, applicant: 403, window: 403, supervisor: 403, 'hk.supervisor': 403, manager: 200 });
    const made = await s.manager.post('/api/admin/sso/clients', { name: '测试系统', redirectUris: ['https://rp.example.cn/cb'], scopes: ['openid'] });
    assert.equal(made.statusCode, 201, made.body);
    await expectStatuses(post(`/api/admin/sso/clients/${made.json().client.id}/revoke`, {}), {
      public: 401, applicant: 403, window: 403, supervisor: 403, 'hk.manager': 403, 'hk.supervisor': 403,
    });
    const row = await t.ctx.db.selectFrom('oidc_clients').select('revoked_at').where('id', '=', made.json().client.id).executeTakeFirstOrThrow();
    assert.equal(row.revoked_at, null);
  });
  test('hall · managers configure their own center; window clerks serve their own center\'s queue; a person reads, cancels and books only their own', async () => {
    const settings = { bookingMinDays: 1, bookingMaxDays: 14, noShowLimit: 3, noShowWindowDays: 90, noShowRestrictDays: 30, elderlyAge: 70, checkInEarlyMinutes: 30 };
    const put = (url: string, body: object): Probe => (who) => (who === 'public' ? t.app.inject({ method: 'PUT', url, payload: body }) : s[who].put(url, body));
    await expectStatuses(get('/api/admin/hall'), { public: 401, applicant: 403, 'other applicant': 403, window: 200, manager: 200, supervisor: 200, 'hk.window': 200 });
    await expectStatuses(put('/api/admin/hall/settings', settings), {
      public: 401, applicant: 403, 'other applicant': 403, window: 403, supervisor: 403, chief: 403, 'hk.window': 403, manager: 200, 'hk.manager': 200,
    });
    const kioskToken = { 'x-kiosk-token': 'demo-kiosk-province' };
    const zones = (await t.app.inject({ method: 'GET', url: '/api/hall/kiosk', headers: kioskToken })).json().zones;
    const issue = async (idNumber?: string) => (await t.app.inject({ method: 'POST', url: '/api/hall/kiosk/tickets', headers: kioskToken, payload: { zoneId: zones[3].id, ...(idNumber ? { idNumber } : {}) } })).json();
    const hkZone = (await t.app.inject({ method: 'GET', url: '/api/hall/kiosk', headers: { 'x-kiosk-token': 'demo-kiosk-haikou' } })).json().zones[0].id;
    const hkIssue = await s['hk.window'].post('/api/hall/tickets', { zoneId: hkZone });
    assert.equal(hkIssue.statusCode, 201, hkIssue.body);
    await expectStatuses(post('/api/hall/window/call-next', {}), {
      public: 401, applicant: 403, 'other applicant': 403, manager: 403, supervisor: 403, chief: 403, approver: 403, window: 200, 'hk.window': 200,
    });
    const mine = await issue(DEMO_PERSON.idNumber);
    // The center's staff read its tickets; an enterprise account holds none (403 at the gate).
    await expectStatuses(get(`/api/my/hall/tickets/${mine.id}`), { public: 401, applicant: 403, window: 200, 'hk.window': 403, 'other applicant': 200 });
    const waiting = await issue();
    await expectStatuses(post(`/api/hall/tickets/${waiting.id}/actions`, { action: 'cancel' }), {
      public: 401, applicant: 403, 'other applicant': 403, supervisor: 403, approver: 403, chief: 403, 'hk.window': 403, 'hk.manager': 403, window: 200,
    });
    await expectStatuses(post(`/api/hall/tickets/${waiting.id}/actions`, { action: 'cancel' }), { window: 409 });
    // A ticket of zone B, which window1's window does not serve: the clerk is refused (HALL_ZONE_OUT_OF_SCOPE), a manager of the center cancels it.
    const inB = (await t.app.inject({ method: 'POST', url: '/api/hall/kiosk/tickets', headers: kioskToken, payload: { zoneId: zones[1].id } })).json();
    await expectStatuses(post(`/api/hall/tickets/${inB.id}/actions`, { action: 'cancel' }), {
      public: 401, applicant: 403, supervisor: 403, 'hk.window': 403, 'hk.manager': 403, window: 403, manager: 200,
    });
    // The manager's queue page: the center's managers list a zone's waiting tickets; clerks, other staff, applicants and another center's manager do not.
    await expectStatuses(get(`/api/hall/queue?zoneId=${zones[1].id}`), {
      public: 401, applicant: 403, 'other applicant': 403, supervisor: 403, approver: 403, chief: 403, window: 403, 'hk.window': 403, 'hk.manager': 403, manager: 200,
    });
    const book = post('/api/my/hall/appointments', { zoneId: zones[3].id, day: '2026-11-25', slotStart: '14:00' });
    await expectStatuses(book, { public: 401, applicant: 403, window: 403, manager: 403, 'other applicant': 201 });
    const booked = (await s['other applicant'].get('/api/my/hall')).json().appointments[0];
    await expectStatuses(post(`/api/my/hall/appointments/${booked.id}/cancel`, {}), { public: 401, applicant: 403, window: 403, manager: 403, 'other applicant': 200 });
    // The center's window clerks and managers list the day's appointments and cancel one with a reason.
    await expectStatuses(get('/api/hall/appointments?day=2026-11-25'), {
      public: 401, applicant: 403, 'other applicant': 403, supervisor: 403, approver: 403, chief: 403, window: 200, manager: 200, 'hk.window': 200, 'hk.manager': 200,
    });
    const again = await s['other applicant'].post('/api/my/hall/appointments', { zoneId: zones[3].id, day: '2026-11-25', slotStart: '14:00' });
    assert.equal(again.statusCode, 201, again.body);
    await expectStatuses(post(`/api/hall/appointments/${again.json().id}/cancel`, { reason: '系统维护' }), {
      public: 401, applicant: 403, 'other applicant': 403, supervisor: 403, approver: 403, 'hk.window': 403, 'hk.manager': 403, window: 200,
    });
  });
  test('hall figures · the center\'s managers and supervisors; the province\'s by level for the centers below; nobody upward', async () => {
    const centerOf = async (name: string) => (await t.ctx.db.selectFrom('centers').select('id').where('name', 'like', `${name}%`).executeTakeFirstOrThrow()).id;
    const [province, haikou] = [await centerOf('海南省'), await centerOf('海口市')];
    await expectStatuses(get('/api/hall/figures'), {
      public: 401, applicant: 403, 'other applicant': 403, window: 403, approver: 403, chief: 403, finance: 403, 'hk.window': 403,
      manager: 200, supervisor: 200, 'hk.manager': 200, 'hk.supervisor': 200,
    });
    await expectStatuses(get(`/api/hall/figures?centerId=${haikou}`), { manager: 200, supervisor: 200, 'hk.manager': 200, window: 403, 'hk.window': 403 });
    await expectStatuses(get(`/api/hall/figures?centerId=${province}`), { manager: 200, 'hk.manager': 403, 'hk.supervisor': 403, 'hk.window': 403 });
  });
});

describe('reconciliation (对账、核销)', () => {
  test('reconciliation · read / reconcile: the finance clerks of the day\'s center; nobody else, whatever their role', async () => {
    const finance = await signIn(t.app, 'finance');
    const hkFinance = await signIn(t.app, 'hk.finance');
    // Haikou's clerk makes a day of theirs (an empty statement of yesterday).
    const boundary = `----ow${randomUUID()}`;
    const payload = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="s.csv"\r\nContent-Type: text/csv\r\n\r\nchannel_txn_id,notice_no,amount_fen,paid_at\n\r\n--${boundary}--\r\n`);
    const made = await t.app.inject({ method: 'POST', url: '/api/finance/reconciliation/statements?channel=sim_bank&day=2026-11-22', payload,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: hkFinance.cookie, 'x-csrf-token': hkFinance.csrf } });
    assert.equal(made.statusCode, 201, made.body);
    const dayId = made.json().day.id as string;
    const days = (await t.ctx.db.selectFrom('reconciliation_days').select(['runs', 'row_version']).where('id', '=', dayId).executeTakeFirstOrThrow());
    await expectStatuses(get(`/api/finance/reconciliation/days/${dayId}`), {
      public: 401, applicant: 403, window: 403, approver: 403, chief: 403, manager: 403, supervisor: 403, 'hk.manager': 403, 'hk.supervisor': 403, 'hk.window': 403,
    });
    await expectStatuses(post(`/api/finance/reconciliation/days/${dayId}/run`, {}), {
      public: 401, applicant: 403, window: 403, manager: 403, supervisor: 403, 'hk.manager': 403, 'hk.supervisor': 403, 'hk.chief': 403,
    });
    assert.equal((await finance.get(`/api/finance/reconciliation/days/${dayId}`)).statusCode, 403, "another center's finance clerk");
    assert.equal((await finance.post(`/api/finance/reconciliation/days/${dayId}/run`)).statusCode, 403);
    assert.deepEqual(await t.ctx.db.selectFrom('reconciliation_days').select(['runs', 'row_version']).where('id', '=', dayId).executeTakeFirstOrThrow(), days, 'refused runs write nothing');
    assert.equal((await hkFinance.get(`/api/finance/reconciliation/days/${dayId}`)).statusCode, 200);
    assert.equal((await hkFinance.post(`/api/finance/reconciliation/days/${dayId}/run`)).statusCode, 200);
  });
});

describe('applicant messages (站内信)', () => {
  test('applicant_message · read / mark_read / set_preferences: each applicant account its own; another applicant 404; staff 403; public 401', async () => {
    const msg = await t.ctx.db.transaction().execute((tx) => messageApplicant(tx, {
      kind: 'case.accepted', userId: s.applicant.user.id, centerId: null, title: { zh: '已受理', en: 'Accepted' }, body: { zh: '已受理', en: 'Accepted' },
      dedupeKey: `policy:${randomUUID()}`, at: t.clock.now(),
    }));
    const staff = { window: 403, approver: 403, chief: 403, manager: 403, supervisor: 403, finance: 403, 'hk.window': 403 } as const;
    await expectStatuses(get('/api/my/messages'), { public: 401, applicant: 200, 'other applicant': 200, ...staff });
    await expectStatuses(get('/api/my/messages/unread-count'), { public: 401, applicant: 200, 'other applicant': 200, ...staff });
    await expectStatuses(get('/api/my/message-preferences'), { public: 401, applicant: 200, 'other applicant': 200, ...staff });
    await expectStatuses(post(`/api/my/messages/${msg.id}/read`, {}), { public: 401, 'other applicant': 404, ...staff });
    assert.equal((await t.ctx.db.selectFrom('applicant_messages').select('read_at').where('id', '=', msg.id!).executeTakeFirstOrThrow()).read_at, null, 'refused reads mark nothing');
    await expectStatuses(post(`/api/my/messages/${msg.id}/read`, {}), { applicant: 200 });
  });
});

describe('ratings (好差评)', () => {
  test('rating · rectification · rating_figures: the applicant rates their own case; the department and the center read the task; managers and supervisors the figures', async () => {
    const c = await submittedCase(t.app, s.applicant, await itemIdByName(t.app, '建筑工程施工许可证核发', '海南省'));
    await receiveMaterials(s.window, c.id);
    await accept(s.window, c.id);
    await expectStatuses(get(`/api/my/cases/${c.id}/ratings`), {
      public: 401, applicant: 200, 'other applicant': 404, window: 403, approver: 403, manager: 403, 'hk.manager': 403,
    });
    await expectStatuses(post(`/api/my/cases/${c.id}/ratings`, { stage: 'acceptance', level: 1, realName: true }), {
      public: 401, 'other applicant': 404, window: 403, chief: 403, supervisor: 403, applicant: 201,
    });
    const task = await t.ctx.db.selectFrom('rectification_tasks as k').innerJoin('ratings as r', 'r.id', 'k.rating_id').select('k.id').where('r.case_id', '=', c.id).executeTakeFirstOrThrow();
    await expectStatuses(get(`/api/rectifications/${task.id}`), {
      public: 401, applicant: 403, 'other applicant': 403, approver: 200, chief: 200, 'other department': 403, 'other chief': 403,
      manager: 200, supervisor: 200, window: 403, finance: 403, 'hk.manager': 403, 'hk.supervisor': 403,
    });
    await expectStatuses(post(`/api/rectifications/${task.id}/actions`, { action: 'call_back', note: '回访' }), {
      public: 401, applicant: 403, 'other applicant': 403, 'other department': 403, window: 403, supervisor: 403, manager: 403, 'hk.manager': 403, approver: 200,
    });
    await expectStatuses(get('/api/ratings/figures?by=department&from=2026-11-01&to=2026-11-30'), {
      public: 401, applicant: 403, window: 403, approver: 403, chief: 403, finance: 403, manager: 200, supervisor: 200, 'hk.manager': 200, 'hk.supervisor': 200,
    });
  });
});

describe('work orders (12345 工单)', () => {
  test('work_order · take calls: the hotline; read: the hotline, managers and supervisors of the center, the assigned department, the caller; the lead decides disputes', async () => {
    const [op, lead] = [await signIn(t.app, 'hotline1'), await signIn(t.app, 'hotline.lead')];
    const call = { kind: 'request', callerName: '王五', callerPhone: '13912345678', place: '国兴大道', topic: '路灯不亮', content: '已坏三天' };
    await expectStatuses(post('/api/workorders', call), {
      public: 401, applicant: 403, window: 403, approver: 403, chief: 403, manager: 403, supervisor: 403, finance: 403, 'hk.manager': 403,
    });
    const id = (await op.post('/api/workorders', call)).json().id as string;
    assert.equal((await op.post(`/api/workorders/${id}/actions`, { action: 'dispatch', departmentId: s.approver.user.departmentId })).statusCode, 200);
    await expectStatuses(get(`/api/workorders/${id}`), {
      public: 401, applicant: 404, 'other applicant': 404, window: 403, approver: 200, chief: 200, 'other department': 403,
      manager: 200, supervisor: 200, finance: 403, 'hk.manager': 403, 'hk.supervisor': 403,
    });
    // A complaint against the approver, dispatched to their own department: they neither read nor handle it; the chief does.
    const against = (await op.post('/api/workorders', { ...call, kind: 'complaint', againstStaffId: s.approver.user.id, topic: '经办人推诿' })).json().id as string;
    assert.equal((await op.post(`/api/workorders/${against}/actions`, { action: 'dispatch', departmentId: s.approver.user.departmentId })).statusCode, 200);
    await expectStatuses(get(`/api/workorders/${against}`), { applicant: 404, approver: 403, chief: 200, manager: 200, supervisor: 200 });
    await expectStatuses(post('/api/workorders/duplicates', { topic: '路灯' }), { public: 401, applicant: 403, approver: 403, manager: 403, 'hk.manager': 403 });
    await expectStatuses(get('/api/workorders/knowledge'), { public: 401, applicant: 403, approver: 403, manager: 403, supervisor: 403 });
    await expectStatuses(post(`/api/workorders/${id}/actions`, { action: 'redispatch', departmentId: s['other department'].user.departmentId }), {
      public: 401, applicant: 404, approver: 403, chief: 403, 'other department': 403, manager: 403, supervisor: 403,
    });
    assert.equal((await op.post(`/api/workorders/${id}/actions`, { action: 'keep', note: 'x' })).statusCode, 403, 'an operator does not decide disputes');
    assert.equal((await s.approver.post(`/api/workorders/${id}/actions`, { action: 'return', reason: '非本部门职责' })).statusCode, 200);
    assert.equal((await lead.post(`/api/workorders/${id}/actions`, { action: 'keep', note: '维持' })).statusCode, 200);
    await expectStatuses(get('/api/public/exposure'), { public: 200, applicant: 200, manager: 200 });
    // The configuration (category tree, time limits): the center's hotline lead and managers only.
    await expectStatuses(get('/api/workorders/config'), {
      public: 401, applicant: 403, window: 403, approver: 403, chief: 403, supervisor: 403, finance: 403, manager: 200,
    });
    assert.equal((await lead.get('/api/workorders/config')).statusCode, 200);
    assert.equal((await op.get('/api/workorders/config')).statusCode, 403, 'an operator does not configure');
    // Each center's own (0051): another center's manager is refused this center's category, even by id.
    const put = (url: string, body: object): Probe => (who) => (who === 'public' ? t.app.inject({ method: 'PUT', url, payload: body }) : s[who].put(url, body));
    const ours = (await lead.get('/api/workorders/config')).json().categories[0] as { id: string; sort: number };
    await expectStatuses(put(`/api/workorders/config/categories/${ours.id}`, { sort: ours.sort }), {
      public: 401, applicant: 403, window: 403, supervisor: 403, 'hk.manager': 403, manager: 200,
    });
  });
});

describe('government information disclosure (docs/disclosure.md)', () => {
  test('disclosure · publish: the center\'s disclosure office and manager; read a request: its requester, the office, the manager and supervisors of its center; approve an extension: the head only', async () => {
    const officer = await signIn(t.app, 'disclosure1');
    const publication = { category: 'fees', title: '收费项目公示', body: '无', year: 2026 };
    await expectStatuses(post('/api/disclosure/publications', publication), {
      public: 401, applicant: 403, window: 403, approver: 403, chief: 403, supervisor: 403, finance: 403, manager: 201, 'hk.manager': 201,
    });
    await expectStatuses(get(`/api/public/disclosure?centerId=${officer.user.centerId}`), { public: 200, applicant: 200, manager: 200 });
    const made = await s.applicant.post('/api/disclosure/requests', { centerId: officer.user.centerId, description: '2026年收费依据' });
    assert.equal(made.statusCode, 201, made.body);
    const id = made.json().id as string;
    await expectStatuses(get(`/api/disclosure/requests/${id}`), {
      public: 401, applicant: 200, 'other applicant': 404, window: 403, approver: 403, chief: 403, finance: 403,
      manager: 200, supervisor: 200, 'hk.manager': 403, 'hk.supervisor': 403,
    });
    await expectStatuses(post('/api/disclosure/requests', { centerId: officer.user.centerId, description: 'x' }), { public: 401, manager: 403, supervisor: 403, window: 403 });
    assert.equal((await officer.post(`/api/disclosure/requests/${id}/actions`, { action: 'request_extension', days: 5, reason: '协调' })).statusCode, 200);
    await expectStatuses(post(`/api/disclosure/requests/${id}/actions`, { action: 'approve_extension' }), {
      public: 401, applicant: 403, 'other applicant': 404, window: 403, supervisor: 403, 'hk.manager': 403, manager: 200,
    });
  });
});

describe('window staff (docs/hall-staff.md)', () => {
  test('staff_record · read: managers the center, a chief the staff their department sent, a clerk themselves; manage and approve: managers only', async () => {
    const clerk = s.window.user.id; // seconded from the market department in the demo data
    await expectStatuses(get('/api/staffing/staff'), {
      public: 401, applicant: 403, supervisor: 403, finance: 403, approver: 403, window: 200, chief: 200, manager: 200, 'hk.manager': 200,
    });
    await expectStatuses(get(`/api/staffing/staff/${clerk}/attendance`), {
      public: 401, applicant: 403, 'other applicant': 403, window: 200, 'other chief': 200, chief: 403, manager: 200, supervisor: 403, approver: 403, 'hk.manager': 404, 'hk.window': 404,
    });
    const training = { userId: clerk, course: '窗口服务规范', hours: 4, day: '2026-11-20', result: 'attended' };
    await expectStatuses(post('/api/staffing/trainings', training), {
      public: 401, applicant: 403, window: 403, chief: 403, 'other chief': 403, supervisor: 403, 'hk.manager': 404, manager: 201,
    });
    await expectStatuses(post(`/api/staffing/leaves/${randomUUID()}/decision`, { approve: true }), {
      public: 401, applicant: 403, window: 403, chief: 403, 'other chief': 403, supervisor: 403, manager: 404,
    });
    await expectStatuses(post('/api/staffing/attendance/sign-in', {}), { public: 401, applicant: 403, manager: 403, chief: 403, supervisor: 403, 'hk.window': 409 });
  });

  test('staff_assignment · propose: the center\'s managers and the chiefs of departments; approve: only the side that has not yet approved', async () => {
    await expectStatuses(get('/api/staffing/assignments'), { public: 401, applicant: 403, window: 403, supervisor: 403, chief: 200, manager: 200 });
    // A new clerk, not yet seconded by anyone.
    const [fresh] = await clerksAt(t.app, t.ctx.db, s.manager.user.centerId!, 'P', 1);
    const made = await s.manager.post('/api/staffing/assignments', { userId: fresh!.session.user.id, windowId: fresh!.windowId, departmentId: s.chief.user.departmentId, fromDay: '2030-01-01' });
    assert.equal(made.statusCode, 201, made.body);
    await expectStatuses(post(`/api/staffing/assignments/${made.json().id}/decision`, { approve: true }), {
      public: 401, applicant: 403, window: 403, manager: 403, 'other chief': 403, 'hk.manager': 404, chief: 200,
    });
  });
});

describe('my data (issue 14: profile, drafts, bookmarks)', () => {
  test("my_data · read / write: the applicant it belongs to; another applicant 404; staff 403; signed out 401", async () => {
    const itemId = await itemIdByName(t.app, '食品经营许可', '海口');
    const url = `/api/my/drafts/item/${itemId}`;
    assert.equal((await s.applicant.put(url, { data: { form: { contactName: '李四' }, materials: {} } })).statusCode, 200);
    await expectStatuses(get(url), {
      public: 401, applicant: 200, 'other applicant': 404, window: 403, manager: 403, supervisor: 403, finance: 403, 'hk.window': 403,
    });
    await expectStatuses(get('/api/my/profile'), { public: 401, applicant: 200, 'other applicant': 200, window: 403, manager: 403, 'hk.supervisor': 403 });
    await expectStatuses((who) => (who === 'public' ? t.app.inject({ method: 'PUT', url: `/api/my/bookmarks/${itemId}` }) : s[who].put(`/api/my/bookmarks/${itemId}`)), {
      public: 401, applicant: 200, 'other applicant': 200, window: 403, manager: 403,
    });
    await expectStatuses((who) => (who === 'public' ? t.app.inject({ method: 'DELETE', url }) : s[who].del(url)), {
      public: 401, 'other applicant': 404, window: 403, manager: 403, applicant: 204,
    });
  });
});

describe('public resource trading (docs/trading.md)', () => {
  test('tender · manage: the trading staff of the center; read a draft: them, the supervising department, the center\'s supervisors and managers; a published tender: anyone; download: a signed-in person or enterprise; the register: staff in scope', async () => {
    const [trading, hkTrading] = [await signIn(t.app, 'trading1'), await signIn(t.app, 'hk.trading1')];
    const project = { kind: 'construction', code: 'POL-1', name: '策略测试项目', buyerName: '海南测试建设有限公司', buyerOrgCode: '91460000MA5T00009K', departmentId: s.approver.user.departmentId };
    await expectStatuses(post('/api/trading/projects', project), {
      public: 401, applicant: 403, window: 403, approver: 403, chief: 403, manager: 403, supervisor: 403, finance: 403, 'hk.manager': 403,
    });
    const projectId = (await trading.post('/api/trading/projects', project)).json().id as string;
    const deadline = new Date(Date.parse('2026-11-23T02:00:00Z') + 21 * 86_400_000).toISOString();
    const id = (await trading.post(`/api/trading/projects/${projectId}/tenders`, { title: '策略测试招标', bidDeadline: deadline })).json().id as string;
    await expectStatuses(get(`/api/trading/tenders/${id}`), {
      public: 404, applicant: 404, window: 404, approver: 200, chief: 200, 'other department': 404, manager: 200, supervisor: 200, finance: 404, 'hk.manager': 404, 'hk.supervisor': 404,
    });
    // The key ceremony first (TENDER_BID_KEY_REQUIRED): the refusals below are the permissions' alone.
    await makeBidKey(trading, s.approver, id);
    await expectStatuses(post(`/api/trading/tenders/${id}/actions`, { action: 'publish' }), {
      public: 401, applicant: 404, approver: 403, chief: 403, manager: 403, supervisor: 403, 'hk.manager': 404,
    });
    assert.equal((await hkTrading.post(`/api/trading/tenders/${id}/actions`, { action: 'publish' })).statusCode, 404);
    assert.equal((await trading.post(`/api/trading/tenders/${id}/actions`, { action: 'publish' })).statusCode, 200);
    await expectStatuses(get(`/api/trading/tenders/${id}`), { public: 200, applicant: 200, window: 200, 'hk.manager': 200 });
    await expectStatuses(get(`/api/trading/tenders/${id}/revisions`), { public: 200, applicant: 200, 'other applicant': 200 });
    // Who may read the register gets past the policy to the rule of 招标投标法 第二十二条: sealed until the opening (409).
    await expectStatuses(get(`/api/trading/tenders/${id}/downloads`), {
      public: 401, applicant: 403, window: 403, approver: 409, chief: 409, 'other department': 403, manager: 409, supervisor: 409, finance: 403, 'hk.manager': 403,
    });
    await expectStatuses(post(`/api/trading/tenders/${id}/amend`, { reason: '变更' }), {
      public: 401, applicant: 403, approver: 403, manager: 403, supervisor: 403, 'hk.manager': 403,
    });
    await expectStatuses(post(`/api/trading/tenders/${id}/reconfirm`, {}), { public: 401, applicant: 200, window: 403, manager: 403 });
  });
});

describe('questions, objections and complaints about tenders (docs/trading.md)', () => {
  test('tender_dispute · raise: a party (person or enterprise); read: its party, the trading staff (not complaints), the supervising department, the center\'s oversight; answer: trading staff; decide: the supervising department', async () => {
    const trading = await signIn(t.app, 'trading1');
    const projectId = (await trading.post('/api/trading/projects', { kind: 'construction', code: 'POL-D-1', name: '质疑策略测试项目', buyerName: '海南测试建设有限公司', buyerOrgCode: '91460000MA5T00009K', departmentId: s.approver.user.departmentId })).json().id as string;
    const deadline = new Date(Date.parse('2026-11-23T02:00:00Z') + 21 * 86_400_000).toISOString();
    const id = (await trading.post(`/api/trading/projects/${projectId}/tenders`, { title: '质疑策略测试招标', bidDeadline: deadline })).json().id as string;
    const doc = (await trading.post(`/api/trading/tenders/${id}/documents`, { title: '招标文件', fileId: await uploadMaterial(t.app, trading, '招标文件.pdf') })).json().id as string;
    assert.equal((await publishWithKey(trading, s.approver, id)).statusCode, 200);
    for (const who of ['applicant', 'other applicant'] as const) assert.equal((await s[who].get(`/api/trading/tenders/${id}/documents/${doc}`)).statusCode, 200);
    const body = { kind: 'objection', subject: 'documents', body: '资格条件过高' };
    await expectStatuses(post(`/api/trading/tenders/${id}/disputes`, body), { public: 401, window: 403, approver: 403, manager: 403, supervisor: 403, applicant: 201 });
    const d = (await s['other applicant'].post(`/api/trading/tenders/${id}/disputes`, body)).json().id as string;
    await expectStatuses(get(`/api/trading/disputes/${d}`), {
      public: 401, applicant: 404, 'other applicant': 200, window: 403, approver: 200, chief: 200, 'other department': 403, manager: 200, supervisor: 200, 'hk.manager': 403, 'hk.supervisor': 403,
    });
    await expectStatuses(post(`/api/trading/disputes/${d}/answer`, { answer: '答复' }), { public: 401, applicant: 404, 'other applicant': 403, approver: 403, chief: 403, manager: 403, supervisor: 403, 'hk.manager': 403 });
    assert.equal((await trading.post(`/api/trading/disputes/${d}/answer`, { answer: '答复' })).statusCode, 200);
    await expectStatuses(post(`/api/trading/disputes/${d}/complaints`, { body: '投诉' }), { public: 401, applicant: 404, approver: 403, manager: 403, 'other applicant': 201 });
    const c = (await s['other applicant'].get(`/api/me/tender-disputes?tenderId=${id}`)).json().rows.find((r: { kind: string }) => r.kind === 'complaint').id as string;
    assert.equal((await trading.get(`/api/trading/disputes/${c}`)).statusCode, 403, 'trading staff do not read complaints');
    await expectStatuses(post(`/api/trading/disputes/${c}/decide`, { outcome: 'rejected', reason: '不成立' }), {
      public: 401, applicant: 404, 'other applicant': 403, window: 403, 'other department': 403, manager: 403, supervisor: 403, 'hk.manager': 403, chief: 200,
    });
    await expectStatuses(get('/api/supervision/board/trading'), { public: 401, applicant: 403, window: 403, approver: 403, manager: 200, supervisor: 200, 'hk.supervisor': 200 });
  });
});

describe('the network (issue 17, docs/network.md)', () => {
  test('network · read_region / read_center: supervisors and managers, their region and below; never above; everyone else refused', async () => {
    await expectStatuses(get('/api/network/board?region=460000'), {
      public: 401, applicant: 403, window: 403, approver: 403, chief: 403, finance: 403, manager: 200, supervisor: 200, 'hk.manager': 403, 'hk.supervisor': 403, 'hk.window': 403,
    });
    await expectStatuses(get('/api/network/board?region=460100'), { public: 401, applicant: 403, window: 403, manager: 200, supervisor: 200, 'hk.manager': 200, 'hk.supervisor': 200, 'hk.chief': 403 });
    const provinceCenter = s.manager.user.centerId!;
    await expectStatuses(get(`/api/network/centers/${provinceCenter}`), { public: 401, applicant: 403, window: 403, manager: 200, supervisor: 200, 'hk.manager': 403, 'hk.supervisor': 403 });
    await expectStatuses(get('/api/network/implementations'), { public: 401, applicant: 403, window: 403, chief: 403, manager: 200, supervisor: 200, 'hk.manager': 200 });
  });
});

describe('sealed bids (docs/trading.md, "Sealed bids")', () => {
  test('bid · the tender key is made by the center\'s trading staff; a tender\'s bids are read by its center\'s staff only; bids are handed in by enterprises; the read-out before the opening by staff only', async () => {
    const f = await bidsFixture(t.owner, t.clock.now());
    const tenderUrl = `/api/tenders/${f.tenderId}`;
    // An empty custodian list: whoever may make the key gets past the policy to the 400 of the check.
    await expectStatuses(post(`${tenderUrl}/bid-key`, { custodians: [randomUUID(), randomUUID()], threshold: 2 }), {
      public: 401, applicant: 403, window: 403, supervisor: 403, 'hk.supervisor': 403, 'hk.window': 403, manager: 403, 'hk.manager': 400,
    });
    // The center's staff get past the policy to the rule of 招标投标法 第二十二条: sealed until the opening (409).
    await expectStatuses(get(`${tenderUrl}/bids`), {
      public: 401, applicant: 403, 'other applicant': 403, manager: 403, supervisor: 403, 'hk.manager': 409, 'hk.supervisor': 409, 'hk.window': 409,
    });
    await expectStatuses(get(`${tenderUrl}/opening`), { public: 401, applicant: 403, 'other applicant': 403, manager: 403, 'hk.manager': 200, 'hk.supervisor': 200 });
    await expectStatuses(get(`${tenderUrl}/bid-key`), { public: 200, applicant: 200, 'hk.window': 200 });
    await expectStatuses(get('/api/me/bids'), { public: 401, applicant: 200, 'other applicant': 403, window: 403, 'hk.manager': 403 });
    await expectStatuses(get('/api/me/key-shares'), { public: 401, applicant: 403, 'other applicant': 403, window: 200, 'hk.supervisor': 200 });
    // Handing in: an enterprise gets past the policy (no key yet: 409); a person and staff are refused.
    await expectStatuses(post(`${tenderUrl}/bids`, {}), { public: 401, applicant: 400, 'other applicant': 403, 'hk.manager': 403 });
  });
});

describe('consuming systems of the open interfaces (docs/open-api.md)', () => {
  test("api_client · manage: the center's managers; another center's manager 404; every other role 403; signed out 401", async () => {
    const made = await s.manager.post('/api/admin/integrations/clients', { name: '政策测试系统' });
    assert.equal(made.statusCode, 201, made.body);
    const id = made.json().id as string;
    const others = { applicant: 403, window: 403, approver: 403, chief: 403, supervisor: 403, finance: 403, 'hk.supervisor': 403 } as const;
    await expectStatuses(get('/api/admin/integrations/clients'), { public: 401, ...others, manager: 200, 'hk.manager': 200 });
    await expectStatuses(post(`/api/admin/integrations/clients/${id}/keys`, { scopes: ['catalog:read'] }), { public: 401, ...others, 'hk.manager': 404 });
    assert.equal((await t.ctx.db.selectFrom('api_keys').select('id').where('client_id', '=', id).execute()).length, 0, 'refused issues write nothing');
    await expectStatuses(post(`/api/admin/integrations/clients/${id}/keys`, { scopes: ['catalog:read'] }), { manager: 201 });
    await expectStatuses(post(`/api/admin/integrations/clients/${id}/revoke`, {}), { public: 401, ...others, 'hk.manager': 404, manager: 200 });
  });
});

describe('evaluation experts (docs/experts.md)', () => {
  test('expert_pool · read: the draw operators and supervisors of the center; manage: its draw operators; expert_draw · names secret until the result', async () => {
    const draw = await signIn(t.app, 'draw1');
    const hkDraw = await signIn(t.app, 'hk.draw1');
    const expert = await signIn(t.app, 'expert1');
    const as = (extra: Record<string, Session>) => (p: (sess: Session) => Promise<LightMyRequestResponse>, inject: () => Promise<LightMyRequestResponse>) =>
      async (who: string) => (who === 'public' ? inject() : p(extra[who] ?? s[who as keyof typeof CAST]));
    const cast = as({ draw, 'hk.draw': hkDraw, expert });
    const table = async (probe: (who: string) => Promise<LightMyRequestResponse>, expected: Record<string, number>) => {
      const actual: Record<string, number> = {};
      for (const who of Object.keys(expected)) actual[who] = (await probe(who)).statusCode;
      assert.deepEqual(actual, expected);
    };
    await table(cast((x) => x.get('/api/experts'), () => t.app.inject({ method: 'GET', url: '/api/experts' })), {
      public: 401, applicant: 403, window: 403, manager: 403, supervisor: 200, draw: 200, 'hk.draw': 200, expert: 403,
    });
    const body = { name: '专家', idNumber: uniqueIdNumber(), specialties: ['water_works'], regionCode: '460100', employerCode: expertCreditCode(), employerName: '某设计院' };
    await table(cast((x) => x.post('/api/experts', { ...body, idNumber: uniqueIdNumber() }), () => t.app.inject({ method: 'POST', url: '/api/experts', payload: body })), {
      public: 401, applicant: 403, window: 403, manager: 403, supervisor: 403, expert: 403, draw: 201,
    });
    const made = (await draw.post('/api/experts', { ...body, idNumber: uniqueIdNumber() })).json();
    await table(cast((x) => x.get(`/api/experts/${made.id}`), () => t.app.inject({ method: 'GET', url: `/api/experts/${made.id}` })), {
      public: 401, supervisor: 200, draw: 200, 'hk.draw': 403, 'hk.supervisor': 403, expert: 403,
    });
    const f = await tenderFixture(t, draw.user.centerId!);
    const committeeUrl = `/api/tenders/${f.tenderId}/committee`;
    await table(cast((x) => x.get(committeeUrl), () => t.app.inject({ method: 'GET', url: committeeUrl })), {
      public: 404, applicant: 404, supervisor: 404, manager: 404, 'hk.draw': 404, expert: 404, draw: 404, // no draw yet: 404 for the operator too
    });
    await table(cast((x) => x.get(`/api/tenders/${f.tenderId}/expert-draw`), () => t.app.inject({ method: 'GET', url: `/api/tenders/${f.tenderId}/expert-draw` })), {
      // A draw operator of another center passes the gate and finds no draw of this tender: 404, the same as for a tender without one.
      public: 401, applicant: 403, supervisor: 403, 'hk.draw': 404, expert: 403, draw: 404,
    });
  });
});

describe('evaluation (docs/trading.md "Evaluation")', () => {
  test("evaluation · score: the committee's seated experts; follow: the center's trading staff, draw operators, supervisors; publish: its trading staff", async () => {
    const f = await evaluationFixture(t.owner, t.clock.now());
    const extra: Record<string, Session> = {
      seated: await signIn(t.app, f.seated[0]!.username), reserve: await signIn(t.app, f.reserve.username), outsider: await signIn(t.app, f.outsider.username),
      'hk.trading': await signIn(t.app, 'hk.trading1'), trading: await signIn(t.app, 'trading1'), 'hk.draw': await signIn(t.app, 'hk.draw1'),
      bidder: await signIn(t.app, f.bidders[0]!.username),
    };
    const probe = (method: 'get' | 'post', path: string) => async (who: string) =>
      (who === 'public' ? t.app.inject({ method: method === 'get' ? 'GET' : 'POST', url: path, payload: method === 'post' ? {} : undefined })
        : (extra[who] ?? s[who as keyof typeof CAST])[method](path));
    const table = async (p: (who: string) => Promise<LightMyRequestResponse>, expected: Record<string, number>) => {
      const actual: Record<string, number> = {};
      for (const who of Object.keys(expected)) actual[who] = (await p(who)).statusCode;
      assert.deepEqual(actual, expected);
    };
    const base = `/api/tenders/${f.tenderId}/evaluation`;
    await table(probe('get', `${base}/sheet`), {
      public: 401, seated: 200, reserve: 403, outsider: 403, bidder: 403, 'hk.window': 403, 'hk.trading': 403, 'hk.draw': 403, 'hk.supervisor': 403, manager: 403,
    });
    await table(probe('get', base), {
      public: 401, 'hk.trading': 200, 'hk.draw': 200, 'hk.supervisor': 200, trading: 403, supervisor: 403, 'hk.manager': 403, seated: 403, bidder: 403, 'hk.window': 403,
    });
    // Publication before every sheet is in: the trading staff pass the policy and meet the guard (409); everyone else 403.
    await table(probe('post', `${base}/publish`), {
      public: 401, 'hk.trading': 409, trading: 403, 'hk.draw': 403, 'hk.supervisor': 403, seated: 403, bidder: 403, 'hk.window': 403,
    });
  });
});
