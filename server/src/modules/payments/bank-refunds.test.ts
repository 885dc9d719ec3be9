import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { signIn, testApp, type Session, type TestApp } from '../../test/harness.ts';
import { caseStatus, deliverPending, feeCast } from '../../test/payment-fixtures.ts';
import { refundTarget } from './refund-transitions.ts';
import { executeDueRefunds } from './refunds.jobs.ts';
import { recordPaymentNow } from '../fees/payments.service.ts';

// Refunds at the bank's window: a payment taken at the window is paid back there by the bank clerk.
let t: TestApp;
let cast: Awaited<ReturnType<typeof feeCast>>;
let bank: Session;

before(async () => {
  t = await testApp({ now: new Date('2026-03-02T02:00:00Z'), env: { SESSION_TTL_HOURS: '100000' } });
  cast = await feeCast(t);
  bank = await signIn(t.app, 'bank1');
});
after(async () => { await t.close(); });

/** A case paid at the bank window (or online), then terminated: its refund `requested`. */
async function refundedCase(how: 'window' | 'online') {
  const { caseId, notice } = await cast.awaitingPayment();
  if (how === 'window') {
    const paid = await bank.post(`/api/bank-window/notices/${notice.notice_no}/payments`, { amountFen: notice.total_fen, idempotencyKey: randomUUID() });
    assert.equal(paid.statusCode, 201, paid.body);
  } else {
    const { cashierUrl } = (await cast.company.post(`/api/payments/notices/${notice.notice_no}/online`)).json();
    await t.app.inject({ method: 'POST', url: `${cashierUrl}/pay`, payload: '', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    await deliverPending(t);
  }
  assert.equal(await caseStatus(t, caseId), 'ready');
  await cast.act(cast.window1, caseId, { action: 'terminate', reason: '申请人申请终止办理' });
  const refund = await t.ctx.db.selectFrom('refunds').selectAll().where('case_id', '=', caseId).executeTakeFirstOrThrow();
  assert.equal(refund.status, 'requested');
  return { caseId, notice, refund };
}

const noticeStatus = async (id: string) =>
  (await t.ctx.db.selectFrom('payment_notices').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
const noticeChain = async (id: string) =>
  (await t.ctx.db.selectFrom('audit_events').select('action').where('stream', '=', `payment_notice:${id}`).orderBy('seq').execute()).map((e) => e.action);

/** What a refusal must leave as it was: the refund row, the notice's audit chain, the payer's messages. */
async function footprint(refundId: string, noticeId: string) {
  const db = t.ctx.db;
  const refund = await db.selectFrom('refunds').selectAll().where('id', '=', refundId).executeTakeFirstOrThrow();
  const audit = await db.selectFrom('audit_events').select('id').where('stream', '=', `payment_notice:${noticeId}`).execute();
  const messages = await db.selectFrom('applicant_messages').select('id').where('kind', '=', 'fee.refund_paid').execute();
  return { refund, audit: audit.length, messages: messages.length };
}

describe('refunds at the bank window', () => {
  test('the transition table: pay_at_bank takes a requested refund to succeeded, and nothing else', () => {
    assert.equal(refundTarget('requested', 'pay_at_bank'), 'succeeded');
    for (const from of ['sent', 'succeeded', 'failed'] as const) assert.equal(refundTarget(from, 'pay_at_bank'), null);
  });

  test('the bank clerk lists the window refunds of their center (payer masked) and records one paid out: once, audited, the payer told', async () => {
    const { caseId, notice, refund } = await refundedCase('window');
    const list = await bank.get('/api/bank-window/refunds?limit=100');
    assert.equal(list.statusCode, 200, list.body);
    const row = list.json().items.find((r: { id: string }) => r.id === refund.id);
    assert.ok(row, 'the refund is listed');
    assert.deepEqual([row.noticeNo, row.amountFen, row.caseId, row.status], [notice.notice_no, refund.amount_fen, caseId, 'requested']);
    assert.notEqual(row.payer.name, notice.payer_name);
    assert.match(row.payer.code, /\*{4,}/);
    assert.ok(!list.body.includes(notice.payer_code), 'the payer code never appears whole');
    // Another center's bank clerk does not see it.
    const hk = await signIn(t.app, 'hk.bank1');
    assert.ok(!(await hk.get('/api/bank-window/refunds?limit=100')).json().items.some((r: { id: string }) => r.id === refund.id));

    const paid = await bank.post(`/api/bank-window/refunds/${refund.id}/paid`, { bankReference: 'BOC-20260302-0001' });
    assert.equal(paid.statusCode, 200, paid.body);
    assert.deepEqual([paid.json().status, paid.json().bankReference], ['succeeded', 'BOC-20260302-0001']);
    const row2 = await t.ctx.db.selectFrom('refunds').selectAll().where('id', '=', refund.id).executeTakeFirstOrThrow();
    assert.deepEqual([row2.status, row2.channel_refund_id, row2.completed_at?.toISOString()], ['succeeded', 'BOC-20260302-0001', t.clock.now().toISOString()]);
    const audit = await t.ctx.db.selectFrom('audit_events').select(['action', 'actor_id']).where('stream', '=', `payment_notice:${notice.id}`).where('action', '=', 'refund.paid_at_bank').execute();
    assert.deepEqual(audit, [{ action: 'refund.paid_at_bank', actor_id: bank.user.id }]);
    const told = await t.ctx.db.selectFrom('applicant_messages').select(['user_id', 'case_id', 'dedupe_key']).where('kind', '=', 'fee.refund_paid').where('case_id', '=', caseId).execute();
    assert.deepEqual(told, [{ user_id: notice.payer_id, case_id: caseId, dedupe_key: `fee.refund_paid:${refund.id}` }]);
    // Every payment of the notice paid back: the notice holds no money and is refunded, once, after the payout.
    assert.equal(await noticeStatus(notice.id), 'refunded');
    assert.deepEqual((await noticeChain(notice.id)).slice(-2), ['refund.paid_at_bank', 'payment_notice.refunded']);
    // Paid out: it leaves the list, and a second record is refused and writes nothing.
    assert.ok(!(await bank.get('/api/bank-window/refunds?limit=100')).json().items.some((r: { id: string }) => r.id === refund.id));
    const before = await footprint(refund.id, notice.id);
    const again = await bank.post(`/api/bank-window/refunds/${refund.id}/paid`, { bankReference: 'BOC-20260302-0002' });
    assert.deepEqual([again.statusCode, again.json().code], [409, 'REFUND_NOT_REQUESTED']);
    assert.deepEqual(await footprint(refund.id, notice.id), before);
  });

  test('a refund of an online payment is the channel\'s: refused at the window, nothing written', async () => {
    const { notice, refund } = await refundedCase('online');
    assert.ok(!(await bank.get('/api/bank-window/refunds?limit=100')).json().items.some((r: { id: string }) => r.id === refund.id), 'not in the window list');
    const before = await footprint(refund.id, notice.id);
    const r = await bank.post(`/api/bank-window/refunds/${refund.id}/paid`, { bankReference: 'BOC-X-1' });
    assert.deepEqual([r.statusCode, r.json().code], [409, 'REFUND_NOT_AT_BANK_WINDOW']);
    assert.deepEqual(await footprint(refund.id, notice.id), before);
    // The channel pays it back (the refund job): the payer is told once, even when the bank's notification follows.
    assert.equal(await noticeStatus(notice.id), 'paid', 'refunded only once the money is back');
    assert.equal((await executeDueRefunds(t.ctx)).succeeded, 1);
    await deliverPending(t);
    assert.equal(await noticeStatus(notice.id), 'refunded');
    assert.equal((await noticeChain(notice.id)).filter((a) => a === 'payment_notice.refunded').length, 1, 'the channel\'s notification after the job moves nothing again');
    const told = await t.ctx.db.selectFrom('applicant_messages').select(['user_id', 'dedupe_key']).where('kind', '=', 'fee.refund_paid').where('case_id', '=', refund.case_id).execute();
    assert.deepEqual(told, [{ user_id: notice.payer_id, dedupe_key: `fee.refund_paid:${refund.id}` }]);
  });

  test('a duplicate payment paid back leaves the notice paid: the first payment is still held', async () => {
    const { caseId, notice } = await cast.awaitingPayment();
    const first = await bank.post(`/api/bank-window/notices/${notice.notice_no}/payments`, { amountFen: notice.total_fen, idempotencyKey: randomUUID() });
    assert.equal(first.statusCode, 201, first.body);
    const dup = await recordPaymentNow(t.ctx, { noticeNo: notice.notice_no, channel: 'bank_window', channelTxnId: `DUP-${randomUUID()}`, amountFen: notice.total_fen, paidAt: t.clock.now(), recordedBy: bank.user.id });
    assert.equal(dup.outcome, 'duplicate');
    const paid = await bank.post(`/api/bank-window/refunds/${dup.refundId}/paid`, { bankReference: 'BOC-DUP-0001' });
    assert.equal(paid.statusCode, 200, paid.body);
    assert.equal(await noticeStatus(notice.id), 'paid');
    assert.ok(!(await noticeChain(notice.id)).includes('payment_notice.refunded'));
    assert.equal(await caseStatus(t, caseId), 'ready');
  });

  test('only the bank clerk of the refund\'s center; a bad reference or id is 400, an unknown refund 404; nothing written', async () => {
    const { notice, refund } = await refundedCase('window');
    const url = `/api/bank-window/refunds/${refund.id}/paid`;
    const before = await footprint(refund.id, notice.id);
    for (const [login, status] of [['window1', 403], ['finance', 403], ['manager', 403], ['delivery1', 403], ['hk.bank1', 404]] as const) {
      const s = await signIn(t.app, login);
      assert.equal((await s.post(url, { bankReference: 'REF-1' })).statusCode, status, `${login} pays out`);
      if (status === 403) assert.equal((await s.get('/api/bank-window/refunds')).statusCode, 403, `${login} lists`);
    }
    assert.equal((await cast.company.post(url, { bankReference: 'REF-1' })).statusCode, 403);
    assert.equal((await cast.company.get('/api/bank-window/refunds')).statusCode, 403);
    assert.equal((await t.app.inject({ method: 'POST', url, payload: { bankReference: 'REF-1' } })).statusCode, 401);
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/bank-window/refunds' })).statusCode, 401);
    for (const bankReference of ['', ' ', 'a b', 'x'.repeat(65), '退款', 42]) {
      assert.equal((await bank.post(url, { bankReference })).statusCode, 400, `reference ${JSON.stringify(bankReference)}`);
    }
    assert.equal((await bank.post('/api/bank-window/refunds/not-a-uuid/paid', { bankReference: 'REF-1' })).statusCode, 400);
    assert.equal((await bank.post(`/api/bank-window/refunds/${randomUUID()}/paid`, { bankReference: 'REF-1' })).statusCode, 404);
    assert.equal((await bank.get('/api/bank-window/refunds?after=nonsense')).statusCode, 400);
    assert.deepEqual(await footprint(refund.id, notice.id), before);
  });

  test('the list pages oldest first with its keyset', async () => {
    await refundedCase('window');
    await refundedCase('window');
    const first = (await bank.get('/api/bank-window/refunds?limit=1')).json();
    assert.equal(first.items.length, 1);
    assert.ok(first.next);
    const second = (await bank.get(`/api/bank-window/refunds?limit=1&after=${encodeURIComponent(first.next)}`)).json();
    assert.equal(second.items.length, 1);
    assert.notEqual(second.items[0].id, first.items[0].id);
    assert.ok(second.items[0].requestedAt >= first.items[0].requestedAt);
  });
});
