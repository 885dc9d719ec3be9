import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { DEMO_ENTERPRISE } from '../../seed/seed.ts';
import { itemIdByName, signIn, submittedCase, testApp, type Session, type TestApp } from '../../test/harness.ts';
import { centerId, clerksAt } from '../../test/hall-fixtures.ts';
import { complaintsProvider, ratingsProvider, suggest } from './assessment.inputs.ts';

// Monday 23 November 2026, 10:00 in China. Demo hours: Monday–Friday 09:00–17:00 (Wednesday to 19:00), Saturday 09:00–12:00.
const NOW = new Date('2026-11-23T02:00:00Z');
const at = (day: string, time: string) => new Date(Date.parse(`${day}T${time}:00Z`) - 8 * 3600_000);

let t: TestApp;
let manager: Session; let hkManager: Session; let chiefMarket: Session; let chiefHousing: Session; let supervisor: Session; let window1: Session;
let province: string; let market: string; let housing: string;
type Clerk = { id: string; windowId: string; session: Session };
let A: Clerk; let B: Clerk; let C: Clerk; let D: Clerk; let E: Clerk;

const ok = (r: LightMyRequestResponse, status = 200) => { assert.equal(r.statusCode, status, r.body); return r.json(); };
const refused = (r: LightMyRequestResponse, status: number, code: string) => { assert.equal(r.statusCode, status, r.body); assert.equal(r.json().code, code, r.body); };
const TABLES = ['staff_assignments', 'staff_schedules', 'staff_attendance', 'staff_leaves', 'staff_trainings', 'staff_assessments', 'audit_events', 'notifications'] as const;
const counts = async () => Promise.all(TABLES.map(async (table) => Number((await t.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)));
/** The request is refused with the code, and nothing at all is written. */
async function refusedUnchanged(req: () => Promise<LightMyRequestResponse>, status: number, code: string) {
  const before = await counts();
  refused(await req(), status, code);
  assert.deepEqual(await counts(), before, `nothing written by a refused ${code}`);
}

async function assign(c: Clerk, departmentId: string, chief: Session, fromDay = '2026-11-01') {
  const p = ok(await manager.post('/api/staffing/assignments', { userId: c.id, windowId: c.windowId, departmentId, fromDay }), 201);
  ok(await chief.post(`/api/staffing/assignments/${p.id}/decision`, { approve: true }));
}
const schedule = async (c: Clerk, day: string, shift: 'am' | 'pm', windowId = c.windowId) =>
  ok(await manager.post('/api/staffing/schedule', { userId: c.id, windowId, day, shift }), 201);

before(async () => {
  t = await testApp({ now: NOW, env: { SESSION_TTL_HOURS: '100000' } });
  [manager, hkManager, chiefMarket, chiefHousing, supervisor, window1] = await Promise.all(
    ['manager', 'hk.manager', 'chief.market', 'chief.housing', 'supervisor', 'window1'].map((u) => signIn(t.app, u)));
  province = await centerId(t.ctx.db, '海南省');
  market = chiefMarket.user.departmentId!;
  housing = chiefHousing.user.departmentId!;
  const clerks = await clerksAt(t.app, t.ctx.db, province, 'S', 5);
  [A, B, C, D, E] = clerks.map((c) => ({ ...c, id: c.session.user.id }));
  await assign(A, market, chiefMarket);
  await assign(B, housing, chiefHousing);
  await assign(C, market, chiefMarket);
  await assign(D, market, chiefMarket);
});
after(() => t.close());

describe('dual management: two approvals', () => {
  test('the center proposes and the department approves, or the reverse; the proposer\'s side never approves again; nobody else decides', async () => {
    const body = { userId: E.id, windowId: E.windowId, departmentId: housing, fromDay: '2026-12-01', toDay: '2026-12-31' };
    const p = ok(await manager.post('/api/staffing/assignments', body), 201);
    assert.deepEqual([p.status, p.awaiting], ['pending', 'department']);
    const decide = (s: Session, approve = true) => s.post(`/api/staffing/assignments/${p.id}/decision`, { approve });
    await refusedUnchanged(() => decide(manager), 403, 'FORBIDDEN');
    await refusedUnchanged(() => decide(chiefMarket), 403, 'FORBIDDEN');
    await refusedUnchanged(() => decide(E.session), 403, 'FORBIDDEN');
    await refusedUnchanged(() => decide(hkManager), 404, 'NOT_FOUND');
    // Overlapping a pending one is refused whoever proposes it.
    await refusedUnchanged(() => chiefHousing.post('/api/staffing/assignments', { ...body, fromDay: '2026-12-20', toDay: undefined }), 409, 'STAFF_ASSIGNMENT_OVERLAP');
    assert.deepEqual(ok(await decide(chiefHousing)), { id: p.id, status: 'active', awaiting: null });
    await refusedUnchanged(() => decide(chiefHousing), 409, 'STAFF_ASSIGNMENT_STATE');

    // The department proposes: the center approves or rejects.
    const q = ok(await chiefMarket.post('/api/staffing/assignments', { ...body, departmentId: market, fromDay: '2027-01-01', toDay: '2027-01-31' }), 201);
    assert.equal(q.awaiting, 'center');
    await refusedUnchanged(() => chiefMarket.post(`/api/staffing/assignments/${q.id}/decision`, { approve: true }), 403, 'FORBIDDEN');
    assert.equal(ok(await manager.post(`/api/staffing/assignments/${q.id}/decision`, { approve: false, note: '人员另有安排' })).status, 'rejected');
    // A chief proposes only for their own department; a non-window account cannot be assigned; others cannot propose at all.
    await refusedUnchanged(() => chiefMarket.post('/api/staffing/assignments', { ...body, fromDay: '2027-02-01', toDay: undefined }), 403, 'FORBIDDEN');
    await refusedUnchanged(() => manager.post('/api/staffing/assignments', { ...body, userId: supervisor.user.id, fromDay: '2027-02-01', toDay: undefined }), 400, 'STAFF_NOT_WINDOW_STAFF');
    for (const s of [window1, supervisor]) await refusedUnchanged(() => s.post('/api/staffing/assignments', { ...body, fromDay: '2027-02-01', toDay: undefined }), 403, 'FORBIDDEN');
    refused(await t.app.inject({ method: 'POST', url: '/api/staffing/assignments', payload: body }), 401, 'UNAUTHENTICATED');
    refused(await manager.post('/api/staffing/assignments', { ...body, toDay: '2026-11-01' }), 400, 'VALIDATION_FAILED');
    // Lists: the manager sees the center's; a chief their department's only.
    const mine = ok(await chiefMarket.get('/api/staffing/assignments?pageSize=100')).assignments;
    assert.ok(mine.length > 0 && mine.every((a: { departmentId: string }) => a.departmentId === market));
    assert.ok(ok(await manager.get('/api/staffing/assignments?pageSize=100')).assignments.some((a: { departmentId: string }) => a.departmentId === housing));
    refused(await window1.get('/api/staffing/assignments'), 403, 'FORBIDDEN');
  });
});

describe('the schedule', () => {
  test('only on days and shifts the center works, only with an active assignment, once per person and shift, never on leave; only managers schedule', async () => {
    await refusedUnchanged(() => manager.post('/api/staffing/schedule', { userId: E.id, windowId: E.windowId, day: '2026-11-24', shift: 'am' }), 409, 'STAFF_NOT_ASSIGNED');
    await refusedUnchanged(() => manager.post('/api/staffing/schedule', { userId: A.id, windowId: A.windowId, day: '2026-11-29', shift: 'am' }), 409, 'STAFF_DAY_CLOSED'); // Sunday
    await refusedUnchanged(() => manager.post('/api/staffing/schedule', { userId: A.id, windowId: A.windowId, day: '2026-11-28', shift: 'pm' }), 409, 'STAFF_DAY_CLOSED'); // Saturday afternoon
    await refusedUnchanged(() => manager.post('/api/staffing/schedule', { userId: A.id, windowId: A.windowId, day: '2027-01-01', shift: 'am' }), 409, 'STAFF_DAY_CLOSED'); // New Year's Day
    const s = await schedule(A, '2026-11-28', 'am');
    await refusedUnchanged(() => manager.post('/api/staffing/schedule', { userId: A.id, windowId: B.windowId, day: '2026-11-28', shift: 'am' }), 409, 'STAFF_SHIFT_TAKEN');
    for (const who of [chiefMarket, A.session, supervisor]) {
      await refusedUnchanged(() => who.post('/api/staffing/schedule', { userId: A.id, windowId: A.windowId, day: '2026-11-27', shift: 'am' }), 403, 'FORBIDDEN');
    }
    await refusedUnchanged(() => hkManager.post('/api/staffing/schedule', { userId: A.id, windowId: A.windowId, day: '2026-11-27', shift: 'am' }), 404, 'NOT_FOUND');
    await refusedUnchanged(() => hkManager.del(`/api/staffing/schedule/${s.id}`), 404, 'NOT_FOUND');
    const week = ok(await manager.get('/api/staffing/schedule?from=2026-11-23'));
    assert.deepEqual(week.days[5], { day: '2026-11-28', am: { start: '09:00', end: '12:00' }, pm: null });
    assert.deepEqual(week.days[2].pm, { start: '12:00', end: '19:00' }); // Wednesday's extended hours
    assert.equal(week.days[6].am, null);
    assert.ok(week.entries.some((e: { id: string }) => e.id === s.id));
    ok(await manager.del(`/api/staffing/schedule/${s.id}`));
    refused(await manager.get('/api/staffing/schedule?from=2026-02-30'), 400, 'VALIDATION_FAILED');
  });
});

describe('attendance at the window', () => {
  test('a clerk signs in only at a window they are scheduled at now, once per shift; late and early are measured from the shift', async () => {
    await schedule(A, '2026-11-23', 'am');
    await schedule(A, '2026-11-23', 'pm', B.windowId);
    await refusedUnchanged(() => A.session.post('/api/staffing/attendance/sign-in', { windowId: B.windowId }), 409, 'STAFF_NOT_SCHEDULED'); // B's window is the afternoon's
    await refusedUnchanged(() => B.session.post('/api/staffing/attendance/sign-in', {}), 409, 'STAFF_NOT_SCHEDULED');
    await refusedUnchanged(() => A.session.post('/api/staffing/attendance/sign-out', {}), 409, 'STAFF_NOT_SIGNED_IN');
    for (const who of [manager, chiefMarket, supervisor]) await refusedUnchanged(() => who.post('/api/staffing/attendance/sign-in', {}), 403, 'FORBIDDEN');
    refused(await t.app.inject({ method: 'POST', url: '/api/staffing/attendance/sign-in', payload: {} }), 401, 'UNAUTHENTICATED');
    const inAt = ok(await A.session.post('/api/staffing/attendance/sign-in', {}), 201); // its own window, 10:00
    assert.deepEqual([inAt.windowId, inAt.shift, inAt.lateMinutes], [A.windowId, 'am', 60]);
    await refusedUnchanged(() => A.session.post('/api/staffing/attendance/sign-in', { windowId: A.windowId }), 409, 'STAFF_ALREADY_SIGNED_IN');
    t.clock.set(at('2026-11-23', '11:20'));
    const out = ok(await A.session.post('/api/staffing/attendance/sign-out', {}));
    assert.equal(out.earlyMinutes, 40);
    await refusedUnchanged(() => A.session.post('/api/staffing/attendance/sign-out', {}), 409, 'STAFF_NOT_SIGNED_IN');
    // The afternoon, at the other window: on time from 30 minutes before.
    refused(await A.session.post('/api/staffing/attendance/sign-in', { windowId: B.windowId }), 409, 'STAFF_NOT_SCHEDULED');
    t.clock.set(at('2026-11-23', '11:40'));
    assert.equal(ok(await A.session.post('/api/staffing/attendance/sign-in', { windowId: B.windowId }), 201).lateMinutes, 0);
    const day = ok(await A.session.get('/api/staffing/me'));
    assert.deepEqual(day.shifts.map((s: { shift: string; windowId: string; signedInAt: string | null }) => [s.shift, s.windowId, !!s.signedInAt]), [['am', A.windowId, true], ['pm', B.windowId, true]]);
    // A signed-in shift cannot be removed from the schedule.
    await refusedUnchanged(() => manager.del(`/api/staffing/schedule/${day.shifts[0].scheduleId}`), 409, 'STAFF_SCHEDULE_SIGNED');
    t.clock.set(NOW);
  });
});

describe('leave and substitutes', () => {
  test('a leave needs a free substitute for the scheduled shifts, never overlaps an approved leave, and only the center manager approves it', async () => {
    await schedule(A, '2026-11-25', 'am');
    await schedule(A, '2026-11-25', 'pm');
    await schedule(B, '2026-11-25', 'pm');
    const leave = { fromDay: '2026-11-25', toDay: '2026-11-25', kind: 'personal', reason: '家中有事' };
    await refusedUnchanged(() => A.session.post('/api/staffing/leaves', leave), 400, 'STAFF_SUBSTITUTE_REQUIRED');
    await refusedUnchanged(() => A.session.post('/api/staffing/leaves', { ...leave, substituteId: B.id }), 409, 'STAFF_SUBSTITUTE_BUSY');
    await refusedUnchanged(() => A.session.post('/api/staffing/leaves', { ...leave, substituteId: supervisor.user.id }), 400, 'STAFF_NOT_WINDOW_STAFF');
    await refusedUnchanged(() => A.session.post('/api/staffing/leaves', { ...leave, substituteId: A.id }), 400, 'STAFF_NOT_WINDOW_STAFF');
    await refusedUnchanged(() => A.session.post('/api/staffing/leaves', { ...leave, fromDay: '2026-11-20' }), 400, 'STAFF_LEAVE_PAST');
    // C takes leave that week (nothing scheduled: no substitute needed); approved, C cannot substitute.
    const cLeave = ok(await C.session.post('/api/staffing/leaves', { ...leave, toDay: '2026-11-26', kind: 'annual' }), 201);
    ok(await manager.post(`/api/staffing/leaves/${cLeave.id}/decision`, { approve: true }));
    await refusedUnchanged(() => A.session.post('/api/staffing/leaves', { ...leave, substituteId: C.id }), 409, 'STAFF_SUBSTITUTE_ON_LEAVE');
    await refusedUnchanged(() => manager.post('/api/staffing/schedule', { userId: C.id, windowId: C.windowId, day: '2026-11-26', shift: 'am' }), 409, 'STAFF_ON_LEAVE');
    // C again in the same days: refused, overlapping the approved leave.
    await refusedUnchanged(() => C.session.post('/api/staffing/leaves', { ...leave, fromDay: '2026-11-26', toDay: '2026-11-27' }), 409, 'STAFF_LEAVE_OVERLAP');

    const asked = ok(await A.session.post('/api/staffing/leaves', { ...leave, substituteId: D.id }), 201);
    for (const who of [chiefMarket, A.session, D.session, supervisor]) {
      await refusedUnchanged(() => who.post(`/api/staffing/leaves/${asked.id}/decision`, { approve: true }), 403, 'FORBIDDEN');
    }
    await refusedUnchanged(() => hkManager.post(`/api/staffing/leaves/${asked.id}/decision`, { approve: true }), 404, 'NOT_FOUND');
    // D is scheduled meanwhile in one of those shifts: the approval checks again and refuses.
    const dBusy = await schedule(D, '2026-11-25', 'am', E.windowId);
    await refusedUnchanged(() => manager.post(`/api/staffing/leaves/${asked.id}/decision`, { approve: true }), 409, 'STAFF_SUBSTITUTE_BUSY');
    ok(await manager.del(`/api/staffing/schedule/${dBusy.id}`));
    assert.equal(ok(await manager.post(`/api/staffing/leaves/${asked.id}/decision`, { approve: true })).status, 'approved');
    await refusedUnchanged(() => manager.post(`/api/staffing/leaves/${asked.id}/decision`, { approve: false }), 409, 'STAFF_LEAVE_STATE');
    // A's shifts are on leave; D sits at A's window in them, and signs in there.
    const rows = await t.ctx.db.selectFrom('staff_schedules').select(['user_id', 'status', 'window_id', 'shift', 'substitute_for']).where('day', '=', '2026-11-25')
      .where('user_id', 'in', [A.id, D.id]).orderBy('user_id').orderBy('shift').execute();
    assert.deepEqual(rows.filter((r) => r.user_id === A.id).map((r) => r.status), ['on_leave', 'on_leave']);
    assert.deepEqual(rows.filter((r) => r.user_id === D.id).map((r) => [r.shift, r.window_id, r.substitute_for]), [['am', A.windowId, A.id], ['pm', A.windowId, A.id]]);
    t.clock.set(at('2026-11-25', '09:05'));
    refused(await A.session.post('/api/staffing/attendance/sign-in', {}), 409, 'STAFF_NOT_SCHEDULED');
    assert.equal(ok(await D.session.post('/api/staffing/attendance/sign-in', { windowId: A.windowId }), 201).lateMinutes, 5);
    t.clock.set(NOW);
    // A's department of origin (market) was told; a second leave of A over the same day is refused.
    const note = await t.ctx.db.selectFrom('notifications').select(['kind', 'department_id']).where('kind', '=', 'staff.leave_approved').where('department_id', '=', market).execute();
    assert.ok(note.length >= 2);
    await refusedUnchanged(() => A.session.post('/api/staffing/leaves', { ...leave, fromDay: '2026-11-24', toDay: '2026-11-25' }), 409, 'STAFF_LEAVE_OVERLAP');
    // Only window clerks ask for leave; the owner withdraws a request before it is decided, nobody else.
    for (const who of [manager, chiefMarket]) await refusedUnchanged(() => who.post('/api/staffing/leaves', leave), 403, 'FORBIDDEN');
    const later = ok(await B.session.post('/api/staffing/leaves', { ...leave, fromDay: '2026-12-28', toDay: '2026-12-28' }), 201);
    await refusedUnchanged(() => A.session.post(`/api/staffing/leaves/${later.id}/cancel`), 404, 'NOT_FOUND');
    assert.equal(ok(await B.session.post(`/api/staffing/leaves/${later.id}/cancel`)).status, 'cancelled');
  });

  test('scope: the manager sees the center; a department\'s chief only the staff it sent; a clerk only themselves; another center nothing', async () => {
    const names = (r: LightMyRequestResponse) => ok(r).staff.map((s: { id: string }) => s.id);
    const all = names(await manager.get('/api/staffing/staff'));
    assert.ok([A, B, C, D].every((c) => all.includes(c.id)));
    const marketStaff = names(await chiefMarket.get('/api/staffing/staff'));
    assert.ok(marketStaff.includes(A.id) && !marketStaff.includes(B.id));
    assert.deepEqual(names(await A.session.get('/api/staffing/staff')), [A.id]);
    assert.ok(!names(await hkManager.get('/api/staffing/staff')).includes(A.id));
    refused(await supervisor.get('/api/staffing/staff'), 403, 'FORBIDDEN');
    const att = (who: Session, c: Clerk) => who.get(`/api/staffing/staff/${c.id}/attendance?from=2026-11-01&to=2026-11-30`);
    ok(await att(manager, B));
    ok(await att(chiefMarket, A));
    refused(await att(chiefMarket, B), 403, 'FORBIDDEN');
    refused(await att(A.session, B), 403, 'FORBIDDEN');
    refused(await att(hkManager, A), 404, 'NOT_FOUND');
    const leaves = ok(await chiefMarket.get('/api/staffing/leaves?pageSize=100')).leaves;
    assert.ok(leaves.length > 0 && leaves.every((l: { userId: string }) => [A.id, C.id, D.id].includes(l.userId)));
    assert.ok(ok(await B.session.get('/api/staffing/leaves')).leaves.every((l: { userId: string }) => l.userId === B.id));
  });
});

describe('training and the annual assessment', () => {
  test('training is recorded by the center\'s managers and read in scope', async () => {
    const body = { userId: A.id, course: '政务服务礼仪', hours: 8, day: '2026-11-20', result: 'passed' };
    ok(await manager.post('/api/staffing/trainings', body), 201);
    for (const who of [chiefMarket, A.session, supervisor]) await refusedUnchanged(() => who.post('/api/staffing/trainings', body), 403, 'FORBIDDEN');
    await refusedUnchanged(() => hkManager.post('/api/staffing/trainings', body), 404, 'NOT_FOUND');
    refused(await manager.post('/api/staffing/trainings', { ...body, hours: 0 }), 400, 'VALIDATION_FAILED');
    assert.equal(ok(await chiefMarket.get(`/api/staffing/trainings?userId=${A.id}`)).trainings[0].course, '政务服务礼仪');
    refused(await chiefHousing.get(`/api/staffing/trainings?userId=${A.id}`), 403, 'FORBIDDEN');
  });

  test('the figures come from attendance, supervision, complaints and ratings; the result is written once by a manager, reopened only by a manager, audited', async () => {
    t.clock.set(at('2026-12-01', '10:00'));
    // Cases A handled, from supervision's rollups.
    await sql`INSERT INTO perf_daily (center_id, department_id, window_id, staff_id, day, received, accepted, completed, on_time, overdue)
      VALUES (${province}, ${market}, ${A.windowId}, ${A.id}, '2026-11-10', 12, 10, 9, 8, 1)`.execute(t.ctx.db);
    const url = `/api/staffing/staff/${A.id}/assessments/2026`;
    const view = ok(await manager.get(url));
    // 23 Nov: morning late and early, afternoon on time; 25 Nov: on leave both shifts. Nothing absent.
    assert.deepEqual(view.figures.attendance, { scheduled: 2, attended: 2, late: 1, early: 1, absent: 0, leave: 2 });
    assert.deepEqual(view.figures.cases, { received: 12, accepted: 10, completed: 9, onTime: 8, overdue: 1, findings: 0 });
    assert.deepEqual(view.figures.training, { courses: 1, hours: 8 });
    // No complaint against A and nobody rated A yet (the next test adds them): 0 complaints, no ratings.
    assert.equal(view.figures.complaints, 0);
    assert.equal(view.figures.ratings, null);
    assert.deepEqual([view.figures.score, view.figures.suggested], [95, 'excellent']);
    assert.equal(view.written, null);
    // A scheduled shift without sign-in counts absent once its day is over.
    await schedule(A, '2026-11-27', 'am');
    assert.equal(ok(await manager.get(url)).figures.attendance.absent, 1);

    const body = { result: 'competent', comment: '工作认真，迟到一次，有一次缺勤' };
    for (const who of [chiefMarket, A.session, supervisor]) await refusedUnchanged(() => who.put(url, body), 403, 'FORBIDDEN');
    await refusedUnchanged(() => hkManager.put(url, body), 404, 'NOT_FOUND');
    const written = ok(await manager.put(url, body));
    assert.deepEqual([written.written.result, written.written.status, written.written.figures.attendance.absent], ['competent', 'final', 1]);
    await refusedUnchanged(() => manager.put(url, { ...body, result: 'excellent' }), 409, 'STAFF_ASSESSMENT_EXISTS');
    // The person and their department's chief read it; another department's chief does not.
    assert.equal(ok(await A.session.get(url)).written.result, 'competent');
    assert.equal(ok(await chiefMarket.get(url)).written.result, 'competent');
    refused(await chiefHousing.get(url), 403, 'FORBIDDEN');
    // Reopened by a manager only, then written again.
    for (const who of [chiefMarket, A.session]) await refusedUnchanged(() => who.post(`${url}/reopen`, { reason: '复核' }), 403, 'FORBIDDEN');
    await refusedUnchanged(() => manager.post(`/api/staffing/staff/${B.id}/assessments/2026/reopen`, { reason: '复核' }), 404, 'NOT_FOUND');
    assert.equal(ok(await manager.post(`${url}/reopen`, { reason: '缺勤经核实为公出' })).written.status, 'reopened');
    await refusedUnchanged(() => manager.post(`${url}/reopen`, { reason: '再次' }), 409, 'STAFF_ASSESSMENT_STATE');
    assert.equal(ok(await manager.put(url, { result: 'excellent', comment: '复核后评为优秀' })).written.result, 'excellent');
    const trail = await t.ctx.db.selectFrom('audit_events').select('action').where('stream', '=', `staff:${A.id}`).where('action', 'like', 'staff.assessment.%').orderBy('seq').execute();
    assert.deepEqual(trail.map((e) => e.action), ['staff.assessment.write', 'staff.assessment.reopen', 'staff.assessment.write']);
    refused(await manager.get(`/api/staffing/staff/${A.id}/assessments/1999`), 400, 'VALIDATION_FAILED');
    t.clock.set(NOW);
  });

  test('complaints (work orders) and ratings (好差评) of the person count; merged duplicates, other people, other years and voided reviews do not', async () => {
    const p = { from: '2026-01-01', to: '2026-12-31', fromInstant: at('2026-01-01', '00:00'), toInstant: at('2027-01-01', '00:00'), today: '2026-12-01' };
    assert.equal(await complaintsProvider(t.ctx.db, A.id, p), 0);
    assert.equal(await ratingsProvider(t.ctx.db, A.id, p), null);
    const order = (no: string, kind: string, staff: string, created: string, extra: Record<string, unknown> = {}) => ({
      order_no: no, center_id: province, source: 'hotline', kind, urgency: 'normal', caller_name: '来电人', caller_phone: '13900000000',
      place: '大厅', topic: '服务态度', content: '窗口人员态度差', against_staff_id: staff, status: 'accepted', created_at: new Date(created), updated_at: new Date(created), ...extra,
    });
    const main = await t.ctx.db.insertInto('work_orders').values(order('T-ASSESS-1', 'complaint', A.id, '2026-06-01T00:00:00Z') as never).returning('id').executeTakeFirstOrThrow();
    await t.ctx.db.insertInto('work_orders').values([
      order('T-ASSESS-2', 'complaint', A.id, '2026-06-02T00:00:00Z', { status: 'merged', merged_into: main.id }),
      order('T-ASSESS-3', 'complaint', B.id, '2026-06-01T00:00:00Z'),
      order('T-ASSESS-4', 'consultation', A.id, '2026-06-01T00:00:00Z'),
      order('T-ASSESS-5', 'complaint', A.id, '2025-06-01T00:00:00Z'),
    ] as never).execute();
    const company = await signIn(t.app, DEMO_ENTERPRISE.creditCode);
    const permit = await itemIdByName(t.app, '建筑工程施工许可证核发', '海南省');
    const cases: Array<{ id: string }> = [];
    for (let i = 0; i < 4; i++) cases.push(await submittedCase(t.app, company, permit));
    const rating = (caseId: string, staff: string, level: number, created: string, voided: Date | null = null) => ({
      case_id: caseId, stage: 'acceptance', level, channel: 'portal', real_name: false, staff_id: staff, center_id: province, created_at: new Date(created), voided_at: voided,
    });
    await t.ctx.db.insertInto('ratings').values([
      rating(cases[0]!.id, A.id, 5, '2026-05-01T00:00:00Z'), rating(cases[1]!.id, A.id, 2, '2026-05-02T00:00:00Z'),
      rating(cases[2]!.id, B.id, 1, '2026-05-02T00:00:00Z'), rating(cases[3]!.id, A.id, 1, '2026-05-03T00:00:00Z', new Date('2026-05-10T00:00:00Z')),
    ] as never).execute();
    assert.equal(await complaintsProvider(t.ctx.db, A.id, p), 1);
    assert.deepEqual(await ratingsProvider(t.ctx.db, A.id, p), { count: 2, average: 3.5 });
    const f = ok(await manager.get(`/api/staffing/staff/${A.id}/assessments/2026`)).figures;
    assert.deepEqual([f.complaints, f.ratings], [1, { count: 2, average: 3.5 }]);
  });

  test('the suggested grade follows the deductions', () => {
    const base = { year: 2026, attendance: { scheduled: 10, attended: 10, late: 0, early: 0, absent: 0, leave: 0 }, cases: { received: 0, accepted: 0, completed: 0, onTime: 0, overdue: 0, findings: 0 }, training: { courses: 0, hours: 0 }, complaints: 0, ratings: null };
    assert.deepEqual(suggest(base), { score: 100, suggested: 'excellent' });
    assert.deepEqual(suggest({ ...base, complaints: 1 }), { score: 95, suggested: 'competent' });
    assert.deepEqual(suggest({ ...base, attendance: { ...base.attendance, absent: 5 } }), { score: 75, suggested: 'competent' });
    assert.deepEqual(suggest({ ...base, ratings: { count: 3, average: 2 }, cases: { ...base.cases, overdue: 6 } }), { score: 72, suggested: 'basically_competent' });
    assert.deepEqual(suggest({ ...base, complaints: 9 }), { score: 55, suggested: 'incompetent' });
  });
});
