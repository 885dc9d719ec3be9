// Department figures for a year over N decided cases: the performance query (sums of the
// perf_daily rollup, GET /api/supervision/performance?by=department) against a plain count(*) over
// the same cases. The rollup rows of the generated cases are built in bulk with SQL (the same
// figures the case actions add one by one), not by replaying transitions.
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { fixedClock } from '../server/src/lib/clock.ts';
import { DEMO_PERSON, seedDemo } from '../server/src/seed/seed.ts';
import { performanceRows } from '../server/src/modules/supervision/performance.repository.ts';
import { benchPlatform, insertInChunks, options, table, percentiles } from './lib.ts';

const opt = options({ cases: 1_000_000, days: 365, runs: 50, staff: 6 },
  'Department figures for a year over N cases: the performance query over the rollup, against count(*) over the same cases.');

const NOW = new Date('2026-11-23T02:00:00Z');
const TO = '2026-11-22';
const FROM = '2025-11-23';

const platform = await benchPlatform('performance', { clock: fixedClock(NOW) });
try {
  await seedDemo(platform.ctx);
  const db = platform.ctx.db;
  const applicant = await db.selectFrom('users').select('id').where('id_number', '=', DEMO_PERSON.idNumber).executeTakeFirstOrThrow();
  const t0 = performance.now();
  await insertInChunks(opt.cases, async (from, to) => {
    // Cases accepted on every day of the year and decided 0–(promised + 2) days later, every item
    // (so every department of both centers); a tenth overdue, some instant.
    await sql`
      WITH a AS (SELECT array_agg(id ORDER BY id) AS ids, count(*)::int AS n FROM items),
      g AS (
        SELECT g, it.id AS item_id, it.center_id, it.department_id, ce.region_code, it.processing_mode, it.promised_limit_days AS p, it.statutory_limit_days AS s,
          (${TO}::date - (g % ${opt.days})) AS d
        FROM generate_series(${from}::int, ${to}::int) g CROSS JOIN a
        JOIN items it ON it.id = a.ids[1 + g % a.n] JOIN centers ce ON ce.id = it.center_id
      )
      INSERT INTO cases (item_id, item_version, center_id, department_id, region_code, applicant_id, applicant_name, channel,
        idempotency_key, status, processing_mode, form, submitted_at, received_date, acceptance_due_date, accepted_at, accepted_date,
        promised_days, statutory_days, due_date, statutory_due_date, warning_date, decision, decided_at, closed_at, created_at, updated_at, light_check_date)
      SELECT item_id, 1, center_id, department_id, region_code, ${applicant.id}, '张三', 'online', 'bench-' || g, 'delivered', processing_mode, '{}',
        d::timestamp - interval '8 hours', d, d + 7, d::timestamp, d, p, s, d + p, d + s, d + greatest(0, p - 1), 'approved',
        (d + CASE WHEN g % 10 = 0 THEN p + 2 ELSE (g % (p + 1)) END)::timestamp + interval '1 hour', (d + p + 3)::timestamp, d::timestamp, d::timestamp, NULL
      FROM g`.execute(db);
  });
  const loadSeconds = (performance.now() - t0) / 1000;
  // The rollups, in bulk: per center, department, day and (spread) staff member, the same sums the
  // case actions add one at a time (received/accepted on the acceptance day, completed on the
  // decision day); then the department-day table from it.
  const r0 = performance.now();
  await sql`
    INSERT INTO perf_daily (center_id, department_id, window_id, staff_id, day, slot, received, accepted, completed, on_time, early, overdue, instant,
      workdays_used, promised_days, statutory_days)
    SELECT center_id, department_id, '00000000-0000-0000-0000-000000000000'::uuid, md5(department_id::text || (hashtext(id::text) & 1023) % ${opt.staff})::uuid, day, 0,
      sum(rec), sum(acc), sum(comp), sum(ontime), sum(early), sum(overdue), sum(instant), sum(used), sum(prom), sum(stat)
    FROM (
      SELECT id, center_id, department_id, accepted_date AS day, 1 AS rec, 1 AS acc, 0 AS comp, 0 AS ontime, 0 AS early, 0 AS overdue, 0 AS instant, 0 AS used, 0 AS prom, 0 AS stat FROM cases WHERE accepted_date IS NOT NULL
      UNION ALL
      SELECT id, center_id, department_id, (decided_at AT TIME ZONE 'Asia/Shanghai')::date, 0, 0, 1,
        ((decided_at AT TIME ZONE 'Asia/Shanghai')::date <= due_date)::int, ((decided_at AT TIME ZONE 'Asia/Shanghai')::date < due_date)::int,
        ((decided_at AT TIME ZONE 'Asia/Shanghai')::date > due_date)::int, ((decided_at AT TIME ZONE 'Asia/Shanghai')::date = accepted_date)::int,
        (decided_at AT TIME ZONE 'Asia/Shanghai')::date - accepted_date, promised_days, statutory_days
      FROM cases WHERE decided_at IS NOT NULL
    ) e
    GROUP BY 1, 2, 3, 4, 5, 6`.execute(db);
  await sql`
    INSERT INTO perf_dept_daily (center_id, department_id, day, slot, received, accepted, completed, on_time, early, overdue, instant, workdays_used, promised_days, statutory_days)
    SELECT center_id, department_id, day, 0, sum(received), sum(accepted), sum(completed), sum(on_time), sum(early), sum(overdue), sum(instant),
      sum(workdays_used), sum(promised_days), sum(statutory_days)
    FROM perf_daily GROUP BY 1, 2, 3`.execute(db);
  await sql`VACUUM ANALYZE perf_dept_daily`.execute(platform.owner);
  await sql`VACUUM ANALYZE cases`.execute(platform.owner);
  await sql`VACUUM ANALYZE perf_daily`.execute(platform.owner);
  const rollupSeconds = (performance.now() - r0) / 1000;
  const rollupRows = Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM perf_daily`.execute(db)).rows[0]!.n);
  const deptRows = Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM perf_dept_daily`.execute(db)).rows[0]!.n);
  const center = (await sql<{ center_id: string; n: number }>`SELECT center_id, count(*)::int AS n FROM cases GROUP BY 1 ORDER BY 2 DESC LIMIT 1`.execute(db)).rows[0]!;

  const time = (f: () => Promise<unknown>, runs = opt.runs) => percentiles(f, runs);
  const caseCount = async () => (await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM cases WHERE center_id = ${center.center_id}
    AND decided_at >= ${`${FROM}T00:00:00+08:00`}::timestamptz AND decided_at < (${TO}::date + 1)::text::timestamp AT TIME ZONE 'Asia/Shanghai'`.execute(db)).rows[0]!.n;
  // What the rollup saves: the same department figures computed from the cases themselves.
  const fromCases = () => sql`
    SELECT department_id, count(*) FILTER (WHERE dd BETWEEN ${FROM}::date AND ${TO}::date) AS completed,
      count(*) FILTER (WHERE dd BETWEEN ${FROM}::date AND ${TO}::date AND dd <= due_date) AS on_time,
      count(*) FILTER (WHERE dd BETWEEN ${FROM}::date AND ${TO}::date AND dd > due_date) AS overdue,
      count(*) FILTER (WHERE dd BETWEEN ${FROM}::date AND ${TO}::date AND dd = accepted_date) AS instant,
      sum(dd - accepted_date) FILTER (WHERE dd BETWEEN ${FROM}::date AND ${TO}::date) AS used,
      sum(promised_days) FILTER (WHERE dd BETWEEN ${FROM}::date AND ${TO}::date) AS promised,
      sum(statutory_days) FILTER (WHERE dd BETWEEN ${FROM}::date AND ${TO}::date) AS statutory,
      count(*) FILTER (WHERE accepted_date BETWEEN ${FROM}::date AND ${TO}::date) AS accepted
    FROM (SELECT *, (decided_at AT TIME ZONE 'Asia/Shanghai')::date AS dd FROM cases WHERE center_id = ${center.center_id}) c
    GROUP BY department_id`.execute(db);
  let rows: Awaited<ReturnType<typeof performanceRows>> = [];
  const reference = await time(caseCount);
  const query = await time(async () => { rows = await performanceRows(db, center.center_id, FROM, TO, 'department'); });
  const staffQuery = await time(() => performanceRows(db, center.center_id, FROM, TO, 'staff'));
  const scan = await time(fromCases, Math.max(5, Math.floor(opt.runs / 5)));
  const completed = rows.reduce((s, r) => s + r.completed, 0);
  const counted = await caseCount();

  console.log(`\n\nPerformance benchmark: ${opt.cases.toLocaleString()} decided cases over ${opt.days} days (loaded in ${loadSeconds.toFixed(0)} s); rollups built in bulk in ${rollupSeconds.toFixed(1)} s, ${rollupRows.toLocaleString()} staff-day and ${deptRows.toLocaleString()} department-day rows; center with ${center.n.toLocaleString()} cases, ${rows.length} departments; ${opt.runs} runs each\n`);
  table([
    { what: 'count(*) of the center\'s cases decided in the year', 'p50 ms': reference.p50, 'p95 ms': reference.p95 },
    { what: 'performance query, by department (perf_dept_daily)', 'p50 ms': query.p50, 'p95 ms': query.p95 },
    { what: 'performance query, by staff member (perf_daily)', 'p50 ms': staffQuery.p50, 'p95 ms': staffQuery.p95 },
    { what: 'the same department figures scanned from the cases', 'p50 ms': scan.p50, 'p95 ms': scan.p95 },
  ]);
  console.log(`\ncompleted from the rollup ${completed.toLocaleString()} = count(*) ${counted.toLocaleString()}: ${completed === counted ? 'equal' : 'DIFFERENT'}; query p50 is ${(query.p50 / reference.p50).toFixed(3)}× the count(*)\n`);
  console.log(JSON.stringify({
    bench: 'performance', cases: opt.cases, days: opt.days, centerCases: center.n, rollupRows, deptRows, rollupSeconds: +rollupSeconds.toFixed(1), departments: rows.length,
    reference: { p50ms: +reference.p50.toFixed(2), p95ms: +reference.p95.toFixed(2) }, byDepartment: { p50ms: +query.p50.toFixed(2), p95ms: +query.p95.toFixed(2) },
    byStaff: { p50ms: +staffQuery.p50.toFixed(2), p95ms: +staffQuery.p95.toFixed(2) }, scanFromCases: { p50ms: +scan.p50.toFixed(2), p95ms: +scan.p95.toFixed(2) }, figuresMatch: completed === counted,
    ratios: { queryP50ToCount: +(query.p50 / reference.p50).toFixed(3), scanP50ToQuery: +(scan.p50 / query.p50).toFixed(1) },
  }));
} finally {
  await platform.close();
}
