import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { housingCast, signIn, submittedCase, testApp, type Session, type TestApp } from '../../test/harness.ts';
import { forged, moneyFootprint, noticeOf } from '../../test/payment-fixtures.ts';
import { queryUnansweredOrders } from './notify.service.ts';

// The notify endpoint refuses and records what it cannot trust, and never answers a 500.
let t: TestApp;
let company: Session;
let permitId: string;

before(async () => {
  t = await testApp({ now: new Date('2026-03-02T02:00:00Z'), env: { SESSION_TTL_HOURS: '100000' } });
  ({ company, permitId } = await housingCast(t.app));
});
after(async () => { await t.close(); });

const notify = (body: string, headers: Record<string, string>) => t.app.inject({ method: 'POST', url: '/api/payments/notify/sim_bank', payload: body, headers });
const logOf = (orderNo: string) => t.ctx.db.selectFrom('payment_notifications').selectAll().where('order_no', '=', orderNo).orderBy('received_at').execute();

describe('notifications the bank did not sign', () => {
  test('a forged notification is refused (FAIL), recorded with its verdict, and writes no payment and no case change', async () => {
    const c = await submittedCase(t.app, company, permitId);
    const n = await noticeOf(t, c.id);
    const started = await company.post(`/api/payments/notices/${n.notice_no}/online`);
    assert.equal(started.statusCode, 201, started.body);
    const { orderNo } = started.json();
    const before = await moneyFootprint(t, n.id);

    const fake = forged({ type: 'payment', orderNo, bankTxnId: 'SBFORGED1', amountFen: n.total_fen, status: 'paid', paidAt: t.clock.now().toISOString() });
    const res = await notify(fake.body, fake.headers);
    assert.equal(res.statusCode, 400);
    assert.deepEqual(res.json(), { code: 'FAIL', message: 'signature not valid' });
    const log = await logOf(orderNo);
    assert.equal(log.length, 1);
    assert.deepEqual([log[0]!.verdict, log[0]!.signature_ok, log[0]!.kind, log[0]!.channel_txn_id, log[0]!.amount_fen], ['bad_signature', false, 'unknown', 'SBFORGED1', n.total_fen]);
    assert.equal(log[0]!.body, fake.body);
    assert.deepEqual(await moneyFootprint(t, n.id), before);

    // The right body with no signature, or a signature of another body, is refused the same way.
    const noSig = await notify(fake.body, { 'content-type': 'application/json' });
    assert.equal(noSig.statusCode, 400);
    const other = forged({ hello: 1 });
    const swapped = await notify(fake.body, { ...other.headers });
    assert.equal(swapped.statusCode, 400);
    assert.deepEqual((await logOf(orderNo)).map((l) => l.verdict), ['bad_signature', 'bad_signature', 'bad_signature']);
    assert.deepEqual(await moneyFootprint(t, n.id), before);
  });

  test('hostile bodies never give a 500, and an unknown channel is a 404', async () => {
    const bodies: Array<[string, Record<string, string>]> = [
      ['', {}],
      ['{', { 'content-type': 'application/json' }],
      ['[]', { 'content-type': 'application/json' }],
      ['null', { 'content-type': 'application/json', 'x-simbank-signature': 'AAAA' }],
      ['{"type":"payment","amountFen":1e400}', { 'content-type': 'application/json', 'x-simbank-signature': 'x'.repeat(86) + '==' }],
      ['a=1&b=2', { 'content-type': 'application/x-www-form-urlencoded' }],
      ['<xml>paid</xml>', { 'content-type': 'text/xml' }],
      ['{"orderNo":"\u0000"}', { 'content-type': 'application/json' }],
      ['{"orderNo":' + '['.repeat(5000) + ']'.repeat(5000) + '}', { 'content-type': 'application/json' }],
      ['x'.repeat(70 * 1024), { 'content-type': 'application/json' }],
      [JSON.stringify({ type: 'payment', orderNo: 'x'.repeat(10_000) }), { 'content-type': 'application/json', 'x-simbank-signature': ['a', 'b'] as unknown as string }],
    ];
    for (const [body, headers] of bodies) {
      const res = await notify(body, headers);
      assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${res.statusCode} for ${body.slice(0, 40)}: ${res.body.slice(0, 200)}`);
    }
    const unknown = await t.app.inject({ method: 'POST', url: '/api/payments/notify/no_such_bank', payload: '{}', headers: { 'content-type': 'application/json' } });
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json().code, 'NOT_FOUND');
  });
});

describe('who may start an online payment', () => {
  test('only the payer of the notice; another applicant is told it does not exist, staff are refused; nothing is written', async () => {
    const c = await submittedCase(t.app, company, permitId);
    const n = await noticeOf(t, c.id);
    const orders = () => t.ctx.db.selectFrom('payment_orders').select(['id']).where('notice_id', '=', n.id).execute();
    const person = await signIn(t.app, (await import('../../seed/seed.ts')).DEMO_PERSON.idNumber);
    const url = `/api/payments/notices/${n.notice_no}/online`;
    const other = await person.post(url);
    assert.equal(other.statusCode, 404);
    assert.equal(other.json().code, 'NOT_FOUND');
    for (const login of ['window1', 'bank1', 'finance']) {
      const s = await signIn(t.app, login);
      assert.equal((await s.post(url)).statusCode, 403, login);
    }
    assert.equal((await t.app.inject({ method: 'POST', url })).statusCode, 401);
    assert.equal((await orders()).length, 0);

    // The payer gets the cashier; asking again while the order is open gives the same order.
    const first = await company.post(url);
    assert.equal(first.statusCode, 201, first.body);
    assert.match(first.json().cashierUrl, /^\/sim-bank\/cashier\/[0-9a-f-]{36}$/);
    assert.equal(first.json().amountFen, n.total_fen);
    const again = await company.post(url);
    assert.equal(again.json().orderNo, first.json().orderNo);
    assert.equal((await orders()).length, 1);
    // Its status, for the payer only.
    const status = await company.get(`/api/payments/orders/${first.json().orderNo}`);
    assert.deepEqual([status.statusCode, status.json().status, status.json().caseId], [200, 'created', c.id]);
    assert.equal((await person.get(`/api/payments/orders/${first.json().orderNo}`)).statusCode, 404);
  });

  test('an expired notice cannot be paid: refused with its code, no order written', async () => {
    const c = await submittedCase(t.app, company, permitId);
    const n = await noticeOf(t, c.id, { dueDate: '2026-03-01' });
    const res = await company.post(`/api/payments/notices/${n.notice_no}/online`);
    assert.equal(res.statusCode, 409);
    assert.match(res.json().code, /EXPIRED/);
    assert.ok(res.json().message.zh && res.json().message.en);
    assert.equal((await t.ctx.db.selectFrom('payment_orders').select(['id']).where('notice_id', '=', n.id).execute()).length, 0);
  });
});

describe('the simulated bank\'s cashier', () => {
  test('shows the amount and payee, and "cancel" returns to the case page without paying, closing the order with a signed notification', async () => {
    const c = await submittedCase(t.app, company, permitId);
    const n = await noticeOf(t, c.id, { totalFen: 12345 });
    const { cashierUrl, orderNo } = (await company.post(`/api/payments/notices/${n.notice_no}/online`)).json();
    const page = await t.app.inject({ method: 'GET', url: cashierUrl });
    assert.equal(page.statusCode, 200);
    assert.match(page.headers['content-type'] as string, /text\/html/);
    assert.match(page.body, /¥123\.45/);
    assert.match(page.body, /非税收入/);
    const cancel = await t.app.inject({ method: 'POST', url: `${cashierUrl}/cancel`, payload: '', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(cancel.statusCode, 303);
    assert.equal(cancel.headers.location, `/my/cases/${c.id}?payment=${orderNo}`);
    const sent = await t.ctx.db.selectFrom('sim_bank_notifications').select(['body']).where('body', 'like', `%${orderNo}%`).execute();
    assert.deepEqual(sent.map((r) => (JSON.parse(r.body) as { status: string }).status), ['closed'], 'no money taken: the bank says closed');
    assert.equal((await t.ctx.db.selectFrom('sim_bank_orders').select('paid_at').where('merchant_order_no', '=', orderNo).executeTakeFirstOrThrow()).paid_at, null);
    assert.equal((await t.app.inject({ method: 'GET', url: '/sim-bank/cashier/00000000-0000-4000-8000-000000000000' })).statusCode, 404);
  });

  test('an order lasts until the end of the notice\'s due date at most, and the cashier takes no money for an order past its time: PAYMENT_ORDER_EXPIRED, nothing written', async () => {
    const now = t.clock.now();
    const cashierPay = (cashierUrl: string) => t.app.inject({ method: 'POST', url: `${cashierUrl}/pay`, payload: '', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    const bankSide = async (orderNo: string) => ({
      bank: (await t.ctx.db.selectFrom('sim_bank_orders').select(['status', 'expires_at']).where('merchant_order_no', '=', orderNo).executeTakeFirstOrThrow()),
      notifications: (await t.ctx.db.selectFrom('sim_bank_notifications').select('id').where('body', 'like', `%${orderNo}%`).execute()).length,
    });
    try {
      // Due today; "pay online" at 23:50 China time: the order runs to 23:59:59.999 of the due date, not 30 minutes.
      const c = await submittedCase(t.app, company, permitId);
      const n = await noticeOf(t, c.id, { dueDate: '2026-03-02' });
      t.clock.set(new Date('2026-03-02T15:50:00Z'));
      const started = await company.post(`/api/payments/notices/${n.notice_no}/online`);
      assert.equal(started.statusCode, 201, started.body);
      const { orderNo, cashierUrl, expiresAt } = started.json();
      const lastInstant = new Date('2026-03-02T23:59:59.999+08:00');
      assert.equal(expiresAt, lastInstant.toISOString());
      assert.deepEqual((await t.ctx.db.selectFrom('payment_orders').select('expires_at').where('order_no', '=', orderNo).executeTakeFirstOrThrow()).expires_at, lastInstant);
      assert.deepEqual((await bankSide(orderNo)).bank, { status: 'pending', expires_at: lastInstant }, 'the bank was told the same time');

      // 00:05 the next day: the cashier page offers no "pay", and paying anyway is refused with the code; nothing written.
      t.clock.set(new Date('2026-03-02T16:05:00Z'));
      const before = { money: await moneyFootprint(t, n.id), bank: await bankSide(orderNo) };
      const page = await t.app.inject({ method: 'GET', url: cashierUrl });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /已超时关闭/);
      assert.doesNotMatch(page.body, /\/pay"/);
      const paid = await cashierPay(cashierUrl);
      assert.equal(paid.statusCode, 409, paid.body);
      assert.match(paid.headers['content-type'] as string, /text\/html/);
      assert.match(paid.body, /data-testid="bank-error">PAYMENT_ORDER_EXPIRED</);
      assert.deepEqual({ money: await moneyFootprint(t, n.id), bank: await bankSide(orderNo) }, before);
      // The notice is past its due date: a new order is refused too (no order written).
      const again = await company.post(`/api/payments/notices/${n.notice_no}/online`);
      assert.deepEqual([again.statusCode, again.json().code], [409, 'NOTICE_EXPIRED']);
      assert.equal((await t.ctx.db.selectFrom('payment_orders').select('id').where('notice_id', '=', n.id).execute()).length, 1);
      // The bank answers our active query "closed": our order is closed.
      await queryUnansweredOrders(t.ctx);
      assert.equal((await t.ctx.db.selectFrom('payment_orders').select('status').where('order_no', '=', orderNo).executeTakeFirstOrThrow()).status, 'closed');

      // Far from the due date, an order still runs 30 minutes: paid 31 minutes later at its cashier, refused the same way.
      t.clock.set(now);
      const c2 = await submittedCase(t.app, company, permitId);
      const n2 = await noticeOf(t, c2.id);
      const second = (await company.post(`/api/payments/notices/${n2.notice_no}/online`)).json();
      assert.equal(second.expiresAt, new Date(now.getTime() + 30 * 60_000).toISOString());
      t.clock.advance(31 * 60_000);
      const late = await cashierPay(second.cashierUrl);
      assert.equal(late.statusCode, 409);
      assert.match(late.body, /PAYMENT_ORDER_EXPIRED/);
      assert.equal((await bankSide(second.orderNo)).bank.status, 'pending');
      assert.equal((await bankSide(second.orderNo)).notifications, 0);
    } finally {
      t.clock.set(now);
    }
  });
});
