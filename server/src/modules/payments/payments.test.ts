import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testApp, type TestApp } from '../../test/harness.ts';
import { queryUnansweredOrders } from './notify.service.ts';
import { caseStatus, deliverPending, feeCast, injectPost, moneyFootprint } from '../../test/payment-fixtures.ts';
import { signBody, simBankPrivateKey } from './sim-bank/keys.ts';
import { deliverNotification, SIGNATURE_HEADER } from './sim-bank/sim-bank.service.ts';

// Online payment through the simulated bank: the case moves once on a verified payment, whatever the bank repeats.
let t: TestApp;
let cast: Awaited<ReturnType<typeof feeCast>>;

before(async () => {
  t = await testApp({ now: new Date('2026-03-02T02:00:00Z'), env: { SESSION_TTL_HOURS: '100000' } });
  cast = await feeCast(t);
});
after(async () => { await t.close(); });

/** The payer starts paying, the bank gets these faults, the payer presses "pay" on the cashier page. */
async function payOnline(noticeNo: string, faults: string[] = []) {
  const started = await cast.company.post(`/api/payments/notices/${noticeNo}/online`);
  assert.equal(started.statusCode, 201, started.body);
  const { orderNo, cashierUrl } = started.json();
  if (faults.length) {
    const set = await t.app.inject({ method: 'POST', url: `/sim-bank/orders/${orderNo}/faults`, payload: { faults } });
    assert.equal(set.statusCode, 200, set.body);
  }
  const paid = await t.app.inject({ method: 'POST', url: `${cashierUrl}/pay`, payload: '', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(paid.statusCode, 303);
  return { orderNo: orderNo as string, returnUrl: paid.headers.location as string };
}

const verdicts = async (orderNo: string) =>
  (await t.ctx.db.selectFrom('payment_notifications').select('verdict').where('order_no', '=', orderNo).orderBy('received_at').orderBy('id').execute()).map((r) => r.verdict);
const paymentsOf = (noticeId: string) => t.ctx.db.selectFrom('payments').selectAll().where('notice_id', '=', noticeId).execute();
const caseEvents = async (caseId: string, action: string) =>
  (await t.ctx.db.selectFrom('audit_events').select('id').where('stream', '=', `case:${caseId}`).where('action', '=', action).execute()).length;

describe('online payment through the simulated bank', () => {
  test('notice → cashier → pay → the same notification twice: one payment, the case moves once to ready', async () => {
    const { caseId, notice } = await cast.awaitingPayment();
    const { orderNo, returnUrl } = await payOnline(notice.notice_no, ['duplicate']);
    assert.equal(returnUrl, `/my/cases/${caseId}?payment=${orderNo}`);
    // The browser's return proves nothing: until the notification, nothing is paid.
    assert.equal(await caseStatus(t, caseId), 'awaiting_payment');
    assert.equal((await cast.company.get(`/api/payments/orders/${orderNo}`)).json().status, 'created');

    assert.equal(await deliverPending(t), 2, 'the bank sent its notification twice');
    assert.equal(await caseStatus(t, caseId), 'ready');
    const payments = await paymentsOf(notice.id);
    assert.equal(payments.length, 1);
    assert.deepEqual([payments[0]!.channel, payments[0]!.amount_fen, payments[0]!.recorded_by, payments[0]!.settled], ['sim_bank', notice.total_fen, null, true]);
    assert.equal(await caseEvents(caseId, 'case.payment_received'), 1);
    assert.deepEqual((await verdicts(orderNo)).sort(), ['accepted', 'duplicate'], 'delivered at the same instant: in either order');
    const order = (await cast.company.get(`/api/payments/orders/${orderNo}`)).json();
    assert.deepEqual([order.status, order.noticeStatus], ['paid', 'paid']);

    // The bank retries a third time (a lost answer): still one payment, one move.
    const sent = await t.ctx.db.selectFrom('sim_bank_notifications').select(['body', 'signature']).where('body', 'like', `%${orderNo}%`).executeTakeFirstOrThrow();
    const again = await t.app.inject({ method: 'POST', url: '/api/payments/notify/sim_bank', payload: sent.body, headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: sent.signature } });
    assert.deepEqual([again.statusCode, again.json().code], [200, 'SUCCESS']);
    assert.equal((await paymentsOf(notice.id)).length, 1);
    assert.equal(await caseEvents(caseId, 'case.payment_received'), 1);
    // And the payer cannot start paying it again.
    const twice = await cast.company.post(`/api/payments/notices/${notice.notice_no}/online`);
    assert.deepEqual([twice.statusCode, twice.json().code], [409, 'PAYMENT_NOTICE_NOT_PAYABLE']);
  });

  test('"pay online" pressed several times at once (a double click, two tabs): one order, the same order number and cashier for every answer', async () => {
    const { caseId, notice } = await cast.awaitingPayment();
    const url = `/api/payments/notices/${notice.notice_no}/online`;
    const answers = await Promise.all(Array.from({ length: 6 }, () => cast.company.post(url)));
    for (const a of answers) assert.equal(a.statusCode, 201, a.body);
    assert.equal(new Set(answers.map((a) => a.json().orderNo)).size, 1, 'one order number');
    assert.equal(new Set(answers.map((a) => a.json().cashierUrl)).size, 1, 'one cashier page');
    const orders = await t.ctx.db.selectFrom('payment_orders').select(['order_no']).where('notice_id', '=', notice.id).execute();
    assert.deepEqual(orders.map((o) => o.order_no), [answers[0]!.json().orderNo], 'one order row');
    assert.equal((await t.ctx.db.selectFrom('sim_bank_orders').select('id').where('merchant_order_no', '=', orders[0]!.order_no).execute()).length, 1);
    // Paid at that cashier: one payment, no duplicate to refund.
    const paid = await t.app.inject({ method: 'POST', url: `${answers[0]!.json().cashierUrl}/pay`, payload: '', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(paid.statusCode, 303);
    await deliverPending(t);
    assert.equal(await caseStatus(t, caseId), 'ready');
    assert.equal((await paymentsOf(notice.id)).length, 1);
    assert.equal((await t.ctx.db.selectFrom('refunds').select('id').where('notice_id', '=', notice.id).execute()).length, 0);
  });

  test('out of order: a refund\'s notification before the payment\'s, an old "pending" after "paid" — both recorded, ignored', async () => {
    const { caseId, notice } = await cast.awaitingPayment();
    const { orderNo } = await payOnline(notice.notice_no, ['out_of_order']);
    const before = await moneyFootprint(t, notice.id);
    // A refund notification the bank signed, for a refund we never asked for, arrives first.
    const refundBody = JSON.stringify({ type: 'refund', refundNo: '00000000-0000-4000-8000-000000000001', bankRefundId: 'SR1', bankTxnId: 'SB1', amountFen: notice.total_fen, status: 'succeeded' });
    const early = await t.app.inject({ method: 'POST', url: '/api/payments/notify/sim_bank', payload: refundBody, headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signBody(simBankPrivateKey(t.config), refundBody) } });
    assert.deepEqual([early.statusCode, early.json().code], [200, 'SUCCESS']);
    assert.deepEqual(await moneyFootprint(t, notice.id), before);

    // The stale "pending" is delivered before "paid" here, then again after it.
    const rows = await t.ctx.db.selectFrom('sim_bank_notifications').select(['id', 'body']).where('body', 'like', `%${orderNo}%`).execute();
    const pending = rows.find((r) => r.body.includes('"status":"pending"'))!;
    const paid = rows.find((r) => r.body.includes('"status":"paid"'))!;
    t.clock.advance(1000);
    await deliverNotification(t.ctx, pending.id, injectPost(t.app));
    assert.equal(await caseStatus(t, caseId), 'awaiting_payment');
    t.clock.advance(1000);
    await deliverNotification(t.ctx, paid.id, injectPost(t.app));
    t.clock.advance(1000);
    assert.equal(await caseStatus(t, caseId), 'ready');
    const stale = await t.app.inject({ method: 'POST', url: '/api/payments/notify/sim_bank', payload: pending.body, headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signBody(simBankPrivateKey(t.config), pending.body) } });
    assert.equal(stale.statusCode, 200);
    assert.equal(await caseStatus(t, caseId), 'ready');
    assert.equal((await paymentsOf(notice.id)).length, 1);
    assert.deepEqual(await verdicts(orderNo), ['stale', 'accepted', 'stale']);
    const refundLog = await t.ctx.db.selectFrom('payment_notifications').select(['verdict', 'kind']).where('kind', '=', 'refund').where('channel_txn_id', '=', 'SR1').execute();
    assert.deepEqual(refundLog, [{ verdict: 'unknown_refund', kind: 'refund' }]);
  });

  test('a wrong amount, signed by the bank, is refused and recorded: no payment, no case change', async () => {
    const { caseId, notice } = await cast.awaitingPayment();
    const { orderNo } = await payOnline(notice.notice_no, ['wrong_amount']);
    const before = await moneyFootprint(t, notice.id);
    await deliverPending(t);
    assert.deepEqual(await moneyFootprint(t, notice.id), before);
    assert.equal(await caseStatus(t, caseId), 'awaiting_payment');
    const log = await t.ctx.db.selectFrom('payment_notifications').selectAll().where('order_no', '=', orderNo).execute();
    assert.deepEqual(log.map((l) => [l.verdict, l.signature_ok, l.amount_fen, l.notice_no]), [['wrong_amount', true, notice.total_fen + 1, notice.notice_no]]);
  });

  test('a notification that never comes: the active query finds the payment (after a query timeout) and moves the case once', async () => {
    const { caseId, notice } = await cast.awaitingPayment();
    const { orderNo } = await payOnline(notice.notice_no, ['no_notify', 'timeout_query']);
    assert.equal(await deliverPending(t), 0);
    // Not due yet: nothing is asked.
    const attempts = async () => (await t.ctx.db.selectFrom('payment_orders').select('query_attempts').where('order_no', '=', orderNo).executeTakeFirstOrThrow()).query_attempts;
    await queryUnansweredOrders(t.ctx);
    assert.equal(await attempts(), 0);
    t.clock.advance(3 * 60_000);
    await queryUnansweredOrders(t.ctx);
    assert.equal(await attempts(), 1);
    assert.equal(await caseStatus(t, caseId), 'awaiting_payment', 'the query timed out');
    const order = await t.ctx.db.selectFrom('payment_orders').selectAll().where('order_no', '=', orderNo).executeTakeFirstOrThrow();
    assert.equal(order.status, 'created');
    assert.ok(order.query_at! > t.clock.now(), 'asked again later');
    // Two instances sweeping at once: the order is asked about by one of them.
    await t.app.inject({ method: 'POST', url: `/sim-bank/orders/${orderNo}/faults`, payload: { faults: ['no_notify'] } });
    t.clock.advance(60 * 60_000);
    await Promise.all([queryUnansweredOrders(t.ctx), queryUnansweredOrders(t.ctx)]);
    const asked = await t.ctx.db.selectFrom('payment_orders').select(['status', 'query_attempts', 'query_at']).where('order_no', '=', orderNo).executeTakeFirstOrThrow();
    assert.deepEqual(asked, { status: 'paid', query_attempts: 2, query_at: null }, 'asked once more, by one of them');
    assert.equal(await caseStatus(t, caseId), 'ready');
    assert.equal((await paymentsOf(notice.id)).length, 1);
    assert.equal(await caseEvents(caseId, 'case.payment_received'), 1);
    assert.deepEqual(await verdicts(orderNo), ['accepted']);
  });
});
