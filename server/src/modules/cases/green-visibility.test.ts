// The green channel is internal (policies/public-events.ts, greenDetailsVisibleTo): the applicant's
// case page and case list carry neither the mark nor its coordinator and reason; staff keep them.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { housingCast, signIn, submitApplication, testApp, type Session, type TestApp } from '../../test/harness.ts';

let t: TestApp;
let cast: Awaited<ReturnType<typeof housingCast>>;
let manager: Session;
let coordinator: Session;

before(async () => {
  t = await testApp({ now: new Date('2026-03-02T02:00:00Z') });
  cast = await housingCast(t.app);
  [manager, coordinator] = await Promise.all([signIn(t.app, 'manager'), signIn(t.app, 'approver.market')]);
});
after(async () => { await t.close(); });

test("the applicant's case view and list omit the green channel's coordinator, reason and mark; staff see them", async () => {
  const c = (await submitApplication(t.app, cast.company, cast.permitId)).json().case;
  assert.equal((await cast.window1.post(`/api/cases/${c.id}/actions`, { action: 'accept' })).statusCode, 200);
  const reason = '省重点项目：内部协调说明（不对外）';
  const marked = await manager.post(`/api/cases/${c.id}/green`, { coordinatorId: coordinator.user.id, reason });
  assert.equal(marked.statusCode, 200, marked.body);

  const staffView = (await cast.approver.get(`/api/cases/${c.id}`)).json();
  assert.deepEqual(staffView.green, { coordinatorId: coordinator.user.id, coordinatorName: '郑审批', reason });

  const mine = await cast.company.get(`/api/cases/${c.id}`);
  assert.equal(mine.statusCode, 200);
  assert.equal(mine.json().green, null);
  const text = mine.body;
  assert.ok(!text.includes(reason), 'the reason appears nowhere in the applicant view');
  assert.ok(!text.includes(coordinator.user.id), 'nor the coordinator');
  assert.ok(!text.includes('郑审批'), "nor the coordinator's name");
  assert.ok(!mine.json().timeline.some((e: { action: string }) => e.action.startsWith('case.green')), 'nor the marking event');

  const list = (await cast.company.get('/api/my/cases?pageSize=100')).json();
  const row = list.cases.find((x: { id: string }) => x.id === c.id);
  assert.equal(row.green, false);
  assert.ok(!JSON.stringify(list).includes(reason));
  // Staff lists keep the mark.
  const review = (await cast.approver.get('/api/workbench/inbox?box=review&pageSize=100')).json();
  assert.equal(review.cases.find((x: { id: string }) => x.id === c.id).green, true);
});
