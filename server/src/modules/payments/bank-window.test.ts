import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { DEMO_ENTERPRISE } from '../../seed/seed.ts';
import { signIn, testApp, type Session, type TestApp } from '../../test/harness.ts';
import { caseStatus, feeCast, moneyFootprint } from '../../test/payment-fixtures.ts';

// The bank's window in the hall: only the bank's clerk of the notice's center records money.
let t: TestApp;
let cast: Awaited<ReturnType<typeof feeCast>>;
let bank: Session;

before(async () => {
  t = await testApp({ now: new Date('2026-03-02T02:00:00Z'), env: { SESSION_TTL_HOURS: '100000' } });
  cast = await feeCast(t);
  bank = await signIn(t.app, 'bank1');
});
after(async () => { await t.close(); });

describe('the bank window', () => {
  test('the bank clerk looks a notice up by its payment code (payer masked) and takes the payment once; the case moves once', async () => {
    const { caseId, notice } = await cast.awaitingPayment();
    const url = `/api/bank-window/notices/${notice.notice_no}`;
    const seen = await bank.get(url);
    assert.equal(seen.statusCode, 200, seen.body);
    const view = seen.json();
    assert.deepEqual([view.noticeNo, view.totalFen, view.payable, view.refusal], [notice.notice_no, notice.total_fen, true, null]);
    assert.ok(view.lines.length >= 1 && view.lines.reduce((s: number, l: { amountFen: number }) => s + l.amountFen, 0) === notice.total_fen);
    assert.notEqual(view.payer.code, DEMO_ENTERPRISE.creditCode);
    assert.match(view.payer.code, /\*{4,}/);
    assert.notEqual(view.payer.name, notice.payer_name);

    // The wrong amount is refused by recordPayment and writes nothing.
    const before = await moneyFootprint(t, notice.id);
    const wrong = await bank.post(`${url}/payments`, { amountFen: notice.total_fen - 1, idempotencyKey: randomUUID() });
    assert.deepEqual([wrong.statusCode, wrong.json().code], [409, 'PAYMENT_AMOUNT_MISMATCH']);
    for (const amountFen of [0, -5, 1.5, 1e12, '100']) {
      const bad = await bank.post(`${url}/payments`, { amountFen, idempotencyKey: randomUUID() });
      assert.equal(bad.statusCode, 400, `${amountFen}: ${bad.body}`);
    }
    assert.deepEqual(await moneyFootprint(t, notice.id), before);

    const key = randomUUID();
    const paid = await bank.post(`${url}/payments`, { amountFen: notice.total_fen, idempotencyKey: key });
    assert.equal(paid.statusCode, 201, paid.body);
    assert.equal(paid.json().repeated, false);
    assert.equal(await caseStatus(t, caseId), 'ready');
    const rows = await t.ctx.db.selectFrom('payments').selectAll().where('notice_id', '=', notice.id).execute();
    assert.deepEqual(rows.map((p) => [p.channel, p.channel_txn_id, p.amount_fen, p.recorded_by]), [['bank_window', `BW-${key}`, notice.total_fen, bank.user.id]]);

    // The same slip again (a double click): the same payment; a new slip for a paid notice: refused.
    const again = await bank.post(`${url}/payments`, { amountFen: notice.total_fen, idempotencyKey: key });
    assert.deepEqual([again.statusCode, again.json().repeated, again.json().paymentId], [201, true, paid.json().paymentId]);
    const second = await bank.post(`${url}/payments`, { amountFen: notice.total_fen, idempotencyKey: randomUUID() });
    assert.deepEqual([second.statusCode, second.json().code], [409, 'PAYMENT_NOTICE_NOT_PAYABLE']);
    assert.equal((await t.ctx.db.selectFrom('payments').select('id').where('notice_id', '=', notice.id).execute()).length, 1);
    const moved = await t.ctx.db.selectFrom('audit_events').select('id').where('stream', '=', `case:${caseId}`).where('action', '=', 'case.payment_received').execute();
    assert.equal(moved.length, 1);
    assert.equal((await bank.get(url)).json().payable, false);
  });

  test('two slips for one notice at once (two bank windows, or a reload that made a new slip): one payment is taken, the other refused; no money taken twice', async () => {
    const { caseId, notice } = await cast.awaitingPayment();
    const url = `/api/bank-window/notices/${notice.notice_no}/payments`;
    const other = await signIn(t.app, 'bank1');
    const answers = await Promise.all([bank, other, bank, other].map((s) => s.post(url, { amountFen: notice.total_fen, idempotencyKey: randomUUID() })));
    const codes = answers.map((a) => a.statusCode).sort();
    assert.deepEqual(codes, [201, 409, 409, 409], answers.map((a) => a.body).join('\n'));
    for (const a of answers.filter((x) => x.statusCode === 409)) assert.equal(a.json().code, 'PAYMENT_NOTICE_NOT_PAYABLE');
    const payments = await t.ctx.db.selectFrom('payments').select('id').where('notice_id', '=', notice.id).execute();
    assert.equal(payments.length, 1, 'the bank clerk took the money once');
    const refunds = await t.ctx.db.selectFrom('refunds').select('id').where('notice_id', '=', notice.id).execute();
    assert.equal(refunds.length, 0, 'no second payment to refund');
    assert.equal(await caseStatus(t, caseId), 'ready');
  });

  test('the window clerk, the finance clerk, the applicant and another center\'s bank clerk are refused; nothing is written', async () => {
    const { caseId, notice } = await cast.awaitingPayment();
    const url = `/api/bank-window/notices/${notice.notice_no}`;
    const body = { amountFen: notice.total_fen, idempotencyKey: randomUUID() };
    const before = await moneyFootprint(t, notice.id);
    const expect: Array<[string, number]> = [['window1', 403], ['delivery1', 403], ['finance', 403], ['manager', 403], ['approver.housing', 403], ['hk.bank1', 404]];
    for (const [login, status] of expect) {
      const s = await signIn(t.app, login);
      assert.equal((await s.get(url)).statusCode, status, `${login} looks up`);
      assert.equal((await s.post(`${url}/payments`, body)).statusCode, status, `${login} collects`);
    }
    assert.equal((await cast.company.get(url)).statusCode, 403);
    assert.equal((await cast.company.post(`${url}/payments`, body)).statusCode, 403);
    assert.equal((await t.app.inject({ method: 'GET', url })).statusCode, 401);
    assert.deepEqual(await moneyFootprint(t, notice.id), before);
    assert.equal(await caseStatus(t, caseId), 'awaiting_payment');
    // The bank clerk holds no role on cases: the case itself is not theirs to read or move.
    assert.equal((await bank.get(`/api/cases/${caseId}`)).statusCode >= 403, true);
    const moveIt = await bank.post(`/api/cases/${caseId}/actions`, { action: 'terminate', reason: '银行柜员无权操作' });
    assert.ok(moveIt.statusCode === 403 || moveIt.statusCode === 404, moveIt.body);
    // An unknown payment code.
    assert.equal((await bank.get('/api/bank-window/notices/NOSUCHCODE1')).statusCode, 404);
  });
});
