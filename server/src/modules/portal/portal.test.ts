import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { DEMO_ENTERPRISE, DEMO_PERSON } from '../../seed/seed.ts';
import { applicationBody, itemIdByName, jointApplication, signIn, testApp, uploadMaterial, type Session, type TestApp } from '../../test/harness.ts';

/**
 * Issue 14, the portal's own data (docs/portal.md): the profile that pre-fills forms, drafts (暂存)
 * with their uploads, the submission number and the progress query by it, My cases by tab and
 * search, bookmarks, popular and frequent services, and the footer's configuration. Every /api/my/*
 * endpoint answers only its owner: 401 signed out, 403 staff, 404 for another applicant's row.
 */
let t: TestApp;
let company: Session;
let person: Session;
let clerk: Session;
let permitId: string;
let foodId: string;
let haikou: string;

const draftCount = async (userId: string) => (await t.ctx.db.selectFrom('application_drafts').select('id').where('user_id', '=', userId).execute()).length;

before(async () => {
  t = await testApp({ now: new Date('2026-11-23T02:00:00Z'), env: { SESSION_TTL_HOURS: '100000', SITE_CODE: '4600000001', SITE_ICP: '琼ICP备00000001号', SITE_PSB: '琼公网安备46010002000001号' } });
  company = await signIn(t.app, DEMO_ENTERPRISE.creditCode);
  person = await signIn(t.app, DEMO_PERSON.idNumber);
  clerk = await signIn(t.app, 'window1');
  permitId = await itemIdByName(t.app, '建筑工程施工许可证核发', '海南省');
  foodId = await itemIdByName(t.app, '食品经营许可', '海口');
  haikou = (await signIn(t.app, 'hk.manager')).user.centerId!;
});
after(() => t.close());

describe('my profile and pre-fill', () => {
  test("an enterprise's form values come from its account; the address is the person's to change", async () => {
    const p = (await company.get('/api/my/profile')).json();
    assert.equal(p.kind, 'enterprise');
    assert.equal(p.creditCode, DEMO_ENTERPRISE.creditCode);
    assert.deepEqual(
      [p.prefill.entityName, p.prefill.legalRep, p.prefill.creditCode, p.prefill.contactName, p.prefill.contactPhone, p.prefill.address],
      [DEMO_ENTERPRISE.name, DEMO_ENTERPRISE.legalRepresentative, DEMO_ENTERPRISE.creditCode, DEMO_ENTERPRISE.legalRepresentative, DEMO_ENTERPRISE.phone, undefined],
    );
    const changed = await company.put('/api/my/profile', { address: '  海口市龙华区滨海大道1号 ' });
    assert.equal(changed.statusCode, 200);
    assert.equal(changed.json().prefill.address, '海口市龙华区滨海大道1号');
    assert.equal((await company.get('/api/my/profile')).json().address, '海口市龙华区滨海大道1号');
    const mine = (await person.get('/api/my/profile')).json();
    assert.deepEqual([mine.prefill.contactName, mine.prefill.idNumber, mine.address, mine.prefill.creditCode], [DEMO_PERSON.name, DEMO_PERSON.idNumber, null, undefined]);
  });

  test('too long an address is refused and nothing is written', async () => {
    const res = await person.put('/api/my/profile', { address: '路'.repeat(201) });
    assert.equal(res.statusCode, 400);
    assert.equal((await t.ctx.db.selectFrom('users').select('address').where('id', '=', person.user.id).executeTakeFirstOrThrow()).address, null);
  });
});

describe('drafts (暂存)', () => {
  test('saved with its upload, read back, updated in place by version; a stale save is refused and changes nothing', async () => {
    const fileId = await uploadMaterial(t.app, company, '施工合同.pdf');
    const url = `/api/my/drafts/item/${permitId}`;
    assert.equal((await company.get(url)).statusCode, 404);
    const first = await company.put(url, { data: { form: { contactName: '李四' }, materials: { contract: [{ id: fileId, name: '施工合同.pdf', size: 512 }] } } });
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.json().rowVersion, 0);
    const read = (await company.get(url)).json();
    assert.deepEqual([read.data.form, read.data.materials.contract[0].id, read.name, read.kind], [{ contactName: '李四' }, fileId, '建筑工程施工许可证核发', 'item']);

    const second = await company.put(url, { data: { form: { contactName: '王五' }, materials: {} }, rowVersion: 0 });
    assert.deepEqual([second.statusCode, second.json().rowVersion, second.json().data.form.contactName], [200, 1, '王五']);
    for (const stale of [{ rowVersion: 0 }, {}]) {
      const res = await company.put(url, { data: { form: { contactName: '旧的' }, materials: {} }, ...stale });
      assert.deepEqual([res.statusCode, res.json().code], [409, 'DRAFT_STALE']);
    }
    const row = await t.ctx.db.selectFrom('application_drafts').select(['row_version', 'data']).where('user_id', '=', company.user.id).where('target_id', '=', permitId).executeTakeFirstOrThrow();
    assert.deepEqual([row.row_version, (row.data as { form: Record<string, string> }).form.contactName], [1, '王五']);
    const list = (await company.get('/api/my/drafts')).json();
    assert.ok(list.drafts.some((d: { targetId: string; rowVersion: number }) => d.targetId === permitId && d.rowVersion === 1));
  });

  test("another applicant's file, an unknown item and bad input are refused and write nothing", async () => {
    const theirs = await uploadMaterial(t.app, company, '别人的.pdf');
    const before = await draftCount(person.user.id);
    const foreign = await person.put(`/api/my/drafts/item/${foodId}`, { data: { form: {}, materials: { x: [{ id: theirs, name: 'a.pdf', size: 1 }] } } });
    assert.deepEqual([foreign.statusCode, foreign.json().code], [400, 'FILE_NOT_FOUND']);
    const unknown = await person.put(`/api/my/drafts/item/${randomUUID()}`, { data: { form: {}, materials: {} } });
    assert.deepEqual([unknown.statusCode, unknown.json().code], [404, 'DRAFT_TARGET_UNKNOWN']);
    const bad = await person.put(`/api/my/drafts/nothing/${foodId}`, { data: { form: {}, materials: {} } });
    assert.equal(bad.statusCode, 400);
    const huge = await person.put(`/api/my/drafts/item/${foodId}`, { data: { form: { summary: 'x'.repeat(4001) }, materials: {} } });
    assert.equal(huge.statusCode, 400);
    assert.equal(await draftCount(person.user.id), before);
  });

  test("nobody reads or discards another's draft: 404 for an applicant, 403 for staff, 401 signed out", async () => {
    await company.put(`/api/my/drafts/item/${foodId}`, { data: { form: { contactName: '李四' }, materials: {} } });
    const url = `/api/my/drafts/item/${foodId}`;
    assert.equal((await person.get(url)).statusCode, 404);
    assert.equal((await person.del(url)).statusCode, 404);
    assert.equal((await clerk.get(url)).statusCode, 403);
    assert.equal((await clerk.get('/api/my/drafts')).statusCode, 403);
    assert.equal((await t.app.inject({ method: 'GET', url })).statusCode, 401);
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/my/drafts' })).statusCode, 401);
    assert.ok(!(await person.get('/api/my/drafts')).json().drafts.some((d: { targetId: string }) => d.targetId === foodId));
    assert.equal((await company.get(url)).statusCode, 200, 'still there for its owner');
    assert.equal((await company.del(url)).statusCode, 204);
    assert.equal((await company.get(url)).statusCode, 404);
  });

  test('submitting removes the draft in the same transaction; a refused submission keeps it', async () => {
    const url = `/api/my/drafts/item/${permitId}`;
    await company.put(url, { data: { form: { contactName: '李四' }, materials: {} }, rowVersion: (await company.get(url)).json().rowVersion });
    const incomplete = await company.post('/api/cases', { itemId: permitId, form: {}, materials: [], idempotencyKey: randomUUID() });
    assert.equal(incomplete.statusCode, 400);
    assert.equal((await company.get(url)).statusCode, 200, 'kept after a refused submission');
    const res = await company.post('/api/cases', await applicationBody(t.app, company, permitId));
    assert.equal(res.statusCode, 201, res.body);
    assert.equal((await company.get(url)).statusCode, 404);
  });

  test("a joint matter's draft ends with the joint submission", async () => {
    const matterId = (await t.app.inject({ method: 'GET', url: `/api/joint/centers/${haikou}/matters/open-restaurant` })).json().id as string;
    const answers = { entity: 'company', large: 'no', sewage: 'no' };
    const url = `/api/my/drafts/matter/${matterId}`;
    const saved = await company.put(url, { data: { form: { entityName: '椰风' }, materials: {}, answers, step: 2 } });
    assert.equal(saved.statusCode, 200, saved.body);
    assert.deepEqual([saved.json().matterKey, saved.json().data.answers], ['open-restaurant', answers]);
    const res = await company.post(`/api/joint/matters/${matterId}/cases`, await jointApplication(t.app, company, matterId, answers));
    assert.equal(res.statusCode, 201, res.body);
    assert.equal((await company.get(url)).statusCode, 404);
  });
});

describe('submission number', () => {
  test('given at submission, shown on the case, and the progress query finds the case by it with the query code', async () => {
    const res = await person.post('/api/cases', await applicationBody(t.app, person, foodId));
    assert.equal(res.statusCode, 201, res.body);
    const c = (await person.get(`/api/cases/${res.json().case.id}`)).json();
    assert.equal(c.receiptNo, null);
    assert.match(c.submissionNo, /^S20261123\d{11}$/);
    assert.match(c.queryCode, /^\d{6}$/);
    const found = await t.app.inject({ method: 'GET', url: `/api/progress?receiptNo=${c.submissionNo}&queryCode=${c.queryCode}` });
    assert.equal(found.statusCode, 200, found.body);
    assert.deepEqual([found.json().submissionNo, found.json().receiptNo, found.json().status], [c.submissionNo, null, 'submitted']);
    const wrong = String((Number(c.queryCode) + 1) % 1_000_000).padStart(6, '0');
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/progress?receiptNo=${c.submissionNo}&queryCode=${wrong}` })).statusCode, 404);
    const mine = (await person.get(`/api/my/cases?q=${c.submissionNo}`)).json();
    assert.deepEqual(mine.cases.map((x: { id: string }) => x.id), [c.id]);
  });
});

describe('my cases: tabs and search', () => {
  test('each tab holds its states, the counts add up, the search finds by item name', async () => {
    const all = (await company.get('/api/my/cases?pageSize=100')).json();
    const { counts } = all;
    assert.equal(counts.all, all.total);
    assert.equal(counts.in_progress + counts.to_supplement + counts.to_pay + counts.completed, counts.all);
    const inProgress = (await company.get('/api/my/cases?tab=in_progress&pageSize=100')).json();
    assert.equal(inProgress.total, counts.in_progress);
    assert.ok(inProgress.cases.length > 0 && inProgress.cases.every((c: { status: string }) => !['supplement_requested', 'awaiting_payment', 'delivered', 'refused', 'withdrawn', 'terminated'].includes(c.status)));
    const completed = (await company.get('/api/my/cases?tab=completed&pageSize=100')).json();
    assert.ok(completed.cases.every((c: { status: string }) => ['delivered', 'refused', 'withdrawn', 'terminated'].includes(c.status)));
    const byName = (await company.get(`/api/my/cases?q=${encodeURIComponent('施工许可')}&pageSize=100`)).json();
    assert.ok(byName.total > 0 && byName.cases.every((c: { itemName: string }) => c.itemName.includes('施工许可')));
    assert.equal((await company.get(`/api/my/cases?q=${encodeURIComponent('%')}`)).json().total, 0, 'a wildcard is searched as text');
    assert.equal((await company.get('/api/my/cases?tab=nothing')).statusCode, 400);
    assert.equal((await person.get(`/api/my/cases?q=${encodeURIComponent('施工许可')}`)).json().total, 0, "never another's cases");
  });
});

describe('bookmarks, frequent and popular services', () => {
  test('bookmarks are the owner\'s: set, listed, removed; an unknown item is 404; staff 403; signed out 401', async () => {
    assert.deepEqual((await person.put(`/api/my/bookmarks/${foodId}`)).json(), { itemId: foodId, bookmarked: true });
    assert.equal((await person.put(`/api/my/bookmarks/${foodId}`)).statusCode, 200, 'twice is once');
    assert.deepEqual((await person.get('/api/my/bookmarks')).json().bookmarks.map((b: { itemId: string }) => b.itemId), [foodId]);
    assert.deepEqual((await company.get('/api/my/bookmarks')).json().bookmarks, []);
    assert.equal((await person.put(`/api/my/bookmarks/${randomUUID()}`)).statusCode, 404);
    assert.equal((await clerk.put(`/api/my/bookmarks/${foodId}`)).statusCode, 403);
    assert.equal((await t.app.inject({ method: 'PUT', url: `/api/my/bookmarks/${foodId}` })).statusCode, 401);
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/my/bookmarks' })).statusCode, 401);
    assert.equal((await company.del(`/api/my/bookmarks/${foodId}`)).statusCode, 200);
    assert.equal((await person.get('/api/my/bookmarks')).json().bookmarks.length, 1, "another's removal touches only their own");
    await person.del(`/api/my/bookmarks/${foodId}`);
    assert.deepEqual((await person.get('/api/my/bookmarks')).json().bookmarks, []);
  });

  test('frequent services are my own cases by item; popular ones count the center\'s cases', async () => {
    const freq = (await person.get('/api/my/frequent')).json().items;
    const own = await t.ctx.db.selectFrom('cases').select(['item_id']).where('applicant_id', '=', person.user.id).where('parent_id', 'is', null).execute();
    assert.ok(freq.length > 0);
    for (const f of freq) assert.equal(f.cases, own.filter((c) => c.item_id === f.itemId).length);
    assert.equal((await clerk.get('/api/my/frequent')).statusCode, 403);
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/my/frequent' })).statusCode, 401);

    const popular = (await t.app.inject({ method: 'GET', url: `/api/portal/popular?centerId=${haikou}&limit=20` })).json().items;
    const since = new Date(t.ctx.clock.now().getTime() - 90 * 24 * 3600_000);
    const counted = await t.ctx.db.selectFrom('cases').select(['item_id', (eb) => eb.fn.countAll<number>().as('n')]).where('center_id', '=', haikou)
      .where('submitted_at', '>=', since).where('parent_id', 'is', null).where('item_id', 'is not', null).groupBy('item_id').execute();
    const food = popular.find((p: { itemId: string }) => p.itemId === foodId);
    assert.equal(food.cases, Number(counted.find((c) => c.item_id === foodId)!.n));
    for (let i = 1; i < popular.length; i++) assert.ok(popular[i - 1].cases >= popular[i].cases, 'most cases first');
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/portal/popular?centerId=x' })).statusCode, 400);
  });

  test('the footer reads the configured site code and filing numbers', async () => {
    const site = (await t.app.inject({ method: 'GET', url: '/api/site' })).json();
    assert.deepEqual([site.siteCode, site.icp, site.psb, site.contactEmail], ['4600000001', '琼ICP备00000001号', '琼公网安备46010002000001号', null]);
  });

  test('the profile is nobody else\'s: 401 signed out, 403 staff', async () => {
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/my/profile' })).statusCode, 401);
    assert.equal((await clerk.get('/api/my/profile')).statusCode, 403);
    assert.equal((await clerk.put('/api/my/profile', { address: 'x' })).statusCode, 403);
  });
});
