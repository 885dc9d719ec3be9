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
    assert.equal((await t.ctx.db.selectFrom('payment_orders').select('status').where('order_no', '=', orderNo).executeTakeFirstOrThrow()).status, 'created');

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

describe('the payer cancels at the cashier', () => {
  const cashier = (cashierUrl: string, button: 'pay' | 'cancel') =>
    t.app.inject({ method: 'POST', url: `${cashierUrl}/${button}`, payload: '', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  const start = async (noticeNo: string) => {
    const res = await cast.company.post(`/api/payments/notices/${noticeNo}/online`);
    assert.equal(res.statusCode, 201, res.body);
    return res.json() as { orderNo: string; cashierUrl: string };
  };
  const orderState = async (orderNo: string) => (await t.ctx.db.selectFrom('payment_orders').select('status').where('order_no', '=', orderNo).executeTakeFirstOrThrow()).status;
  const faults = (orderNo: string, list: string[]) => t.app.inject({ method: 'POST', url: `/sim-bank/orders/${orderNo}/faults`, payload: { faults: list } });
  /** A notification the bank signs (its own key), posted to our notify endpoint. */
  const bankSays = (body: object) => {
    const text = JSON.stringify(body);
    return t.app.inject({ method: 'POST', url: '/api/payments/notify/sim_bank', payload: text, headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signBody(simBankPrivateKey(t.config), text) } });
  };

  test('the bank closes the order and says so (signed); ours is closed and "pay online" opens a NEW order at once, paid once', async () => {
    const { caseId, notice } = await cast.awaitingPayment();
    const first = await start(notice.notice_no);
    const cancel = await cashier(first.cashierUrl, 'cancel');
    assert.equal(cancel.statusCode, 303);
    assert.equal(cancel.headers.location, `/my/cases/${caseId}?payment=${first.orderNo}`);
    assert.equal((await t.ctx.db.selectFrom('sim_bank_orders').select('status').where('merchant_order_no', '=', first.orderNo).executeTakeFirstOrThrow()).status, 'cancelled');
    assert.equal(await deliverPending(t), 1, "the bank's signed 'closed' notification");
    assert.deepEqual(await verdicts(first.orderNo), ['order_closed']);
    assert.equal(await orderState(first.orderNo), 'closed');
    assert.equal((await cast.company.get(`/api/payments/orders/${first.orderNo}`)).json().status, 'closed');

    // No waiting for the 30 minutes: a new order with a new number and cashier, the same clock.
    const second = await start(notice.notice_no);
    assert.notEqual(second.orderNo, first.orderNo);
    assert.notEqual(second.cashierUrl, first.cashierUrl);
    // The same 'closed' notification again (the bank repeats until it hears SUCCESS): nothing moves.
    const sent = await t.ctx.db.selectFrom('sim_bank_notifications').select(['body', 'signature']).where('body', 'like', `%${first.orderNo}%`).executeTakeFirstOrThrow();
    const again = await t.app.inject({ method: 'POST', url: '/api/payments/notify/sim_bank', payload: sent.body, headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: sent.signature } });
    assert.deepEqual([again.statusCode, again.json().message], [200, 'duplicate']);
    assert.equal(await orderState(first.orderNo), 'closed');

    assert.equal((await cashier(second.cashierUrl, 'pay')).statusCode, 303);
    await deliverPending(t);
    assert.equal(await caseStatus(t, caseId), 'ready');
    assert.equal((await paymentsOf(notice.id)).length, 1);
    assert.equal(await caseEvents(caseId, 'case.payment_received'), 1);
    assert.deepEqual([await orderState(first.orderNo), await orderState(second.orderNo)], ['closed', 'paid']);
  });

  test("the 'closed' notification lost: the return read, \"pay online\" or the active query asks the bank and closes the order", async () => {
    const { caseId, notice } = await cast.awaitingPayment();
    // The return read: the case page's first read of the order asks the bank once.
    const a = await start(notice.notice_no);
    await faults(a.orderNo, ['no_notify']);
    await cashier(a.cashierUrl, 'cancel');
    assert.equal(await deliverPending(t), 0, 'nothing sent');
    assert.equal(await orderState(a.orderNo), 'created');
    assert.equal((await cast.company.get(`/api/payments/orders/${a.orderNo}`)).json().status, 'closed');
    assert.equal(await orderState(a.orderNo), 'closed');

    // "Pay online" straight away, without the return read: the open order is asked about, closed, and a new one opened.
    const b = await start(notice.notice_no);
    assert.notEqual(b.orderNo, a.orderNo);
    await faults(b.orderNo, ['no_notify']);
    await cashier(b.cashierUrl, 'cancel');
    const c = await start(notice.notice_no);
    assert.notEqual(c.orderNo, b.orderNo);
    assert.equal(await orderState(b.orderNo), 'closed');

    // Nobody comes back: the active query (due after 2 minutes) closes it, long before its 30 minutes.
    await faults(c.orderNo, ['no_notify']);
    await cashier(c.cashierUrl, 'cancel');
    t.clock.advance(3 * 60_000);
    await queryUnansweredOrders(t.ctx);
    assert.equal(await orderState(c.orderNo), 'closed');
    const d = await start(notice.notice_no);
    assert.ok(![a.orderNo, b.orderNo, c.orderNo].includes(d.orderNo));
    assert.equal((await t.ctx.db.selectFrom('payment_orders').select('id').where('notice_id', '=', notice.id).where('status', '=', 'created').execute()).length, 1, 'one open order');
    assert.equal(await caseStatus(t, caseId), 'awaiting_payment');
    assert.equal((await paymentsOf(notice.id)).length, 0);
  });

  test('a "paid" notification for an order we closed: the money is kept — it pays the notice, or it is a second payment with a refund record', async () => {
    // The notice still payable: the late payment pays it and moves the case.
    {
      const { caseId, notice } = await cast.awaitingPayment();
      const a = await start(notice.notice_no);
      await cashier(a.cashierUrl, 'cancel');
      await deliverPending(t);
      assert.equal(await orderState(a.orderNo), 'closed');
      const bank = await t.ctx.db.selectFrom('sim_bank_orders').select('bank_txn_id').where('merchant_order_no', '=', a.orderNo).executeTakeFirstOrThrow();
      const late = await bankSays({ notifyId: 'late-1', type: 'payment', orderNo: a.orderNo, bankTxnId: bank.bank_txn_id, amountFen: notice.total_fen, status: 'paid', paidAt: t.clock.now().toISOString() });
      assert.deepEqual([late.statusCode, late.json().message], [200, 'accepted']);
      assert.equal(await orderState(a.orderNo), 'paid');
      assert.equal(await caseStatus(t, caseId), 'ready');
      assert.equal((await paymentsOf(notice.id)).length, 1);
    }
    // The payer paid the new order meanwhile: the late payment is kept as a second payment, refunded.
    {
      const { caseId, notice } = await cast.awaitingPayment();
      const a = await start(notice.notice_no);
      await cashier(a.cashierUrl, 'cancel');
      await deliverPending(t);
      const b = await start(notice.notice_no);
      await cashier(b.cashierUrl, 'pay');
      await deliverPending(t);
      assert.equal(await caseStatus(t, caseId), 'ready');
      const bank = await t.ctx.db.selectFrom('sim_bank_orders').select('bank_txn_id').where('merchant_order_no', '=', a.orderNo).executeTakeFirstOrThrow();
      const late = await bankSays({ notifyId: 'late-2', type: 'payment', orderNo: a.orderNo, bankTxnId: bank.bank_txn_id, amountFen: notice.total_fen, status: 'paid', paidAt: t.clock.now().toISOString() });
      assert.deepEqual([late.statusCode, late.json().message], [200, 'paid_twice']);
      const payments = await paymentsOf(notice.id);
      assert.equal(payments.length, 2);
      const kept = payments.find((p) => p.channel_txn_id === bank.bank_txn_id)!;
      const refunds = await t.ctx.db.selectFrom('refunds').select(['payment_id', 'amount_fen', 'status']).where('notice_id', '=', notice.id).execute();
      assert.deepEqual(refunds, [{ payment_id: kept.id, amount_fen: notice.total_fen, status: 'requested' }]);
      assert.equal(await caseEvents(caseId, 'case.payment_received'), 1);
      assert.equal(await orderState(a.orderNo), 'paid');
    }
  });
});
