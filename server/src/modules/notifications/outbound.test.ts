/**
 * The outbound copies (SMS) of applicant messages: sent exactly once through the channel, a sent row
 * never again, timeouts and lost answers retried without a second SMS, a refusal failed for good; and
 * exactly once across two instances draining the same rows (two pools, two job workers, and direct
 * sends racing them).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { openDatabase, type Database } from '../../db/database.ts';
import type { AppContext } from '../../lib/context.ts';
import { startJobWorker } from '../../lib/jobs.ts';
import { DEMO_PERSON } from '../../seed/seed.ts';
import { testApp, type TestApp } from '../../test/harness.ts';
import { messageApplicant } from './applicant-messages.ts';
import { bindOutboundJobs, sendOutbound } from './outbound.ts';
import { setSimSmsFault } from './sim-sms.ts';

let t: TestApp;
let personId: string;
let n = 0;

before(async () => {
  t = await testApp();
  personId = (await t.ctx.db.selectFrom('users').select('id').where('id_number', '=', DEMO_PERSON.idNumber).executeTakeFirstOrThrow()).id;
});
after(() => t.close());

/** A new message to the demo person (who has a phone and no preferences: SMS on); its outbound row id. */
async function newMessage(ctx: AppContext = t.ctx, phone = DEMO_PERSON.phone): Promise<number> {
  await ctx.db.updateTable('users').set({ phone }).where('id', '=', personId).execute();
  const key = `test:${++n}`;
  const m = await ctx.db.transaction().execute((tx) => messageApplicant(tx, {
    kind: 'case.accepted', userId: personId, centerId: null, title: { zh: '已受理', en: 'Accepted' },
    body: { zh: `第 ${n} 条`, en: `number ${n}` }, link: '/my/cases', dedupeKey: key, at: ctx.clock.now(),
  }));
  const row = await ctx.db.selectFrom('outbound_messages').select('id').where('message_id', '=', m.id!).executeTakeFirstOrThrow();
  return Number(row.id);
}

const outbound = (id: number) => t.ctx.db.selectFrom('outbound_messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const smsFor = (id: number) => t.ctx.db.selectFrom('sim_sms_messages').selectAll().where('client_ref', '=', `ow-out-${id}`).execute();

test('an SMS is sent once; a sent row is never sent again', async () => {
  const id = await newMessage();
  assert.deepEqual(await sendOutbound(t.ctx, id), { outcome: 'sent' });
  const row = await outbound(id);
  const sms = await smsFor(id);
  assert.equal(sms.length, 1);
  assert.deepEqual([row.status, row.provider_id, row.attempts, sms[0]!.phone], ['sent', sms[0]!.provider_id, 1, DEMO_PERSON.phone]);
  assert.equal(sms[0]!.text, '【一窗通办】已受理：' + `第 ${n} 条`);
  assert.deepEqual(await sendOutbound(t.ctx, id), { outcome: 'skipped' });
  assert.equal((await smsFor(id)).length, 1);
  assert.deepEqual(await outbound(id), row);
});

test('a timeout leaves the row pending with its error for the retry, which sends it', async () => {
  const phone = '13700000001';
  const id = await newMessage(t.ctx, phone);
  await setSimSmsFault(t.ctx, phone, 'timeout', 1);
  const first = await sendOutbound(t.ctx, id);
  assert.equal(first.outcome, 'retry');
  let row = await outbound(id);
  assert.deepEqual([row.status, row.attempts, (await smsFor(id)).length], ['pending', 1, 0]);
  assert.match(row.last_error ?? '', /ChannelUnavailable: .*timed out/);
  assert.deepEqual(await sendOutbound(t.ctx, id), { outcome: 'sent' });
  row = await outbound(id);
  assert.deepEqual([row.status, row.attempts, row.last_error, (await smsFor(id)).length], ['sent', 2, null, 1]);
});

test('a lost answer is retried and the gateway answers the same SMS: the phone gets one', async () => {
  const phone = '13700000002';
  const id = await newMessage(t.ctx, phone);
  await setSimSmsFault(t.ctx, phone, 'lost_answer', 1);
  assert.equal((await sendOutbound(t.ctx, id)).outcome, 'retry');
  const sent = await smsFor(id);
  assert.equal(sent.length, 1, 'the gateway did send it');
  assert.equal((await outbound(id)).status, 'pending');
  assert.deepEqual(await sendOutbound(t.ctx, id), { outcome: 'sent' });
  assert.deepEqual((await smsFor(id)).map((s) => s.provider_id), [sent[0]!.provider_id]);
  assert.equal((await outbound(id)).provider_id, sent[0]!.provider_id);
});

test('a refusal for good, and a failure on the last attempt, mark the row failed and it is never sent', async () => {
  const refusedPhone = '13700000003';
  const refused = await newMessage(t.ctx, refusedPhone);
  await setSimSmsFault(t.ctx, refusedPhone, 'fail');
  assert.deepEqual(await sendOutbound(t.ctx, refused), { outcome: 'failed' });
  await setSimSmsFault(t.ctx, refusedPhone, null);
  assert.deepEqual(await sendOutbound(t.ctx, refused), { outcome: 'skipped' });
  assert.deepEqual([(await outbound(refused)).status, (await smsFor(refused)).length], ['failed', 0]);

  const phone = '13700000004';
  const last = await newMessage(t.ctx, phone);
  await setSimSmsFault(t.ctx, phone, 'timeout');
  assert.deepEqual(await sendOutbound(t.ctx, last, { lastAttempt: true }), { outcome: 'failed' });
  assert.deepEqual([(await outbound(last)).status, (await outbound(last)).attempts, (await smsFor(last)).length], ['failed', 1, 0]);
  await setSimSmsFault(t.ctx, phone, null);
});

test('no phone or SMS turned off: no outbound row and no job', async () => {
  await t.ctx.db.updateTable('users').set({ phone: null }).where('id', '=', personId).execute();
  const m = await t.ctx.db.transaction().execute((tx) => messageApplicant(tx, {
    kind: 'fee.due', userId: personId, centerId: null, title: { zh: '缴费', en: 'Fee' }, body: { zh: '请缴费', en: 'Please pay' }, dedupeKey: 'test:no-phone', at: t.clock.now(),
  }));
  assert.equal((await t.ctx.db.selectFrom('outbound_messages').select('id').where('message_id', '=', m.id!).execute()).length, 0);
  await t.ctx.db.updateTable('users').set({ phone: DEMO_PERSON.phone }).where('id', '=', personId).execute();
  await t.ctx.db.insertInto('message_preferences').values({ user_id: personId, kind: 'fee.due', sms: false, updated_at: t.clock.now() }).execute();
  const off = await t.ctx.db.transaction().execute((tx) => messageApplicant(tx, {
    kind: 'fee.due', userId: personId, centerId: null, title: { zh: '缴费', en: 'Fee' }, body: { zh: '请缴费', en: 'Please pay' }, dedupeKey: 'test:sms-off', at: t.clock.now(),
  }));
  assert.equal((await t.ctx.db.selectFrom('outbound_messages').select('id').where('message_id', '=', off.id!).execute()).length, 0);
  await t.ctx.db.deleteFrom('message_preferences').where('user_id', '=', personId).execute();
});

test('exactly once across two instances: two job workers and direct sends from two platforms drain the same rows, each SMS recorded once', async () => {
  // Instance A and instance B: each its own pool (and context) on the one database, each its own job worker.
  const a: Database = openDatabase(t.config.DATABASE_URL!, 20);
  const b: Database = openDatabase(t.config.DATABASE_URL!, 20);
  const ctxA: AppContext = { ...t.ctx, db: a.db };
  const ctxB: AppContext = { ...t.ctx, db: b.db };
  try {
    const ids: number[] = [];
    for (let i = 0; i < 40; i++) ids.push(await newMessage(i % 2 ? ctxA : ctxB));
    // Jobs of earlier tests are left waiting in the queue: only ours count (the others are sent or failed rows, skipped).
    bindOutboundJobs(ctxA);
    const workers = await Promise.all([startJobWorker(a.pool, () => {}, { concurrency: 3, pollInterval: 200 }), startJobWorker(b.pool, () => {}, { concurrency: 3, pollInterval: 200 })]);
    try {
      // Both platforms also send every row themselves, racing the workers and each other.
      const direct = await Promise.all([ctxA, ctxB].map(async (ctx) => {
        const outcomes: string[] = [];
        for (const id of ids) outcomes.push((await sendOutbound(ctx, id)).outcome);
        return outcomes;
      }));
      assert.ok(direct.flat().every((o) => o === 'sent' || o === 'skipped'), direct.flat().join(','));
      // What the direct sends skipped because a worker held it is finished by that worker: wait until every row is sent.
      for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
        const pending = await t.ctx.db.selectFrom('outbound_messages').select('id').where('id', 'in', ids).where('status', '!=', 'sent').execute();
        if (pending.length === 0) break;
        await new Promise<void>((resolve) => { workers[0]!.events.once('job:complete', () => resolve()); workers[1]!.events.once('job:complete', () => resolve()); setTimeout(resolve, 200); });
      }
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
    }
    const rows = await t.ctx.db.selectFrom('outbound_messages').select(['id', 'status', 'provider_id']).where('id', 'in', ids).execute();
    assert.deepEqual(rows.map((r) => r.status), ids.map(() => 'sent'));
    const sms = await sql<{ client_ref: string; n: number }>`SELECT client_ref, count(*)::int AS n FROM sim_sms_messages WHERE client_ref = ANY(${ids.map((id) => `ow-out-${id}`)}) GROUP BY client_ref`.execute(t.ctx.db);
    assert.equal(sms.rows.length, ids.length, 'every message reached the phone');
    assert.ok(sms.rows.every((r) => r.n === 1), 'and each exactly once');
    const jobsLeft = await sql<{ n: number }>`SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE key = ANY(${ids.map((id) => `outbound:${id}`)})`.execute(t.owner);
    assert.equal(jobsLeft.rows[0]!.n, 0, 'every job done');
  } finally {
    await a.close();
    await b.close();
  }
});
