// p95 latency of a department's first inbox page (GET /api/workbench/inbox) with a million cases in
// the database, beside GET /api/health (a bare SELECT 1 through the same stack).
import { sql } from 'kysely';
import { buildApp } from '../server/src/app.ts';
import { DEMO_PERSON, seedDemo } from '../server/src/seed/seed.ts';
import { benchPlatform, insertInChunks, load, options, session, table } from './lib.ts';

const opt = options({ cases: 1_000_000, requests: 1000, concurrency: 8 },
  "p95 of a department's first inbox page with N cases in the database, against GET /api/health.");

const STATUSES = ['submitted', 'accepted', 'in_review', 'decided', 'ready', 'delivered', 'delivered', 'delivered', 'delivered', 'refused'];
const platform = await benchPlatform('inbox');
try {
  await seedDemo(platform.ctx);
  const db = platform.ctx.db;
  const applicant = await db.selectFrom('users').select('id').where('id_number', '=', DEMO_PERSON.idNumber).executeTakeFirstOrThrow();
  const t0 = Date.now();
  await insertInChunks(opt.cases, async (from, to) => {
    // Spread over every item (so every department), ten statuses, and 400 days of history.
    await sql`
      WITH a AS (SELECT array_agg(id ORDER BY id) AS ids, count(*)::int AS n FROM items)
      INSERT INTO cases (item_id, item_version, center_id, department_id, region_code, applicant_id, applicant_name, channel,
        idempotency_key, status, processing_mode, form, submitted_at, received_date, acceptance_due_date, accepted_date,
        promised_days, statutory_days, due_date, statutory_due_date, warning_date, created_at, updated_at)
      SELECT it.id, 1, it.center_id, it.department_id, ce.region_code, ${applicant.id}, '张三', 'online', 'bench-' || g,
        (${STATUSES}::text[])[1 + g % ${STATUSES.length}], it.processing_mode, '{}', now(), d, d + 7, d + 1,
        it.promised_limit_days, it.statutory_limit_days, d + 1 + (g % 30), d + 29, d + (g % 30), now(), now()
      FROM generate_series(${from}::int, ${to}::int) g
      CROSS JOIN a
      JOIN items it ON it.id = a.ids[1 + g % a.n]
      JOIN centers ce ON ce.id = it.center_id
      CROSS JOIN LATERAL (SELECT (date '2026-11-22' - (g % 400)) AS d) dd`.execute(db);
  });
  // A steady database has been vacuumed: the visibility map lets counts use index-only scans.
  await sql`VACUUM ANALYZE cases`.execute(platform.owner);
  const loadSeconds = (Date.now() - t0) / 1000;

  const app = await buildApp(platform.ctx);
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const approver = await session(base, 'approver.housing');
  const window = await session(base, 'window1');
  const count = await (await fetch(`${base}/api/workbench/inbox?box=review&pageSize=1`, { headers: approver })).json() as { total: number };
  const inbox = (h: Record<string, string>, box: string) => () => fetch(`${base}/api/workbench/inbox?box=${box}`, { headers: h });
  await load(100, opt.concurrency, inbox(approver, 'review'));
  await load(100, opt.concurrency, () => `${base}/api/health`);
  const reference = await load(opt.requests, opt.concurrency, () => `${base}/api/health`);
  const review = await load(opt.requests, opt.concurrency, inbox(approver, 'review'));
  const intake = await load(opt.requests, opt.concurrency, inbox(window, 'intake'));
  await app.close();

  console.log(`\n\nInbox benchmark: ${opt.cases.toLocaleString()} cases (loaded in ${loadSeconds.toFixed(0)} s); the housing department's review inbox holds ${count.total.toLocaleString()}; ${opt.requests} requests per row, ${opt.concurrency} concurrent\n`);
  const row = (what: string, r: typeof review) => ({ what, 'req/s': r.perSecond, 'p50 ms': r.p50, 'p95 ms': r.p95, 'p99 ms': r.p99, errors: r.errors });
  table([row('GET /api/health (SELECT 1)', reference), row('inbox: department review, page 1', review), row('inbox: center intake, page 1', intake)]);
  console.log(`\nreview inbox p95 is ${(review.p95 / reference.p95).toFixed(1)}× the bare round trip\n`);
  console.log(JSON.stringify({ bench: 'inbox', cases: opt.cases, inboxSize: count.total, reference: { p95ms: +reference.p95.toFixed(2) }, review: { rps: +review.perSecond.toFixed(1), p95ms: +review.p95.toFixed(2), errors: review.errors }, intake: { rps: +intake.perSecond.toFixed(1), p95ms: +intake.p95.toFixed(2), errors: intake.errors }, ratios: { reviewP95ToReference: +(review.p95 / reference.p95).toFixed(2) } }));
} finally {
  await platform.close();
}
