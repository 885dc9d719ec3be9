import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { verifyAudit } from '../../lib/audit.ts';
import { chinaDate } from '../../lib/clock.ts';
import { DEMO_ENTERPRISE } from '../../seed/seed.ts';
import { housingCast, signIn, submittedCase, testApp, uploadMaterial, type Session, type TestApp } from '../../test/harness.ts';
import { loadCalendar } from '../calendar/calendar.service.ts';
import { EXPORT_COLUMNS } from './performance.export.ts';
import { bump, NIL } from './performance.repository.ts';

let t: TestApp;
let company: Session;
let window1: Session;
let approver: Session;
let chief: Session;
let supervisor: Session;
let permitId: string;

// Monday 2026-03-02, 10:00 in Beijing. The permit's promised limit is 3 working days.
const MONDAY = new Date('2026-03-02T02:00:00Z');
const at = (date: string) => new Date(`${date}T02:00:00Z`);

before(async () => {
  t = await testApp({ now: MONDAY, env: { SESSION_TTL_HOURS: '100000' } });
  ({ company, window1, approver, chief, supervisor, permitId } = await housingCast(t.app));
});
after(async () => { await t.close(); });

const apply = () => submittedCase(t.app, company, permitId);
async function act(s: Session, id: string, body: Record<string, unknown>) {
  const r = await s.post(`/api/cases/${id}/actions`, body);
  assert.equal(r.statusCode, 200, `${body.action}: ${r.body}`);
}
const review = (id: string) => act(approver, id, { action: 'review', opinion: '材料齐全', proposal: 'approve' });
const decide = (id: string) => act(chief, id, { action: 'decide', result: 'approved', reason: '符合条件' });

/** The figures recomputed from the cases and their records (docs/supervision.md), for one department. */
async function recompute(departmentId: string, from: string, to: string) {
  const db = t.ctx.db;
  const day = (col: string) => sql<string>`(${sql.ref(col)} AT TIME ZONE 'Asia/Shanghai')::date`;
  const inPeriod = (col: string) => sql<boolean>`${day(col)} BETWEEN ${from}::date AND ${to}::date`;
  const cases = await db.selectFrom('cases').selectAll().where('department_id', '=', departmentId).execute();
  const inP = (d: Date | null) => d !== null && chinaDate(d) >= from && chinaDate(d) <= to;
  const decided = cases.filter((c) => inP(c.decided_at));
  const cal = await loadCalendar(db, cases[0]!.region_code);
  const count = async (q: Promise<{ n: number }>) => Number((await q).n);
  const events = (action: string) => count(db.selectFrom('audit_events as e').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('e.stream', 'in', cases.map((c) => `case:${c.id}`)).where('e.action', '=', action).where(inPeriod('e.at')).executeTakeFirstOrThrow());
  const received = cases.filter((c) => inP(c.submitted_at)).length;
  const supplemented = await count(db.selectFrom('case_supplements as s').innerJoin('cases as c', 'c.id', 's.case_id').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('c.department_id', '=', departmentId).where('s.round', '=', 1).where(inPeriod('s.issued_at')).executeTakeFirstOrThrow());
  const sum = (f: (c: (typeof cases)[number]) => number) => decided.reduce((a, c) => a + f(c), 0);
  const completed = decided.length;
  const r4 = (a: number, b: number) => (b ? Math.round((a / b) * 10_000) / 10_000 : null);
  return {
    received, accepted: cases.filter((c) => inP(c.accepted_at)).length, refused: cases.filter((c) => c.status === 'refused' && inP(c.closed_at)).length,
    completed, onTime: decided.filter((c) => chinaDate(c.decided_at!) <= c.due_date!).length, early: decided.filter((c) => chinaDate(c.decided_at!) < c.due_date!).length,
    overdue: decided.filter((c) => chinaDate(c.decided_at!) > c.due_date!).length,
    instantShare: r4(decided.filter((c) => chinaDate(c.decided_at!) === c.accepted_date).length, completed),
    avgWorkdaysUsed: r4(sum((c) => Math.max(0, cal.countWorkdays(c.accepted_date!, chinaDate(c.decided_at!)).workdays - c.suspended_workdays)), completed),
    avgPromisedDays: r4(sum((c) => c.promised_days), completed), compression: r4(sum((c) => c.promised_days), sum((c) => c.statutory_days)),
    supplementRate: r4(supplemented, received),
    suspensions: await count(db.selectFrom('case_suspensions as s').innerJoin('cases as c', 'c.id', 's.case_id').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('c.department_id', '=', departmentId).where('s.started_date', '>=', from).where('s.started_date', '<=', to).executeTakeFirstOrThrow()),
    extensions: await events('case.extend'),
    findings: await count(db.selectFrom('findings').select((eb) => eb.fn.countAll<number>().as('n')).where('department_id', '=', departmentId).where(inPeriod('raised_at')).executeTakeFirstOrThrow()),
    notices: await count(db.selectFrom('supervision_notices').select((eb) => eb.fn.countAll<number>().as('n')).where('department_id', '=', departmentId).where(inPeriod('issued_at')).executeTakeFirstOrThrow()),
    ...ratingsOf(await db.selectFrom('ratings').select('level').where('department_id', '=', departmentId).where('voided_at', 'is', null).where(inPeriod('created_at')).execute()),
  };
}

function ratingsOf(levels: Array<{ level: number }>) {
  const rated = levels.length, good = levels.filter((r) => r.level >= 4).length;
  const r4 = (a: number, b: number) => (b ? Math.round((a / b) * 10_000) / 10_000 : null);
  return { rated, ratedGood: good, ratedBad: levels.filter((r) => r.level <= 2).length, goodRate: r4(good, rated), avgLevel: r4(levels.reduce((a, r) => a + r.level, 0), rated) };
}

describe('performance evaluation (绩效评估)', () => {
  test('the rollup figures equal a recomputation from the cases; exports parse back', async () => {
    t.clock.set(MONDAY);
    // A: accepted and decided the same day (instant, early).
    const a = await apply();
    await act(window1, a.id, { action: 'accept' });
    await review(a.id);
    await decide(a.id);
    // B: two supplement notices (a finding), a supervision notice, decided after its due date (overdue).
    const b = await apply();
    const missing = b.materials.filter((m) => m.status === 'missing').map((m) => m.key);
    const notice = { action: 'request_supplement', items: [{ key: missing[0], reason: '请补交' }] };
    await act(window1, b.id, notice);
    await act(company, b.id, { action: 'resubmit', materials: [{ key: missing[0], fileId: await uploadMaterial(t.app, company) }] });
    await act(window1, b.id, notice);
    await act(company, b.id, { action: 'resubmit', materials: [{ key: missing[0], fileId: await uploadMaterial(t.app, company) }] });
    await act(window1, b.id, { action: 'accept' });
    assert.equal((await supervisor.post('/api/supervision/notices', { caseId: b.id, subject: '请说明进度', body: '请书面说明办理进度。', replyDueDate: '2026-03-04' })).statusCode, 201);
    // C: refused. D: extended, suspended and resumed, decided on time.
    const c = await apply();
    await act(window1, c.id, { action: 'refuse', reason: '不属于本机关职权范围', remedies: '可向有权机关申请' });
    const d = await apply();
    await act(window1, d.id, { action: 'accept' });
    await act(chief, d.id, { action: 'extend', reason: '需现场核查' });
    await act(chief, d.id, { action: 'suspend', kind: 'expert_review', reason: '组织专家评审', expectedDays: 2 });
    t.clock.set(at('2026-03-04'));
    await act(approver, d.id, { action: 'resume' });
    await review(d.id);
    await decide(d.id);
    t.clock.set(at('2026-03-10'));
    await review(b.id);
    await decide(b.id);

    const from = '2026-03-01';
    const to = '2026-03-31';
    const res = await supervisor.get(`/api/supervision/performance?from=${from}&to=${to}&by=department`);
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    const housingId = (await t.ctx.db.selectFrom('cases').select('department_id').where('id', '=', a.id).executeTakeFirstOrThrow()).department_id;
    const row = body.rows.find((r: { key: string }) => r.key === housingId);
    assert.ok(row, 'the housing department has a row');
    const { key: _k, name: _n, ...figures } = row;
    assert.deepEqual(figures, await recompute(housingId, from, to));
    assert.equal(row.completed, 3);
    assert.equal(row.overdue, 1);
    assert.equal(row.instantShare, 0.3333);
    assert.equal(row.refused, 1);
    assert.ok(row.findings >= 1 && row.notices === 1 && row.suspensions === 1 && row.extensions === 1);

    const staff = (await supervisor.get(`/api/supervision/performance?from=${from}&to=${to}&by=staff`)).json();
    assert.equal(staff.rows.find((r: { name: string }) => r.name === '吴首席').completed, 3, 'the deciding chief');
    const total = (k: string, rows: Array<Record<string, number>>) => rows.reduce((s, r) => s + r[k]!, 0);
    for (const k of ['received', 'accepted', 'completed', 'overdue', 'notices']) assert.equal(total(k, staff.rows), total(k, body.rows), k);
    const windows = (await supervisor.get(`/api/supervision/performance?from=${from}&to=${to}&by=window`)).json();
    assert.equal(total('accepted', windows.rows), total('accepted', body.rows));
    const narrow = (await supervisor.get('/api/supervision/performance?from=2026-03-02&to=2026-03-02')).json();
    assert.equal(narrow.rows.find((r: { key: string }) => r.key === housingId).completed, 1, 'only the day asked for');

    assert.equal((await approver.get(`/api/supervision/performance?from=${from}&to=${to}`)).statusCode, 403);
    assert.equal((await supervisor.get(`/api/supervision/performance?from=${to}&to=${from}`)).json().code, 'PERIOD_INVALID');

    const csv = await supervisor.get(`/api/supervision/performance?from=${from}&to=${to}&format=csv`);
    assert.match(String(csv.headers['content-disposition']), /^attachment; filename="performance-department-/);
    assert.deepEqual([...csv.rawPayload.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
    const lines = csv.rawPayload.toString('utf8').slice(1).trim().split('\r\n').map((l) => l.split(','));
    assert.deepEqual(lines[0], EXPORT_COLUMNS.map((c) => c.header));
    const csvRow = lines.find((l) => l[0] === housingId)!;
    EXPORT_COLUMNS.forEach((col, i) => assert.equal(csvRow[i], row[col.key] === null ? '' : String(row[col.key]), col.key));

    const xlsx = await supervisor.get(`/api/supervision/performance?from=${from}&to=${to}&format=xlsx`);
    assert.match(String(xlsx.headers['content-type']), /spreadsheetml/);
    assert.match(String(xlsx.headers['content-disposition']), /^attachment; .*\.xlsx"$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('绩效评估')!;
    assert.equal(ws.getRow(1).getCell(4).value, '受理 accepted');
    let found = false;
    ws.eachRow((r, n) => {
      if (n === 1 || r.getCell(1).value !== housingId) return;
      found = true;
      EXPORT_COLUMNS.forEach((col, i) => assert.equal(r.getCell(i + 1).value ?? null, row[col.key], col.key));
    });
    assert.ok(found);
    assert.equal((await verifyAudit(t.ctx.db)).broken, null);
  });

  test('the board: counts from the stored lights, departments, 30-day trend; own center only', async () => {
    t.clock.set(at('2026-03-10'));
    const r = await supervisor.get('/api/supervision/board');
    assert.equal(r.statusCode, 200, r.body);
    const b = r.json();
    const centerId = supervisor.user.centerId!;
    const open = await t.ctx.db.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n')).where('center_id', '=', centerId)
      .where('status', 'in', ['submitted', 'supplement_requested', 'accepted', 'in_review', 'decided', 'awaiting_payment', 'issuing', 'ready']).executeTakeFirstOrThrow();
    assert.equal(b.counts.open, Number(open.n));
    assert.equal(b.trend.length, 30);
    assert.equal(b.trend.at(-1).date, '2026-03-10');
    assert.equal(b.trend.reduce((s: number, d: { completed: number }) => s + d.completed, 0), 3);
    assert.ok(b.departments.some((d: { completed: number; onTimeRate: number | null }) => d.completed === 3 && Math.abs(d.onTimeRate! - 0.6667) < 1e-9));
    assert.equal((await supervisor.get(`/api/supervision/board?centerId=${(await signIn(t.app, 'hk.supervisor')).user.centerId}`)).statusCode, 403);
    assert.equal((await (await signIn(t.app, 'manager')).get('/api/supervision/board')).statusCode, 200);
    assert.equal((await chief.get('/api/supervision/board')).statusCode, 403);
  });

  test('the hall board: public, today only, names masked', async () => {
    t.clock.set(at('2026-03-10'));
    const centerId = supervisor.user.centerId!;
    const h = (await t.app.inject({ method: 'GET', url: `/api/hall/board?centerId=${centerId}` })).json();
    assert.equal(h.today.completed, 1);
    assert.equal(h.today.onTimeRate, 0);
    assert.ok(h.recent.length >= 1 && h.recent.every((x: { applicantName: string }) => /^.\*+$/.test(x.applicantName)));
    assert.equal(h.recent[0].status, 'completed');
    assert.ok(!JSON.stringify(h).includes(DEMO_ENTERPRISE.name));
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/hall/board?centerId=${randomUUID()}` })).statusCode, 404);
  });
});

describe('rollup slots (issue 18)', () => {
  test('concurrent actions on one department never wait for each other: each transaction writes a slot of its own, the sums are exact', async () => {
    const dept = await t.ctx.db.selectFrom('departments').select(['id', 'center_id']).executeTakeFirstOrThrow();
    const key = { center_id: dept.center_id, department_id: dept.id, window_id: NIL, staff_id: NIL, day: '2031-01-06' };
    // Three transactions bump the same department's day twice each and stay open until all three have:
    // a bump that waited for another's row would hit the lock timeout and fail the transaction.
    let releaseAll!: () => void;
    const gate = new Promise<void>((resolve) => { releaseAll = resolve; });
    const reached: Array<Promise<void>> = [];
    const txs = [0, 1, 2].map(() => {
      let done!: () => void;
      reached.push(new Promise<void>((resolve) => { done = resolve; }));
      return t.ctx.db.transaction().execute(async (tx) => {
        await sql`SET LOCAL lock_timeout = '2s'`.execute(tx);
        await bump(tx, key, { received: 1 });
        await bump(tx, key, { received: 1, accepted: 1 });
        done();
        await gate;
      });
    });
    await Promise.race([Promise.all(reached), Promise.all(txs)]);
    releaseAll();
    await Promise.all(txs);
    const dept_ = await t.ctx.db.selectFrom('perf_dept_daily').select(['slot', 'received', 'accepted'])
      .where('department_id', '=', dept.id).where('day', '=', key.day).orderBy('slot').execute();
    assert.deepEqual(dept_, [0, 1, 2].map((slot) => ({ slot, received: 2, accepted: 1 })));
    const daily = await t.ctx.db.selectFrom('perf_daily').select(['slot', 'received', 'accepted'])
      .where('department_id', '=', dept.id).where('day', '=', key.day).where('staff_id', '=', NIL).orderBy('slot').execute();
    assert.deepEqual(daily, [0, 1, 2].map((slot) => ({ slot, received: 2, accepted: 1 })));
    // One writer at a time lands in slot 0 again.
    await t.ctx.db.transaction().execute((tx) => bump(tx, key, { received: 1 }));
    const first = await t.ctx.db.selectFrom('perf_dept_daily').select('received').where('department_id', '=', dept.id).where('day', '=', key.day).where('slot', '=', 0).executeTakeFirstOrThrow();
    assert.equal(first.received, 3);
  });
});
