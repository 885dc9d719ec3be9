// p95 latency of a department's first inbox page (GET /api/workbench/inbox) with N cases (default a
// million; issue 18 asks 10,000,000) in the database, beside GET /api/health (a bare SELECT 1 through the same stack).
import { sql } from 'kysely';
import { buildApp } from '../server/src/app.ts';
import { seedProvinceCases } from './bulk.ts';
import { benchPlatform, load, options, session, table } from './lib.ts';

const opt = options({ cases: 1_000_000, requests: 1000, concurrency: 8 },
  "p95 of a department's first inbox page with N cases in the database, against GET /api/health.");

const platform = await benchPlatform('inbox');
try {
  const { bulk, loadSeconds } = await seedProvinceCases(platform, opt.cases);
  const db = platform.ctx.db;

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
  // The plans of the review inbox's two statements (repository listInbox: the page of ids, and the count).
  const dept = await db.selectFrom('users').select('department_id').where('username', '=', 'approver.housing').executeTakeFirstOrThrow();
  const where = sql`status IN ('accepted', 'in_review') AND department_id = ${dept.department_id} AND kind NOT IN ('joint')`;
  const plan = async (q: ReturnType<typeof sql>) => (await sql<{ 'QUERY PLAN': string }>`EXPLAIN (ANALYZE, BUFFERS) ${q}`.execute(db)).rows.map((r) => r['QUERY PLAN']).join('\n');
  console.log(`\nplan of the page:\n${await plan(sql`SELECT id FROM cases WHERE ${where} ORDER BY green DESC, due_date, id LIMIT 20`)}`);
  console.log(`\nplan of the count:\n${await plan(sql`SELECT count(*) FROM cases WHERE ${where}`)}`);
  // The center's intake page, as listInbox asks it since 通办: received here, or the center's own when no other center is named.
  const center = await db.selectFrom('users').select('center_id').where('username', '=', 'window1').executeTakeFirstOrThrow();
  const atWindow = sql`status IN ('submitted') AND coalesce(received_at_center_id, center_id) = ${center.center_id}`;
  console.log(`\nplan of the intake page:\n${await plan(sql`SELECT id FROM cases WHERE ${atWindow} ORDER BY green DESC, acceptance_due_date, id LIMIT 20`)}`);
  console.log(`\nplan of the intake count:\n${await plan(sql`SELECT count(*) FROM cases WHERE ${atWindow}`)}`);

  console.log(`\n\nInbox benchmark: ${opt.cases.toLocaleString()} cases (loaded in ${loadSeconds.toFixed(0)} s: rows ${bulk.insertSeconds.toFixed(0)} s, ${bulk.indexes} indexes ${bulk.indexSeconds.toFixed(0)} s, vacuum ${bulk.vacuumSeconds.toFixed(0)} s); the housing department's review inbox holds ${count.total.toLocaleString()}; ${opt.requests} requests per row, ${opt.concurrency} concurrent\n`);
  const row = (what: string, r: typeof review) => ({ what, 'req/s': r.perSecond, 'p50 ms': r.p50, 'p95 ms': r.p95, 'p99 ms': r.p99, errors: r.errors });
  table([row('GET /api/health (SELECT 1)', reference), row('inbox: department review, page 1', review), row('inbox: center intake, page 1', intake)]);
  console.log(`\nreview inbox p95 is ${(review.p95 / reference.p95).toFixed(1)}× the bare round trip\n`);
  console.log(JSON.stringify({ bench: 'inbox', cases: opt.cases, loadSeconds: Math.round(loadSeconds), load: bulk, inboxSize: count.total, reference: { p95ms: +reference.p95.toFixed(2) }, review: { rps: +review.perSecond.toFixed(1), p95ms: +review.p95.toFixed(2), errors: review.errors }, intake: { rps: +intake.perSecond.toFixed(1), p95ms: +intake.p95.toFixed(2), errors: intake.errors }, ratios: { reviewP95ToReference: +(review.p95 / reference.p95).toFixed(2) } }));
} finally {
  await platform.close();
}
