import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { signIn, testApp, type Session, type TestApp } from '../../test/harness.ts';
import { deliverPending, feeCast } from '../../test/payment-fixtures.ts';
import { paymentOf, uploadStatement, type NoticeFixture } from '../../test/reconciliation-fixtures.ts';
import { recordPaymentNow, refundHeldMoney, requestRefund } from '../fees/payments.service.ts';
import * as feesRepo from '../fees/fees.repository.ts';
import { executeDueRefunds } from '../payments/refunds.jobs.ts';
import { simulatedStatement } from './statement.generator.ts';

/**
 * The reconciliation's `refund` resolution gives the money back: a refund record `requested` written
 * through fees in the resolution's transaction, then paid by the refund job at the simulated bank.
 */
const NOW = new Date('2026-03-02T02:00:00Z'); // 10:00 in China
const DAY = '2026-03-02';

let t: TestApp;
let cast: Awaited<ReturnType<typeof feeCast>>;
let finance: Session;
let hkFinance: Session;

before(async () => {
  t = await testApp({ now: NOW, env: { SESSION_TTL_HOURS: '100000' } });
  cast = await feeCast(t);
  finance = await signIn(t.app, 'finance');
  hkFinance = await signIn(t.app, 'hk.finance');
});
after(() => t.close());

/** A case paid online at the simulated bank's cashier (its notification delivered): the payment. */
async function paidOnline() {
  const { caseId, notice } = await cast.awaitingPayment();
  const { cashierUrl } = (await cast.company.post(`/api/payments/notices/${notice.notice_no}/online`)).json();
  await t.app.inject({ method: 'POST', url: `${cashierUrl}/pay`, payload: '', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  await deliverPending(t);
  const payment = await t.ctx.db.selectFrom('payments').selectAll().where('notice_id', '=', notice.id).executeTakeFirstOrThrow();
  return { caseId, notice, payment };
}

/** What a refused resolution must leave untouched. */
async function footprint() {
  const { rows } = await sql<Record<string, number>>`SELECT
    (SELECT count(*)::int FROM refunds) AS refunds, (SELECT count(*)::int FROM audit_events) AS audit,
    (SELECT count(*)::int FROM reconciliation_anomalies WHERE status = 'open') AS open,
    (SELECT coalesce(sum(row_version), 0)::int FROM reconciliation_anomalies) AS versions`.execute(t.ctx.db);
  return rows[0]!;
}

type Anomaly = { id: string; dayId: string; kind: string; channelTxnId: string; status: string; expectedFen: number | null; actualFen: number | null; refundId: string | null };
const resolve = (who: Session, id: string, outcome: string) => who.post(`/api/finance/reconciliation/anomalies/${id}/resolve`, { outcome, reason: '银行多收款项，原路退还' });

describe('the refund resolution', () => {
  let more: Awaited<ReturnType<typeof paidOnline>>;
  let less: Awaited<ReturnType<typeof paidOnline>>;
  let anomalies: Anomaly[];
  let unpaid: NoticeFixture;
  let dup: { first: string; second: string; notice: NoticeFixture };

  before(async () => {
    more = await paidOnline();
    less = await paidOnline();
    // A notice of ours with a line of another amount and no payment recorded (the bank's notification was refused).
    const waiting = await cast.awaitingPayment();
    unpaid = { id: waiting.notice.id, noticeNo: waiting.notice.notice_no, caseId: waiting.caseId, totalFen: waiting.notice.total_fen,
      centerId: waiting.notice.center_id, departmentId: waiting.notice.department_id, accountId: waiting.notice.fiscal_account_id };
    // A notice paid twice on the channel (written as the channel's payments; fees made no refund record for them).
    const twice = await cast.awaitingPayment();
    const notice = { ...unpaid, id: twice.notice.id, noticeNo: twice.notice.notice_no, caseId: twice.caseId };
    const first = await paymentOf(t.ctx.db, notice, { paidAt: new Date(NOW.getTime() - 3600_000) });
    const second = await paymentOf(t.ctx.db, notice, { paidAt: new Date(NOW.getTime() - 1800_000) });
    dup = { first: first.id, second: second.id, notice };

    const bytes = await simulatedStatement(t.ctx.db, { centerId: more.notice.center_id, channel: 'sim_bank', day: DAY }, {
      alter: { [more.payment.channel_txn_id]: more.payment.amount_fen + 500, [less.payment.channel_txn_id]: less.payment.amount_fen - 1 },
      extra: [{ channelTxnId: 'SBREFUSED0001', noticeNo: unpaid.noticeNo, amountFen: unpaid.totalFen + 1, paidAt: NOW }],
    });
    const imp = await uploadStatement(t.app, finance, { channel: 'sim_bank', day: DAY }, bytes);
    assert.equal(imp.statusCode, 201, imp.body);
    const run = await finance.post(`/api/finance/reconciliation/days/${imp.json().day.id}/run`);
    assert.equal(run.statusCode, 200, run.body);
    assert.deepEqual([run.json().anomalies.amount_mismatch, run.json().anomalies.duplicate_payment], [3, 1]);
    anomalies = (await finance.get(`/api/finance/reconciliation/anomalies?dayId=${imp.json().day.id}&limit=100`)).json().items;
  });
  const anomalyOf = (txn: string) => anomalies.find((a) => a.channelTxnId === txn)!;

  test('the bank took more than the notice: the excess becomes a refund in the resolution\'s transaction, once (two clerks at once), paid back at the bank by the sweep', async () => {
    const a = anomalyOf(more.payment.channel_txn_id);
    assert.deepEqual([a.kind, a.expectedFen, a.actualFen], ['amount_mismatch', more.payment.amount_fen, more.payment.amount_fen + 500]);
    // Another center's finance clerk: refused, nothing written.
    const before = await footprint();
    const other = await resolve(hkFinance, a.id, 'refund');
    assert.equal(other.statusCode, 403, other.body);
    assert.deepEqual(await footprint(), before);

    // Two finance clerks at once: one refund; the second is refused with the anomaly's state code.
    const [x, y] = await Promise.all([resolve(finance, a.id, 'refund'), resolve(finance, a.id, 'refund')]);
    const codes = [x, y].map((r) => (r.statusCode === 200 ? 200 : r.json().code)).sort();
    assert.deepEqual(codes, [200, 'ANOMALY_NOT_OPEN']);
    const resolved = (x.statusCode === 200 ? x : y).json();
    const refunds = await t.ctx.db.selectFrom('refunds').selectAll().where('payment_id', '=', more.payment.id).execute();
    assert.equal(refunds.length, 1);
    const refund = refunds[0]!;
    assert.deepEqual([refund.kind, refund.amount_fen, refund.status, refund.requested_by, resolved.refundId], ['excess', 500, 'requested', finance.user.id, refund.id]);
    assert.deepEqual(resolved.refund, { id: refund.id, kind: 'excess', status: 'requested', amountFen: 500 }, 'the answer shows the refund it wrote');
    const audit = await t.ctx.db.selectFrom('audit_events').select(['action', 'data']).where('stream', 'in', [`payment_notice:${more.notice.id}`])
      .where('action', '=', 'refund.requested').execute();
    assert.deepEqual(audit.map((e) => (e.data as { refundId: string }).refundId), [refund.id]);
    const resolveEvent = await t.ctx.db.selectFrom('audit_events').select('data').where('action', '=', 'reconciliation.resolve')
      .where(sql<boolean>`data->>'anomalyId' = ${a.id}`).execute();
    assert.deepEqual(resolveEvent.map((e) => (e.data as { refundId: string }).refundId), [refund.id]);

    // The refund job pays it back through the bank, once.
    const run = await executeDueRefunds(t.ctx);
    assert.equal(run.succeeded, 1);
    const atBank = await t.ctx.db.selectFrom('sim_bank_refunds').selectAll().where('refund_no', '=', refund.id).execute();
    assert.deepEqual(atBank.map((r) => [r.amount_fen, r.status]), [[500, 'succeeded']]);
    const done = await t.ctx.db.selectFrom('refunds').select(['status', 'channel_refund_id']).where('id', '=', refund.id).executeTakeFirstOrThrow();
    assert.deepEqual(done, { status: 'succeeded', channel_refund_id: atBank[0]!.bank_refund_id });
    // The anomaly and the finance refunds list show it as it stands, with its kind.
    const listed = (await finance.get(`/api/finance/reconciliation/anomalies?dayId=${a.dayId}&limit=100`)).json().items.find((x: Anomaly) => x.id === a.id);
    assert.deepEqual(listed.refund, { id: refund.id, kind: 'excess', status: 'succeeded', amountFen: 500 });
    const finList = (await finance.get('/api/finance/refunds?pageSize=100')).json().rows.find((r: { id: string }) => r.id === refund.id);
    assert.deepEqual([finList.kind, finList.status, finList.amountFen], ['excess', 'succeeded', 500]);
    // The notice keeps its payment: giving back the excess does not refund it.
    assert.equal((await t.ctx.db.selectFrom('payment_notices').select('status').where('id', '=', more.notice.id).executeTakeFirstOrThrow()).status, 'paid');
    assert.equal(await deliverPending(t), 1);
    assert.equal((await executeDueRefunds(t.ctx)).claimed, 0);
  });

  test('nothing to refund — the bank took less, or no payment was recorded: ANOMALY_NOTHING_TO_REFUND, nothing written', async () => {
    for (const txn of [less.payment.channel_txn_id, 'SBREFUSED0001']) {
      const a = anomalyOf(txn);
      assert.equal(a.kind, 'amount_mismatch');
      const before = await footprint();
      const res = await resolve(finance, a.id, 'refund');
      assert.deepEqual([res.statusCode, res.json().code], [409, 'ANOMALY_NOTHING_TO_REFUND'], txn);
      assert.ok(res.json().message.zh && res.json().message.en);
      assert.deepEqual(await footprint(), before);
      // Resolved another way instead.
      assert.equal((await resolve(finance, a.id, 'refer_to_channel')).statusCode, 200);
    }
  });

  test('a notice paid twice: "refund" writes the refund of the later payment, or names the one fees already made — never a second', async () => {
    const a = anomalies.find((x) => x.kind === 'duplicate_payment')!;
    const second = await t.ctx.db.selectFrom('payments').select('channel_txn_id').where('id', '=', dup.second).executeTakeFirstOrThrow();
    assert.equal(a.channelTxnId, second.channel_txn_id, 'the later payment is the duplicate');
    // fees already requested its refund (a duplicate payment's refund record): the resolution names it.
    const feesRefund = await t.ctx.db.transaction().execute(async (tx) => {
      const payment = (await feesRepo.paymentById(tx, dup.second))!;
      return requestRefund(t.ctx, tx, payment, (await feesRepo.lockNotice(tx, dup.notice.id))!, '重复缴款，退还多缴款项');
    });
    const res = await resolve(finance, a.id, 'refund');
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().refundId, feesRefund);
    assert.equal((await t.ctx.db.selectFrom('refunds').select('id').where('notice_id', '=', dup.notice.id).execute()).length, 1, 'no second refund');
  });
});

describe('a notice paid twice: the duplicate is the payment fees refunds', () => {
  const DAY2 = '2026-03-01';
  const at = (hhmm: string) => new Date(`${DAY2}T${hhmm}:00+08:00`);
  let dayId: string;
  let crossed: { noticeId: string; kept: string; refunded: { id: string; txn: string }; feesRefund: string };
  let held: { noticeId: string; kept: string; other: { id: string; txn: string }; keptRefund: string };

  before(async () => {
    // Recorded in the opposite order of their paid times: the first recorded (paid later) paid the
    // notice, the second (paid earlier) is fees' duplicate with its refund record.
    const one = (await cast.awaitingPayment()).notice;
    const first = await recordPaymentNow(t.ctx, { noticeNo: one.notice_no, channel: 'sim_bank', channelTxnId: 'SBCROSSLATE01', amountFen: one.total_fen, paidAt: at('10:00'), recordedBy: null });
    const second = await recordPaymentNow(t.ctx, { noticeNo: one.notice_no, channel: 'sim_bank', channelTxnId: 'SBCROSSEARLY1', amountFen: one.total_fen, paidAt: at('09:00'), recordedBy: null });
    assert.deepEqual([first.outcome, second.outcome], ['settled', 'duplicate']);
    crossed = { noticeId: one.id, kept: first.payment.id, refunded: { id: second.payment.id, txn: 'SBCROSSEARLY1' }, feesRefund: second.refundId! };

    // A notice paid once through fees, a second payment written by another path (no refund record),
    // and the kept payment being refunded already (its case ended): the second is still a duplicate.
    const two = (await cast.awaitingPayment()).notice;
    const paid = await recordPaymentNow(t.ctx, { noticeNo: two.notice_no, channel: 'sim_bank', channelTxnId: 'SBHELDKEPT001', amountFen: two.total_fen, paidAt: at('11:00'), recordedBy: null });
    const fixture = { id: two.id, noticeNo: two.notice_no, caseId: '', totalFen: two.total_fen, centerId: two.center_id, departmentId: two.department_id, accountId: two.fiscal_account_id };
    const other = await paymentOf(t.ctx.db, fixture, { txn: 'SBHELDOTHER01', paidAt: at('12:00') });
    const keptRefund = await t.ctx.db.transaction().execute(async (tx) =>
      requestRefund(t.ctx, tx, paid.payment, (await feesRepo.lockNotice(tx, two.id))!, '办件已终止，退还已缴费用'));
    held = { noticeId: two.id, kept: paid.payment.id, other, keptRefund: keptRefund! };

    const bytes = await simulatedStatement(t.ctx.db, { centerId: one.center_id, channel: 'sim_bank', day: DAY2 });
    const imp = await uploadStatement(t.app, finance, { channel: 'sim_bank', day: DAY2 }, bytes);
    assert.equal(imp.statusCode, 201, imp.body);
    dayId = imp.json().day.id;
    const run = await finance.post(`/api/finance/reconciliation/days/${dayId}/run`);
    assert.equal(run.statusCode, 200, run.body);
    assert.equal(run.json().anomalies.duplicate_payment, 2);
  });
  const duplicates = async () => ((await finance.get(`/api/finance/reconciliation/anomalies?dayId=${dayId}&limit=100`)).json().items as Anomaly[])
    .filter((a) => a.kind === 'duplicate_payment');

  test('recorded in the opposite order of their paid times: the match marks the payment recorded second, and "refund" names fees\' refund of it', async () => {
    const a = (await duplicates()).find((x) => x.channelTxnId.startsWith('SBCROSS'))!;
    assert.equal(a.channelTxnId, crossed.refunded.txn, 'the payment fees refunds, not the one paid later');
    const notice = await t.ctx.db.selectFrom('payment_notices').select(['status', 'paid_payment_id']).where('id', '=', crossed.noticeId).executeTakeFirstOrThrow();
    assert.deepEqual(notice, { status: 'paid', paid_payment_id: crossed.kept });
    const res = await resolve(finance, a.id, 'refund');
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().refundId, crossed.feesRefund);
    const refunds = await t.ctx.db.selectFrom('refunds').select(['id', 'payment_id']).where('notice_id', '=', crossed.noticeId).execute();
    assert.deepEqual(refunds, [{ id: crossed.feesRefund, payment_id: crossed.refunded.id }], 'no second refund, none of the kept payment');
  });

  test('the payment that paid the notice is being refunded (its case ended) and another was written beside it: "refund" gives the other back too — the notice keeps no other', async () => {
    const a = (await duplicates()).find((x) => x.channelTxnId === held.other.txn)!;
    assert.ok(a, 'the payment the notice did not keep is the duplicate');
    const res = await resolve(finance, a.id, 'refund');
    assert.equal(res.statusCode, 200, res.body);
    const refunds = await t.ctx.db.selectFrom('refunds').select(['id', 'payment_id', 'kind', 'status']).where('notice_id', '=', held.noticeId).orderBy('requested_at').orderBy('id').execute();
    assert.equal(refunds.length, 2);
    assert.deepEqual(refunds.find((r) => r.id === res.json().refundId), { id: res.json().refundId, payment_id: held.other.id, kind: 'payment', status: 'requested' });
    assert.ok(refunds.some((r) => r.id === held.keptRefund && r.payment_id === held.kept), 'the kept payment\'s own refund untouched');
  });
});

describe('fees judges a whole-payment refund by the payment the notice keeps (paid_payment_id), not by its totals', () => {
  const at = (hhmm: string) => new Date(`2026-03-01T${hhmm}:00+08:00`);
  const held = (paymentId: string, amountFen: number) => t.ctx.db.transaction().execute((tx) =>
    refundHeldMoney(t.ctx, tx, { paymentId, kind: 'payment', amountFen, reason: '对账差异退款：重复缴款', requestedBy: finance.user.id }));
  const fixtureOf = (n: { id: string; notice_no: string; total_fen: number; center_id: string; department_id: string; fiscal_account_id: string }): NoticeFixture =>
    ({ id: n.id, noticeNo: n.notice_no, caseId: '', totalFen: n.total_fen, centerId: n.center_id, departmentId: n.department_id, accountId: n.fiscal_account_id });

  test('two payments of the same amount, no refund of either yet: the one that paid the notice is refused (nothing written), the other is refunded', async () => {
    const n = (await cast.awaitingPayment()).notice;
    const paid = await recordPaymentNow(t.ctx, { noticeNo: n.notice_no, channel: 'sim_bank', channelTxnId: 'SBKEEPSAME001', amountFen: n.total_fen, paidAt: at('13:00'), recordedBy: null });
    assert.equal(paid.outcome, 'settled');
    // Written by another path (no refund record): by the totals, either payment could go back.
    const other = await paymentOf(t.ctx.db, fixtureOf(n), { txn: 'SBKEEPSAME002', paidAt: at('12:00') });
    const before = await footprint();
    assert.equal(await held(paid.payment.id, n.total_fen), null, 'the payment that paid the notice is never refunded');
    assert.deepEqual(await footprint(), before);
    const r = await held(other.id, n.total_fen);
    assert.ok(r?.created);
    assert.deepEqual([r.kind, r.status, r.amountFen], ['payment', 'requested', n.total_fen]);
    const refunds = await t.ctx.db.selectFrom('refunds').select(['id', 'payment_id']).where('notice_id', '=', n.id).execute();
    assert.deepEqual(refunds, [{ id: r.refundId, payment_id: other.id }]);
    // Asked again for the paying one, with the duplicate's refund on its way: still refused.
    assert.equal(await held(paid.payment.id, n.total_fen), null);
    assert.equal((await t.ctx.db.selectFrom('payment_notices').select('paid_payment_id').where('id', '=', n.id).executeTakeFirstOrThrow()).paid_payment_id, paid.payment.id);
  });

  test('a payment fees has not settled yet (the notice still issued) is not judged: refused, nothing written', async () => {
    const n = (await cast.awaitingPayment()).notice;
    const stranded = await paymentOf(t.ctx.db, fixtureOf(n), { txn: 'SBUNSETTLED01', paidAt: at('14:00') });
    await sql`UPDATE payments SET settled = false WHERE id = ${stranded.id}`.execute(t.owner);
    const before = await footprint();
    assert.equal(await held(stranded.id, n.total_fen), null);
    assert.deepEqual(await footprint(), before);
    await sql`UPDATE payments SET settled = true WHERE id = ${stranded.id}`.execute(t.owner);
  });
});
