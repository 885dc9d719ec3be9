/**
 * Art. 42, joint handling: 45 working days, extended once by 15 by the lead department's chief, on
 * the joint case; its running parts are extended with it. Another department's chief (on the joint
 * case or on its own part) is refused with EXTENSION_LEAD_CHIEF_ONLY and nothing is written.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { DEMO_ENTERPRISE } from '../../seed/seed.ts';
import { caseAction, jointApplication, signIn, testApp, type Session, type TestApp } from '../../test/harness.ts';

let t: TestApp;
let company: Session;
let hkWindow: Session;
const chiefs: Session[] = [];

before(async () => {
  t = await testApp({ now: new Date('2026-11-23T02:00:00Z'), env: { SESSION_TTL_HOURS: '100000' } });
  company = await signIn(t.app, DEMO_ENTERPRISE.creditCode);
  hkWindow = await signIn(t.app, 'hk.window1');
  for (const name of ['hk.chief.market', 'hk.chief.fire', 'hk.chief.water', 'hk.chief.police', 'hk.chief.health']) chiefs.push(await signIn(t.app, name));
});
after(() => t.close());

const act = caseAction;

/** The joint case, its parts and the case rows and audit streams of all, to show a refusal wrote nothing. */
async function snapshot(ids: string[]) {
  const rows = await t.ctx.db.selectFrom('cases').selectAll().where('id', 'in', ids).orderBy('id').execute();
  const audit = await t.ctx.db.selectFrom('audit_events').select(['stream', 'seq', 'hash']).where('stream', 'in', ids.map((i) => `case:${i}`)).orderBy('stream').orderBy('seq').execute();
  return JSON.stringify({ rows, audit });
}

test('the lead chief extends the joint case and its running parts by 15; other chiefs are refused with a code', async () => {
  const manager = await signIn(t.app, 'hk.manager');
  const matter = (await t.app.inject({ method: 'GET', url: `/api/joint/centers/${manager.user.centerId}/matters/open-restaurant` })).json().id as string;
  const res = await company.post(`/api/joint/matters/${matter}/cases`, { ...(await jointApplication(t.app, company, matter, { entity: 'company', large: 'yes', sewage: 'no' })), idempotencyKey: randomUUID() });
  assert.equal(res.statusCode, 201, res.body);
  const id = res.json().case.id as string;
  assert.equal((await act(hkWindow, id, { action: 'accept' })).statusCode, 200);
  const joint = (await hkWindow.get(`/api/cases/${id}`)).json();
  const parts = joint.children as Array<{ id: string; departmentId: string }>;
  const all = [id, ...parts.map((p) => p.id)];
  const lead = chiefs.find((c) => c.user.departmentId === joint.matter.leadDepartmentId)!;
  const others = chiefs.filter((c) => c !== lead && parts.some((p) => p.departmentId === c.user.departmentId));
  assert.ok(lead && others.length > 0);

  for (const s of others) {
    const before = await snapshot(all);
    const r = await act(s, id, { action: 'extend', reason: '需多部门联合现场核查' });
    assert.equal(r.statusCode, 403, r.body);
    assert.equal(r.json().code, 'EXTENSION_LEAD_CHIEF_ONLY');
    assert.ok(r.json().message.zh && r.json().message.en);
    // Nor on the department's own part: a part is extended only with its joint case.
    const own = parts.find((p) => p.departmentId === s.user.departmentId)!;
    const r2 = await act(s, own.id, { action: 'extend', reason: '需现场核查' });
    assert.equal(r2.json().code, 'EXTENSION_LEAD_CHIEF_ONLY');
    assert.ok(!(await s.get(`/api/cases/${own.id}`)).json().allowedActions.includes('extend'), 'no extend button on a part');
    assert.equal(await snapshot(all), before, 'nothing written');
  }

  assert.ok((await lead.get(`/api/cases/${id}`)).json().allowedActions.includes('extend'));
  const ok = await act(lead, id, { action: 'extend', reason: '需多部门联合现场核查' });
  assert.equal(ok.statusCode, 200, ok.body);
  assert.equal(ok.json().case.extension.days, 15);
  const rows = await t.ctx.db.selectFrom('cases').select(['id', 'extension_days', 'extension_reason', 'processing_mode', 'due_date']).where('id', 'in', parts.map((p) => p.id)).execute();
  // The restaurant's company registration is an instant item (即办件): never extended (Art. 42), not even with its joint case.
  const instant = rows.filter((r) => r.processing_mode === 'instant');
  const running = rows.filter((r) => r.processing_mode !== 'instant');
  assert.ok(instant.length > 0 && running.length > 0, JSON.stringify(rows));
  for (const r of running) {
    assert.equal(r.extension_days, 15, 'each running part is extended with the joint case');
    assert.equal(r.extension_reason, '需多部门联合现场核查');
  }
  for (const r of instant) assert.deepEqual([r.extension_days, r.extension_reason], [0, null], 'an instant part is not extended');
  const partEvents = await t.ctx.db.selectFrom('audit_events').select(['actor_id']).where('stream', 'in', parts.map((p) => `case:${p.id}`)).where('action', '=', 'case.extend').execute();
  assert.equal(partEvents.length, running.length);
  assert.ok(partEvents.every((e) => e.actor_id === lead.user.id), "recorded as the lead chief's act");
  assert.equal((await act(lead, id, { action: 'extend', reason: '再次延长' })).json().code, 'CASE_STATE_CONFLICT', 'once');
});
