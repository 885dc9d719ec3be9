// One warning sweep over N open cases spread over 18 months: the due cases are found through the
// partial index on cases.light_check_date and claimed with FOR UPDATE SKIP LOCKED, judged, and the
// changes recorded (light, audit event, notifications). Reference: one scan of every open case that
// recomputes its light from its dates and counts the ones whose stored light is wrong today.
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { fixedClock } from '../server/src/lib/clock.ts';
import { DEMO_PERSON, seedDemo } from '../server/src/seed/seed.ts';
import { sweepAllLights } from '../server/src/modules/supervision/warnings.jobs.ts';
import { benchPlatform, insertInChunks, options, table } from './lib.ts';

const opt = options({ cases: 1_000_000, days: 548, batch: 100, runs: 5 },
  'One warning sweep over N open cases accepted over the last `days` days (18 months), against a scan of every open case.');

// Monday 2026-11-23, 10:00 in Beijing; the lights were last judged yesterday.
const NOW = new Date('2026-11-23T02:00:00Z');
const TODAY = '2026-11-23';
const YESTERDAY = '2026-11-22';
const OPEN = ['submitted', 'accepted', 'in_review', 'decided', 'awaiting_payment', 'issuing'];

const platform = await benchPlatform('warnings', { clock: fixedClock(NOW) });
try {
  await seedDemo(platform.ctx);
  const db = platform.ctx.db;
  const applicant = await db.selectFrom('users').select('id').where('id_number', '=', DEMO_PERSON.idNumber).executeTakeFirstOrThrow();
  const t0 = performance.now();
  await insertInChunks(opt.cases, async (from, to) => {
    // Open cases on the decision clock, accepted on every day of the period, every item (so every
    // department). Dates in calendar days (promised working days × 7/5): the sweep compares stored
    // dates, so only their spread matters. The stored light is yesterday's, as a daily sweep leaves it.
    await sql`
      WITH a AS (SELECT array_agg(id ORDER BY id) AS ids, count(*)::int AS n FROM items),
      g AS (
        SELECT g, it.id AS item_id, it.center_id, it.department_id, ce.region_code, it.processing_mode, it.promised_limit_days AS p, it.statutory_limit_days AS s,
          (${TODAY}::date - (g % ${opt.days})) AS d
        FROM generate_series(${from}::int, ${to}::int) g CROSS JOIN a
        JOIN items it ON it.id = a.ids[1 + g % a.n] JOIN centers ce ON ce.id = it.center_id
      ),
      x AS (SELECT *, d + ceil(p * 1.4)::int AS due, d + ceil(p * 1.4)::int - greatest(1, ceil(p * 0.28)::int) AS warn FROM g)
      INSERT INTO cases (item_id, item_version, center_id, department_id, region_code, applicant_id, applicant_name, channel,
        idempotency_key, status, processing_mode, form, submitted_at, received_date, acceptance_due_date, accepted_at, accepted_date,
        promised_days, statutory_days, due_date, statutory_due_date, warning_date, created_at, updated_at,
        light, light_rule, light_due_date, light_check_date)
      SELECT item_id, 1, center_id, department_id, region_code, ${applicant.id}, '张三', 'online', 'bench-' || g,
        CASE WHEN g % 3 = 0 THEN 'accepted' ELSE 'in_review' END, processing_mode, '{}', ${NOW}, d, d + 7, ${NOW}, d,
        p, s, due, d + ceil(s * 1.4)::int, warn, ${NOW}, ${NOW},
        CASE WHEN ${YESTERDAY}::date > due THEN 'red' WHEN ${YESTERDAY}::date >= warn THEN 'yellow' ELSE 'green' END, 'decision', due,
        CASE WHEN ${YESTERDAY}::date > due THEN NULL WHEN ${YESTERDAY}::date >= warn THEN due + 1 ELSE warn END
      FROM x`.execute(db);
  });
  await sql`VACUUM ANALYZE cases`.execute(platform.owner);
  const loadSeconds = (performance.now() - t0) / 1000;
  const open = Number((await db.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n')).where('status', 'in', OPEN as never).executeTakeFirstOrThrow()).n);

  // What the sweep will claim: the index range light_check_date <= today.
  const find = async () => {
    const s = performance.now();
    const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM cases WHERE light_check_date <= ${TODAY}`.execute(db);
    return { ms: performance.now() - s, n: r.rows[0]!.n };
  };
  // The reference: every open case read, its light recomputed from its dates and compared.
  const scan = async () => {
    const s = performance.now();
    const r = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM cases
      WHERE status IN ('accepted', 'in_review') AND suspended_since IS NULL
        AND light IS DISTINCT FROM (CASE WHEN ${TODAY}::date > due_date THEN 'red' WHEN ${TODAY}::date >= warning_date THEN 'yellow' ELSE 'green' END)`.execute(db);
    return { ms: performance.now() - s, n: r.rows[0]!.n };
  };
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const finds = [];
  const scans = [];
  for (let i = 0; i < opt.runs; i++) { finds.push(await find()); scans.push(await scan()); }
  const plan = (await sql<{ 'QUERY PLAN': string }>`EXPLAIN SELECT id FROM cases WHERE light_check_date <= ${TODAY} ORDER BY light_check_date LIMIT ${opt.batch} FOR UPDATE SKIP LOCKED`.execute(db)).rows.map((r) => r['QUERY PLAN']).join(' / ');

  const s0 = performance.now();
  const sweep = await sweepAllLights(platform.ctx, { batch: opt.batch });
  const sweepMs = performance.now() - s0;
  const after = await scan();

  const findMs = median(finds.map((f) => f.ms));
  const scanMs = median(scans.map((f) => f.ms));
  console.log(`\n\nWarning sweep: ${opt.cases.toLocaleString()} cases over ${opt.days} days (loaded in ${loadSeconds.toFixed(0)} s), ${open.toLocaleString()} open; today ${TODAY}\n`);
  table([
    { what: 'reference: scan every open case, recompute, count wrong lights', ms: +scanMs.toFixed(1), cases: scans[0]!.n },
    { what: 'find the due ones (index range on light_check_date)', ms: +findMs.toFixed(1), cases: finds[0]!.n },
    { what: `sweep: claim (SKIP LOCKED, batches of ${opt.batch}), judge, record, notify`, ms: +sweepMs.toFixed(1), cases: sweep.checked },
  ]);
  console.log(`\nclaim plan: ${plan}`);
  console.log(`lights changed: ${sweep.changed}; wrong lights left after the sweep: ${after.n}`);
  console.log(`finding the due cases takes ${(findMs / scanMs * 100).toFixed(2)} % of the scan; the whole sweep ${(sweepMs / scanMs).toFixed(2)}× the scan\n`);
  console.log(JSON.stringify({
    bench: 'warnings', cases: opt.cases, open, days: opt.days, due: finds[0]!.n, wrongBefore: scans[0]!.n, wrongAfter: after.n, changed: sweep.changed,
    reference: { scanMs: +scanMs.toFixed(1) }, findMs: +findMs.toFixed(2), sweepMs: +sweepMs.toFixed(1),
    ratios: { findToScan: +(findMs / scanMs).toFixed(4), sweepToScan: +(sweepMs / scanMs).toFixed(3) },
  }));
} finally {
  await platform.close();
}
