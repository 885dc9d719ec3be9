import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { DEMO_ENTERPRISE } from '../../seed/seed.ts';
import { caseAction, jointApplication, signIn, testApp, type Session, type TestApp } from '../../test/harness.ts';

/** Prerequisites inside a joint matter: the restaurant's licences wait for the company's registration. */
describe('joint matters: prerequisites', () => {
  let t: TestApp;
  let company: Session;
  let hkWindow: Session;
  const staff: Record<string, Session> = {};
  let haikou: string;
  const matterId = async (key: string) => (await t.app.inject({ method: 'GET', url: `/api/joint/centers/${haikou}/matters/${key}` })).json().id as string;

  before(async () => {
    t = await testApp({ now: new Date('2026-11-23T02:00:00Z'), env: { SESSION_TTL_HOURS: '100000' } });
    company = await signIn(t.app, DEMO_ENTERPRISE.creditCode);
    hkWindow = await signIn(t.app, 'hk.window1');
    for (const name of ['hk.approver.market', 'hk.chief.market', 'hk.approver.fire', 'hk.chief.fire', 'hk.manager', 'manager']) {
      staff[name] = await signIn(t.app, name);
    }
    haikou = staff['hk.manager']!.user.centerId!;
  });
  after(() => t.close());

  const restaurant = { entity: 'company', large: 'yes', sewage: 'no' };
  const detail = async (s: Session, id: string) => (await s.get(`/api/cases/${id}`)).json();
  const act = caseAction;
  const checklist = async (id: string, answers: object) => (await t.app.inject({ method: 'POST', url: `/api/joint/matters/${id}/checklist`, payload: { answers } })).json();

  async function reviewed(partId: string, dept: string) {
    const approver = staff[`hk.approver.${dept}`]!;
    for (let i = 0; i < 5 && (await detail(approver, partId)).allowedActions.includes('review'); i++) {
      assert.equal((await act(approver, partId, { action: 'review', opinion: '材料齐全，符合条件', proposal: 'approve' })).statusCode, 200);
    }
  }
  const decide = (partId: string, dept: string, result: 'approved' | 'denied') =>
    act(staff[`hk.chief.${dept}`]!, partId, { action: 'decide', result, reason: result === 'approved' ? '准予许可' : '名称不符合规定，不予登记' });

  async function accepted(id: string, answers: Record<string, string>) {
    const res = await company.post(`/api/joint/matters/${id}/cases`, await jointApplication(t.app, company, id, answers));
    assert.equal(res.statusCode, 201, res.body);
    const caseId = res.json().case.id as string;
    assert.equal((await act(hkWindow, caseId, { action: 'accept' })).statusCode, 200);
    const c = await detail(hkWindow, caseId);
    return { id: caseId, parts: c.children as Array<{ id: string; itemName: string }> };
  }
  const partOf = (parts: Array<{ id: string; itemName: string }>, name: string) => parts.find((p) => p.itemName.includes(name))!.id;

  test('the business licence the matter issues is not asked for: the checklist names the item that produces it', async () => {
    const id = await matterId('open-restaurant');
    const view = (await t.app.inject({ method: 'GET', url: `/api/joint/matters/${id}` })).json();
    assert.equal(view.prerequisiteDenial, 'terminate_dependents');
    const food = view.items.find((i: { name: string }) => i.name === '食品经营许可');
    const registration = view.items.find((i: { name: string }) => i.name === '企业设立登记');
    assert.ok(food.requires.includes(registration.itemId));
    assert.deepEqual(registration.requires, []);
    const licence = (await checklist(id, restaurant)).materials.find((m: { key: string }) => m.key === 'business_licence');
    assert.deepEqual(licence.producedWithin, ['企业设立登记']);
    const individual = (await checklist(id, { entity: 'individual', large: 'no', sewage: 'yes' })).materials.find((m: { key: string }) => m.key === 'business_licence');
    assert.deepEqual(individual.producedWithin, ['个体工商户设立登记']);
    // Without the registration in the matter (an existing company opening a hotel), the licence is uploaded.
    const hotel = (await checklist(await matterId('open-hotel'), { new_company: 'no' })).materials.find((m: { key: string }) => m.key === 'business_licence');
    assert.equal(hotel.requirement, 'required');
    assert.equal(hotel.producedWithin, undefined);
    // The application goes in without the licence, and the parts are created.
    const r = await accepted(id, restaurant);
    assert.equal(r.parts.length, 3);
  });

  test('a dependent part cannot be decided before its prerequisite is approved; the refusal writes nothing', async () => {
    const r = await accepted(await matterId('open-restaurant'), restaurant);
    const food = partOf(r.parts, '食品');
    const registration = partOf(r.parts, '企业设立');
    await reviewed(food, 'market');
    const before = await detail(staff['hk.chief.market']!, food);
    assert.ok(!before.allowedActions.includes('decide'), 'no decide button while the registration is open');
    const refused = await decide(food, 'market', 'approved');
    assert.equal(refused.statusCode, 409);
    assert.equal(refused.json().code, 'PREREQUISITE_PENDING');
    assert.match(refused.json().message.zh, /前置事项/);
    assert.match(refused.json().message.en, /prerequisite/);
    const still = await detail(staff['hk.chief.market']!, food);
    assert.equal(still.status, before.status);
    assert.equal(still.decision, before.decision);
    assert.equal(still.timeline.length, before.timeline.length, 'no audit event');
    // The registration approved: the food part is told, and may be decided.
    await reviewed(registration, 'market');
    assert.equal((await decide(registration, 'market', 'approved')).statusCode, 200);
    const told = await detail(staff['hk.chief.market']!, food);
    const met = told.timeline.find((h: { action: string }) => h.action === 'case.prerequisite_met');
    assert.ok(met, 'the dependent part records that its prerequisite was met');
    assert.deepEqual((met.data as { materials: string[] }).materials, ['business_licence']);
    assert.ok((await detail(company, r.id)).children.length === 3);
    assert.ok(told.allowedActions.includes('decide'));
    assert.equal((await decide(food, 'market', 'approved')).statusCode, 200);
  });

  test('"terminate_dependents": the registration denied ends the items waiting for it, and the joint case is decided', async () => {
    const r = await accepted(await matterId('open-restaurant'), restaurant);
    const registration = partOf(r.parts, '企业设立');
    await reviewed(registration, 'market');
    assert.equal((await decide(registration, 'market', 'denied')).statusCode, 200);
    const c = await detail(hkWindow, r.id);
    const others = c.children.filter((p: { id: string }) => p.id !== registration);
    assert.equal(others.length, 2);
    assert.ok(others.every((p: { status: string; closeReason: string }) => p.status === 'terminated' && /前置事项「企业设立登记」/.test(p.closeReason)), JSON.stringify(others));
    assert.equal(c.status, 'decided');
    assert.equal(c.decision.result, 'denied');
    const fire = await detail(staff['hk.chief.fire']!, partOf(r.parts, '消防'));
    assert.ok(fire.timeline.some((h: { action: string }) => h.action === 'case.terminate'), 'recorded in the dependent part');
    // The applicant sees the end of the waiting parts too.
    assert.ok((await detail(company, r.id)).children.every((p: { status: string }) => p.status !== 'accepted'));
  });

  test('"continue": the registration denied leaves the dependents to be decided on their own', async () => {
    const hk = staff['hk.manager']!;
    const restaurantDef = (await hk.get('/api/manage/joint/matters')).json().matters.find((m: { key: string }) => m.key === 'open-restaurant');
    const body = { key: 'test-continue', name: '测试：前置不准予时继续', leadDepartmentId: restaurantDef.leadDepartmentId, definition: { ...restaurantDef.definition, prerequisiteDenial: 'continue' } };
    const created = await hk.post('/api/manage/joint/matters', body);
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json().definition.prerequisiteDenial, 'continue');
    assert.equal((await hk.post(`/api/manage/joint/matters/${created.json().id}/publish`)).statusCode, 200);
    const r = await accepted(created.json().id, restaurant);
    const registration = partOf(r.parts, '企业设立');
    await reviewed(registration, 'market');
    assert.equal((await decide(registration, 'market', 'denied')).statusCode, 200);
    const c = await detail(hkWindow, r.id);
    assert.equal(c.status, 'accepted', 'the dependents are still open');
    const food = partOf(r.parts, '食品');
    const f = await detail(staff['hk.chief.market']!, food);
    assert.equal(f.status, 'accepted');
    assert.ok(f.timeline.some((h: { action: string }) => h.action === 'case.prerequisite_failed'));
    await reviewed(food, 'market');
    assert.equal((await decide(food, 'market', 'denied')).statusCode, 200, 'no longer waiting');
  });

  test('managers declare prerequisites; a bad declaration is refused with its reason and nothing is written', async () => {
    const hk = staff['hk.manager']!;
    const list = async () => (await hk.get('/api/manage/joint/matters')).json().matters as Array<{ key: string; definition: { items: Array<{ itemId: string }>; prerequisites: Array<{ itemId: string; requires: string; materials: string[] }> } ; leadDepartmentId: string }>;
    const before = await list();
    const def = before.find((m) => m.key === 'open-restaurant')!;
    const [a, b] = [def.definition.items[0]!.itemId, def.definition.items[2]!.itemId];
    const tryWith = (prerequisites: unknown) => hk.post('/api/manage/joint/matters', {
      key: `test-prereq-${randomUUID().slice(0, 8)}`, name: '测试前置事项', leadDepartmentId: def.leadDepartmentId, definition: { ...def.definition, prerequisites },
    });
    const cases: Array<[unknown, string, string]> = [
      [[{ itemId: a, requires: b, materials: [] }, { itemId: b, requires: a, materials: [] }], 'CYCLE', 'definition.prerequisites'],
      [[{ itemId: a, requires: a, materials: [] }], 'SELF', 'definition.prerequisites.0'],
      [[{ itemId: a, requires: randomUUID(), materials: [] }], 'ITEM', 'definition.prerequisites.0'],
      [[{ itemId: b, requires: a, materials: ['no_such_material'] }], 'MATERIAL', 'definition.prerequisites.0.materials.0'],
      [[{ itemId: b, requires: a, materials: [] }, { itemId: b, requires: a, materials: [] }], 'DUPLICATE', 'definition.prerequisites.1'],
    ];
    for (const [prerequisites, reason, field] of cases) {
      const res = await tryWith(prerequisites);
      assert.equal(res.statusCode, 400, res.body);
      assert.equal(res.json().code, 'MATTER_PREREQUISITE_INVALID');
      assert.equal(res.json().field, field, reason);
      assert.ok(res.json().message.zh && res.json().message.en);
    }
    const after = await list();
    assert.equal(after.length, before.length, 'no matter written');
    // Updating a matter with a bad declaration leaves it as it was.
    const own = await hk.post('/api/manage/joint/matters', { key: 'test-prereq-own', name: '测试前置', leadDepartmentId: def.leadDepartmentId, definition: def.definition });
    assert.equal(own.statusCode, 201, own.body);
    const bad = await hk.put(`/api/manage/joint/matters/${own.json().id}`, { key: 'test-prereq-own', name: '改名', leadDepartmentId: def.leadDepartmentId, definition: { ...def.definition, prerequisites: [{ itemId: a, requires: a, materials: [] }] } });
    assert.equal(bad.json().code, 'MATTER_PREREQUISITE_INVALID');
    const unchanged = await hk.get(`/api/manage/joint/matters/${own.json().id}`);
    assert.equal(unchanged.json().name, '测试前置');
    assert.equal(unchanged.json().rowVersion, own.json().rowVersion);
    // Not a manager, or another center's manager: refused.
    assert.equal((await staff['hk.chief.market']!.post('/api/manage/joint/matters', { key: 'x-prereq', name: '越权', leadDepartmentId: def.leadDepartmentId, definition: def.definition })).statusCode, 403);
    assert.equal((await staff['manager']!.put(`/api/manage/joint/matters/${own.json().id}`, { key: 'test-prereq-own', name: '越权', leadDepartmentId: def.leadDepartmentId, definition: def.definition })).statusCode, 404);
  });
});
