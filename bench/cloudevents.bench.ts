// Open interfaces (issue 17, "Measured"): CloudEvents delivered per second through the outbox.
// N outbox rows (one subscription, spread over C cases, so each case's events go one after another)
// are delivered by the platform's own delivery loop code (deliverDue: claim the head of a stream with
// SKIP LOCKED, POST it signed to a local HTTP receiver, mark it delivered, commit), timed until the
// outbox is empty. Reference from the same run: the same N signed POSTs to the same receiver with no
// database (postEvent alone), at the same concurrency. Also checked: each event received once, and in
// order per case.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { caseCloudEvent, type CloudEvent } from '../server/src/modules/integrations/cloudevents.ts';
import { deliverDue, postEvent } from '../server/src/modules/integrations/deliveries.ts';
import { seedDemo } from '../server/src/seed/seed.ts';
import { benchPlatform, measure, options, table } from './lib.ts';

const opt = options({ events: 3000, cases: 300, workers: 4 },
  'CloudEvents delivered per second through the outbox to a local receiver, against bare signed POSTs to the same receiver.');

process.env.WEBHOOK_ALLOW_PRIVATE = 'true';
const platform = await benchPlatform('cloudevents', { jobs: false });
const received: Array<{ id: string; subject: string }> = [];
const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const e = JSON.parse(Buffer.concat(chunks).toString('utf8')) as CloudEvent;
    if (!e.id.startsWith('ref-')) received.push({ id: e.id, subject: e.subject });
    res.writeHead(204).end();
  });
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`;
try {
  await seedDemo(platform.ctx);
  const db = platform.ctx.db;
  const manager = await db.selectFrom('users').select(['id']).where('username', '=', 'manager').executeTakeFirstOrThrow();
  const applicant = await db.selectFrom('users').select(['id']).where('kind', '=', 'person').limit(1).executeTakeFirstOrThrow();
  const it = await db.selectFrom('items').innerJoin('centers', 'centers.id', 'items.center_id')
    .select(['items.id', 'items.center_id', 'items.department_id', 'centers.region_code']).where('items.hall_status', '=', 'in_hall').limit(1).executeTakeFirstOrThrow();
  const center = { id: it.center_id };
  const item = { item_id: it.id, item_version: 1, department_id: it.department_id, region_code: it.region_code, applicant_id: applicant.id, processing_mode: 'promised' };
  // C cases to spread the events over (copies of one demo case's identity; only their ids matter here).
  await sql`
    INSERT INTO cases (item_id, item_version, center_id, department_id, region_code, applicant_id, applicant_name, channel, idempotency_key,
      status, processing_mode, form, submitted_at, received_date, acceptance_due_date, promised_days, statutory_days, created_at, updated_at)
    SELECT ${item.item_id}, ${item.item_version}, ${center.id}, ${item.department_id}, ${item.region_code}, ${item.applicant_id}, '张三', 'online', 'bench-ce-' || g,
      'submitted', ${item.processing_mode}, '{}', now(), current_date, current_date + 5, 20, 20, now(), now()
    FROM generate_series(1, ${opt.cases}) g`.execute(platform.owner);
  const caseIds = (await db.selectFrom('cases').select('id').where('idempotency_key', 'like', 'bench-ce-%').execute()).map((c) => c.id);
  const client = await db.insertInto('api_clients').values({ center_id: center.id, name: 'bench', created_by: manager.id, created_at: new Date() }).returning('id').executeTakeFirstOrThrow();
  const secret = 'whsec_bench';
  const sub = await db.insertInto('event_subscriptions').values({ client_id: client.id, center_id: center.id, url, event_types: ['case.accept'], secret, created_by: manager.id, created_at: new Date() }).returning('id').executeTakeFirstOrThrow();
  const now = new Date();
  const rows = Array.from({ length: opt.events }, (_, i) => {
    const caseId = caseIds[i % caseIds.length]!;
    const e = caseCloudEvent(`/onewindow/centers/${center.id}`, 'case.accept', now, { caseId, receiptNo: null, submissionNo: null, itemId: item.item_id, centerId: center.id, regionCode: item.region_code, action: 'accept', from: 'submitted', to: 'accepted', dueDate: null });
    return { subscription_id: sub.id, case_id: caseId, event_id: e.id, event_type: 'case.accept', body: JSON.stringify(e), next_attempt_at: now, created_at: now };
  });
  for (let i = 0; i < rows.length; i += 1000) await db.insertInto('event_deliveries').values(rows.slice(i, i + 1000)).execute();
  await sql`VACUUM ANALYZE event_deliveries`.execute(platform.owner);
  const written = await db.selectFrom('event_deliveries').select(['event_id', 'case_id']).orderBy('id').execute();

  const t0 = performance.now();
  const delivered = await deliverDue(platform.ctx, opt.workers);
  const seconds = (performance.now() - t0) / 1000;
  const pending = Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM event_deliveries WHERE status = 'pending'`.execute(db)).rows[0]!.n);

  // Reference: the same signed POSTs, no database.
  const bodies = rows.map((r) => ({ ...(JSON.parse(r.body) as CloudEvent), id: `ref-${r.event_id}` }));
  const bare = await measure(opt.events, opt.workers, (i) => postEvent(url, secret, bodies[i]!, { timeoutMs: 10_000, allowPrivate: true }).then((r) => { if (r.status !== 204) throw new Error(r.error); }));

  const once = received.length === opt.events && new Set(received.map((r) => r.id)).size === opt.events;
  const byCase = new Map<string, string[]>();
  for (const r of received) byCase.set(r.subject, [...(byCase.get(r.subject) ?? []), r.id]);
  const inOrder = [...byCase].every(([c, ids]) => JSON.stringify(ids) === JSON.stringify(written.filter((w) => w.case_id === c).map((w) => w.event_id)));
  const perSecond = delivered / seconds;
  console.log(`\n\nCloudEvents benchmark: ${opt.events.toLocaleString()} events over ${caseIds.length} cases, ${opt.workers} delivery workers, local receiver\n`);
  table([
    { what: 'delivered through the outbox (claim head SKIP LOCKED, signed POST, mark, commit)', 'per second': +perSecond.toFixed(1), 'p50 ms': '', 'p95 ms': '' },
    { what: 'bare signed POSTs to the same receiver, no database (reference)', 'per second': bare.perSecond, 'p50 ms': bare.p50, 'p95 ms': bare.p95 },
  ]);
  console.log(`\n${received.length.toLocaleString()} received, ${pending} left pending; each once: ${once}; in order per case: ${inOrder}; the outbox runs at ${(perSecond / bare.perSecond * 100).toFixed(1)} % of the bare POST rate\n`);
  console.log(JSON.stringify({
    bench: 'cloudevents', events: opt.events, cases: caseIds.length, workers: opt.workers,
    deliveredPerSecond: +perSecond.toFixed(1), deliverSeconds: +seconds.toFixed(2), barePostPerSecond: bare.perSecond, outboxVsBare: +(perSecond / bare.perSecond).toFixed(4),
    receivedOnce: once, inOrderPerCase: inOrder, pending,
  }));
} finally {
  server.close();
  await platform.close();
}
