import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { makeIdNumber } from '../../lib/identity.ts';
import { DEMO_ENTERPRISE } from '../../seed/seed.ts';
import { receiveMaterials, signIn, submitApplication, testApp, uploadMaterial, walkInFor, type Session, type TestApp } from '../../test/harness.ts';

/** The comprehensive proxy window (综合代办窗口): it accepts for its listed departments only. */
let t: TestApp;
let proxy: Session;
let hkWindow: Session;
let hkManager: Session;
let org: { departments: Array<{ id: string; name: string; centerId: string }>; windows: Array<{ id: string; name: string; centerId: string; kind: string; departmentIds: string[] }> };
let haikouId: string;

before(async () => {
  t = await testApp({ now: new Date('2026-03-02T02:00:00Z'), env: { SESSION_TTL_HOURS: '100000' } });
  [proxy, hkWindow, hkManager] = await Promise.all([signIn(t.app, 'hk.proxy1'), signIn(t.app, 'hk.window1'), signIn(t.app, 'hk.manager')]);
  org = (await hkManager.get('/api/admin/org')).json();
  haikouId = hkManager.user.centerId!;
});
after(async () => { await t.close(); });

const dept = (name: string) => org.departments.find((d) => d.name === name)!.id;
const proxyWindow = () => org.windows.find((w) => w.centerId === haikouId && w.name === '综合代办窗口')!;

async function haikouItem(name: string): Promise<string> {
  const found = (await t.app.inject({ method: 'GET', url: `/api/items?q=${encodeURIComponent(name)}` })).json();
  return found.items.find((i: { name: string; center: { name: string } }) => i.name === name && i.center.name.startsWith('海口')).id;
}

/** A walk-in registration at the counter by `clerk`. */
async function register(clerk: Session, itemId: string) {
  const form = (await t.app.inject({ method: 'GET', url: `/api/items/${itemId}/form` })).json();
  const values = Object.fromEntries(form.fields.filter((f: { required: boolean }) => f.required).map((f: { key: string }) => [f.key, '现场填写']));
  const fileId = await uploadMaterial(t.app, clerk);
  return clerk.post('/api/counter/cases', {
    itemId, applicant: await walkInFor(t.app, itemId, { name: '符小琼', idNumber: makeIdNumber('460106', '19920815', '001'), phone: '13976000000' }),
    form: values, materials: [{ key: 'application', fileId }], idempotencyKey: randomUUID(),
  });
}

describe('the proxy window', () => {
  test('the seeded proxy window lists its four departments in the org tree', () => {
    assert.deepEqual([...proxyWindow().departmentIds].sort(), ['海口市财政局', '海口市水务局', '海口市农业农村局', '海口市园林和环境卫生管理局'].map(dept).sort());
    assert.ok(org.windows.filter((w) => w.kind === 'intake').every((w) => w.departmentIds.length === 0));
  });

  test('registers and accepts for a listed department, and the case reaches that department; another department is 403', async () => {
    const bookkeeping = await haikouItem('代理记账机构设立审批');
    const created = await register(proxy, bookkeeping);
    assert.equal(created.statusCode, 201, created.body);
    const id = created.json().case.id;
    // Issue 10: the clerk records the paper materials received before accepting (the counter's checklist).
    await receiveMaterials(proxy, id);
    const accepted = await proxy.post(`/api/cases/${id}/actions`, { action: 'accept' });
    assert.equal(accepted.statusCode, 200, accepted.body);

    const staff = await hkManager.post('/api/admin/staff', {
      username: 'hk.approver.finance', name: '财审批', roles: ['approver'], departmentId: dept('海口市财政局'), password: 'Finance@2026x',
    });
    assert.equal(staff.statusCode, 201, staff.body);
    const finance = await signIn(t.app, 'hk.approver.finance', 'Finance@2026x');
    const inbox = (await finance.get('/api/workbench/inbox?box=review')).json();
    assert.ok(inbox.cases.some((c: { id: string }) => c.id === id), "in the finance department's review inbox");

    const food = await haikouItem('食品经营许可');
    const refused = await register(proxy, food);
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().code, 'WINDOW_OUT_OF_SCOPE');
    assert.ok(refused.json().message.zh && refused.json().message.en);
    assert.equal((await register(hkWindow, food)).statusCode, 201, 'an intake window serves every department');
  });

  test('window actions on an online application follow the same scope', async () => {
    const company = await signIn(t.app, DEMO_ENTERPRISE.creditCode);
    const food = await haikouItem('食品经营许可');
    const c = (await submitApplication(t.app, company, food)).json().case;
    for (const body of [{ action: 'accept' }, { action: 'refuse', reason: '不属于受理范围', remedies: '向有权机关申请' }, { action: 'request_supplement', items: [{ key: 'application', reason: '请补交' }] }]) {
      const r = await proxy.post(`/api/cases/${c.id}/actions`, body);
      assert.equal(r.statusCode, 403, body.action);
    }
    // Its intake queue lists only what it may accept; an intake window's lists everything.
    const proxyIntake = (await proxy.get('/api/workbench/inbox?box=intake&pageSize=100')).json();
    assert.ok(!proxyIntake.cases.some((x: { id: string }) => x.id === c.id), 'not in the proxy window intake');
    const served = new Set(proxyWindow().departmentIds);
    assert.ok(proxyIntake.cases.every((x: { departmentId: string }) => served.has(x.departmentId)));
    assert.ok((await hkWindow.get('/api/workbench/inbox?box=intake&pageSize=100')).json().cases.some((x: { id: string }) => x.id === c.id));
    assert.equal((await proxy.get(`/api/cases/${c.id}`)).json().status, 'submitted');
    assert.equal((await hkWindow.post(`/api/cases/${c.id}/actions`, { action: 'accept' })).statusCode, 200);
  });

  test('every other window action on a case follows the same scope: resubmit, the hand-over to the department, terminate (403, nothing written)', async () => {
    // The food licence (the market department, which the proxy window does not serve), decided in the department's office.
    const food = await haikouItem('食品经营许可');
    const current = (await hkManager.get(`/api/admin/items/${food}`)).json().current;
    assert.equal((await hkManager.post(`/api/admin/items/${food}/draft`)).statusCode, 201);
    assert.equal((await hkManager.put(`/api/admin/items/${food}/draft`, { content: { ...current.content, handledInDepartment: { toDepartmentDays: 1 } } })).statusCode, 200);
    assert.equal((await hkManager.post(`/api/admin/items/${food}/publish`, { validFrom: '2026-03-02' })).statusCode, 200);
    const company = await signIn(t.app, DEMO_ENTERPRISE.creditCode);
    const c = (await submitApplication(t.app, company, food)).json().case;
    const footprint = async () => JSON.stringify(await Promise.all([
      t.ctx.db.selectFrom('cases').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow(),
      t.ctx.db.selectFrom('audit_events').select(['seq', 'action', 'hash']).where('stream', '=', `case:${c.id}`).orderBy('seq').execute(),
      t.ctx.db.selectFrom('case_materials').selectAll().where('case_id', '=', c.id).execute(),
      t.ctx.db.selectFrom('case_supplements').selectAll().where('case_id', '=', c.id).execute(),
      t.ctx.db.selectFrom('case_handoffs').selectAll().where('case_id', '=', c.id).execute(),
    ]));
    const refused = async (body: Record<string, unknown>) => {
      const before = await footprint();
      const r = await proxy.post(`/api/cases/${c.id}/actions`, body);
      assert.equal(r.statusCode, 403, `${String(body.action)}: ${r.body}`);
      assert.equal(r.json().code, 'WINDOW_OUT_OF_SCOPE', String(body.action));
      assert.equal(await footprint(), before, `${String(body.action)}: nothing written`);
      assert.deepEqual((await proxy.get(`/api/cases/${c.id}`)).json().allowedActions, [], 'no window button for a case it does not serve');
    };
    const missing = c.materials.find((m: { status: string }) => m.status === 'missing')?.key ?? 'application';
    const terminate = { action: 'terminate', reason: '申请人要求终止办理' };

    await refused(terminate);
    assert.equal((await hkWindow.post(`/api/cases/${c.id}/actions`, { action: 'request_supplement', items: [{ key: missing, reason: '请补交' }] })).statusCode, 200);
    await refused({ action: 'resubmit', materials: [{ key: missing, fileId: await uploadMaterial(t.app, proxy) }] });
    await refused(terminate);
    const resubmitted = await hkWindow.post(`/api/cases/${c.id}/actions`, { action: 'resubmit', materials: [{ key: missing, fileId: await uploadMaterial(t.app, hkWindow) }] });
    assert.equal(resubmitted.statusCode, 200, resubmitted.body);
    await receiveMaterials(hkWindow, c.id);
    assert.equal((await hkWindow.post(`/api/cases/${c.id}/actions`, { action: 'accept' })).statusCode, 200);
    await refused({ action: 'send_to_department', note: '材料原件移交市场监管局' });
    await refused(terminate);
    const intake = (await hkWindow.get(`/api/cases/${c.id}`)).json().allowedActions;
    assert.deepEqual([...intake].sort(), ['send_to_department', 'terminate'], 'the window that serves it is offered both');
    assert.equal((await hkWindow.post(`/api/cases/${c.id}/actions`, { action: 'send_to_department', note: '材料原件移交市场监管局' })).statusCode, 200);
    assert.equal((await hkWindow.post(`/api/cases/${c.id}/actions`, terminate)).statusCode, 200);
    assert.equal((await proxy.get(`/api/cases/${c.id}`)).json().status, 'terminated');
  });

  test("the manager sets a proxy window's departments, and the scope follows at once", async () => {
    const w = proxyWindow();
    const food = await haikouItem('食品经营许可');
    const body = { departmentIds: [dept('海口市财政局'), dept('海口市市场监督管理局')] };
    const provinceManager = await signIn(t.app, 'manager');
    assert.equal((await provinceManager.put(`/api/org/windows/${w.id}/departments`, body)).statusCode, 403, "another center's manager");
    assert.equal((await hkWindow.put(`/api/org/windows/${w.id}/departments`, body)).statusCode, 403, 'a clerk');
    assert.equal((await proxy.put(`/api/org/windows/${w.id}/departments`, body)).statusCode, 403, 'the proxy clerk themself');
    const intake = org.windows.find((x) => x.centerId === haikouId && x.kind === 'intake')!;
    const notProxy = await hkManager.put(`/api/org/windows/${intake.id}/departments`, body);
    assert.equal(notProxy.statusCode, 400);
    assert.equal(notProxy.json().code, 'WINDOW_NOT_PROXY');
    const foreign = await hkManager.put(`/api/org/windows/${w.id}/departments`, { departmentIds: [org.departments.find((d) => d.name === '海南省市场监督管理局')!.id] });
    assert.equal(foreign.json().code, 'DEPARTMENT_UNKNOWN');
    assert.equal((await hkManager.put(`/api/org/windows/${randomUUID()}/departments`, body)).statusCode, 404);
    assert.equal((await register(proxy, food)).statusCode, 403, 'nothing changed yet');

    const set = await hkManager.put(`/api/org/windows/${w.id}/departments`, body);
    assert.equal(set.statusCode, 200, set.body);
    assert.deepEqual([...set.json().departmentIds].sort(), [...body.departmentIds].sort());
    assert.equal((await register(proxy, food)).statusCode, 201, 'market items now accepted');
    assert.equal((await register(proxy, await haikouItem('代理记账机构设立审批'))).statusCode, 201, 'finance still listed');
    const tree = (await hkManager.get('/api/admin/org')).json();
    assert.deepEqual([...tree.windows.find((x: { id: string }) => x.id === w.id).departmentIds].sort(), [...body.departmentIds].sort());
  });

  test("a department's own window accepts for that department only", async () => {
    const market = dept('海口市市场监督管理局');
    const win = await t.ctx.db.insertInto('windows').values({ center_id: haikouId, name: '市场监管专窗', name_en: 'Market window', kind: 'department', department_id: market })
      .returning('id').executeTakeFirstOrThrow();
    const created = await hkManager.post('/api/admin/staff', { username: 'hk.market.window', name: '市场窗口', roles: ['window'], windowId: win.id, password: 'Market@2026x' });
    assert.equal(created.statusCode, 201, created.body);
    const clerk = await signIn(t.app, 'hk.market.window', 'Market@2026x');
    assert.equal((await register(clerk, await haikouItem('食品经营许可'))).statusCode, 201);
    assert.equal((await register(clerk, await haikouItem('代理记账机构设立审批'))).statusCode, 403);
  });
});
