import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { appendAudit } from '../lib/audit.ts';
import { TRANSITIONS } from '../modules/cases/transitions.ts';
import { DEMO_ENTERPRISE } from '../seed/seed.ts';
import { itemIdByName, signIn, submittedCase, testApp, type TestApp } from '../test/harness.ts';
import { PUBLIC_CASE_EVENTS, STAFF_ONLY_CASE_EVENTS } from './public-events.ts';

let t: TestApp;
before(async () => { t = await testApp(); });
after(() => t.close());

test('every action of the transition table is decided: public or staff-only, never both', () => {
  for (const { action } of TRANSITIONS) {
    const event = `case.${action}`;
    assert.ok(PUBLIC_CASE_EVENTS.has(event) || STAFF_ONLY_CASE_EVENTS.has(event), `${event} is in neither list`);
  }
  for (const event of PUBLIC_CASE_EVENTS) assert.ok(!STAFF_ONLY_CASE_EVENTS.has(event), `${event} is in both lists`);
});

test('the progress page and the applicant show only listed events: a new event type is hidden until listed; staff see it', async () => {
  const [company, window1] = await Promise.all([signIn(t.app, DEMO_ENTERPRISE.creditCode), signIn(t.app, 'window1')]);
  const c = await submittedCase(t.app, company, await itemIdByName(t.app, '建筑工程施工许可证核发', '海南省'));
  assert.equal((await window1.post(`/api/cases/${c.id}/actions`, { action: 'accept' })).statusCode, 200);
  // An event type no list names yet, as a new module might write it, and a listed staff-only one.
  await t.ctx.db.transaction().execute(async (tx) => {
    await appendAudit(tx, { stream: `case:${c.id}`, action: 'case.fee_assessed', actorId: null, at: t.clock.now(), data: { amount: 100 } });
    await appendAudit(tx, { stream: `case:${c.id}`, action: 'case.light_changed', actorId: null, at: t.clock.now(), data: { light: 'yellow' } });
  });

  const mine = (await company.get(`/api/cases/${c.id}`)).json();
  const progress = await t.app.inject({ method: 'GET', url: `/api/progress?receiptNo=${mine.receiptNo}&queryCode=${mine.queryCode}` });
  assert.equal(progress.statusCode, 200, progress.body);
  const publicSteps = progress.json().steps.map((s: { action: string }) => s.action);
  assert.deepEqual(publicSteps, ['case.submitted', 'case.accept'], 'the listed events, in order');

  const applicantSees = mine.timeline.map((h: { action: string }) => h.action);
  assert.deepEqual(applicantSees, ['case.submitted', 'case.accept']);

  const staffSee = (await window1.get(`/api/cases/${c.id}`)).json().timeline.map((h: { action: string }) => h.action);
  assert.deepEqual(staffSee, ['case.submitted', 'case.accept', 'case.fee_assessed', 'case.light_changed']);
});
