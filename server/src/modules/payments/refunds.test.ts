import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testApp, type TestApp } from '../../test/harness.ts';
import { requestRefund } from '../fees/payments.service.ts';
import * as feesRepo from '../fees/fees.repository.ts';
import { caseStatus, deliverPending, feeCast } from '../../test/payment-fixtures.ts';
import { executeDueRefunds } from './refunds.jobs.ts';
import * as paymentsRepo from './payments.repository.ts';
import { onlineChannels } from './channels.ts';
import { REFUND_TRANSITIONS, refundTarget } from './refund-transitions.ts';

// Refund execution: a refund `requested` on a terminated paid case is paid back through its channel once.
let t: TestApp;
let cast: Awaited<ReturnType<typeof feeCast>>;

before(async () => {
  t = await testApp({ now: new Date('2026-03-02T02:00:00Z'), env: { SESSION_TTL_HOURS: '100000' } });
  cast = await feeCast(t);
});
after(async () => { await t.close(); });

/** A case paid online, then terminated by the window: its refund record (fees-core's, made here with its function if its listener has not). */
async function terminatedPaidCase(faults: string[] = []) {
  const { caseId, notice } = await cast.awaitingPayment();
  const { orderNo, cashierUrl } = (await cast.company.post(`/api/payments/notices/${notice.notice_no}/online`)).json();
  if (faults.length) await t.app.inject({ method: 'POST', url: `/sim-bank/orders/${orderNo}/faults`, payload: { faults } });
  await t.app.inject({ method: 'POST', url: `${cashierUrl}/pay`, payload: '', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  await deliverPending(t);
  assert.equal(await caseStatus(t, caseId), 'ready');
  await cast.act(cast.window1, caseId, { action: 'terminate', reason: '申请人申请终止办理' });
  let refund = await t.ctx.db.selectFrom('refunds').selectAll().where('case_id', '=', caseId).executeTakeFirst();
  if (!refund) {
    await t.ctx.db.transaction().execute(async (tx) => {
      const payment = (await tx.selectFrom('payments').selectAll().where('notice_id', '=', notice.id).executeTakeFirstOrThrow());
      const n = (await feesRepo.lockNotice(tx, notice.id))!;
      await requestRefund(t.ctx, tx, payment, n, '办件已终止，退还已缴费用');
    });
    refund = await t.ctx.db.selectFrom('refunds').selectAll().where('case_id', '=', caseId).executeTakeFirstOrThrow();
  }
  assert.equal(refund.status, 'requested');
  return { caseId, notice, orderNo, refund };
}

const refundRow = (id: string) => t.ctx.db.selectFrom('refunds').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const bankRefunds = (id: string) => t.ctx.db.selectFrom('sim_bank_refunds').selectAll().where('refund_no', '=', id).execute();

describe('refund execution', () => {
  test('the refund transition table: every row, and nothing else', () => {
    assert.equal(refundTarget('requested', 'send'), 'sent');
    assert.equal(refundTarget('sent', 'send'), 'sent');
    assert.equal(refundTarget('sent', 'succeed'), 'succeeded');
    assert.equal(refundTarget('sent', 'fail'), 'failed');
    for (const from of ['succeeded', 'failed'] as const) for (const action of Object.keys(REFUND_TRANSITIONS) as Array<keyof typeof REFUND_TRANSITIONS>) assert.equal(refundTarget(from, action), null);
    assert.equal(refundTarget('requested', 'succeed'), null);
    assert.equal(refundTarget('requested', 'fail'), null);
  });

  test('after termination, two runners at once: the bank refunds once, the refund succeeds, the bank\'s notification changes nothing', async () => {
    const { refund } = await terminatedPaidCase();
    const [a, b] = await Promise.all([executeDueRefunds(t.ctx), executeDueRefunds(t.ctx)]);
    assert.equal(a.claimed + b.claimed, 1, 'claimed by one runner');
    assert.equal(a.succeeded + b.succeeded, 1);
    const done = await refundRow(refund.id);
    assert.deepEqual([done.status, done.attempts], ['succeeded', 1]);
    const atBank = await bankRefunds(refund.id);
    assert.equal(atBank.length, 1);
    assert.deepEqual([atBank[0]!.amount_fen, atBank[0]!.status, done.channel_refund_id], [refund.amount_fen, 'succeeded', atBank[0]!.bank_refund_id]);
    // The bank's refund notification arrives after our call returned: recorded as a duplicate, nothing moves.
    assert.equal(await deliverPending(t), 1);
    const log = await t.ctx.db.selectFrom('payment_notifications').select(['verdict']).where('kind', '=', 'refund').where('channel_txn_id', '=', atBank[0]!.bank_refund_id).execute();
    assert.deepEqual(log, [{ verdict: 'duplicate' }]);
    assert.deepEqual(await refundRow(refund.id), done);
    // Nothing left to do.
    t.clock.advance(24 * 3600_000);
    assert.equal((await executeDueRefunds(t.ctx)).claimed, 0);
    assert.equal((await bankRefunds(refund.id)).length, 1);
  });

  test('a refund call that times out is retried after its backoff, not before, and is made once', async () => {
    const { refund } = await terminatedPaidCase(['refund_timeout']);
    const first = await executeDueRefunds(t.ctx);
    assert.deepEqual([first.claimed, first.retried], [1, 1]);
    let row = await refundRow(refund.id);
    assert.deepEqual([row.status, row.attempts], ['sent', 1]);
    const exec = await t.ctx.db.selectFrom('refund_executions').selectAll().where('refund_id', '=', refund.id).executeTakeFirstOrThrow();
    assert.ok(exec.next_attempt_at > t.clock.now());
    assert.match(exec.last_error!, /timed out/);
    assert.equal((await executeDueRefunds(t.ctx)).claimed, 0, 'not before its backoff');
    t.clock.advance(3 * 60_000);
    const second = await executeDueRefunds(t.ctx);
    assert.equal(second.succeeded, 1);
    row = await refundRow(refund.id);
    assert.deepEqual([row.status, row.attempts], ['succeeded', 2]);
    assert.equal((await bankRefunds(refund.id)).length, 1);
  });

  test('a refund the bank refuses is recorded failed with the reason', async () => {
    const { refund } = await terminatedPaidCase(['refund_fail']);
    const run = await executeDueRefunds(t.ctx);
    assert.equal(run.failed, 1);
    const row = await refundRow(refund.id);
    assert.equal(row.status, 'failed');
    assert.match(row.failure!, /refused/);
    assert.ok(row.completed_at);
  });
});

describe('refund claims under contention', () => {
  // The race the lease guards against is narrow (a runner's snapshot taken before another commits its
  // claim, its scan reaching the row after): many rounds of three runners give it room to happen.
  test('three runners claiming the same due refund, round after round: exactly one claims it each round', async () => {
    const { refund } = await terminatedPaidCase();
    const channels = [...onlineChannels(t.ctx).keys()];
    const doubled: number[] = [];
    for (let round = 0; round < 300; round++) {
      await t.ctx.db.deleteFrom('refund_executions').where('refund_id', '=', refund.id).execute();
      await t.ctx.db.updateTable('refunds').set({ status: 'requested', attempts: 0 }).where('id', '=', refund.id).execute();
      const now = t.clock.now();
      const lease = new Date(now.getTime() + 60_000);
      const runs = await Promise.all([0, 1, 2].map(() => paymentsRepo.claimDueRefunds(t.ctx.db, channels, now, lease, 5)));
      const claimed = runs.reduce((n, r) => n + r.length, 0);
      if (claimed !== 1) doubled.push(round);
    }
    assert.deepEqual(doubled, [], 'rounds in which more than one runner claimed the refund');
    const row = await refundRow(refund.id);
    assert.deepEqual([row.status, row.attempts], ['sent', 1]);
  });
});
