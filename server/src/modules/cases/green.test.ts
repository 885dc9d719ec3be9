import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { caseAction, housingCast, signIn, submitApplication, testApp, type Session, type TestApp } from '../../test/harness.ts';

/** Green channel (绿色通道): marked by the center's manager, first in every inbox, followed by a named coordinator. */
let t: TestApp;
let cast: Awaited<ReturnType<typeof housingCast>>;
let manager: Session;
let coordinator: Session;

const at = (date: string) => new Date(`${date}T02:00:00Z`);

before(async () => {
  t = await testApp({ now: at('2026-03-02'), env: { SESSION_TTL_HOURS: '100000' } });
  cast = await housingCast(t.app);
  [manager, coordinator] = await Promise.all([signIn(t.app, 'manager'), signIn(t.app, 'approver.market')]);
});
after(async () => { await t.close(); });

const act = caseAction;
const mark = (s: Session, id: string, body: Record<string, unknown>) => s.post(`/api/cases/${id}/green`, body);
// The harness's del() sends no body; the reason for taking a case out goes in it.
const unmark = (s: Session, id: string, body: Record<string, unknown>) =>
  t.app.inject({ method: 'DELETE', url: `/api/cases/${id}/green`, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf }, payload: body });
const ids = (list: { cases: Array<{ id: string }> }) => list.cases.map((c) => c.id);

async function acceptedPermit(date: string) {
  t.clock.set(at(date));
  const c = (await submitApplication(t.app, cast.company, cast.permitId)).json().case;
  assert.equal((await act(cast.window1, c.id, { action: 'accept' })).statusCode, 200);
  return (await cast.window1.get(`/api/cases/${c.id}`)).json();
}

describe('the green channel', () => {
  test('a marked case comes first in the review inbox though due later; managers and its coordinator have a queue of it', async () => {
    const early = await acceptedPermit('2026-03-02');
    const late = await acceptedPermit('2026-03-04');
    assert.ok(late.dueDate > early.dueDate);
    const before = ids((await cast.approver.get('/api/workbench/inbox?box=review&pageSize=100')).json());
    assert.ok(before.indexOf(early.id) < before.indexOf(late.id), 'by due date without the mark');
    assert.equal((await coordinator.get(`/api/cases/${late.id}`)).statusCode, 403, 'another department sees nothing before the mark');

    const marked = await mark(manager, late.id, { coordinatorId: coordinator.user.id, reason: '省重点项目：新能源汽车产业园' });
    assert.equal(marked.statusCode, 200, marked.body);
    assert.deepEqual(marked.json(), { caseIds: [late.id], green: { coordinatorId: coordinator.user.id, reason: '省重点项目：新能源汽车产业园' } });
    assert.deepEqual((await cast.approver.get(`/api/cases/${late.id}`)).json().green, { ...marked.json().green, coordinatorName: '郑审批' }, 'the detail names the coordinator');

    const review = (await cast.approver.get('/api/workbench/inbox?box=review&pageSize=100')).json();
    assert.equal(review.cases[0].id, late.id, 'green first');
    assert.equal(review.cases[0].green, true);
    assert.ok(ids(review).includes(early.id));
    const decideBox = ids((await cast.chief.get('/api/workbench/inbox?box=decide&pageSize=100')).json());
    assert.ok(!decideBox.includes(late.id), 'green changes the order, not which box a case is in');

    const queue = (await manager.get('/api/workbench/inbox?box=green')).json();
    assert.deepEqual(ids(queue), [late.id]);
    assert.deepEqual(ids((await coordinator.get('/api/workbench/inbox?box=green')).json()), [late.id]);
    assert.deepEqual(ids((await cast.approver.get('/api/workbench/inbox?box=green')).json()), [], 'neither manager nor coordinator: an empty queue');
    assert.deepEqual(ids((await signIn(t.app, 'hk.manager').then((s) => s.get('/api/workbench/inbox?box=green'))).json()), [], "another center's manager");
    assert.equal((await cast.company.get('/api/workbench/inbox?box=green')).statusCode, 403);

    const notes = (await coordinator.get('/api/notifications')).json().notifications;
    assert.ok(notes.some((n: { kind: string; caseId: string }) => n.kind === 'green_coordinator' && n.caseId === late.id), 'the coordinator is told');
  });

  test('the coordinator reads the case but cannot act on it; taking it out ends that', async () => {
    const c = await acceptedPermit('2026-03-02');
    assert.equal((await mark(manager, c.id, { coordinatorId: coordinator.user.id, reason: '重大招商引资项目' })).statusCode, 200);
    const seen = await coordinator.get(`/api/cases/${c.id}`);
    assert.equal(seen.statusCode, 200);
    assert.deepEqual(seen.json().allowedActions, []);
    assert.equal(seen.json().green.coordinatorName, (await cast.approver.get(`/api/cases/${c.id}`)).json().green.coordinatorName);
    assert.ok(seen.json().green.coordinatorName, 'the approver sees who coordinates');
    assert.equal((await act(coordinator, c.id, { action: 'review', opinion: '协调人代为审查', proposal: 'approve' })).statusCode, 403);
    assert.ok(seen.json().timeline.some((e: { action: string; data: { coordinatorId?: string } }) => e.action === 'case.green_marked' && e.data.coordinatorId === coordinator.user.id));

    assert.equal((await unmark(cast.approver, c.id, { reason: '项目已落地' })).statusCode, 403);
    const off = await unmark(manager, c.id, { reason: '项目已落地' });
    assert.equal(off.statusCode, 200, off.body);
    const now = (await cast.approver.get(`/api/cases/${c.id}`)).json();
    assert.equal(now.green, null);
    assert.ok(now.timeline.some((e: { action: string; data: { reason?: string } }) => e.action === 'case.green_removed' && e.data.reason === '项目已落地'));
    assert.equal((await coordinator.get(`/api/cases/${c.id}`)).statusCode, 403, 'no longer the coordinator');
    const again = await unmark(manager, c.id, { reason: '再次取消' });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().code, 'CASE_NOT_GREEN');
  });

  test('only the manager of the case\'s center marks, with a coordinator of that center', async () => {
    const c = await acceptedPermit('2026-03-02');
    const hkManager = await signIn(t.app, 'hk.manager');
    const body = { coordinatorId: coordinator.user.id, reason: '重点项目' };
    for (const [who, s] of [['approver', cast.approver], ['window', cast.window1], ['applicant', cast.company], ['supervisor', cast.supervisor], ["another center's manager", hkManager]] as const) {
      assert.equal((await mark(s, c.id, body)).statusCode, 403, who);
    }
    const hkStaff = await signIn(t.app, 'hk.window1');
    for (const coordinatorId of [hkStaff.user.id, cast.company.user.id, randomUUID()]) {
      const r = await mark(manager, c.id, { coordinatorId, reason: '重点项目' });
      assert.equal(r.statusCode, 400);
      assert.equal(r.json().code, 'COORDINATOR_INVALID');
      assert.equal(r.json().field, 'coordinatorId');
      assert.ok(r.json().message.zh && r.json().message.en);
    }
    assert.equal((await mark(manager, c.id, { coordinatorId: coordinator.user.id })).statusCode, 400, 'a reason is needed');
    assert.equal((await mark(manager, randomUUID(), body)).statusCode, 404);
    assert.equal((await cast.window1.get(`/api/cases/${c.id}`)).json().green, null, 'nothing was marked');
    const done = (await submitApplication(t.app, cast.company, cast.permitId)).json().case;
    await act(cast.window1, done.id, { action: 'refuse', reason: '不属于本机关职权范围', remedies: '向有权机关申请' });
    assert.equal((await mark(manager, done.id, body)).json().code, 'CASE_CLOSED');
  });

  test('marking a joint case marks its open parts, each on its own record', async () => {
    const part = await acceptedPermit('2026-03-02');
    // A joint parent and one part, written directly: the joint flow itself is tested in modules/joint.
    const row = await t.ctx.db.selectFrom('cases').selectAll().where('id', '=', part.id).executeTakeFirstOrThrow();
    const { id: _id, row_version: _rv, receipt_no: _r, submission_no: _s, ...rest } = row;
    const parent = await t.ctx.db.insertInto('cases').values({
      ...rest, kind: 'joint', item_id: null, item_version: null, idempotency_key: randomUUID(), form: JSON.stringify(rest.form), matter: null,
    }).returning('id').executeTakeFirstOrThrow();
    await t.ctx.db.updateTable('cases').set({ kind: 'part', parent_id: parent.id }).where('id', '=', part.id).execute();

    const r = await mark(manager, parent.id, { coordinatorId: coordinator.user.id, reason: '一件事：重点项目开工' });
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual(r.json().caseIds, [parent.id, part.id]);
    // Read from the tables: the hand-written parent has no matter for the detail view to show.
    const greenOf = (id: string) => t.ctx.db.selectFrom('cases').select(['green', 'green_coordinator_id']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual(await greenOf(part.id), { green: true, green_coordinator_id: coordinator.user.id });
    const events = await t.ctx.db.selectFrom('audit_events').select(['action', 'data']).where('stream', '=', `case:${part.id}`).where('action', '=', 'case.green_marked').execute();
    assert.equal(events.length, 1);
    assert.equal((events[0]!.data as { viaParent: string }).viaParent, parent.id);
    assert.equal((await unmark(manager, parent.id, { reason: '撤销' })).statusCode, 200);
    assert.deepEqual(await greenOf(part.id), { green: false, green_coordinator_id: null }, 'taken out with its parent');
  });
});

