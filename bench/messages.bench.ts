// Messages to applicants (issue 13, "Measured"): SMS delivered per second through the outbound channel.
// N messages are written with messageApplicant (each with its outbound row and its job, in batches of
// one transaction per message), then the job workers are started and timed until every outbound row
// is sent through the simulated SMS gateway (each send: lock the row, the gateway records the SMS in
// its own transaction, mark it sent). Reference from the same run: the same N SMS rows written by a
// plain single-row INSERT each, at the same concurrency.
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { startJobWorker } from '../server/src/lib/jobs.ts';
import { messageApplicant, type ApplicantMessage } from '../server/src/modules/notifications/applicant-messages.ts';
import { smsText } from '../server/src/modules/notifications/outbound.ts';
import { benchPlatform, measure, options, table } from './lib.ts';

const opt = options({ messages: 2000, concurrency: 4, workers: 2 },
  'SMS sent per second through the outbound channel (job workers, simulated gateway), against plain INSERTs of the same rows.');

// Without the platform's own job worker: the bench starts its workers once every message is queued.
const platform = await benchPlatform('messages', { jobs: false });
try {
  const db = platform.ctx.db;
  const users = await db.insertInto('users').values([
    { kind: 'person', name: '测试甲', id_number: '460100199003071236', phone: '13800000000', password_hash: 'x' },
    { kind: 'person', name: '测试乙', id_number: '46010019900307125X', phone: null, password_hash: 'x' },
  ]).returning('id').execute();
  const [withPhone, withoutPhone] = users.map((u) => u.id) as [string, string];
  const message = (userId: string, i: number): ApplicantMessage => ({
    kind: 'case.accepted', userId, centerId: null, title: { zh: '办件已受理', en: 'Application accepted' },
    body: { zh: `「建筑工程施工许可证核发」（受理号 HN2026${String(i).padStart(8, '0')}）已于 2026-11-23 受理。`, en: `Accepted (${i}).` },
    link: '/my/cases', dedupeKey: `bench:${userId}:${i}`, at: new Date(),
  });

  // Writing the messages: with the SMS row and its job, and without (no phone), one transaction each.
  const queued = await measure(opt.messages, opt.concurrency, (i) => db.transaction().execute((tx) => messageApplicant(tx, message(withPhone, i))));
  const inAppOnly = await measure(opt.messages, opt.concurrency, (i) => db.transaction().execute((tx) => messageApplicant(tx, message(withoutPhone, i))));
  const pendingAtStart = Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM outbound_messages WHERE status = 'pending'`.execute(db)).rows[0]!.n);

  // Sending: the workers drain the queue; timed until every row is sent (checked every 20 ms).
  const t0 = performance.now();
  const workers = await Promise.all(Array.from({ length: opt.workers }, () => startJobWorker(platform.database.pool, () => {}, { concurrency: opt.concurrency, pollInterval: 100 })));
  let sent = 0;
  while (sent < pendingAtStart) {
    await new Promise((r) => setTimeout(r, 20));
    sent = Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM outbound_messages WHERE status = 'sent'`.execute(db)).rows[0]!.n);
  }
  const sendSeconds = (performance.now() - t0) / 1000;
  await Promise.all(workers.map((w) => w.stop()));
  sent = Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM outbound_messages WHERE status = 'sent'`.execute(db)).rows[0]!.n);
  const recorded = Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM sim_sms_messages`.execute(db)).rows[0]!.n);

  // Reference: the same SMS rows, one plain INSERT each, same concurrency.
  await sql`CREATE TABLE bench_sms (LIKE sim_sms_messages INCLUDING ALL)`.execute(platform.owner);
  await sql`GRANT ALL ON bench_sms TO CURRENT_USER`.execute(platform.owner);
  const text = smsText(message(withPhone, 1));
  const plain = await measure(opt.messages, opt.concurrency, (i) => sql`INSERT INTO bench_sms (provider_id, client_ref, phone, text, received_at) VALUES (${`P${i}`}, ${`R${i}`}, '13800000000', ${text}, now())`.execute(platform.owner));

  const perSecond = pendingAtStart / sendSeconds;
  console.log(`\n\nMessages benchmark: ${opt.messages.toLocaleString()} messages, ${opt.workers} job worker(s) × concurrency ${opt.concurrency}, simulated SMS gateway\n`);
  table([
    { what: 'messages written with their SMS row and job (messageApplicant)', 'per second': queued.perSecond, 'p50 ms': queued.p50, 'p95 ms': queued.p95 },
    { what: 'messages written, in-app only (no phone)', 'per second': inAppOnly.perSecond, 'p50 ms': inAppOnly.p50, 'p95 ms': inAppOnly.p95 },
    { what: 'SMS sent through the channel (queue drained by the job workers)', 'per second': +perSecond.toFixed(1), 'p50 ms': '', 'p95 ms': '' },
    { what: 'plain INSERT of the same SMS rows (reference)', 'per second': plain.perSecond, 'p50 ms': plain.p50, 'p95 ms': plain.p95 },
  ]);
  console.log(`\n${sent.toLocaleString()} sent, ${recorded.toLocaleString()} recorded by the gateway (${recorded === sent ? 'each once' : 'MISMATCH'}); sending runs at ${(perSecond / plain.perSecond * 100).toFixed(1)} % of the plain INSERT rate\n`);
  console.log(JSON.stringify({
    bench: 'messages', messages: opt.messages, workers: opt.workers, concurrency: opt.concurrency,
    queuedPerSecond: queued.perSecond, inAppPerSecond: inAppOnly.perSecond, sentPerSecond: +perSecond.toFixed(1), sendSeconds: +sendSeconds.toFixed(2),
    plainInsertPerSecond: plain.perSecond, sentVsPlain: +(perSecond / plain.perSecond).toFixed(4), queueOverhead: +(inAppOnly.perSecond / queued.perSecond).toFixed(3), recordedOnce: recorded === sent,
  }));
} finally {
  await platform.close();
}
