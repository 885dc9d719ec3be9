import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { DEMO_ENTERPRISE } from '../../seed/seed.ts';
import { testApp, type Session, type TestApp } from '../../test/harness.ts';
import { recordPaymentNow } from '../fees/payments.service.ts';
import { noticeFor, signInAll, uploadStatement, type NoticeFixture } from '../../test/reconciliation-fixtures.ts';
import { statementOf } from './statement.generator.ts';

/**
 * The repairs a reconciliation makes: a payment the bank settled whose notification never came
 * (recorded from the statement line through fees' recordPayment) and a payment recorded but never
 * applied to its case (settled by fees' repair before the run). Either way the case moves once.
 */
const NOW = new Date('2026-11-23T06:00:00Z');
const DAY = '2026-11-23';
const PAID = new Date('2026-11-23T01:30:00Z');
const ITEM = { name: '建筑工程施工许可证核发', center: '海南省' };

let t: TestApp;
let s: Record<'finance' | 'applicant', Session>;

before(async () => {
  t = await testApp({ now: NOW, env: { SESSION_TTL_HOURS: '100000' } });
  s = await signInAll(t.app, { finance: 'finance', applicant: DEMO_ENTERPRISE.creditCode });
});
after(() => t.close());

/** A notice whose case waits for its payment (the fee point reached; set directly: the fee point is fees' part). */
async function awaitingPayment(fen: number): Promise<NoticeFixture> {
  const n = await noticeFor(t.app, t.ctx.db, s.applicant, ITEM, fen, PAID);
  await sql`UPDATE cases SET status = 'awaiting_payment', decision = 'approved', decided_at = ${PAID} WHERE id = ${n.caseId}`.execute(t.owner);
  return n;
}

const caseState = async (n: NoticeFixture) => {
  const c = await t.ctx.db.selectFrom('cases').select('status').where('id', '=', n.caseId).executeTakeFirstOrThrow();
  const notice = await t.ctx.db.selectFrom('payment_notices').select('status').where('id', '=', n.id).executeTakeFirstOrThrow();
  const moves = await t.ctx.db.selectFrom('audit_events').select('action').where('stream', '=', `case:${n.caseId}`).where('action', '=', 'case.payment_received').execute();
  const payments = await t.ctx.db.selectFrom('payments').select(['id', 'channel_txn_id']).where('notice_id', '=', n.id).execute();
  return { case: c.status, notice: notice.status, moves: moves.length, payments: payments.length };
};

test('a lost notification: the statement line is recorded as the payment through recordPayment; the case moves exactly once', async () => {
  const n = await awaitingPayment(12_300);
  const imp = await uploadStatement(t.app, s.finance, { channel: 'sim_bank', day: DAY },
    statementOf([{ channelTxnId: 'SBLOSTNOTIF01', noticeNo: n.noticeNo, amountFen: 12_300, paidAt: PAID }]));
  assert.equal(imp.statusCode, 201, imp.body);
  const dayId = imp.json().day.id;
  const run = (await s.finance.post(`/api/finance/reconciliation/days/${dayId}/run`)).json();
  assert.equal(run.anomalies.missing_payment, 1);
  assert.deepEqual(await caseState(n), { case: 'awaiting_payment', notice: 'issued', moves: 0, payments: 0 }, 'the run itself records nothing');

  const anomaly = (await s.finance.get(`/api/finance/reconciliation/anomalies?dayId=${dayId}`)).json().items[0];
  const res = await s.finance.post(`/api/finance/reconciliation/anomalies/${anomaly.id}/resolve`, { outcome: 'record_payment', reason: '银行对账文件有此笔，缴款通知未到达' });
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual(await caseState(n), { case: 'ready', notice: 'paid', moves: 1, payments: 1 });
  const payment = await t.ctx.db.selectFrom('payments').selectAll().where('notice_id', '=', n.id).executeTakeFirstOrThrow();
  assert.deepEqual([payment.channel, payment.channel_txn_id, Number(payment.amount_fen), payment.paid_at.toISOString(), payment.recorded_by, payment.settled],
    ['sim_bank', 'SBLOSTNOTIF01', 12_300, PAID.toISOString(), s.finance.user.id, true]);

  // Again: refused, nothing moves. The late notification then arrives: the same payment, no second move.
  const twice = await s.finance.post(`/api/finance/reconciliation/anomalies/${anomaly.id}/resolve`, { outcome: 'record_payment', reason: '再次补记' });
  assert.equal(twice.json().code, 'ANOMALY_NOT_OPEN');
  const late = await recordPaymentNow(t.ctx, { noticeNo: n.noticeNo, channel: 'sim_bank', channelTxnId: 'SBLOSTNOTIF01', amountFen: 12_300, paidAt: PAID, recordedBy: null });
  assert.equal(late.outcome, 'repeated');
  assert.deepEqual(await caseState(n), { case: 'ready', notice: 'paid', moves: 1, payments: 1 });

  // The next run matches it; the resolved anomaly stays resolved.
  const rerun = (await s.finance.post(`/api/finance/reconciliation/days/${dayId}/run`)).json();
  assert.equal(rerun.day.matchedCount, 1);
  assert.equal(rerun.day.openAnomalies, 0);
  const after = (await s.finance.get(`/api/finance/reconciliation/anomalies?dayId=${dayId}`)).json().items[0];
  assert.deepEqual([after.status, after.outcome], ['resolved', 'record_payment']);
});

test('when recordPayment refuses the repair (a cancelled notice), the resolution is refused and writes nothing', async () => {
  const n = await awaitingPayment(5_000);
  await t.ctx.db.updateTable('payment_notices').set({ status: 'cancelled', cancelled_at: PAID, cancel_reason: '重开' }).where('id', '=', n.id).execute();
  const imp = await uploadStatement(t.app, s.finance, { channel: 'sim_bank', day: DAY },
    statementOf([{ channelTxnId: 'SBCANCELLED01', noticeNo: n.noticeNo, amountFen: 5_000, paidAt: PAID }]));
  const dayId = imp.json().day.id;
  await s.finance.post(`/api/finance/reconciliation/days/${dayId}/run`);
  const anomaly = (await s.finance.get(`/api/finance/reconciliation/anomalies?dayId=${dayId}&kind=missing_payment&status=open`)).json().items
    .find((a: { channelTxnId: string }) => a.channelTxnId === 'SBCANCELLED01');
  const audit = await t.ctx.db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const res = await s.finance.post(`/api/finance/reconciliation/anomalies/${anomaly.id}/resolve`, { outcome: 'record_payment', reason: '补记' });
  assert.equal(res.statusCode, 409);
  assert.equal(res.json().code, 'NOTICE_CANCELLED');
  assert.deepEqual(await caseState(n), { case: 'awaiting_payment', notice: 'cancelled', moves: 0, payments: 0 });
  assert.equal((await t.ctx.db.selectFrom('reconciliation_anomalies').select('status').where('id', '=', anomaly.id).executeTakeFirstOrThrow()).status, 'open');
  assert.deepEqual(await t.ctx.db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(), audit);
  // The clerk refers it to the bank instead (the money goes back through the channel).
  assert.equal((await s.finance.post(`/api/finance/reconciliation/anomalies/${anomaly.id}/resolve`, { outcome: 'refer_to_channel', reason: '通知书已作废，请银行退回' })).statusCode, 200);
});

test('a crash between the payment and the case update: the next run settles it, and the case moves once', async () => {
  const n = await awaitingPayment(8_800);
  // The payment row written, the process gone before the notice and the case were moved.
  await t.ctx.db.insertInto('payments').values({ notice_id: n.id, channel: 'sim_bank', channel_txn_id: 'SBCRASH0001', amount_fen: 8_800, paid_at: PAID, recorded_at: PAID, settled: false }).execute();
  assert.deepEqual(await caseState(n), { case: 'awaiting_payment', notice: 'issued', moves: 0, payments: 1 });
  const imp = await uploadStatement(t.app, s.finance, { channel: 'sim_bank', day: '2026-11-22' }, statementOf([]));
  const run = await s.finance.post(`/api/finance/reconciliation/days/${imp.json().day.id}/run`);
  assert.equal(run.statusCode, 200, run.body);
  assert.ok(run.json().settled >= 1);
  assert.deepEqual(await caseState(n), { case: 'ready', notice: 'paid', moves: 1, payments: 1 });
  const again = await s.finance.post(`/api/finance/reconciliation/days/${imp.json().day.id}/run`);
  assert.equal(again.json().settled, 0);
  assert.deepEqual(await caseState(n), { case: 'ready', notice: 'paid', moves: 1, payments: 1 });
});
