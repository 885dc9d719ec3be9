import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { signIn, testApp, type Session, type TestApp } from '../../test/harness.ts';
import { caseStatus, deliverPending, feeCast, forged } from '../../test/payment-fixtures.ts';

// The finance clerk's log of inbound channel notifications: their center's only, by verdict, in pages.
let t: TestApp;
let cast: Awaited<ReturnType<typeof feeCast>>;
let finance: Session;
let orderNo: string;

type Row = { id: string; orderNo: string | null; verdict: string; signatureOk: boolean; receivedAt: string };
const logOf = async (s: Session, query = '') => (await s.get(`/api/finance/payment-notifications?limit=100${query}`)).json().items as Row[];

before(async () => {
  t = await testApp({ now: new Date('2026-03-02T02:00:00Z'), env: { SESSION_TTL_HOURS: '100000' } });
  cast = await feeCast(t);
  finance = await signIn(t.app, 'finance');
  // A province case paid online; the bank notifies twice (a duplicate), and a forger posts for the same order.
  const { caseId, notice } = await cast.awaitingPayment();
  const started = (await cast.company.post(`/api/payments/notices/${notice.notice_no}/online`)).json();
  orderNo = started.orderNo;
  await t.app.inject({ method: 'POST', url: `/sim-bank/orders/${orderNo}/faults`, payload: { faults: ['duplicate'] } });
  await t.app.inject({ method: 'POST', url: `${started.cashierUrl}/pay`, payload: '', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  await deliverPending(t);
  assert.equal(await caseStatus(t, caseId), 'ready');
  const fake = forged({ type: 'payment', orderNo, bankTxnId: 'SBFORGED9', amountFen: notice.total_fen, status: 'paid', paidAt: t.clock.now().toISOString() });
  const refused = await t.app.inject({ method: 'POST', url: '/api/payments/notify/sim_bank', payload: fake.body, headers: fake.headers });
  assert.equal(refused.statusCode, 400);
});
after(async () => { await t.close(); });

describe('the notification log', () => {
  test('the finance clerk sees their center\'s notifications with their verdicts, filtered by verdict', async () => {
    const mine = (await logOf(finance)).filter((r) => r.orderNo === orderNo);
    assert.deepEqual(mine.map((r) => r.verdict).sort(), ['accepted', 'bad_signature', 'duplicate']);
    assert.equal(mine.find((r) => r.verdict === 'bad_signature')!.signatureOk, false);
    const dups = await logOf(finance, '&verdict=duplicate');
    assert.ok(dups.length >= 1 && dups.every((r) => r.verdict === 'duplicate'));
    assert.ok(dups.some((r) => r.orderNo === orderNo));
    // Newest first.
    const all = await logOf(finance);
    for (let i = 1; i < all.length; i++) assert.ok(all[i - 1]!.receivedAt >= all[i]!.receivedAt);
  });

  test('pages follow the keyset to the end, each row once', async () => {
    const all = await logOf(finance);
    const seen: string[] = [];
    let next: string | null = null;
    do {
      const page: { items: Row[]; next: string | null } = (await finance.get(`/api/finance/payment-notifications?limit=1${next ? `&before=${encodeURIComponent(next)}` : ''}`)).json();
      seen.push(...page.items.map((r: Row) => r.id));
      next = page.next;
    } while (next && seen.length <= all.length);
    assert.deepEqual(seen, all.map((r) => r.id));
  });

  test('another center\'s finance clerk sees none of them; other roles, applicants and the public are refused; bad filters are 400', async () => {
    const hk = await signIn(t.app, 'hk.finance');
    const theirs = await hk.get('/api/finance/payment-notifications?limit=100');
    assert.equal(theirs.statusCode, 200);
    assert.ok(!theirs.json().items.some((r: Row) => r.orderNo === orderNo));
    assert.ok(!theirs.body.includes(orderNo));
    for (const login of ['window1', 'bank1', 'manager', 'supervisor']) {
      const s = await signIn(t.app, login);
      assert.equal((await s.get('/api/finance/payment-notifications')).statusCode, 403, login);
    }
    assert.equal((await cast.company.get('/api/finance/payment-notifications')).statusCode, 403);
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/finance/payment-notifications' })).statusCode, 401);
    for (const q of ['verdict=bogus', 'limit=0', 'limit=101', 'before=nonsense']) {
      assert.equal((await finance.get(`/api/finance/payment-notifications?${q}`)).statusCode, 400, q);
    }
  });
});
