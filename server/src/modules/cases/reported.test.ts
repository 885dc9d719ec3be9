import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { DEMO_ENTERPRISE } from '../../seed/seed.ts';
import { caseAction, caseActionOk, itemIdByName, signIn, submitApplication, testApp, type Session, type TestApp } from '../../test/harness.ts';

/**
 * 上报件 across two levels: the Haikou center accepts and reviews a security-company permit, its
 * police chief forwards it, the provincial center accepts and decides it, and the result comes
 * back to Haikou for delivery.
 */
let t: TestApp;
let company: Session;
let hkWindow: Session;
let hkApprover: Session;
let hkChief: Session;
let window1: Session;
let approver: Session;
let chief: Session;
let reportedItem: string;

// Monday 2026-03-02, 10:00 in Beijing; no holidays in the weeks the tests use.
const at = (date: string) => new Date(`${date}T02:00:00Z`);

before(async () => {
  t = await testApp({ now: at('2026-03-02'), env: { SESSION_TTL_HOURS: '100000' } });
  [company, hkWindow, hkApprover, hkChief, window1, approver, chief] = await Promise.all([
    signIn(t.app, DEMO_ENTERPRISE.creditCode), signIn(t.app, 'hk.window1'), signIn(t.app, 'hk.approver.police'), signIn(t.app, 'hk.chief.police'),
    signIn(t.app, 'window1'), signIn(t.app, 'approver.police'), signIn(t.app, 'chief.police'),
  ]);
  reportedItem = await itemIdByName(t.app, '保安服务公司设立许可', '海口');
});
after(async () => { await t.close(); });

const act = caseAction;
const ok = caseActionOk;

/** A Haikou case of the reported item, accepted and reviewed, ready for the chief. */
async function reviewedInHaikou(applicant = company) {
  const applied = await submitApplication(t.app, applicant, reportedItem);
  assert.equal(applied.statusCode, 201, applied.body);
  const id = applied.json().case.id;
  await ok(hkWindow, id, { action: 'accept' });
  await ok(hkApprover, id, { action: 'review', opinion: '初审：材料齐全，实地核查保安服务设施符合条件', proposal: 'approve' });
  return id as string;
}

describe('a reported case across two levels', () => {
  test('Haikou reviews and forwards, the province decides, the result returns to Haikou for delivery, each level timed', async () => {
    t.clock.set(at('2026-03-02'));
    const lowerId = await reviewedInHaikou();
    const asChief = (await hkChief.get(`/api/cases/${lowerId}`)).json();
    assert.ok(asChief.allowedActions.includes('forward'));
    assert.ok(!asChief.allowedActions.includes('decide'), 'the accepting level does not decide');

    t.clock.set(at('2026-03-04'));
    const decide = await act(hkChief, lowerId, { action: 'decide', result: 'approved', reason: '同意' });
    assert.equal(decide.statusCode, 409);
    assert.equal(decide.json().details.reason, 'DECIDED_ABOVE');
    const forwarded = await ok(hkChief, lowerId, { action: 'forward', opinion: '经初审，申请人符合保安服务公司设立条件，同意上报' });
    assert.equal(forwarded.status, 'forwarded');
    assert.equal(forwarded.children.length, 1);
    const upperId = forwarded.children[0].id;
    assert.equal(forwarded.children[0].kind, 'upper');
    assert.equal(forwarded.children[0].centerName, '海南省政务服务中心');

    // The province's window finds it among its applications, with the applicant's files.
    const intake = (await window1.get('/api/workbench/inbox?box=intake')).json();
    assert.ok(intake.cases.some((c: { id: string }) => c.id === upperId), 'in the province intake inbox');
    const told = (await window1.get('/api/notifications')).json();
    assert.ok(JSON.stringify(told).includes(upperId), 'the province window is told a case is on its way');
    const upper = (await window1.get(`/api/cases/${upperId}`)).json();
    assert.equal(upper.status, 'submitted');
    assert.equal(upper.channel, 'forwarded');
    assert.equal(upper.parentId, lowerId);
    assert.equal(upper.departmentName, '海南省公安厅');
    assert.equal(upper.acceptanceDueDate, '2026-03-11', 'the hand-over is limited by the 5-day acceptance period');
    assert.equal(upper.applicantName, DEMO_ENTERPRISE.name);
    const submitted = upper.timeline.find((e: { action: string }) => e.action === 'case.submitted');
    assert.equal(submitted.data.forwardedFrom, lowerId);
    assert.match(submitted.data.opinion, /同意上报/);
    const lowerFiles = forwarded.materials.flatMap((m: { files: Array<{ id: string }> }) => m.files.map((f) => f.id)).sort();
    const upperFiles = upper.materials.flatMap((m: { files: Array<{ id: string }> }) => m.files.map((f) => f.id)).sort();
    assert.ok(lowerFiles.length > 0);
    assert.deepEqual(upperFiles, lowerFiles, 'the same files go up');
    assert.equal((await approver.get(`/api/files/${upperFiles[0]}`)).statusCode, 200, 'the deciding department reads the files');
    assert.equal((await signIn(t.app, 'approver.housing').then((s) => s.get(`/api/files/${upperFiles[0]}`))).statusCode, 403, 'another provincial department does not');

    // Each level sees only its own case.
    assert.equal((await hkWindow.get(`/api/cases/${upperId}`)).statusCode, 403);
    assert.equal((await act(hkApprover, upperId, { action: 'review', opinion: '越级审查', proposal: 'approve' })).statusCode, 403);
    assert.equal((await window1.get(`/api/cases/${lowerId}`)).statusCode, 403);
    assert.equal((await act(chief, lowerId, { action: 'terminate', reason: '越级终止' })).statusCode, 403);

    t.clock.set(at('2026-03-05'));
    await ok(window1, upperId, { action: 'accept' });
    t.clock.set(at('2026-03-09'));
    await ok(approver, upperId, { action: 'review', opinion: '审查设区的市级公安机关报送的意见，符合条件', proposal: 'approve' });
    const decided = await ok(chief, upperId, { action: 'decide', result: 'approved', reason: '符合《保安服务管理条例》第八条规定的条件，准予设立' });
    assert.equal(decided.status, 'decided');
    assert.equal((await company.get(`/api/cases/${lowerId}`)).json().status, 'forwarded', 'the result is not back until the province hands it over');

    t.clock.set(at('2026-03-10'));
    const handedBack = await ok(approver, upperId, { action: 'handover' });
    assert.equal(handedBack.status, 'delivered', "the upper case ends when its result goes back");

    const lower = (await hkWindow.get(`/api/cases/${lowerId}`)).json();
    assert.equal(lower.status, 'decided');
    assert.deepEqual({ result: lower.decision.result, reason: lower.decision.reason }, { result: 'approved', reason: '符合《保安服务管理条例》第八条规定的条件，准予设立' });
    const returned = lower.timeline.find((e: { action: string }) => e.action === 'case.return_result');
    assert.equal(returned.data.upperCaseId, upperId);
    assert.equal(returned.actor, null, 'the system brings the result back');
    const levels = lower.levels.map((l: Record<string, unknown>) => [l.stage, l.centerName, l.from, l.to, l.workdays, l.limitDays, l.overdue]);
    assert.deepEqual(levels, [
      ['first_review', '海口市政务服务中心', '2026-03-02', '2026-03-04', 2, 10, false],
      ['materials_handover', '海南省政务服务中心', '2026-03-04', '2026-03-05', 1, 5, false],
      ['upper_decision', '海南省政务服务中心', '2026-03-05', '2026-03-09', 2, 10, false],
      ['result_return', '海南省政务服务中心', '2026-03-09', '2026-03-10', 1, 3, false],
    ]);
    assert.deepEqual((await chief.get(`/api/cases/${upperId}`)).json().levels, lower.levels, 'the upper case shows the same levels');

    // Back at the accepting level: its department hands the result to its window, which delivers.
    const ready = await ok(hkApprover, lowerId, { action: 'handover' });
    assert.equal(ready.status, 'ready');
    // Issue 11: after checking the holder's identity (modules/delivery).
    const pickup = { verification: { kind: 'identity', number: DEMO_ENTERPRISE.creditCode }, collector: { kind: 'holder' } };
    assert.equal((await hkWindow.post(`/api/cases/${lowerId}/delivery/pickup`, pickup)).statusCode, 200);
    const delivered = (await hkWindow.get(`/api/cases/${lowerId}`)).json();
    assert.equal(delivered.status, 'delivered');

    const mine = (await company.get('/api/my/cases?pageSize=100')).json();
    assert.ok(mine.cases.some((c: { id: string }) => c.id === lowerId));
    assert.ok(!mine.cases.some((c: { id: string }) => c.id === upperId), 'the upper case shows inside the lower one, not in the list');
    assert.ok(mine.cases.every((c: { parentId: string | null }) => c.parentId === null));
  });

  test('levels run to today and turn overdue while a stage is late', async () => {
    t.clock.set(at('2026-03-02'));
    const lowerId = await reviewedInHaikou();
    await ok(hkChief, lowerId, { action: 'forward', opinion: '经初审符合条件，同意上报' });
    // Nobody at the province accepts it for two weeks.
    t.clock.set(at('2026-03-16'));
    const levels = (await company.get(`/api/cases/${lowerId}`)).json().levels;
    assert.deepEqual(levels[1], {
      stage: 'materials_handover', centerName: '海南省政务服务中心', departmentName: '海南省公安厅',
      from: '2026-03-02', to: null, workdays: 10, limitDays: 5, overdue: true,
    });
    assert.equal(levels[2].workdays, null, 'the decision above has not started');
    assert.equal(levels[0].overdue, false);
  });

  test('a case not reported upward cannot be forwarded (409), and a single case shows no levels', async () => {
    t.clock.set(at('2026-03-02'));
    const [hkMarket, hkMarketChief] = await Promise.all([signIn(t.app, 'hk.approver.market'), signIn(t.app, 'hk.chief.market')]);
    const food = (await t.app.inject({ method: 'GET', url: `/api/items?q=${encodeURIComponent('食品经营许可')}` })).json()
      .items.find((i: { name: string; center: { name: string } }) => i.name === '食品经营许可' && i.center.name.startsWith('海口')).id;
    const id = (await submitApplication(t.app, company, food)).json().case.id;
    await ok(hkWindow, id, { action: 'accept' });
    await ok(hkMarket, id, { action: 'review', opinion: '材料齐全，符合条件', proposal: 'approve' });
    const c = (await hkMarketChief.get(`/api/cases/${id}`)).json();
    assert.ok(!c.allowedActions.includes('forward'));
    assert.deepEqual(c.levels, []);
    const r = await act(hkMarketChief, id, { action: 'forward', opinion: '试图上报' });
    assert.equal(r.statusCode, 409);
    assert.equal(r.json().details.reason, 'NOT_REPORTED_UPWARD');
    assert.equal((await hkMarketChief.get(`/api/cases/${id}`)).json().children.length, 0);
    // Only a chief forwards: the approver who reviewed the reported item may not.
    const reported = await reviewedInHaikou();
    assert.equal((await act(hkApprover, reported, { action: 'forward', opinion: '审批人上报' })).statusCode, 403);
  });

  test('a forwarded case terminated at the accepting level, or withdrawn by the applicant, terminates its open upper case', async () => {
    t.clock.set(at('2026-03-02'));
    const terminated = await reviewedInHaikou();
    const upper1 = (await ok(hkChief, terminated, { action: 'forward', opinion: '经初审符合条件，同意上报' })).children[0].id;
    await ok(window1, upper1, { action: 'accept' });
    const closed = await ok(hkWindow, terminated, { action: 'terminate', reason: '申请人公司已注销' });
    assert.equal(closed.status, 'terminated');
    const u1 = (await chief.get(`/api/cases/${upper1}`)).json();
    assert.equal(u1.status, 'terminated');
    assert.match(u1.timeline.find((e: { action: string }) => e.action === 'case.terminate').data.reason, /申请人公司已注销/);
    assert.equal((await act(chief, upper1, { action: 'decide', result: 'approved', reason: '同意设立' })).statusCode, 409, 'nothing left to decide');

    const withdrawn = await reviewedInHaikou();
    const upper2 = (await ok(hkChief, withdrawn, { action: 'forward', opinion: '经初审符合条件，同意上报' })).children[0].id;
    await ok(company, withdrawn, { action: 'withdraw', reason: '不再设立该公司' });
    assert.equal((await window1.get(`/api/cases/${upper2}`)).json().status, 'terminated');
    // The window above cannot end an upper case by itself: only the cascade or the manager does.
    const upper3Lower = await reviewedInHaikou();
    const upper3 = (await ok(hkChief, upper3Lower, { action: 'forward', opinion: '经初审符合条件，同意上报' })).children[0].id;
    assert.equal((await act(window1, upper3, { action: 'terminate', reason: '窗口终止' })).statusCode, 409);
    assert.equal((await window1.get(`/api/cases/${upper3}`)).json().status, 'submitted');
  });

  test('without a version in force of the deciding item, the forward is refused and nothing of it is kept', async () => {
    t.clock.set(at('2026-03-02'));
    const lowerId = await reviewedInHaikou();
    const upperItem = await itemIdByName(t.app, '保安服务公司设立许可', '海南省');
    // Published versions are immutable: step around the guard trigger, as an operator's mistake would have to.
    const setValidFrom = (d: string) => t.owner.connection().execute(async (conn) => {
      await sql`SET session_replication_role = replica`.execute(conn);
      await sql`UPDATE item_versions SET valid_from = ${d} WHERE item_id = ${upperItem}`.execute(conn);
      await sql`SET session_replication_role = origin`.execute(conn);
    });
    await setValidFrom('2027-01-01');
    try {
      const r = await act(hkChief, lowerId, { action: 'forward', opinion: '经初审符合条件，同意上报' });
      assert.equal(r.statusCode, 409);
      assert.equal(r.json().code, 'REPORT_TARGET_UNAVAILABLE');
      assert.ok(r.json().message.zh && r.json().message.en);
      const c = (await hkChief.get(`/api/cases/${lowerId}`)).json();
      assert.equal(c.status, 'in_review', 'the forward rolled back with the failed creation');
      assert.equal(c.children.length, 0);
      assert.ok(!c.timeline.some((e: { action: string }) => e.action === 'case.forward'));
    } finally {
      await setValidFrom('2026-01-01');
    }
  });
});
