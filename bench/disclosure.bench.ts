// The public list of licences granted (GET /api/public/disclosure/licences, 双公示) with N cases in the
// database: its first page, a page deep in the list, and a year, beside GET /api/health (a bare SELECT 1
// through the same stack). Anyone may ask for any page, so its cost must not grow with the history.
import { buildApp } from '../server/src/app.ts';
import { seedProvinceCases } from './bulk.ts';
import { benchPlatform, load, options, table } from './lib.ts';

const opt = options({ cases: 1_000_000, requests: 600, concurrency: 8, depth: 2000 },
  'p95 of the public licences-granted list (first page, a page `depth` pages deep, a year) with N cases, against GET /api/health.');

const platform = await benchPlatform('disclosure');
try {
  const { bulk, loadSeconds } = await seedProvinceCases(platform, opt.cases);
  const db = platform.ctx.db;
  // The center with the most approved decisions: the biggest public list.
  const center = await db.selectFrom('cases').select(['center_id', (eb) => eb.fn.countAll<string>().as('n')])
    .where('decision', '=', 'approved').groupBy('center_id').orderBy('n', 'desc').limit(1).executeTakeFirstOrThrow();
  const year = new Date().getUTCFullYear() - 1;

  const app = await buildApp(platform.ctx);
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const list = `${base}/api/public/disclosure/licences?centerId=${center.center_id}&pageSize=20`;
  // A page `depth` pages in: the offset pages' page number, or the cursor reached by walking the keyset pages.
  const first = await (await fetch(list)).json() as { nextCursor?: string | null; items: unknown[] };
  let deep = `${list}&page=${opt.depth + 1}`;
  if ('nextCursor' in first) {
    let cursor = first.nextCursor;
    for (let i = 1; i < opt.depth && cursor; i++) cursor = (await (await fetch(`${list}&cursor=${encodeURIComponent(cursor)}`)).json() as { nextCursor: string | null }).nextCursor;
    deep = `${list}&cursor=${encodeURIComponent(cursor ?? '')}`;
  }
  const deepPage = await (await fetch(deep)).json() as { items: unknown[] };
  await load(100, opt.concurrency, () => list);
  await load(100, opt.concurrency, () => `${base}/api/health`);
  const reference = await load(opt.requests, opt.concurrency, () => `${base}/api/health`);
  const page1 = await load(opt.requests, opt.concurrency, () => list);
  const deepRun = await load(opt.requests, opt.concurrency, () => deep);
  const yearRun = await load(opt.requests, opt.concurrency, () => `${list}&year=${year}`);
  await app.close();

  console.log(`\n\nLicences granted: ${opt.cases.toLocaleString()} cases (loaded in ${loadSeconds.toFixed(0)} s); the biggest center has ${Number(center.n).toLocaleString()} approved decisions; ${opt.requests} requests per row, ${opt.concurrency} concurrent; the deep page is ${opt.depth} pages of 20 in (${deepPage.items.length} rows)\n`);
  const row = (what: string, r: typeof page1) => ({ what, 'req/s': r.perSecond, 'p50 ms': r.p50, 'p95 ms': r.p95, 'p99 ms': r.p99, errors: r.errors, '× health p95': +(r.p95 / reference.p95).toFixed(1) });
  table([row('GET /api/health (SELECT 1)', reference), row('licences, first page', page1), row(`licences, ${opt.depth} pages in`, deepRun), row(`licences, year ${year}`, yearRun)]);
  console.log(JSON.stringify({ bench: 'disclosure', cases: opt.cases, loadSeconds: Math.round(loadSeconds), load: bulk, approved: Number(center.n), reference: { p95ms: +reference.p95.toFixed(2) },
    first: { rps: +page1.perSecond.toFixed(1), p95ms: +page1.p95.toFixed(2) }, deep: { rps: +deepRun.perSecond.toFixed(1), p95ms: +deepRun.p95.toFixed(2) }, year: { rps: +yearRun.perSecond.toFixed(1), p95ms: +yearRun.p95.toFixed(2) } }));
} finally {
  await platform.close();
}
