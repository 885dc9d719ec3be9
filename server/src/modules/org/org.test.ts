import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { signIn, testApp, type Session, type TestApp } from '../../test/harness.ts';

let t: TestApp;
let manager: Session;
let org: { centers: Array<{ id: string; name: string }>; departments: Array<{ id: string; centerId: string; name: string }>; windows: Array<{ id: string; centerId: string; kind: string }>; regions: Array<{ code: string; level: string; parentCode: string | null }> };
before(async () => {
  t = await testApp();
  manager = await signIn(t.app, 'manager');
  org = (await manager.get('/api/admin/org')).json();
});
after(async () => { await t.close(); });

test('the organisation tree runs from province to village', () => {
  const levels = new Set(org.regions.map((r) => r.level));
  for (const l of ['province', 'city', 'county', 'township', 'village']) assert.ok(levels.has(l), l);
  assert.equal(org.regions.find((r) => r.code === '460100')!.parentCode, '460000');
  // Issue 17: the demo network adds Longhua (county), Zhongshan (township) and Donghu (village point) below Haikou.
  assert.equal(org.centers.length, 5);
  assert.ok(org.departments.filter((d) => d.centerId === manager.user.centerId).length >= 12);
  assert.ok(org.windows.some((w) => w.kind === 'intake') && org.windows.some((w) => w.kind === 'delivery'));
});

test('a manager creates staff in their own center, who can then sign in', async () => {
  const dept = org.departments.find((d) => d.centerId === manager.user.centerId && d.name.includes('教育'))!;
  const r = await manager.post('/api/admin/staff', { username: 'approver.edu', name: '教审批', roles: ['approver'], departmentId: dept.id, password: 'Approver#2026' });
  assert.equal(r.statusCode, 201, r.body);
  const s = await signIn(t.app, 'approver.edu', 'Approver#2026');
  assert.deepEqual(s.user.roles, ['approver']);
  assert.equal(s.user.departmentId, dept.id);
  const dup = await manager.post('/api/admin/staff', { username: 'approver.edu', name: 'x', roles: ['window'], password: 'Approver#2026' });
  assert.equal(dup.statusCode, 409);
  assert.equal(dup.json().code, 'USERNAME_TAKEN');
  const list = (await manager.get('/api/admin/staff?q=approver.edu')).json();
  assert.equal(list.total, 1);
});

test('staff cannot be placed in another center, and approvers need a department', async () => {
  const other = org.departments.find((d) => d.centerId !== manager.user.centerId)!;
  const r = await manager.post('/api/admin/staff', { username: 'spy', name: '越权', roles: ['approver'], departmentId: other.id, password: 'Approver#2026' });
  assert.equal(r.statusCode, 400);
  assert.equal(r.json().code, 'DEPARTMENT_UNKNOWN');
  const noDept = await manager.post('/api/admin/staff', { username: 'nodept', name: '无部门', roles: ['chief'], password: 'Approver#2026' });
  assert.equal(noDept.json().code, 'DEPARTMENT_REQUIRED');
  const badRole = await manager.post('/api/admin/staff', { username: 'boss', name: 'x', roles: ['root'], password: 'Approver#2026' });
  assert.equal(badRole.statusCode, 400);
  assert.equal(badRole.json().field, 'roles.0');
});

test('the staff list shows only the own center; non-managers cannot create staff', async () => {
  const hk = await signIn(t.app, 'hk.manager');
  const mine = (await manager.get('/api/admin/staff?pageSize=100')).json();
  const theirs = (await hk.get('/api/admin/staff?pageSize=100')).json();
  assert.ok(mine.staff.every((s: { centerId: string }) => s.centerId === manager.user.centerId));
  assert.ok(!theirs.staff.some((s: { username: string }) => s.username === 'manager'));
  const supervisor = await signIn(t.app, 'supervisor');
  assert.equal((await supervisor.get('/api/admin/staff')).statusCode, 200);
  assert.equal((await supervisor.post('/api/admin/staff', { username: 'x.y', name: 'x', roles: ['window'], password: 'Approver#2026' })).statusCode, 403);
  const window = await signIn(t.app, 'window1');
  assert.equal((await window.get('/api/admin/staff')).statusCode, 403);
});
