// Case events to subscribed systems as CloudEvents 1.0 (docs/open-api.md): a real HTTP receiver in
// this process gets each event exactly once and, per case, in order: across a stop of the delivery
// loop in the middle and a restart with two loops (two instances), and after the receiver answered
// 500 several times. Targets on private addresses are refused unless the platform allows them.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { housingCast, signIn, submitApplication, testApp, type TestApp } from '../../test/harness.ts';
import { deliverDue, startEventDelivery } from './deliveries.ts';
import { checkTarget, isPrivateAddress } from './webhook-target.ts';

interface Received { status: number; body: string; headers: http.IncomingHttpHeaders }

/** A receiver that answers 500 to its first `failFirst` requests, then 200; `onAck` hears each acknowledged event, `gate` can hold the answers. */
function receiver(failFirst: number) {
  const log: Received[] = [];
  let arrivals = 0;
  const arrivalWaiters: Array<{ n: number; resolve: () => void }> = [];
  const waiters: Array<{ n: number; status: number; resolve: () => void }> = [];
  let gate: Promise<void> = Promise.resolve();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      arrivals++;
      for (const w of [...arrivalWaiters]) if (arrivals >= w.n) { arrivalWaiters.splice(arrivalWaiters.indexOf(w), 1); w.resolve(); }
      const status = log.filter((r) => r.status === 500).length < failFirst ? 500 : 200;
      if (status === 200) await gate;
      log.push({ status, body: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
      res.writeHead(status).end();
      for (const w of [...waiters]) {
        if (log.filter((r) => r.status === w.status).length >= w.n) { waiters.splice(waiters.indexOf(w), 1); w.resolve(); }
      }
    });
  });
  return {
    log, server,
    listen: () => new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/events`))),
    /** Resolves once `n` answers of this status were given. */
    reached: (n: number, status: number) => new Promise<void>((resolve) => {
      if (log.filter((r) => r.status === status).length >= n) resolve(); else waiters.push({ n, status, resolve });
    }),
    /** Resolves once `n` requests have arrived (answered or held). */
    arrived: (n: number) => new Promise<void>((resolve) => { if (arrivals >= n) resolve(); else arrivalWaiters.push({ n, resolve }); }),
    hold: () => { let release!: () => void; gate = new Promise((r) => { release = r; }); return () => release(); },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let t: TestApp;
before(async () => {
  t = await testApp({ env: { WEBHOOK_ALLOW_PRIVATE: 'true' } });
});
after(() => t.close());

const pendingCount = async () => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM event_deliveries WHERE status = 'pending'`.execute(t.owner)).rows[0]!.n);

describe('delivery', () => {
  test('each event exactly once and in order per case: 500s first, a stop mid-way, a restart with two loops', async () => {
    const rx = receiver(3);
    const url = await rx.listen();
    try {
      const cast = await housingCast(t.app);
      const manager = await signIn(t.app, 'manager');
      const clientId = (await manager.post('/api/admin/integrations/clients', { name: '市民热线系统' })).json().id;
      const types = (await manager.get('/api/admin/integrations/event-types')).json().eventTypes as string[];
      const sub = await manager.post(`/api/admin/integrations/clients/${clientId}/subscriptions`, { url, eventTypes: types });
      assert.equal(sub.statusCode, 201, sub.body);
      const { id: subscriptionId, secret } = sub.json();

      // Four cases, each submitted, accepted and reviewed: 12 events in the outbox, 3 per case.
      const caseIds: string[] = [];
      for (let i = 0; i < 4; i++) {
        const c = (await submitApplication(t.app, cast.company, cast.permitId)).json().case;
        assert.equal((await cast.window1.post(`/api/cases/${c.id}/actions`, { action: 'accept' })).statusCode, 200);
        const review = await cast.approver.post(`/api/cases/${c.id}/actions`, { action: 'review', opinion: '材料齐全，同意', proposal: 'approve' });
        assert.equal(review.statusCode, 200, review.body);
        caseIds.push(c.id);
      }
      const written = await t.owner.selectFrom('event_deliveries').select(['id', 'case_id', 'event_id', 'event_type']).where('subscription_id', '=', subscriptionId).orderBy('id').execute();
      assert.equal(written.length, 12, written.map((w) => w.event_type).join());

      // First instance: the receiver fails three times; the failed heads wait for their backoff and hold their cases back.
      let stop = startEventDelivery(t.ctx, () => {}, { everyMs: 10, workers: 2 });
      await rx.reached(3, 500);
      // Four streams and two workers: a fourth head may already have been tried and, the receiver's failures
      // used up, delivered. Every head that failed waits for its backoff, and no later event of its case was tried.
      const tried = await t.owner.selectFrom('event_deliveries').select(['id', 'case_id', 'status', 'attempts', 'last_status', 'next_attempt_at']).where('attempts', '>', 0).execute();
      const failed = tried.filter((f) => f.status === 'pending');
      assert.ok(failed.length >= 1, JSON.stringify(tried));
      assert.ok(failed.every((f) => f.last_status === 500 && f.attempts === 1 && f.next_attempt_at > t.clock.now()), JSON.stringify(failed));
      assert.ok(tried.every((f) => f.status === 'pending' || f.last_status === 200), JSON.stringify(tried));
      const heads = new Map(written.map((w) => [w.case_id, w.id] as const).reverse());
      const held = new Set(failed.map((f) => f.case_id));
      assert.ok(failed.every((f) => heads.get(f.case_id) === f.id), `a failed event is its case's first: ${JSON.stringify(failed)}`);
      assert.ok(tried.every((f) => !held.has(f.case_id) || heads.get(f.case_id) === f.id), `a held case's later events wait: ${JSON.stringify(tried)}`);
      // Hold the first acknowledgement, let the backoff pass, and stop the loop while that delivery is in flight.
      const release = rx.hold();
      t.clock.advance(3600_000);
      await rx.arrived(4);
      const stopping = stop();
      release();
      await stopping;
      const delivered = 12 - (await pendingCount());
      assert.ok(delivered >= 1 && delivered < 12, `stopped mid-way: ${delivered} delivered`);
      const before = rx.log.length;
      // Nothing moves while no loop runs.
      assert.equal(await pendingCount(), 12 - delivered);
      assert.equal(rx.log.length, before);

      // Restart: two loops (two instances) share the outbox.
      stop = startEventDelivery(t.ctx, () => {}, { everyMs: 10, workers: 3 });
      const stop2 = startEventDelivery(t.ctx, () => {}, { everyMs: 10, workers: 3 });
      await rx.reached(12, 200);
      await Promise.all([stop(), stop2()]);
      assert.equal(await pendingCount(), 0);

      const acked = rx.log.filter((r) => r.status === 200);
      const events = acked.map((r) => JSON.parse(r.body));
      // Exactly once: every written event acknowledged once, nothing else.
      assert.deepEqual(events.map((e) => e.id).sort(), written.map((w) => w.event_id).sort());
      // In order per case: what each case's events arrived as is the order they were written in.
      for (const caseId of caseIds) {
        assert.deepEqual(events.filter((e) => e.subject === caseId).map((e) => e.id), written.filter((w) => w.case_id === caseId).map((w) => w.event_id), `case ${caseId}`);
        assert.deepEqual(events.filter((e) => e.subject === caseId).map((e) => e.type), ['cn.onewindow.case.submitted', 'cn.onewindow.case.accept', 'cn.onewindow.case.review']);
      }
      // Structured CloudEvents 1.0, signed with the subscription's secret, carrying no personal data.
      for (const r of acked) {
        assert.match(String(r.headers['content-type']), /^application\/cloudevents\+json/);
        assert.equal(r.headers['x-onewindow-signature'], `sha256=${createHmac('sha256', secret).update(r.body).digest('hex')}`);
        const e = JSON.parse(r.body);
        assert.equal(e.specversion, '1.0');
        assert.ok(e.source && e.time && e.type && e.id);
        assert.equal(e.data.caseId, e.subject);
        assert.ok(!r.body.includes(cast.company.user.id) && !/9146\d{14}/.test(r.body), 'no applicant identity in the event');
      }
      const accepted = events.find((e) => e.type === 'cn.onewindow.case.accept');
      assert.deepEqual([accepted.data.from, accepted.data.to], ['submitted', 'accepted']);
      assert.ok(accepted.data.receiptNo);
      // The manager's delivery log shows the attempts.
      const log = (await manager.get(`/api/admin/integrations/subscriptions/${subscriptionId}/deliveries?pageSize=100`)).json();
      assert.equal(log.total, 12);
      assert.ok(log.deliveries.every((d: { status: string; lastStatus: number }) => d.status === 'delivered' && d.lastStatus === 200));
      assert.equal(log.deliveries.reduce((n: number, d: { attempts: number }) => n + d.attempts, 0), 15, '12 deliveries and 3 failed attempts');
    } finally {
      await rx.close();
    }
  });

  test('an event is written only when the step commits: a refused step leaves no outbox row', async () => {
    const cast = await housingCast(t.app);
    const before = await t.owner.selectFrom('event_deliveries').select((e) => e.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const c = (await submitApplication(t.app, cast.company, cast.permitId)).json().case;
    const mid = await t.owner.selectFrom('event_deliveries').select((e) => e.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    assert.ok(Number(mid.n) > Number(before.n), 'the submission was written for the live subscription');
    // The approver cannot accept: refused, so no case.accept event.
    assert.equal((await cast.approver.post(`/api/cases/${c.id}/actions`, { action: 'accept' })).statusCode, 403);
    const after = await t.owner.selectFrom('event_deliveries').select((e) => e.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    assert.equal(after.n, mid.n);
  });
});

describe('webhook targets', () => {
  test('private, loopback, link-local, shared and mapped addresses are private; public ones are not', () => {
    for (const a of ['10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '127.0.0.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', '::7f00:1', '::a00:1', 'fec0::1', 'not-an-ip']) {
      assert.equal(isPrivateAddress(a), true, a);
    }
    for (const a of ['8.8.8.8', '172.32.0.1', '114.114.114.114', '2001:4860:4860::8888', '::ffff:8.8.8.8']) assert.equal(isPrivateAddress(a), false, a);
  });

  test('the URL form: http or https only, no credentials; names that resolve to loopback are refused', async () => {
    for (const bad of ['ftp://example.com/', 'file:///etc/passwd', 'javascript:alert(1)', 'http://user:pw@example.com/', 'not a url', 'http://localhost:8080/x', 'http://[::1]/x', 'http://2130706433/x', 'http://[::127.0.0.1]/x', 'http://[::ffff:7f00:1]/x']) {
      await assert.rejects(checkTarget(bad, false), (e: { code?: string }) => e.code === 'WEBHOOK_URL_INVALID', bad);
    }
    assert.equal((await checkTarget('http://127.0.0.1:9/x', true)).hostname, '127.0.0.1', 'allowed when configured');
  });

  test('with private targets not allowed: the subscription is refused and nothing written; a delivery to one made earlier is refused before anything is sent', async () => {
    const rx = receiver(0);
    const url = await rx.listen();
    const manager = await signIn(t.app, 'manager');
    const clientId = (await manager.post('/api/admin/integrations/clients', { name: '内网系统' })).json().id;
    // Made while allowed.
    const made = await manager.post(`/api/admin/integrations/clients/${clientId}/subscriptions`, { url, eventTypes: ['case.submitted'] });
    assert.equal(made.statusCode, 201);
    t.ctx.config.WEBHOOK_ALLOW_PRIVATE = 'false';
    try {
      const subs = await t.owner.selectFrom('event_subscriptions').select((e) => e.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
      const refused = await manager.post(`/api/admin/integrations/clients/${clientId}/subscriptions`, { url, eventTypes: ['case.submitted'] });
      assert.equal(refused.statusCode, 400);
      assert.equal(refused.json().code, 'WEBHOOK_URL_INVALID');
      assert.equal(refused.json().field, 'url');
      assert.deepEqual(await t.owner.selectFrom('event_subscriptions').select((e) => e.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(), subs);

      const cast = await housingCast(t.app);
      await submitApplication(t.app, cast.company, cast.permitId);
      await deliverDue(t.ctx, 1);
      const row = await t.owner.selectFrom('event_deliveries').select(['status', 'attempts', 'last_error']).where('subscription_id', '=', made.json().id).executeTakeFirstOrThrow();
      assert.equal(row.status, 'pending');
      assert.equal(row.attempts, 1);
      assert.match(String(row.last_error), /private address/);
      assert.equal(rx.log.length, 0, 'nothing reached the private receiver');
    } finally {
      t.ctx.config.WEBHOOK_ALLOW_PRIVATE = 'true';
      await rx.close();
    }
  });
});
