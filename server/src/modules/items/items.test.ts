import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { signIn, testApp, type Session, type TestApp } from '../../test/harness.ts';

let t: TestApp;
let manager: Session;
let manager2: Session;
let hkManager: Session;
let housingDept: string;

before(async () => {
  t = await testApp();
  manager = await signIn(t.app, 'manager');
  manager2 = await signIn(t.app, 'manager2');
  hkManager = await signIn(t.app, 'hk.manager');
  const org = (await manager.get('/api/admin/org')).json();
  housingDept = org.departments.find((d: { name: string }) => d.name === '海南省住房和城乡建设厅').id;
});
after(async () => { await t.close(); });

const content = (over: Record<string, unknown> = {}) => ({
  name: '城市道路挖掘许可（测试）',
  nameEn: 'Urban road excavation permit (test)',
  legalBasis: ['《城市道路管理条例》第三十三条'],
  conditions: ['因工程建设需要挖掘城市道路'],
  materials: [{ key: 'form', name: '城市道路挖掘申请表', form: 'both', originalOrCopy: 'original', copies: 1, requirement: 'required', eLicenceAccepted: false }],
  procedure: [{ name: '受理', role: 'window' }, { name: '审查', role: 'approver' }, { name: '决定', role: 'chief' }],
  statutoryLimitDays: 20,
  promisedLimitDays: 5,
  processingMode: 'promised',
  visits: 0,
  online: true,
  inHall: true,
  audiences: ['enterprise'],
  themes: ['construction'],
  ...over,
});
const identity = (codeMain: string) => ({ departmentId: housingDept, type: '01', level: 'province', codeRegion: '46', codeMain, codeSub: '000' });
const publicSearch = async (q: string) => (await t.app.inject({ method: 'GET', url: `/api/items?q=${encodeURIComponent(q)}` })).json();
const today = '2026-11-23';

describe('catalog lifecycle', () => {
  test('create → publish → admit (four eyes) → portal → new version → portal shows it', async () => {
    const created = await manager.post('/api/admin/items', { identity: identity('90001'), content: content() });
    assert.equal(created.statusCode, 201, created.body);
    const { id, basicCode, implementationCode } = created.json();
    assert.equal(basicCode, '460190001000');
    assert.equal(implementationCode.length, 31);
    assert.equal(implementationCode.slice(18, 19), '2');
    assert.equal(implementationCode.slice(19), basicCode);

    assert.equal((await publicSearch('城市道路挖掘许可')).total, 0, 'a draft is not public');
    const early = await manager.post(`/api/admin/items/${id}/requests`, { kind: 'admission', reason: '新设事项' });
    assert.equal(early.statusCode, 409);
    assert.equal(early.json().code, 'NOT_PUBLISHED');

    const pub = await manager.post(`/api/admin/items/${id}/publish`, { validFrom: today });
    assert.equal(pub.statusCode, 200, pub.body);
    assert.equal(pub.json().version, 1);
    assert.equal((await publicSearch('城市道路挖掘许可')).total, 0, 'published but not admitted');

    const req = await manager.post(`/api/admin/items/${id}/requests`, { kind: 'admission', reason: '新设事项进驻大厅' });
    assert.equal(req.statusCode, 201, req.body);
    const dup = await manager.post(`/api/admin/items/${id}/requests`, { kind: 'admission', reason: '重复' });
    assert.equal(dup.json().code, 'REQUEST_PENDING');
    const self = await manager.post(`/api/admin/requests/${req.json().id}/decision`, { approve: true, reason: '同意' });
    assert.equal(self.statusCode, 403);
    assert.equal(self.json().code, 'FOUR_EYES');
    const ok = await manager2.post(`/api/admin/requests/${req.json().id}/decision`, { approve: true, reason: '同意进驻' });
    assert.equal(ok.statusCode, 200, ok.body);

    const found = await publicSearch('城市道路挖掘许可（测试）');
    assert.equal(found.items[0].id, id);
    const guide1 = (await t.app.inject({ method: 'GET', url: `/api/items/${id}/guide` })).json();
    assert.equal(guide1.version.version, 1);
    assert.equal(guide1.version.content.promisedLimitDays, 5);

    assert.equal((await manager.post(`/api/admin/items/${id}/draft`)).statusCode, 201);
    assert.equal((await manager.post(`/api/admin/items/${id}/draft`)).json().code, 'DRAFT_EXISTS');
    const saved = await manager.put(`/api/admin/items/${id}/draft`, { content: content({ promisedLimitDays: 3 }) });
    assert.equal(saved.statusCode, 200, saved.body);
    assert.equal(saved.json().version, 2);
    const guideDraft = (await t.app.inject({ method: 'GET', url: `/api/items/${id}/guide` })).json();
    assert.equal(guideDraft.version.version, 1, 'a draft never shows on the portal');
    assert.equal((await manager.post(`/api/admin/items/${id}/publish`, { validFrom: today })).statusCode, 200);
    const guide2 = (await t.app.inject({ method: 'GET', url: `/api/items/${id}/guide` })).json();
    assert.equal(guide2.version.version, 2);
    assert.equal(guide2.version.content.promisedLimitDays, 3);

    const detail = (await manager.get(`/api/admin/items/${id}`)).json();
    assert.deepEqual(detail.versions.map((v: { version: number; status: string }) => [v.version, v.status]), [[2, 'published'], [1, 'published']]);
    const actions = detail.history.map((h: { action: string }) => h.action);
    for (const a of ['item.created', 'item.published', 'item.admission_requested', 'item.admission_approved', 'item.draft_opened', 'item.draft_saved']) {
      assert.ok(actions.includes(a), `history has ${a}`);
    }
    assert.equal(detail.requests[0].decisionReason, '同意进驻');
    const v1 = (await manager.get(`/api/admin/items/${id}/versions/1`)).json();
    assert.equal(v1.content.promisedLimitDays, 5, 'version 1 is kept as it was');

    // Removal, also with four eyes; the portal stops showing it.
    const rm = await manager2.post(`/api/admin/items/${id}/requests`, { kind: 'removal', reason: '事项取消' });
    assert.equal(rm.statusCode, 201);
    const rejected = await manager.post(`/api/admin/requests/${rm.json().id}/decision`, { approve: true, reason: '同意退出' });
    assert.equal(rejected.statusCode, 200);
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/items/${id}/guide` })).statusCode, 404);
  });

  test('a version valid from a later date does not replace the one in force', async () => {
    const { id } = (await manager.post('/api/admin/items', { identity: identity('90002'), content: content({ name: '未来生效测试事项' }) })).json();
    await manager.post(`/api/admin/items/${id}/publish`, { validFrom: today });
    const req = (await manager.post(`/api/admin/items/${id}/requests`, { kind: 'admission', reason: '进驻' })).json();
    await manager2.post(`/api/admin/requests/${req.id}/decision`, { approve: true, reason: '同意' });
    await manager.post(`/api/admin/items/${id}/draft`);
    await manager.put(`/api/admin/items/${id}/draft`, { content: content({ name: '未来生效测试事项', promisedLimitDays: 1 }) });
    assert.equal((await manager.post(`/api/admin/items/${id}/publish`, { validFrom: '2027-01-01' })).statusCode, 200);
    const g = (await t.app.inject({ method: 'GET', url: `/api/items/${id}/guide` })).json();
    assert.equal(g.version.version, 1);
    assert.deepEqual(g.upcoming, { version: 2, validFrom: '2027-01-01' });
    t.clock.set(new Date('2027-01-01T01:00:00Z'));
    const g2 = (await t.app.inject({ method: 'GET', url: `/api/items/${id}/guide` })).json();
    assert.equal(g2.version.version, 2);
    t.clock.set(new Date('2026-11-23T02:00:00Z'));
  });
});

describe('bad input writes nothing', () => {
  test('promised limit above the statutory one is refused with its code', async () => {
    const before = (await manager.get('/api/admin/items')).json().total;
    const r = await manager.post('/api/admin/items', { identity: identity('90003'), content: content({ promisedLimitDays: 30 }) });
    assert.equal(r.statusCode, 400);
    assert.equal(r.json().code, 'PROMISED_EXCEEDS_STATUTORY');
    assert.equal(r.json().field, 'content.promisedLimitDays');
    assert.ok(r.json().message.zh && r.json().message.en);
    assert.equal((await manager.get('/api/admin/items')).json().total, before);
  });

  test('an item outside the hall needs its approval reference; a bad code part is refused', async () => {
    const r = await manager.post('/api/admin/items', { identity: identity('90004'), content: content({ inHall: false }) });
    assert.equal(r.json().code, 'NOT_IN_HALL_NEEDS_APPROVAL');
    const bad = await manager.post('/api/admin/items', { identity: { ...identity('9x004') }, content: content() });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().field, 'identity.codeMain');
  });

  test('an item decided above must be a reported item and name an existing item; nothing is stored otherwise', async () => {
    const before = (await manager.get('/api/admin/items')).json().total;
    const missing = await manager.post('/api/admin/items', { identity: identity('90016'), content: content({ processingMode: 'reported', reportTo: { itemId: '00000000-0000-4000-8000-000000000000' } }) });
    assert.equal(missing.statusCode, 400);
    assert.equal(missing.json().code, 'REPORT_TARGET_UNKNOWN');
    assert.equal(missing.json().field, 'content.reportTo.itemId');
    const target = (await publicSearch('保安服务公司设立许可')).items.find((i: { center: { name: string } }) => i.center.name.startsWith('海南省')).id;
    const promised = await manager.post('/api/admin/items', { identity: identity('90016'), content: content({ reportTo: { itemId: target } }) });
    assert.equal(promised.json().code, 'REPORT_NEEDS_REPORTED_MODE');
    assert.equal((await manager.get('/api/admin/items')).json().total, before);
    const ok = await manager.post('/api/admin/items', { identity: identity('90016'), content: content({ processingMode: 'reported', reportTo: { itemId: target } }) });
    assert.equal(ok.statusCode, 201, ok.body);
  });

  test('the same implementation code twice is a conflict', async () => {
    assert.equal((await manager.post('/api/admin/items', { identity: identity('90005'), content: content() })).statusCode, 201);
    const again = await manager.post('/api/admin/items', { identity: identity('90005'), content: content() });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().code, 'ITEM_CODE_EXISTS');
  });

  test('a validity start in the past is refused', async () => {
    const { id } = (await manager.post('/api/admin/items', { identity: identity('90006'), content: content() })).json();
    const r = await manager.post(`/api/admin/items/${id}/publish`, { validFrom: '2020-01-01' });
    assert.equal(r.json().code, 'VALID_FROM_IN_PAST');
    const nonsense = await manager.post(`/api/admin/items/${id}/publish`, { validFrom: '2026-02-30' });
    assert.equal(nonsense.statusCode, 400);
    assert.equal(nonsense.json().field, 'validFrom');
  });
});

describe('security', () => {
  test('a manager of another center cannot read or edit this center\'s items', async () => {
    const { id } = (await manager.post('/api/admin/items', { identity: identity('90007'), content: content() })).json();
    assert.equal((await hkManager.get(`/api/admin/items/${id}`)).statusCode, 403);
    assert.equal((await hkManager.put(`/api/admin/items/${id}/draft`, { content: content({ name: '篡改' }) })).statusCode, 403);
    assert.equal((await hkManager.post(`/api/admin/items/${id}/publish`, { validFrom: today })).statusCode, 403);
    assert.equal((await hkManager.post(`/api/admin/items`, { identity: identity('90008'), content: content() })).statusCode, 403, 'nor create in a department of another center');
    const v = (await manager.get(`/api/admin/items/${id}/versions/1`)).json();
    assert.equal(v.content.name, '城市道路挖掘许可（测试）');
  });

  test('published versions cannot be changed through any endpoint, nor in the database', async () => {
    const { id } = (await manager.post('/api/admin/items', { identity: identity('90009'), content: content() })).json();
    await manager.post(`/api/admin/items/${id}/publish`, { validFrom: today });
    const put = await manager.put(`/api/admin/items/${id}/draft`, { content: content({ name: '改已发布' }) });
    assert.equal(put.statusCode, 409);
    assert.equal(put.json().code, 'NO_DRAFT');
    assert.equal((await manager.del(`/api/admin/items/${id}/draft`)).statusCode, 409);
    for (const method of ['PUT', 'PATCH', 'DELETE', 'POST'] as const) {
      const r = await t.app.inject({ method, url: `/api/admin/items/${id}/versions/1`, headers: { cookie: manager.cookie, 'x-csrf-token': manager.csrf }, payload: { content: content({ name: 'x' }) } });
      assert.equal(r.statusCode, 404, method);
    }
    await assert.rejects(sql`UPDATE item_versions SET content = '{}' WHERE item_id = ${id}`.execute(t.ctx.db), /immutable/);
    await assert.rejects(sql`DELETE FROM item_versions WHERE item_id = ${id}`.execute(t.ctx.db), /immutable/);
    const v = (await manager.get(`/api/admin/items/${id}/versions/1`)).json();
    assert.equal(v.content.name, '城市道路挖掘许可（测试）');
  });

  test('a chief may request for their own department only and may not decide', async () => {
    const chief = await signIn(t.app, 'chief.market');
    const { id } = (await manager.post('/api/admin/items', { identity: identity('90010'), content: content() })).json();
    await manager.post(`/api/admin/items/${id}/publish`, { validFrom: today });
    assert.equal((await chief.post(`/api/admin/items/${id}/requests`, { kind: 'admission', reason: '申请' })).statusCode, 403);
    const housingChief = await signIn(t.app, 'chief.housing');
    const req = await housingChief.post(`/api/admin/items/${id}/requests`, { kind: 'admission', reason: '本部门申请进驻' });
    assert.equal(req.statusCode, 201, req.body);
    assert.equal((await housingChief.post(`/api/admin/requests/${req.json().id}/decision`, { approve: true, reason: '同意' })).statusCode, 403);
    assert.equal((await housingChief.put(`/api/admin/items/${id}/draft`, { content: content() })).statusCode, 403);
  });
});

describe('public catalog', () => {
  test('search finds 建筑工程施工许可证核发 from 施工许可 and 施工证, exact name first, one wrong character tolerated', async () => {
    for (const q of ['施工许可', '施工证', '建筑工程施工许可正核发']) {
      const r = await publicSearch(q);
      assert.ok(r.items.some((i: { name: string }) => i.name === '建筑工程施工许可证核发'), `${q} finds it`);
    }
    const exact = await publicSearch('建筑工程施工许可证核发');
    assert.equal(exact.items[0].name, '建筑工程施工许可证核发');
    const none = await publicSearch('量子纠缠');
    assert.equal(none.total, 0);
  });

  test('browse by audience, department, theme and life event; facets count them', async () => {
    const facets = (await t.app.inject({ method: 'GET', url: '/api/catalog/facets' })).json();
    assert.ok(facets.departments.length >= 24);
    assert.equal(facets.centers.length, 5, 'province, Haikou and the network below it (issue 17)');
    const theme = facets.themes.find((x: { key: string }) => x.key === 'construction');
    assert.equal(theme.zh, '工程建设');
    const byTheme = (await t.app.inject({ method: 'GET', url: '/api/items?theme=construction&pageSize=100' })).json();
    assert.equal(byTheme.total, theme.count);
    const dept = facets.departments[0];
    const byDept = (await t.app.inject({ method: 'GET', url: `/api/items?departmentId=${dept.id}&pageSize=100` })).json();
    assert.equal(byDept.total, dept.count);
    assert.ok(byDept.items.every((i: { department: { id: string } }) => i.department.id === dept.id));
    const persons = (await t.app.inject({ method: 'GET', url: '/api/items?audience=person&pageSize=5&page=2' })).json();
    assert.equal(persons.total, facets.audiences.person);
    assert.equal(persons.page, 2);
    assert.equal(persons.items.length, 5);
    const life = facets.lifeEvents[0];
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/items?lifeEvent=${life.key}&pageSize=100` })).json().total, life.count);
  });

  test('the portal home browses by department, service object and theme together; bad filters are 400, not 500', async () => {
    type Row = { id: string; department: { id: string } };
    const all = (await t.app.inject({ method: 'GET', url: '/api/items?object=enterprise&theme=construction&pageSize=100' })).json();
    assert.ok(all.total > 0, 'enterprise construction items exist');
    const dept = all.items[0].department.id;
    const combined = (await t.app.inject({ method: 'GET', url: `/api/items?departmentId=${dept}&object=enterprise&theme=construction&pageSize=100` })).json();
    const expected = all.items.filter((i: Row) => i.department.id === dept).length;
    assert.equal(combined.total, expected);
    assert.ok(combined.items.every((i: Row) => i.department.id === dept));
    // `object` is the same filter as `audience`
    const byAudience = (await t.app.inject({ method: 'GET', url: '/api/items?audience=person&pageSize=1' })).json();
    const byObject = (await t.app.inject({ method: 'GET', url: '/api/items?object=person&pageSize=1' })).json();
    assert.equal(byObject.total, byAudience.total);
    const enterprises = (await t.app.inject({ method: 'GET', url: '/api/items?object=enterprise&pageSize=1' })).json();
    assert.notEqual(byObject.total, enterprises.total, 'the object filter narrows the list');
    // paginated: two pages never repeat an item
    const p1 = (await t.app.inject({ method: 'GET', url: '/api/items?object=person&pageSize=3&page=1' })).json();
    const p2 = (await t.app.inject({ method: 'GET', url: '/api/items?object=person&pageSize=3&page=2' })).json();
    assert.equal(p1.items.length, 3);
    assert.ok(p2.items.every((i: Row) => !p1.items.some((j: Row) => j.id === i.id)));
    for (const [url, field] of [
      ['/api/items?theme=quantum', 'theme'],
      ['/api/items?object=martian', 'object'],
      ['/api/items?audience=robot', 'audience'],
      ['/api/items?departmentId=42', 'departmentId'],
      ['/api/items?lifeEvent=%27%3B--', 'lifeEvent'],
      ['/api/items?theme=construction&pageSize=1000', 'pageSize'],
    ] as const) {
      const r = await t.app.inject({ method: 'GET', url });
      assert.equal(r.statusCode, 400, url);
      assert.equal(r.json().field, field, url);
    }
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/catalog/facets?centerId=nope' })).statusCode, 400);
  });

  test('the guide has the ten public items and its template files download', async () => {
    const hit = (await publicSearch('建筑工程施工许可证核发')).items[0];
    const g = (await t.app.inject({ method: 'GET', url: `/api/items/${hit.id}/guide` })).json();
    const c = g.version.content;
    assert.ok(c.name && c.legalBasis.length && c.procedure.length && c.conditions.length && c.materials.length);
    assert.ok(c.statutoryLimitDays >= c.promisedLimitDays);
    assert.equal(typeof c.progressQuery, 'string');
    assert.ok(Array.isArray(c.fees));
    const withTemplate = c.materials.find((m: { templateFileId?: string }) => m.templateFileId);
    assert.ok(withTemplate, 'an application form with a template');
    const file = await t.app.inject({ method: 'GET', url: `/api/files/${withTemplate.templateFileId}` });
    assert.equal(file.statusCode, 200);
    assert.equal(file.headers['content-type'], 'application/pdf');
    assert.equal(file.rawPayload.subarray(0, 5).toString(), '%PDF-');
    assert.ok(g.files[withTemplate.templateFileId].name.endsWith('.pdf'));
  });

  test('bad query parameters are refused with 400', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/api/items?page=0' });
    assert.equal(r.statusCode, 400);
    assert.equal(r.json().field, 'page');
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/items/not-a-uuid/guide' })).statusCode, 400);
  });
});
