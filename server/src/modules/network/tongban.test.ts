import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { DEMO_PERSON } from '../../seed/seed.ts';
import { applicationBody, itemIdByName, receiveMaterials, signIn, testApp, type Session, type TestApp } from '../../test/harness.ts';

/**
 * 通办 across levels and regions (issue 17, docs/network.md): Longhua's 老年人优待证办理 is handled
 * province-wide; an applicant hands it in at the Donghu service point and collects at Zhongshan. The
 * case is Longhua's (its department decides, on Longhua's clock); Donghu's window accepts it, Zhongshan's
 * delivers it; nobody else of those centers, nor a clerk of an unrelated center, acts on it.
 */
let t: TestApp;
const s = {} as Record<string, Session>;
const LOGINS = ['window1', 'lh.window1', 'lh.approver.civil', 'lh.chief.civil', 'lh.supervisor', 'zs.window1', 'zs.approver', 'zs.manager', 'dh.window1'];
let person: Session;
const center = {} as Record<'province' | 'longhua' | 'zhongshan' | 'donghu' | 'guangzhou', string>;
let lhItem: string;
let zsItem: string;

before(async () => {
  t = await testApp();
  for (const l of LOGINS) s[l] = await signIn(t.app, l);
  person = await signIn(t.app, DEMO_PERSON.idNumber);
  for (const [key, login] of [['province', 'window1'], ['longhua', 'lh.window1'], ['zhongshan', 'zs.window1'], ['donghu', 'dh.window1']] as const) {
    center[key] = s[login]!.user.centerId!;
  }
  lhItem = await itemIdByName(t.app, '老年人优待证办理', '海口市龙华区');
  zsItem = await itemIdByName(t.app, '老年人优待证办理', '龙华区中山街道');
  // A center in another province, outside a province-wide scope.
  await t.owner.insertInto('regions').values({ code: '440000', name: '广东省', name_en: 'Guangdong', level: 'province', parent_code: null }).onConflict((oc) => oc.doNothing()).execute();
  center.guangzhou = (await t.owner.insertInto('centers').values({ region_code: '440000', name: '广东省政务服务中心', name_en: 'Guangdong Center' }).returning('id').executeTakeFirstOrThrow()).id;
});
after(() => t.close());

const ok = async (res: Promise<LightMyRequestResponse>, status = 200) => {
  const r = await res;
  assert.equal(r.statusCode, status, r.body);
  return r.json();
};

/** What a refusal must leave untouched: every case and audit event. */
async function counts() {
  const [cases, audit, perf] = await Promise.all([
    t.ctx.db.selectFrom('cases').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    t.ctx.db.selectFrom('audit_events').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    t.ctx.db.selectFrom('perf_dept_daily').select((eb) => eb.fn.coalesce(eb.fn.sum<string>('received'), eb.lit(0)).as('n')).executeTakeFirstOrThrow(),
  ]);
  return { cases: Number(cases.n), audit: Number(audit.n), received: Number(perf.n) };
}

const caseRow = (id: string) => t.ctx.db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe('the item element and the lookups', () => {
  test('an item shows its scope and the centers it may be handed in and collected at', async () => {
    const lh = await ok(t.app.inject({ method: 'GET', url: `/api/items/${lhItem}/tongban` }));
    assert.equal(lh.acrossRegions, 'province');
    assert.equal(lh.decidingCenterId, center.longhua);
    const ids = lh.centers.map((c: { id: string }) => c.id);
    for (const c of [center.province, center.longhua, center.zhongshan, center.donghu]) assert.ok(ids.includes(c));
    assert.ok(!ids.includes(center.guangzhou), 'not another province');
    const zs = await ok(t.app.inject({ method: 'GET', url: `/api/items/${zsItem}/tongban` }));
    assert.equal(zs.acrossRegions, 'none');
    assert.deepEqual(zs.centers.map((c: { id: string }) => c.id), [center.zhongshan]);
    const guide = await ok(t.app.inject({ method: 'GET', url: `/api/items/${lhItem}/guide` }));
    assert.equal(guide.version.content.acrossRegions, 'province');
  });

  test('at the Donghu service point the applicant may apply through Longhua\'s implementation, not Zhongshan\'s', async () => {
    const basicCode = (await ok(t.app.inject({ method: 'GET', url: `/api/items/${lhItem}/guide` }))).item.basicCode;
    const at = await ok(t.app.inject({ method: 'GET', url: `/api/tongban/implementations?basicCode=${basicCode}&centerId=${center.donghu}` }));
    assert.deepEqual(at.implementations.map((i: { itemId: string; acrossRegions: string; local: boolean }) => [i.itemId, i.acrossRegions, i.local]), [[lhItem, 'province', false]]);
    const atZs = await ok(t.app.inject({ method: 'GET', url: `/api/tongban/implementations?basicCode=${basicCode}&centerId=${center.zhongshan}` }));
    assert.deepEqual(atZs.implementations.map((i: { itemId: string; local: boolean }) => [i.itemId, i.local]).sort(), [[lhItem, false], [zsItem, true]].sort());
    const far = await ok(t.app.inject({ method: 'GET', url: `/api/tongban/implementations?basicCode=${basicCode}&centerId=${center.guangzhou}` }));
    assert.deepEqual(far.implementations, []);
  });

  test('the element is validated where items are edited', async () => {
    const manager = await signIn(t.app, 'lh.manager');
    const item = await ok(manager.get(`/api/admin/items/${lhItem}`));
    const draft = await manager.post(`/api/admin/items/${lhItem}/draft`);
    assert.ok([200, 201].includes(draft.statusCode), draft.body);
    const content = { ...item.current.content, acrossRegions: 'everywhere' };
    const bad = await manager.put(`/api/admin/items/${lhItem}/draft`, { content });
    assert.equal(bad.statusCode, 400, bad.body);
    assert.equal(bad.json().field, 'content.acrossRegions');
    const good = await manager.put(`/api/admin/items/${lhItem}/draft`, { content: { ...content, acrossRegions: 'nationwide' } });
    assert.equal(good.statusCode, 200, good.body);
    assert.equal((await manager.del(`/api/admin/items/${lhItem}/draft`)).statusCode, 204);
  });

  test('a joint or reported item cannot be given a 通办 scope; nothing is written', async () => {
    const manager = await signIn(t.app, 'hk.manager');
    for (const name of ['工程建设项目竣工联合验收', '保安服务公司设立许可']) {
      const id = await itemIdByName(t.app, name, '海口市');
      const item = await ok(manager.get(`/api/admin/items/${id}`));
      assert.ok(['joint', 'reported'].includes(item.current.content.processingMode), name);
      const draft = await manager.post(`/api/admin/items/${id}/draft`);
      assert.ok([200, 201].includes(draft.statusCode), draft.body);
      const saved = await ok(manager.get(`/api/admin/items/${id}`));
      const bad = await manager.put(`/api/admin/items/${id}/draft`, { content: { ...item.current.content, acrossRegions: 'province' } });
      assert.equal(bad.statusCode, 400, bad.body);
      assert.equal(bad.json().code, 'TONGBAN_MODE_UNSUPPORTED');
      assert.equal(bad.json().field, 'content.acrossRegions');
      assert.ok(bad.json().message.zh && bad.json().message.en);
      assert.deepEqual(await ok(manager.get(`/api/admin/items/${id}`)), saved, 'the draft is unchanged');
      assert.equal((await manager.del(`/api/admin/items/${id}/draft`)).statusCode, 204);
    }
  });
});

describe('apply at Donghu, decided in Longhua, collected at Zhongshan', () => {
  test('refusals write nothing: an item without 通办, a center outside the province, an unknown center', async () => {
    const before = await counts();
    const zsBody = { ...(await applicationBody(t.app, person, zsItem)), receivingCenterId: center.donghu };
    const notAllowed = await person.post('/api/cases', zsBody);
    assert.equal(notAllowed.statusCode, 409, notAllowed.body);
    assert.equal(notAllowed.json().code, 'TONGBAN_NOT_ALLOWED');
    assert.ok(notAllowed.json().message.zh && notAllowed.json().message.en);
    const lhBody = await applicationBody(t.app, person, lhItem);
    const far = await person.post('/api/cases', { ...lhBody, receivingCenterId: center.donghu, deliveryCenterId: center.guangzhou });
    assert.equal(far.statusCode, 409, far.body);
    assert.equal(far.json().code, 'TONGBAN_OUT_OF_SCOPE');
    assert.equal(far.json().field, 'deliveryCenterId');
    const unknown = await person.post('/api/cases', { ...lhBody, receivingCenterId: '00000000-0000-4000-8000-000000000000' });
    assert.equal(unknown.statusCode, 400, unknown.body);
    assert.equal(unknown.json().code, 'TONGBAN_CENTER_UNKNOWN');
    // At the counter: the Donghu clerk registering Zhongshan's item (no 通办) is refused too.
    const counter = await s['dh.window1']!.post('/api/counter/cases', {
      ...(await applicationBody(t.app, s['dh.window1']!, zsItem)), applicant: { kind: 'person', name: DEMO_PERSON.name, idNumber: DEMO_PERSON.idNumber, phone: '13800138000' },
    });
    assert.equal(counter.statusCode, 409, counter.body);
    assert.equal(counter.json().code, 'TONGBAN_NOT_ALLOWED');
    assert.deepEqual(await counts(), before);
  });

  test('the whole way, each center doing its part and nothing more', async () => {
    const body = { ...(await applicationBody(t.app, person, lhItem)), receivingCenterId: center.donghu, deliveryCenterId: center.zhongshan };
    const created = (await ok(person.post('/api/cases', body), 201)).case;
    const row = await caseRow(created.id);
    assert.equal(row.center_id, center.longhua, 'the deciding center holds the case');
    assert.equal(row.region_code, '460106', 'on Longhua\'s calendar');
    assert.equal(row.received_at_center_id, center.donghu);
    assert.equal(row.delivery_center_id, center.zhongshan);

    // The receiving window sees it in its intake box; Longhua's window does not (Donghu answers the application).
    const dhIntake = await ok(s['dh.window1']!.get('/api/workbench/inbox?box=intake'));
    assert.ok(dhIntake.cases.some((c: { id: string }) => c.id === created.id));
    const lhIntake = await ok(s['lh.window1']!.get('/api/workbench/inbox?box=intake'));
    assert.ok(!lhIntake.cases.some((c: { id: string }) => c.id === created.id));

    // Forbidden, nothing written: an unrelated center's clerk (read and act), the delivery center's clerk and
    // another role of the collecting center accepting, the receiving clerk reviewing or terminating.
    const before = await counts();
    assert.equal((await s.window1!.get(`/api/cases/${created.id}`)).statusCode, 403);
    assert.equal((await s.window1!.post(`/api/cases/${created.id}/actions`, { action: 'accept' })).statusCode, 403);
    assert.equal((await s.window1!.put(`/api/cases/${created.id}/checklist`, { items: [{ key: 'application', state: 'original' }] })).statusCode, 403);
    assert.equal((await s['zs.window1']!.post(`/api/cases/${created.id}/actions`, { action: 'accept' })).statusCode, 403);
    assert.equal((await s['zs.approver']!.get(`/api/cases/${created.id}`)).statusCode, 403);
    assert.equal((await s['zs.manager']!.post(`/api/cases/${created.id}/actions`, { action: 'terminate', reason: '测试终止' })).statusCode, 403);
    assert.equal((await s['dh.window1']!.post(`/api/cases/${created.id}/actions`, { action: 'terminate', reason: '测试终止' })).statusCode, 403);
    assert.equal((await s['dh.window1']!.post(`/api/cases/${created.id}/actions`, { action: 'review', opinion: '符合条件', proposal: 'approve' })).statusCode, 403);
    assert.deepEqual(await counts(), before);
    assert.equal((await caseRow(created.id)).status, 'submitted');

    // Donghu checks what it received and accepts for Longhua: the materials go over electronically.
    const view = await ok(s['dh.window1']!.get(`/api/cases/${created.id}`));
    assert.deepEqual(view.allowedActions.sort(), ['accept', 'refuse', 'request_supplement'].sort());
    await receiveMaterials(s['dh.window1']!, created.id);
    const accepted = (await ok(s['dh.window1']!.post(`/api/cases/${created.id}/actions`, { action: 'accept' }))).case;
    assert.equal(accepted.status, 'accepted');
    assert.ok(accepted.receiptNo);
    const acceptEvent = await t.ctx.db.selectFrom('audit_events').select(['data', 'actor_id']).where('stream', '=', `case:${created.id}`).where('action', '=', 'case.accept').executeTakeFirstOrThrow();
    assert.deepEqual((acceptEvent.data as { tongban: unknown }).tongban, { receivedAtCenterId: center.donghu, materials: 'electronic' });
    // Longhua's department reads the files at once, reviews and decides; Donghu has nothing more to do.
    const lhView = await ok(s['lh.approver.civil']!.get(`/api/cases/${created.id}`));
    assert.ok(lhView.allowedActions.includes('review'));
    assert.deepEqual((await ok(s['dh.window1']!.get(`/api/cases/${created.id}`))).allowedActions, []);
    for (let i = 0; i < 5; i++) {
      const r = await s['lh.approver.civil']!.post(`/api/cases/${created.id}/actions`, { action: 'review', opinion: '符合条件', proposal: 'approve' });
      if (r.statusCode !== 200) break;
    }
    await ok(s['lh.chief.civil']!.post(`/api/cases/${created.id}/actions`, { action: 'decide', result: 'approved', reason: '符合条件，准予办理' }));

    // The coming list is Zhongshan's, not Longhua's.
    const coming = await ok(s['zs.window1']!.get('/api/workbench/coming'));
    assert.ok(coming.cases.some((c: { id: string }) => c.id === created.id), JSON.stringify(coming));
    assert.ok(!(await ok(s['lh.window1']!.get('/api/workbench/coming'))).cases.some((c: { id: string }) => c.id === created.id));
    const ready = (await ok(s['lh.chief.civil']!.post(`/api/cases/${created.id}/actions`, { action: 'handover' }))).case;
    assert.equal(ready.status, 'ready');

    // The delivery box is Zhongshan's; Donghu's clerk cannot hand it out, Zhongshan's does.
    assert.ok((await ok(s['zs.window1']!.get('/api/workbench/inbox?box=delivery'))).cases.some((c: { id: string }) => c.id === created.id));
    assert.ok(!(await ok(s['lh.window1']!.get('/api/workbench/inbox?box=delivery'))).cases.some((c: { id: string }) => c.id === created.id));
    const pickup = { verification: { kind: 'query_code', receiptNo: ready.receiptNo, queryCode: ready.queryCode }, collector: { kind: 'holder' } };
    const beforePickup = await counts();
    assert.equal((await s['dh.window1']!.post(`/api/cases/${created.id}/delivery/pickup`, pickup)).statusCode, 403);
    assert.equal((await s.window1!.post(`/api/cases/${created.id}/delivery/pickup`, pickup)).statusCode, 403);
    assert.deepEqual(await counts(), beforePickup);
    await ok(s['zs.window1']!.post(`/api/cases/${created.id}/delivery/pickup`, pickup));
    assert.equal((await caseRow(created.id)).status, 'delivered');
    const delivery = await t.ctx.db.selectFrom('case_deliveries').select(['center_id', 'method']).where('case_id', '=', created.id).executeTakeFirstOrThrow();
    assert.deepEqual(delivery, { center_id: center.zhongshan, method: 'pickup' });

    // Figures: received at Donghu, decided (completed) at Longhua; each level sees its part.
    const dh = await ok(s['lh.supervisor']!.get(`/api/network/centers/${center.donghu}`));
    assert.equal(dh.figures.received, 1);
    assert.equal(dh.figures.completed, 0);
    const lh = await ok(s['lh.supervisor']!.get(`/api/network/centers/${center.longhua}`));
    assert.equal(lh.figures.completed, 1);
    assert.equal(lh.figures.received, 0, 'received at Donghu, not here');
  });
});
