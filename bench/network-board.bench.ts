// The provincial board over five levels (issue 17, docs/network.md): the province's figures rolled up
// from every center below it — cities, counties, townships, village service points — with N cases
// spread over them, against a plain count(*) of the same cases. Open cases by light are read
// index-only through cases_center_board (its key starts with the center) for all the centers at once; the period
// figures from the daily rollup perf_dept_daily (built in bulk here from the generated cases).
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { fixedClock } from '../server/src/lib/clock.ts';
import { DEMO_PERSON, seedDemo } from '../server/src/seed/seed.ts';
import type { Actor } from '../server/src/policies/index.ts';
import { centerBoard, regionBoard } from '../server/src/modules/network/network.service.ts';
import * as networkRepo from '../server/src/modules/network/network.repository.ts';
import { bulkLoad, insertCases } from './bulk.ts';
import { benchPlatform, options, table, percentiles } from './lib.ts';

const opt = options({ cases: 1_000_000, cities: 4, counties: 4, townships: 5, villages: 5, days: 1095, runs: 50 },
  'The province\'s network board over N cases in five levels of centers, against count(*) of the same cases.');

const NOW = new Date('2026-11-23T02:00:00Z');
const TO = '2026-11-22';

const platform = await benchPlatform('network-board', { clock: fixedClock(NOW) });
try {
  await seedDemo(platform.ctx);
  const db = platform.ctx.db;
  const owner = platform.owner;
  const g0 = performance.now();
  // The region tree below the province: cities 4602.., their counties, townships and villages (GB/T 2260 nesting).
  await sql`
    WITH c AS (SELECT '46' || lpad((1 + i)::text, 2, '0') AS p FROM generate_series(1, ${opt.cities}::int) i),
    k AS (SELECT c.p || lpad(j::text, 2, '0') AS p, c.p AS parent FROM c, generate_series(1, ${opt.counties}::int) j),
    t AS (SELECT k.p || lpad(j::text, 3, '0') AS p, k.p AS parent FROM k, generate_series(1, ${opt.townships}::int) j),
    v AS (SELECT t.p || lpad(j::text, 3, '0') AS p, t.p AS parent FROM t, generate_series(1, ${opt.villages}::int) j)
    INSERT INTO regions (code, name, level, parent_code)
    SELECT p || '00', '城市' || p, 'city', '460000' FROM c
    UNION ALL SELECT p, '区县' || p, 'county', parent || '00' FROM k
    UNION ALL SELECT p, '乡镇' || p, 'township', parent FROM t
    UNION ALL SELECT p, '村' || p, 'village', parent FROM v`.execute(owner);
  // A center in every generated region; the village ones are service points.
  await sql`INSERT INTO centers (region_code, name, kind) SELECT code, name || '服务中心', CASE WHEN level = 'village' THEN 'service_point' ELSE 'center' END
    FROM regions WHERE code LIKE '46%' AND code NOT IN (SELECT region_code FROM centers) AND length(code) >= 6 AND code NOT LIKE '4601%'`.execute(owner);
  await sql`INSERT INTO departments (center_id, name, credit_code)
    SELECT c.id, '综合办', '11460000MB0000000X' FROM centers c WHERE NOT EXISTS (SELECT 1 FROM departments d WHERE d.center_id = c.id)`.execute(owner);
  const centers = (await sql<{ id: string; department_id: string; region_code: string }>`
    SELECT c.id, (SELECT d.id FROM departments d WHERE d.center_id = c.id ORDER BY d.id LIMIT 1) AS department_id, c.region_code
    FROM centers c ORDER BY c.region_code, c.id`.execute(db)).rows;
  const applicant = await db.selectFrom('users').select('id').where('id_number', '=', DEMO_PERSON.idNumber).executeTakeFirstOrThrow();
  const item = await db.selectFrom('items').select(['id', 'processing_mode', 'promised_limit_days', 'statutory_limit_days']).orderBy('id').limit(1).executeTakeFirstOrThrow();
  const t0 = performance.now();
  // Slots for the generated cases, weighted by level the way a province's cases are spread: the
  // provincial center 8 %, the cities 30 %, the counties 35 %, the townships 20 %, the village
  // service points 7 % (each level's share split evenly over its centers, at least one slot each).
  await sql`DROP TABLE IF EXISTS bench_slots`.execute(owner);
  await sql`CREATE UNLOGGED TABLE bench_slots (n int PRIMARY KEY, center_id uuid, department_id uuid, region_code text)`.execute(owner);
  await sql`
    WITH c AS (SELECT c.id, c.region_code, r.level, (SELECT d.id FROM departments d WHERE d.center_id = c.id ORDER BY d.id LIMIT 1) AS department_id
      FROM centers c JOIN regions r ON r.code = c.region_code),
    w AS (SELECT c.*, greatest(1, round(10000 * CASE level WHEN 'province' THEN 0.08 WHEN 'city' THEN 0.30 WHEN 'county' THEN 0.35
      WHEN 'township' THEN 0.20 ELSE 0.07 END / count(*) OVER (PARTITION BY level)))::int AS slots FROM c)
    INSERT INTO bench_slots SELECT (row_number() OVER (ORDER BY w.region_code, w.id, k))::int - 1, w.id, w.department_id, w.region_code
    FROM w, generate_series(1, w.slots) k`.execute(owner);
  const slots = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM bench_slots`.execute(owner)).rows[0]!.n;
  const bulk = await bulkLoad(owner, 'cases', opt.cases, (q, from, to) => insertCases(sql`
    SELECT g, ${item.id}::uuid AS item_id, ${item.processing_mode}::text AS processing_mode, ${item.promised_limit_days}::int AS promised,
      ${item.statutory_limit_days}::int AS statutory, bs.center_id, bs.department_id, bs.region_code
    FROM generate_series(${from}::int, ${to}::int) g JOIN bench_slots bs ON bs.n = (hashint4(g) & 2147483647) % ${slots}::int`,
  { applicantId: applicant.id, today: TO, days: opt.days }).execute(q));
  const loadSeconds = (performance.now() - t0) / 1000;
  const r0 = performance.now();
  await sql`
    INSERT INTO perf_dept_daily (center_id, department_id, day, slot, received, accepted, completed, on_time, overdue)
    SELECT center_id, department_id, day, 0, sum(rec), sum(acc), sum(comp), sum(ontime), sum(late) FROM (
      SELECT center_id, department_id, accepted_date AS day, 1 AS rec, 1 AS acc, 0 AS comp, 0 AS ontime, 0 AS late FROM cases WHERE accepted_date IS NOT NULL
      UNION ALL
      SELECT center_id, department_id, (decided_at AT TIME ZONE 'Asia/Shanghai')::date, 0, 0, 1,
        ((decided_at AT TIME ZONE 'Asia/Shanghai')::date <= due_date)::int, ((decided_at AT TIME ZONE 'Asia/Shanghai')::date > due_date)::int
      FROM cases WHERE decided_at IS NOT NULL) e
    GROUP BY 1, 2, 3
    ON CONFLICT (center_id, day, department_id, slot) DO UPDATE SET received = perf_dept_daily.received + excluded.received,
      accepted = perf_dept_daily.accepted + excluded.accepted, completed = perf_dept_daily.completed + excluded.completed,
      on_time = perf_dept_daily.on_time + excluded.on_time, overdue = perf_dept_daily.overdue + excluded.overdue`.execute(owner);
  for (const tbl of ['perf_dept_daily', 'centers', 'regions']) await sql`VACUUM ANALYZE ${sql.table(tbl)}`.execute(owner);
  const rollupSeconds = (performance.now() - r0) / 1000;
  const levels = (await sql<{ level: string; n: number }>`SELECT r.level, count(*)::int AS n FROM centers c JOIN regions r ON r.code = c.region_code GROUP BY 1 ORDER BY 2`.execute(db)).rows;

  const supervisor = await db.selectFrom('users').select(['id', 'name', 'center_id']).where('username', '=', 'supervisor').executeTakeFirstOrThrow();
  const actor: Actor = { id: supervisor.id, kind: 'staff', name: supervisor.name, roles: ['supervisor'], centerId: supervisor.center_id, departmentId: null, windowId: null, centerRegion: { code: '460000', level: 'province' } };
  const time = (f: () => Promise<unknown>, runs = opt.runs) => percentiles(f, runs);
  const countAll = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM cases WHERE region_code LIKE '46%'`.execute(db)).rows[0]!.n;
  let province: Awaited<ReturnType<typeof regionBoard>> | undefined;
  const reference = await time(countAll);
  const provinceBoard = await time(async () => { province = await regionBoard(platform.ctx, actor, undefined); });
  // The province board's reads one by one (network.service.ts regionBoard and figuresOf).
  const ids = centers.map((c) => c.id);
  const partCenters = await time(() => networkRepo.centersUnder(db, '46'));
  const partOpen = await time(() => networkRepo.openCounts(db, ids));
  const partPeriod = await time(() => networkRepo.periodSums(db, ids, '2026-10-24', TO));
  const partTrail = await time(() => networkRepo.regionWithAncestors(db, '460000'));
  const city = await time(() => regionBoard(platform.ctx, actor, '460200'));
  const township = await time(() => regionBoard(platform.ctx, actor, '460201001'));
  const oneCenter = centers.find((c) => c.region_code === '460201001')!.id;
  const center = await time(() => centerBoard(platform.ctx, actor, oneCenter, { open: true, page: 1, pageSize: 20 }));
  const counted = await countAll();
  // The plan of the board's largest read: open cases per center and light for every center under the province (repository openCounts).
  const plan = (await sql<{ 'QUERY PLAN': string }>`EXPLAIN (ANALYZE, BUFFERS) SELECT center_id, light, count(*)::int AS n,
      count(*) FILTER (WHERE suspended_since IS NOT NULL)::int AS suspended FROM cases
    WHERE center_id = ANY(${centers.map((c) => c.id)}::uuid[])
      AND status IN ('submitted', 'supplement_requested', 'accepted', 'in_review', 'forwarded', 'decided', 'awaiting_payment', 'ready', 'issuing')
    GROUP BY center_id, light`.execute(db)).rows.map((r) => r['QUERY PLAN']).join('\n').replace(/'\{[^}]*\}'::uuid\[\]/, `'{…the ${centers.length} ids}'::uuid[]`);
  const openCounted = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM cases WHERE status IN ('submitted', 'supplement_requested', 'accepted', 'in_review', 'forwarded', 'decided', 'awaiting_payment', 'ready', 'issuing') AND region_code LIKE '46%'`.execute(db)).rows[0]!.n;
  const match = province!.totals.open >= openCounted && province!.totals.centers === centers.length;

  console.log(`\n\nNetwork board benchmark: ${opt.cases.toLocaleString()} cases (${openCounted.toLocaleString()} open) over ${centers.length} centers in five levels `
    + `(${levels.map((l) => `${l.n} ${l.level}`).join(', ')}); loaded in ${loadSeconds.toFixed(0)} s (rows ${bulk.insertSeconds.toFixed(0)} s, ${bulk.indexes} indexes ${bulk.indexSeconds.toFixed(0)} s, vacuum ${bulk.vacuumSeconds.toFixed(0)} s), generated tree and rollup in ${((performance.now() - g0) / 1000 - loadSeconds).toFixed(0)} s (rollup ${rollupSeconds.toFixed(1)} s); ${opt.runs} runs each\n`);
  table([
    { what: 'count(*) of the same cases (all under the province)', 'p50 ms': reference.p50, 'p95 ms': reference.p95 },
    { what: 'province board: totals + cities (GET /api/network/board)', 'p50 ms': provinceBoard.p50, 'p95 ms': provinceBoard.p95 },
    { what: '  of it: the centers under the province (centersUnder)', 'p50 ms': partCenters.p50, 'p95 ms': partCenters.p95 },
    { what: '  of it: open cases per center and light (openCounts)', 'p50 ms': partOpen.p50, 'p95 ms': partOpen.p95 },
    { what: '  of it: 30 days of the rollup per center (periodSums)', 'p50 ms': partPeriod.p50, 'p95 ms': partPeriod.p95 },
    { what: '  of it: the trail (regionWithAncestors)', 'p50 ms': partTrail.p50, 'p95 ms': partTrail.p95 },
    { what: 'a city\'s board (its counties)', 'p50 ms': city.p50, 'p95 ms': city.p95 },
    { what: 'a township\'s board (its villages)', 'p50 ms': township.p50, 'p95 ms': township.p95 },
    { what: 'one center and its open cases, page 1', 'p50 ms': center.p50, 'p95 ms': center.p95 },
  ]);
  console.log(`\nprovince open ${province!.totals.open.toLocaleString()} (the generated ${openCounted.toLocaleString()} + the demo's own), centers ${province!.totals.centers}: ${match ? 'consistent' : 'DIFFERENT'}; board p95 is ${(provinceBoard.p95 / reference.p95).toFixed(3)}× the count(*) p95\n`);
  console.log(`plan of the open counts (every center under the province):\n${plan}\n`);
  console.log(JSON.stringify({
    bench: 'network-board', cases: opt.cases, loadSeconds: Math.round(loadSeconds), load: bulk, open: openCounted, centers: centers.length, levels: Object.fromEntries(levels.map((l) => [l.level, l.n])), counted,
    reference: { p50ms: +reference.p50.toFixed(2), p95ms: +reference.p95.toFixed(2) }, province: { p50ms: +provinceBoard.p50.toFixed(2), p95ms: +provinceBoard.p95.toFixed(2) },
    city: { p50ms: +city.p50.toFixed(2), p95ms: +city.p95.toFixed(2) }, township: { p50ms: +township.p50.toFixed(2), p95ms: +township.p95.toFixed(2) },
    center: { p50ms: +center.p50.toFixed(2), p95ms: +center.p95.toFixed(2) }, consistent: match,
    ratios: { provinceP95ToCountP95: +(provinceBoard.p95 / reference.p95).toFixed(3) },
  }));
} finally {
  await platform.close();
}
