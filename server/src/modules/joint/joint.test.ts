import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { DEMO_ENTERPRISE, DEMO_PERSON } from '../../seed/seed.ts';
import { caseAction, jointApplication, signIn, testApp, uploadMaterial, type Session, type TestApp } from '../../test/harness.ts';

/** The restaurant and hotel life events of the Haikou demo center, through the API. */
describe('joint matters: one form, one window, parallel departments', () => {
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
    for (const name of ['hk.approver.market', 'hk.chief.market', 'hk.approver.fire', 'hk.chief.fire', 'hk.approver.water', 'hk.approver.police', 'hk.chief.police', 'hk.approver.health', 'hk.chief.health', 'hk.manager', 'manager']) {
      staff[name] = await signIn(t.app, name);
    }
    haikou = staff['hk.manager']!.user.centerId!;
  });
  after(() => t.close());

  const restaurant = { entity: 'company', large: 'yes', sewage: 'no' };

  /** Submits a life event with every required field and one PDF per required material. */
  async function apply(key: string, answers: Record<string, string>, idempotencyKey = randomUUID(), as: Session = company) {
    const id = await matterId(key);
    return as.post(`/api/joint/matters/${id}/cases`, { ...(await jointApplication(t.app, as, id, answers)), idempotencyKey });
  }

  const detail = async (s: Session, id: string) => (await s.get(`/api/cases/${id}`)).json();
  const act = caseAction;

  /** Every review step by the department's approver, then the chief's decision. */
  async function decidePart(partId: string, dept: string, result: 'approved' | 'denied') {
    const approver = staff[`hk.approver.${dept}`]!;
    const chief = staff[`hk.chief.${dept}`]!;
    for (let i = 0; i < 5 && (await detail(approver, partId)).allowedActions.includes('review'); i++) {
      assert.equal((await act(approver, partId, { action: 'review', opinion: '材料齐全，符合条件', proposal: result === 'approved' ? 'approve' : 'deny' })).statusCode, 200);
    }
    const res = await act(chief, partId, { action: 'decide', result, reason: result === 'approved' ? '准予许可' : '场所不符合要求，不予许可' });
    assert.equal(res.statusCode, 200, res.body);
  }

  async function accepted(key: string, answers: Record<string, string>, as: Session = company) {
    const res = await apply(key, answers, randomUUID(), as);
    assert.equal(res.statusCode, 201, res.body);
    const id = res.json().case.id as string;
    assert.equal((await act(hkWindow, id, { action: 'accept' })).statusCode, 200);
    const c = await detail(hkWindow, id);
    return { id, parts: c.children as Array<{ id: string; itemName: string; departmentName: string; status: string }> };
  }
  const partOf = (parts: Array<{ id: string; itemName: string }>, name: string) => parts.find((p) => p.itemName.includes(name))!.id;

  test('the portal lists the life event; answers choose the items; the merged form asks less than the items would', async () => {
    const list = (await t.app.inject({ method: 'GET', url: `/api/joint/matters?centerId=${haikou}` })).json();
    const listed = list.matters.find((m: { key: string }) => m.key === 'open-restaurant');
    assert.ok(listed);
    assert.match(listed.descriptionEn, /one form/, 'described in English too');
    assert.equal(listed.centerNameEn, 'Haikou Municipal Government Service Center');
    const id = await matterId('open-restaurant');
    const check = async (answers: object) => t.app.inject({ method: 'POST', url: `/api/joint/matters/${id}/checklist`, payload: { answers } });
    const company3 = (await check(restaurant)).json();
    assert.deepEqual(company3.items.map((i: { name: string }) => i.name).sort(), ['企业设立登记', '公众聚集场所投入使用、营业前消防安全检查', '食品经营许可'].sort());
    const small = (await check({ entity: 'individual', large: 'no', sewage: 'yes' })).json();
    assert.deepEqual(small.items.map((i: { name: string }) => i.name).sort(), ['个体工商户设立登记', '城镇污水排入排水管网许可', '食品经营许可'].sort());
    assert.ok(company3.counts.fieldsAsked < company3.counts.fieldsSeparate, JSON.stringify(company3.counts));
    assert.ok(company3.counts.materialsAsked < company3.counts.materialsSeparate, JSON.stringify(company3.counts));
    // One upload of the business licence serves the food and fire items.
    const licence = company3.materials.find((m: { key: string }) => m.key === 'business_licence');
    assert.equal(licence.items.length, 2);
    const missing = await check({ entity: 'company' });
    assert.equal(missing.statusCode, 400);
    assert.equal(missing.json().code, 'ANSWER_MISSING');
    const invalid = await check({ ...restaurant, large: 'maybe' });
    assert.equal(invalid.json().code, 'ANSWER_INVALID');
  });

  test('a joint application carries the delivery choice like a single one; an unknown region refuses it, nothing written', async () => {
    const restaurantId = await matterId('open-restaurant');
    const delivery = { method: 'post', recipientName: '张三', recipientPhone: '13800001234', regionCode: '460100', address: '海口市龙华区国贸路1号' };
    const made = await company.post(`/api/joint/matters/${restaurantId}/cases`, { ...(await jointApplication(t.app, company, restaurantId, restaurant)), idempotencyKey: randomUUID(), delivery });
    assert.equal(made.statusCode, 201, made.body);
    const chosen = await t.ctx.db.selectFrom('case_delivery_choices').select(['method', 'region_code', 'address']).where('case_id', '=', made.json().case.id).executeTakeFirstOrThrow();
    assert.deepEqual(chosen, { method: 'post', region_code: '460100', address: delivery.address });
    const count = async () => Number((await t.ctx.db.selectFrom('cases').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const bad = await company.post(`/api/joint/matters/${restaurantId}/cases`, { ...(await jointApplication(t.app, company, restaurantId, restaurant)), idempotencyKey: randomUUID(), delivery: { ...delivery, regionCode: '999999' } });
    assert.deepEqual([bad.statusCode, bad.json().code], [400, 'DELIVERY_REGION_UNKNOWN']);
    assert.equal(await count(), before);
  });

  test('submit once (a retry is the same case), merged pre-review notice, acceptance creates one part per item, delivered together', async () => {
    const key = randomUUID();
    const restaurantId = await matterId('open-restaurant');
    const body = { ...(await jointApplication(t.app, company, restaurantId, restaurant)), idempotencyKey: key };
    const first = await company.post(`/api/joint/matters/${restaurantId}/cases`, body);
    assert.equal(first.statusCode, 201, first.body);
    const parent = first.json().case;
    assert.equal(parent.kind, 'joint');
    assert.equal(parent.status, 'submitted');
    assert.equal(parent.itemName, '我要开餐馆');
    const again = await company.post(`/api/joint/matters/${restaurantId}/cases`, body);
    assert.equal(again.statusCode, 200);
    assert.equal(again.json().case.id, parent.id);
    const reused = await apply('open-restaurant', restaurant, key);
    assert.equal(reused.statusCode, 422, 'the same key with other uploads is another request');
    assert.equal(reused.json().code, 'IDEMPOTENCY_KEY_REUSED');

    // Pre-review: each department says what its part lacks; an outsider may not; a department asks only about its own items.
    const fire = staff['hk.approver.fire']!;
    const seen = await fire.get(`/api/cases/${parent.id}`);
    assert.equal(seen.statusCode, 200, 'a department of the matter sees the joint case');
    const layout = seen.json().materials.find((m: { key: string }) => m.key === 'layout');
    assert.deepEqual(layout.departmentIds.sort(), [fire.user.departmentId, staff['hk.approver.market']!.user.departmentId].sort(), 'the shared layout plan serves two departments');
    assert.equal((await fire.post(`/api/joint/cases/${parent.id}/prereview`, { items: [{ key: 'layout', reason: '未标注消防设施位置' }] })).statusCode, 200);
    const market = staff['hk.approver.market']!;
    assert.equal((await market.post(`/api/joint/cases/${parent.id}/prereview`, { items: [{ key: 'layout', reason: '缺少操作流程' }] })).statusCode, 200);
    const foreign = await fire.post(`/api/joint/cases/${parent.id}/prereview`, { items: [{ key: 'premises', reason: '不是本部门材料' }] });
    assert.equal(foreign.statusCode, 400);
    assert.equal(foreign.json().code, 'MATERIAL_NOT_YOURS');
    assert.equal((await staff['hk.approver.water']!.post(`/api/joint/cases/${parent.id}/prereview`, { items: [] })).statusCode, 403);
    assert.equal((await staff['hk.approver.water']!.get(`/api/cases/${parent.id}`)).statusCode, 403);

    // The window sends one notice carrying both departments' lines.
    const notice = await act(hkWindow, parent.id, { action: 'request_supplement', items: [] });
    assert.equal(notice.statusCode, 200, notice.body);
    const mine = await detail(company, parent.id);
    assert.equal(mine.status, 'supplement_requested');
    assert.equal(mine.supplement.items.length, 1);
    assert.deepEqual(mine.supplement.items[0].departments.sort(), ['海口市市场监督管理局', '海口市消防救援支队'].sort());
    assert.match(mine.supplement.items[0].reason, /消防设施/);
    assert.match(mine.supplement.items[0].reason, /操作流程/);
    const fileId = await uploadMaterial(t.app, company, '平面布局图.pdf');
    assert.equal((await act(company, parent.id, { action: 'resubmit', materials: [{ key: 'layout', fileId }] })).statusCode, 200);

    // Acceptance at one window: three parts, each in its department's inbox, on its own clock; the parent on the joint limit.
    assert.equal((await act(hkWindow, parent.id, { action: 'accept' })).statusCode, 200);
    const accepted = await detail(hkWindow, parent.id);
    assert.equal(accepted.status, 'accepted');
    assert.equal(accepted.children.length, 3);
    assert.ok(accepted.children.every((p: { status: string; kind: string; receiptNo: string }) => p.status === 'accepted' && p.kind === 'part' && p.receiptNo.startsWith(`${accepted.receiptNo}-`)));
    const partIds = accepted.children.map((p: { id: string }) => p.id);
    const fireInbox = (await fire.get('/api/workbench/inbox?box=review')).json();
    assert.ok(fireInbox.cases.some((c: { id: string }) => partIds.includes(c.id)), 'the fire part waits in the fire department');
    assert.ok(!fireInbox.cases.some((c: { id: string }) => c.id === parent.id), 'the parent is never reviewed itself');
    const firePart = partOf(accepted.children, '消防');
    const firePartDetail = await detail(fire, firePart);
    assert.equal(firePartDetail.parent.id, parent.id);
    assert.ok(firePartDetail.materials.find((m: { key: string }) => m.key === 'layout').files.length >= 1, 'the shared upload reaches the part');
    assert.equal(firePartDetail.form.f1, '测试填写', 'the merged name field reaches the item form');
    assert.equal((await staff['hk.approver.water']!.get(`/api/cases/${firePart}`)).statusCode, 403, 'a department outside the matter');
    // The lead department (market) sees every part and may note, not act.
    const lead = await detail(staff['hk.chief.market']!, firePart);
    assert.deepEqual(lead.allowedActions, []);
    assert.equal((await act(staff['hk.chief.market']!, firePart, { action: 'decide', result: 'approved', reason: '越权决定' })).statusCode, 403);
    assert.equal((await staff['hk.chief.market']!.post(`/api/joint/cases/${parent.id}/coordinate`, { partId: firePart, message: '请加快现场核查' })).statusCode, 200);
    assert.equal((await fire.post(`/api/joint/cases/${parent.id}/coordinate`, { partId: firePart, message: '不是牵头部门' })).statusCode, 403);
    const led = (await staff['hk.approver.market']!.get('/api/joint/coordination')).json();
    assert.ok(led.cases.some((c: { id: string; parts: unknown[] }) => c.id === parent.id && c.parts.length === 3));
    assert.ok((await detail(fire, firePart)).timeline.some((h: { action: string }) => h.action === 'case.coordination_note'));

    // Parallel decisions; the parent is decided with the last one.
    await decidePart(partOf(accepted.children, '企业设立'), 'market', 'approved');
    await decidePart(partOf(accepted.children, '食品'), 'market', 'approved');
    assert.equal((await detail(hkWindow, parent.id)).status, 'accepted', 'one part still open');
    await decidePart(firePart, 'fire', 'approved');
    const decided = await detail(hkWindow, parent.id);
    assert.equal(decided.status, 'decided');
    assert.equal(decided.decision.result, 'approved');

    // Handed over one by one; delivered together by the parent only.
    for (const p of partIds) {
      const dept = p === firePart ? 'fire' : 'market';
      assert.equal((await act(staff[`hk.chief.${dept}`]!, p, { action: 'handover' })).statusCode, 200);
    }
    assert.equal((await detail(hkWindow, parent.id)).status, 'ready');
    // Issue 11: the window delivers after checking the holder (modules/delivery).
    const pickup = { verification: { kind: 'identity', number: DEMO_ENTERPRISE.creditCode }, collector: { kind: 'holder' } };
    const alone = await hkWindow.post(`/api/cases/${firePart}/delivery/pickup`, pickup);
    assert.equal(alone.statusCode, 409, 'a part is not delivered alone');
    assert.equal(alone.json().details.reason, 'KIND');
    assert.equal((await hkWindow.post(`/api/cases/${parent.id}/delivery/pickup`, pickup)).statusCode, 200);
    const done = await detail(company, parent.id);
    assert.equal(done.status, 'delivered');
    assert.ok(done.children.every((p: { status: string }) => p.status === 'delivered'));
    const list = (await company.get('/api/my/cases')).json();
    assert.ok(list.cases.some((c: { id: string }) => c.id === parent.id));
    assert.ok(!list.cases.some((c: { id: string }) => partIds.includes(c.id)), 'parts appear inside their parent only');
  });

  test('denial rule: "continue" lets the others finish (partial); "stop_all" ends them (denied)', async () => {
    const r = await accepted('open-restaurant', restaurant);
    // The fire check waits for the company's registration (a prerequisite of the matter, issue 10): registered first.
    await decidePart(partOf(r.parts, '企业设立'), 'market', 'approved');
    await decidePart(partOf(r.parts, '消防'), 'fire', 'denied');
    assert.equal((await detail(hkWindow, r.id)).children.filter((p: { status: string }) => p.status === 'terminated').length, 0);
    await decidePart(partOf(r.parts, '食品'), 'market', 'approved');
    const partial = await detail(hkWindow, r.id);
    assert.equal(partial.status, 'decided');
    assert.equal(partial.decision.result, 'partial');

    const h = await accepted('open-hotel', { new_company: 'no' });
    assert.equal(h.parts.length, 3);
    const trade = partOf(h.parts, '特种行业');
    await decidePart(trade, 'police', 'denied');
    const stopped = await detail(hkWindow, h.id);
    assert.equal(stopped.status, 'decided');
    assert.equal(stopped.decision.result, 'denied');
    const others = stopped.children.filter((p: { id: string }) => p.id !== trade);
    assert.ok(others.every((p: { status: string; closeReason: string }) => p.status === 'terminated' && /特种行业/.test(p.closeReason)), JSON.stringify(others));
  });

  test('withdrawing the joint case ends every part with it', async () => {
    // An individual business is set up by a person (服务对象 of 个体工商户设立登记).
    const person = await signIn(t.app, DEMO_PERSON.idNumber);
    const r = await accepted('open-restaurant', { entity: 'individual', large: 'no', sewage: 'yes' }, person);
    assert.equal((await act(person, r.id, { action: 'withdraw', reason: '经营计划变更，暂不开业' })).statusCode, 200);
    const c = await detail(person, r.id);
    assert.equal(c.status, 'withdrawn');
    assert.ok(c.children.every((p: { status: string }) => p.status === 'terminated'));
  });

  test('managers define matters for their own center only; bad definitions are refused with a field', async () => {
    const hk = staff['hk.manager']!;
    const items = (await hk.get('/api/manage/joint/matters')).json().matters;
    assert.ok(items.length >= 2);
    const restaurantDef = items.find((m: { key: string }) => m.key === 'open-restaurant');
    const body = { key: 'test-matter', name: '测试联办', leadDepartmentId: restaurantDef.leadDepartmentId, definition: { ...restaurantDef.definition } };
    const created = await hk.post('/api/manage/joint/matters', body);
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json().status, 'draft');
    assert.equal((await hk.post('/api/manage/joint/matters', body)).json().code, 'MATTER_KEY_TAKEN');
    const waterLead = await hk.post('/api/manage/joint/matters', { ...body, key: 'test-bad-lead', leadDepartmentId: staff['hk.approver.police']!.user.departmentId });
    assert.equal(waterLead.statusCode, 400);
    assert.equal(waterLead.json().code, 'LEAD_NOT_INVOLVED');
    const badCondition = await hk.post('/api/manage/joint/matters', { ...body, key: 'test-bad-cond', definition: { ...body.definition, items: [{ ...body.definition.items[0], when: { question: 'nope', anyOf: ['x'] } }, ...body.definition.items.slice(1)] } });
    assert.equal(badCondition.json().code, 'MATTER_CONDITION_INVALID');
    assert.equal(badCondition.json().field, 'definition.items.0.when');
    // 服务对象: a matter that, for some answer, holds an item for persons only beside one for enterprises only
    // has nobody who may apply: refused on saving (and again on publishing), with the answers that show it.
    const byAudience = async (audiences: string) => (await t.ctx.db.selectFrom('items as i').innerJoin('item_versions as v', 'v.item_id', 'i.id')
      .select('i.id').where('i.center_id', '=', hk.user.centerId).where('i.hall_status', '=', 'in_hall').where('v.status', '=', 'published')
      .where(sql<boolean>`v.content->'audiences' = ${audiences}::jsonb`).limit(1).executeTakeFirstOrThrow()).id;
    const [personOnly, enterpriseOnly] = [await byAudience('["person"]'), await byAudience('["enterprise"]')];
    const mixed = (when?: object) => ({
      ...body, key: `test-nobody-${when ? 'when' : 'always'}`,
      leadDepartmentId: restaurantDef.leadDepartmentId,
      definition: { ...body.definition, prerequisites: [], sharedFields: [], sharedMaterials: [], items: [...body.definition.items.filter((i: { when?: unknown }) => !i.when).slice(0, 1), { itemId: personOnly, ...(when ? { when } : {}) }, { itemId: enterpriseOnly }] },
    });
    const firstQuestion = body.definition.questions[0];
    const writtenMatters = async () => Number((await t.ctx.db.selectFrom('joint_matters').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const mattersBefore = await writtenMatters();
    for (const candidate of [mixed(), mixed({ question: firstQuestion.key, anyOf: [firstQuestion.options[0].value] })]) {
      const nobody = await hk.post('/api/manage/joint/matters', candidate);
      assert.equal(nobody.statusCode, 400, nobody.body);
      assert.equal(nobody.json().code, 'MATTER_NO_APPLICANT');
      assert.equal(nobody.json().field, 'definition.items');
    }
    assert.equal(await writtenMatters(), mattersBefore, 'nothing written');
    // Only for the answer that includes the persons-only item: the refusal names that answer.
    const conditional = (await hk.post('/api/manage/joint/matters', mixed({ question: firstQuestion.key, anyOf: [firstQuestion.options[1].value] }))).json();
    assert.equal(conditional.details.answers[firstQuestion.key], firstQuestion.options[1].value);
    const id = created.json().id;
    assert.equal((await staff['manager']!.get(`/api/manage/joint/matters/${id}`)).statusCode, 404, "another center's manager");
    assert.equal((await staff['manager']!.post(`/api/manage/joint/matters/${id}/publish`)).statusCode, 404);
    assert.equal((await staff['hk.chief.market']!.get('/api/manage/joint/matters')).statusCode, 403);
    assert.equal((await company.post('/api/manage/joint/matters', body)).statusCode, 403);
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/joint/matters/${id}` })).statusCode, 404, 'a draft is not on the portal');
    assert.equal((await hk.post(`/api/manage/joint/matters/${id}/publish`)).json().status, 'published');
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/joint/matters/${id}` })).statusCode, 200);
  });

  test('the joint case runs on the joint limit: 45 statutory days, one extension of 15 by the lead chief', async () => {
    const r = await accepted('open-restaurant', { entity: 'company', large: 'no', sewage: 'no' });
    const before = await detail(hkWindow, r.id);
    assert.equal(before.promisedLimitDays, 10);
    const cal = async (from: string, n: number) => (await t.app.inject({ method: 'GET', url: `/api/calendar/due?region=460100&from=${from}&workdays=${n}` })).json().due;
    assert.equal(before.statutoryDueDate, await cal(before.acceptedDate, 45));
    assert.equal((await act(staff['hk.chief.fire']!, r.id, { action: 'extend', reason: '涉及多部门现场联合核查' })).statusCode, 403, 'only the lead department');
    assert.equal((await act(staff['hk.chief.market']!, r.id, { action: 'extend', reason: '涉及多部门现场联合核查' })).statusCode, 200);
    const after = await detail(hkWindow, r.id);
    assert.equal(after.extension.days, 15);
    assert.equal(after.statutoryDueDate, await cal(before.acceptedDate, 60));
    assert.equal((await act(staff['hk.chief.market']!, r.id, { action: 'extend', reason: '再次延期' })).statusCode, 409);
  });
});
