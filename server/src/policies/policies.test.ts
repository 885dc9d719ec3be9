import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { DEMO_ENTERPRISE, DEMO_PERSON } from '../seed/seed.ts';
import { itemIdByName, jointApplication, signIn, submittedCase, testApp, uploadMaterial, type Session, type TestApp } from '../test/harness.ts';

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
  manager: 'manager', supervisor: 'supervisor',
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

  test('calendar · a manager edits their own center\'s region only (no level reach); the national schedule is the province\'s', async () => {
    const day = { kind: 'holiday', name: '测试假日' };
    await expectStatuses((who) => (who === 'public' ? t.app.inject({ method: 'PUT', url: '/api/admin/calendar/460100/days/2027-03-10', payload: day }) : s[who].put('/api/admin/calendar/460100/days/2027-03-10', day)), {
      public: 401, applicant: 403, 'hk.window': 403, 'hk.supervisor': 403, supervisor: 403, manager: 403, 'hk.manager': 200,
    });
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
