import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { applicationBody, itemIdByName, receiveMaterials, signIn, testApp, type Session, type TestApp } from '../../test/harness.ts';
import { DEMO_ENTERPRISE, DEMO_PERSON } from '../../seed/seed.ts';
import { issueAtFeePoint, expireOverdueNotices } from './notices.service.ts';
import { isPaymentCode } from './payment-code.ts';
import { recordPayment, recordPaymentNow, refundHeldMoney, settleUnsettledPayments, type RecordPaymentInput } from './payments.service.ts';

/**
 * Fees end to end through the API and the one payment entry: the notice at the fee point (once), every
 * refusal of recordPayment with nothing written, repeated and duplicate payments moving the case once,
 * the repair sweep, refunds on closing, cancel and reissue, expiry, the PDF, and who sees what.
 * The Haikou resident ID card: a fixed 20 元 fee, exempt for recipients of the minimum living allowance.
 */
/** A well-formed body for every action a client may send: the finance role is refused each (403, before any rule). */
const EVERY_ACTION = [
  { action: 'request_supplement', items: [{ key: 'application', reason: '缺少签字页' }] }, { action: 'resubmit', materials: [{ key: 'application', fileId: '00000000-0000-4000-8000-000000000000' }] },
  { action: 'refuse', reason: '不符合受理条件', remedies: '可依法申请行政复议' }, { action: 'accept' }, { action: 'review', opinion: '同意', proposal: 'approve' },
  { action: 'decide', result: 'approved', reason: '符合法定条件' }, { action: 'extend', reason: '需要现场核查' },
  { action: 'suspend', kind: 'inspection', reason: '需要现场检验核实', expectedDays: 3 }, { action: 'resume' }, { action: 'handover' },
  { action: 'send_to_department' }, { action: 'deliver', method: 'pickup' }, { action: 'withdraw', reason: '不再需要办理' },
  { action: 'terminate', reason: '依法终止办理' }, { action: 'forward', opinion: '初审同意上报' },
] as const;

let t: TestApp;
let person: Session, company: Session, hkWindow: Session, hkApprover: Session, hkChief: Session;
let idCardItem: string;

before(async () => {
  t = await testApp({ now: new Date('2026-11-23T02:00:00Z'), env: { SESSION_TTL_HOURS: '100000' } });
  [person, company, hkWindow, hkApprover, hkChief] = await Promise.all([
    signIn(t.app, DEMO_PERSON.idNumber), signIn(t.app, DEMO_ENTERPRISE.creditCode), signIn(t.app, 'hk.window1'),
    signIn(t.app, 'hk.approver.police'), signIn(t.app, 'hk.chief.police'),
  ]);
  idCardItem = await itemIdByName(t.app, '居民身份证申领、换领、补领', '海口');
});
after(() => t.close());

async function ok(s: Session, id: string, body: object) {
  const r = await s.post(`/api/cases/${id}/actions`, body);
  assert.equal(r.statusCode, 200, `${JSON.stringify(body)}: ${r.body}`);
  return r.json().case as { status: string; allowedActions: string[] };
}

/** A case of the ID card taken by the applicant to its fee point (handover after approval). */
async function caseAtFeePoint(form: Record<string, string> = {}, applicant = person) {
  const body = await applicationBody(t.app, applicant, idCardItem);
  const res = await applicant.post('/api/cases', { ...body, form: { ...body.form, ...form } });
  assert.equal(res.statusCode, 201, res.body);
  const id = res.json().case.id as string;
  await receiveMaterials(hkWindow, id);
  let c = await ok(hkWindow, id, { action: 'accept' });
  while (!c.allowedActions.includes('decide')) {
    await ok(hkApprover, id, { action: 'review', opinion: '材料齐全，符合条件', proposal: 'approve' });
    c = (await hkChief.get(`/api/cases/${id}`)).json();
  }
  await ok(hkChief, id, { action: 'decide', result: 'approved', reason: '符合法定条件' });
  return { id, handed: await ok(hkApprover, id, { action: 'handover' }) };
}

const noticesOf = async (s: Session, caseId: string) => {
  const r = await s.get(`/api/cases/${caseId}/payment-notices`);
  assert.equal(r.statusCode, 200, r.body);
  return r.json().notices as Array<{ id: string; noticeNo: string; totalFen: number; status: string; dueDate: string; lines: Array<{ feeCode: string; amountFen: number }>; canPay: boolean; refunds: Array<{ status: string }> }>;
};

/** Everything a payment could write: the case, the notice, payments, refunds, their audit chains, notifications. */
async function footprint(caseId: string) {
  const db = t.ctx.db;
  const notices = await db.selectFrom('payment_notices').select(['id', 'status', 'row_version', 'paid_at']).where('case_id', '=', caseId).orderBy('id').execute();
  const ids = notices.map((n) => n.id);
  const count = async (table: 'payments' | 'refunds') => (ids.length ? Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).where('notice_id', 'in', ids).executeTakeFirstOrThrow()).n) : 0);
  const audit = Number((await db.selectFrom('audit_events').select((eb) => eb.fn.countAll<string>().as('n'))
    .where('stream', 'in', [`case:${caseId}`, ...ids.map((i) => `payment_notice:${i}`)]).executeTakeFirstOrThrow()).n);
  const c = await db.selectFrom('cases').select(['status', 'row_version']).where('id', '=', caseId).executeTakeFirstOrThrow();
  const notes = Number((await db.selectFrom('notifications').select((eb) => eb.fn.countAll<string>().as('n')).where('case_id', '=', caseId).executeTakeFirstOrThrow()).n);
  return { c, notices, payments: await count('payments'), refunds: await count('refunds'), audit, notes };
}

const pay = (noticeNo: string, over: Partial<RecordPaymentInput> = {}): RecordPaymentInput => ({
  noticeNo, channel: 'sim_bank', channelTxnId: `T${Math.random().toString(36).slice(2)}`, amountFen: 2000, paidAt: t.clock.now(), recordedBy: null, ...over,
});

async function refusedWith(input: RecordPaymentInput, code: string, caseId: string) {
  const before = await footprint(caseId);
  await assert.rejects(recordPaymentNow(t.ctx, input), (e: { code?: string }) => e.code === code, code);
  assert.deepEqual(await footprint(caseId), before, `${code}: nothing written`);
}

describe('the payment notice at the fee point', () => {
  test('issued once when the case enters awaiting_payment: code with check digit, payer, lines, due date in working days', async () => {
    const { id, handed } = await caseAtFeePoint();
    assert.equal(handed.status, 'awaiting_payment');
    const [n, ...rest] = await noticesOf(person, id);
    assert.equal(rest.length, 0);
    assert.ok(isPaymentCode(n!.noticeNo), n!.noticeNo);
    assert.deepEqual([n!.totalFen, n!.status, n!.lines.map((l) => [l.feeCode, l.amountFen])], [2000, 'issued', [['ID-CARD', 2000]]]);
    // 15 working days from Monday 23 November 2026: 14 December.
    assert.equal(n!.dueDate, '2026-12-14');
    assert.ok(n!.canPay);
    // Another delivery of the fee point (a second instance, a retried subscriber), even two at once: still one notice.
    const again = await Promise.all([1, 2].map(() => t.ctx.db.transaction().execute((tx) => issueAtFeePoint(t.ctx, tx, id))));
    assert.deepEqual(again, [null, null]);
    assert.equal((await noticesOf(person, id)).length, 1);
    // In the notice's audit chain.
    const events = await t.ctx.db.selectFrom('audit_events').select('action').where('stream', '=', `payment_notice:${n!.id}`).execute();
    assert.deepEqual(events.map((e) => e.action), ['payment_notice.issued']);
  });

  test('payment codes are random, not sequential', async () => {
    const a = (await noticesOf(person, (await caseAtFeePoint()).id))[0]!.noticeNo;
    const b = (await noticesOf(person, (await caseAtFeePoint()).id))[0]!.noticeNo;
    assert.ok(Math.abs(Number(a.slice(2, 19)) - Number(b.slice(2, 19))) > 1000, `${a} ${b}`);
  });

  test('a fee reduced to nothing (城乡低保): no notice, the case goes on to delivery by the system', async () => {
    const { id, handed } = await caseAtFeePoint({ lowIncome: 'yes' });
    assert.equal(handed.status, 'ready');
    assert.equal((await noticesOf(person, id)).length, 0);
    const history = (await person.get(`/api/cases/${id}`)).json().timeline.map((e: { action: string }) => e.action);
    assert.ok(history.includes('case.fee_waived'));
  });
});

describe('recordPayment: the one entry for every channel', () => {
  test('each refusal has its code and writes nothing', async () => {
    const { id } = await caseAtFeePoint();
    const n = (await noticesOf(person, id))[0]!;
    await refusedWith(pay('00000000000000000000'), 'NOTICE_UNKNOWN', id);
    await refusedWith(pay(n.noticeNo, { amountFen: 1999 }), 'PAYMENT_AMOUNT_MISMATCH', id);
    await refusedWith(pay(n.noticeNo, { amountFen: 4000 }), 'PAYMENT_AMOUNT_MISMATCH', id);
    for (const amountFen of [0, -2000, 20.5, Number.NaN, 1e11, 2 ** 60, '2000' as unknown as number]) await refusedWith(pay(n.noticeNo, { amountFen }), 'PAYMENT_AMOUNT_INVALID', id);
    await refusedWith(pay(n.noticeNo, { channel: 'Bad Channel' }), 'VALIDATION_FAILED', id);
    await refusedWith(pay(n.noticeNo, { channelTxnId: '' }), 'VALIDATION_FAILED', id);
    // After the due date (China date of the clock) the notice is not payable, before the sweep marks it.
    const now = t.clock.now();
    t.clock.set(new Date('2026-12-14T15:59:00Z')); // 23:59 on the due date in China: still payable…
    const dueDay = await footprint(id);
    t.clock.set(new Date('2026-12-14T16:00:00Z')); // …00:00 the next day: expired.
    await refusedWith(pay(n.noticeNo), 'NOTICE_EXPIRED', id);
    assert.deepEqual(await footprint(id), dueDay);
    t.clock.set(now);
  });

  test('expiry is judged on when the money was taken: a payment made on the due date and heard of after midnight (or after the sweep) pays the notice; one made the next day is refused', async () => {
    const now = t.clock.now();
    const late = async () => {
      const { id } = await caseAtFeePoint();
      return { id, n: (await noticesOf(person, id))[0]! };
    };
    const onDueDay = (due: string) => new Date(`${due}T15:30:00Z`); // 23:30 in China on the due date
    const nextDay = (due: string) => new Date(`${due}T17:00:00Z`); // 01:00 in China the day after
    const a = await late();
    const b = await late();
    const c = await late();
    t.clock.set(nextDay(a.n.dueDate));
    try {
      // Made the next day: refused, nothing written.
      await refusedWith(pay(a.n.noticeNo, { paidAt: nextDay(a.n.dueDate) }), 'NOTICE_EXPIRED', a.id);
      // Made on the due date, the notification retried after midnight: the notice is paid, the case moves once.
      const r = await recordPaymentNow(t.ctx, pay(a.n.noticeNo, { paidAt: onDueDay(a.n.dueDate) }));
      assert.equal(r.outcome, 'settled');
      assert.deepEqual([(await noticesOf(person, a.id))[0]!.status, (await person.get(`/api/cases/${a.id}`)).json().status], ['paid', 'ready']);
      // The sweep marked it expired before the news came: still paid by the payment made in time.
      await expireOverdueNotices(t.ctx);
      assert.equal((await noticesOf(person, b.id))[0]!.status, 'expired');
      await refusedWith(pay(b.n.noticeNo, { paidAt: nextDay(b.n.dueDate) }), 'NOTICE_EXPIRED', b.id);
      const rb = await recordPaymentNow(t.ctx, pay(b.n.noticeNo, { paidAt: onDueDay(b.n.dueDate) }));
      assert.equal(rb.outcome, 'settled');
      assert.deepEqual([(await noticesOf(person, b.id))[0]!.status, (await person.get(`/api/cases/${b.id}`)).json().status], ['paid', 'ready']);
      // Replaced meanwhile by a new notice: the payment made in time is kept and refunded, the new notice is the one to pay.
      assert.equal((await hkApprover.post(`/api/payment-notices/${c.n.id}/reissue`, { reason: '逾期未缴重开' })).statusCode, 200);
      const rc = await recordPaymentNow(t.ctx, pay(c.n.noticeNo, { paidAt: onDueDay(c.n.dueDate) }));
      assert.equal(rc.outcome, 'duplicate');
      assert.ok(rc.refundId);
      assert.deepEqual((await noticesOf(person, c.id)).map((x) => x.status), ['issued', 'expired']);
      assert.equal((await person.get(`/api/cases/${c.id}`)).json().status, 'awaiting_payment');
    } finally {
      t.clock.set(now);
    }
  });

  test('a payment moves the case once; the same notification again changes nothing; a second payment is a duplicate with a refund', async () => {
    const { id } = await caseAtFeePoint();
    const n = (await noticesOf(person, id))[0]!;
    const first = pay(n.noticeNo);
    const r1 = await recordPaymentNow(t.ctx, first);
    assert.deepEqual([r1.outcome, r1.notice.status, r1.refundId], ['settled', 'paid', null]);
    assert.equal((await person.get(`/api/cases/${id}`)).json().status, 'ready');
    const settled = await footprint(id);
    // The channel repeats itself (twice, even at once): the same payment, nothing written.
    const repeats = await Promise.all([recordPaymentNow(t.ctx, first), recordPaymentNow(t.ctx, first)]);
    assert.deepEqual(repeats.map((r) => [r.outcome, r.payment.id]), [['repeated', r1.payment.id], ['repeated', r1.payment.id]]);
    assert.deepEqual(await footprint(id), settled);
    // The same transaction id with another amount is not the same payment.
    await refusedWith({ ...first, amountFen: 3000 }, 'PAYMENT_TXN_CONFLICT', id);
    // A second, different payment of the paid notice: recorded, refunded, no second move.
    const r2 = await recordPaymentNow(t.ctx, pay(n.noticeNo, { channel: 'bank_window', recordedBy: hkWindow.user.id }));
    assert.equal(r2.outcome, 'duplicate');
    assert.ok(r2.refundId);
    const after = await footprint(id);
    assert.deepEqual([after.c, after.payments, after.refunds], [settled.c, 2, 1]);
    const moves = await t.ctx.db.selectFrom('audit_events').select('action').where('stream', '=', `case:${id}`).where('action', '=', 'case.payment_received').execute();
    assert.equal(moves.length, 1);
    const refund = (await noticesOf(person, id))[0]!.refunds;
    assert.deepEqual(refund.map((r) => r.status), ['requested']);
    const chain = (await t.ctx.db.selectFrom('audit_events').select('action').where('stream', '=', `payment_notice:${n.id}`).orderBy('seq').execute()).map((e) => e.action);
    assert.deepEqual(chain, ['payment_notice.issued', 'payment.recorded', 'payment_notice.paid', 'payment.recorded', 'refund.requested', 'payment.duplicate']);
  });

  test('two different payments at the same moment: one settles the case, the other is a duplicate', async () => {
    const { id } = await caseAtFeePoint();
    const n = (await noticesOf(person, id))[0]!;
    const rs = await Promise.all([recordPaymentNow(t.ctx, pay(n.noticeNo)), recordPaymentNow(t.ctx, pay(n.noticeNo, { channel: 'bank_window' }))]);
    assert.deepEqual(rs.map((r) => r.outcome).sort(), ['duplicate', 'settled']);
    const f = await footprint(id);
    assert.deepEqual([f.c.status, f.payments, f.refunds], ['ready', 2, 1]);
  });

  test('a payment verified but never applied (a crash between the two) is settled by the repair sweep, once', async () => {
    const { id } = await caseAtFeePoint();
    const n = (await noticesOf(person, id))[0]!;
    // The crash: the payment row committed, the notice and case untouched.
    await t.owner.insertInto('payments').values({ notice_id: n.id, channel: 'sim_bank', channel_txn_id: 'CRASHED-1', amount_fen: 2000, paid_at: t.clock.now(), recorded_at: t.clock.now(), recorded_by: null }).execute();
    assert.equal((await footprint(id)).c.status, 'awaiting_payment');
    const swept = await Promise.all([settleUnsettledPayments(t.ctx), settleUnsettledPayments(t.ctx)]);
    assert.equal(swept[0] + swept[1], 1);
    const f = await footprint(id);
    assert.deepEqual([f.c.status, f.notices[0]!.status, f.refunds], ['ready', 'paid', 0]);
    assert.equal(await settleUnsettledPayments(t.ctx), 0);
    // The notification arriving after the repair finds its payment.
    assert.equal((await recordPaymentNow(t.ctx, pay(n.noticeNo, { channelTxnId: 'CRASHED-1' }))).outcome, 'repeated');
  });

  test('the repair sweep locks each case before its payment: a case action waiting behind it can still lock the payment (no deadlock)', async () => {
    const [a, b] = [await caseAtFeePoint(), await caseAtFeePoint()];
    const [na, nb] = [(await noticesOf(person, a.id))[0]!, (await noticesOf(person, b.id))[0]!];
    const crashed = (noticeId: string, txn: string, at: Date) => t.owner.insertInto('payments')
      .values({ notice_id: noticeId, channel: 'sim_bank', channel_txn_id: txn, amount_fen: 2000, paid_at: at, recorded_at: at, recorded_by: null }).returning('id').executeTakeFirstOrThrow();
    await crashed(na.id, 'CRASHED-A', new Date(t.clock.now().getTime() - 2000));
    const pb = await crashed(nb.id, 'CRASHED-B', new Date(t.clock.now().getTime() - 1000));
    // A case action on B (the test's connection) holds B's row; the sweep settles A, then waits for B.
    const holder = new pg.Client({ connectionString: t.config.DATABASE_OWNER_URL });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM cases WHERE id = $1 FOR UPDATE', [b.id]);
      const sweeping = settleUnsettledPayments(t.ctx);
      let waiting: number | undefined;
      for (let i = 0; i < 2000 && waiting === undefined; i++) {
        waiting = (await holder.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database() AND pid <> pg_backend_pid()`)).rows[0]?.pid;
      }
      assert.ok(waiting, 'the sweep waits for the held case');
      // What the case action goes on to do: a refund of B's payment takes a key-share lock on it. Had the
      // sweep locked the payment before the case, this would wait on the sweep while it waits on us.
      await holder.query('SELECT 1 FROM payments WHERE id = $1 FOR KEY SHARE NOWAIT', [pb.id]);
      await holder.query('COMMIT');
      assert.equal(await sweeping, 2);
    } finally {
      await holder.query('ROLLBACK').catch(() => {});
      await holder.end();
    }
    const [fa, fb] = [await footprint(a.id), await footprint(b.id)];
    assert.deepEqual([fa.c.status, fb.c.status, fa.refunds, fb.refunds], ['ready', 'ready', 0, 0]);
  });

  test('recordPayment joins the caller\'s transaction: rolled back with it', async () => {
    const { id } = await caseAtFeePoint();
    const n = (await noticesOf(person, id))[0]!;
    const before = await footprint(id);
    await assert.rejects(t.ctx.db.transaction().execute(async (tx) => {
      await recordPayment(t.ctx, tx, pay(n.noticeNo));
      throw new Error('the channel handler failed after recording');
    }));
    assert.deepEqual(await footprint(id), before);
  });
});

describe('closing, cancelling, reissuing, expiring', () => {
  test('terminated after payment: a refund record; terminated before: the notice cancelled and no longer payable', async () => {
    const paid = await caseAtFeePoint();
    const n1 = (await noticesOf(person, paid.id))[0]!;
    await recordPaymentNow(t.ctx, pay(n1.noticeNo));
    await ok(hkChief, paid.id, { action: 'terminate', reason: '申请人户籍迁出本市' });
    const after = (await noticesOf(person, paid.id))[0]!;
    assert.deepEqual([after.status, after.refunds.map((r) => r.status)], ['paid', ['requested']]);

    const unpaid = await caseAtFeePoint();
    const n2 = (await noticesOf(person, unpaid.id))[0]!;
    await ok(hkChief, unpaid.id, { action: 'terminate', reason: '申请人户籍迁出本市' });
    assert.equal((await noticesOf(person, unpaid.id))[0]!.status, 'cancelled');
    await refusedWith(pay(n2.noticeNo), 'NOTICE_CANCELLED', unpaid.id);
  });

  test('cancel and reissue by the department; a charge outside the standard is refused and becomes a finding', async () => {
    const { id } = await caseAtFeePoint();
    const n = (await noticesOf(person, id))[0]!;
    const [market, finance] = await Promise.all([signIn(t.app, 'hk.approver.market'), signIn(t.app, 'hk.finance')]);
    for (const [who, code] of [[person, 404], [company, 404], [market, 403], [finance, 403], [hkWindow, 403]] as const) {
      assert.equal((await who.post(`/api/payment-notices/${n.id}/cancel`, { reason: '金额有误需重开' })).statusCode, code);
    }
    const before = await footprint(id);
    const findings = async () => (await t.ctx.db.selectFrom('findings').select('rule').where('case_id', '=', id).execute()).map((f) => f.rule);
    for (const lines of [[{ feeCode: 'EXTRA', amountFen: 500 }], [{ feeCode: 'ID-CARD', amountFen: 4000 }]]) {
      const r = await hkApprover.post(`/api/payment-notices/${n.id}/reissue`, { reason: '补收费用', lines });
      assert.equal(r.json().code, 'FEE_NOT_IN_STANDARD', r.body);
      const now = await footprint(id);
      assert.deepEqual([now.c, now.notices, now.payments, now.refunds], [before.c, before.notices, before.payments, before.refunds], 'the refusal writes nothing of the notice');
    }
    assert.deepEqual(await findings(), ['fee_not_in_standard', 'fee_not_in_standard']);
    // The right reissue: the old notice cancelled, a new one with a new code, recomputed (a minute later: lists are newest first).
    t.clock.advance(60_000);
    const r = await hkApprover.post(`/api/payment-notices/${n.id}/reissue`, { reason: '缴款书遗失重开', lines: [{ feeCode: 'ID-CARD', amountFen: 2000 }] });
    assert.equal(r.statusCode, 200, r.body);
    const all = await noticesOf(person, id);
    assert.deepEqual(all.map((x) => x.status), ['issued', 'cancelled']);
    assert.notEqual(all[0]!.noticeNo, n.noticeNo);
    await refusedWith(pay(n.noticeNo), 'NOTICE_CANCELLED', id);
    // Cancel the new one, then reissue from the cancelled one.
    assert.equal((await hkChief.post(`/api/payment-notices/${all[0]!.id}/cancel`, { reason: '暂缓缴费' })).statusCode, 200);
    assert.equal((await hkChief.post(`/api/payment-notices/${all[0]!.id}/cancel`, { reason: '暂缓缴费' })).json().code, 'NOTICE_STATE_CONFLICT');
    t.clock.advance(60_000);
    assert.equal((await hkChief.post(`/api/payment-notices/${all[0]!.id}/reissue`, { reason: '恢复缴费' })).statusCode, 200);
    assert.deepEqual((await noticesOf(person, id)).map((x) => x.status), ['issued', 'cancelled', 'cancelled']);
  });

  test('the expiry sweep: a notice past its due date becomes expired, once, and is reissued by the department', async () => {
    const { id } = await caseAtFeePoint();
    const n = (await noticesOf(person, id))[0]!;
    const now = t.clock.now();
    t.clock.set(new Date('2026-12-15T01:00:00Z'));
    const swept = await Promise.all([expireOverdueNotices(t.ctx), expireOverdueNotices(t.ctx)]);
    assert.ok(swept[0] + swept[1] >= 1);
    assert.equal((await noticesOf(person, id))[0]!.status, 'expired');
    await refusedWith(pay(n.noticeNo), 'NOTICE_EXPIRED', id);
    assert.equal((await hkApprover.post(`/api/payment-notices/${n.id}/reissue`, { reason: '逾期未缴重开' })).statusCode, 200);
    const fresh = (await noticesOf(person, id))[0]!;
    assert.deepEqual([fresh.status, fresh.dueDate > '2026-12-15'], ['issued', true]);
    t.clock.set(now);
  });
});

describe('who sees what', () => {
  test('the payer sees only their own notices; the finance role only its center, and never a case', async () => {
    const { id } = await caseAtFeePoint();
    const n = (await noticesOf(person, id))[0]!;
    const [hkFinance, finance] = await Promise.all([signIn(t.app, 'hk.finance'), signIn(t.app, 'finance')]);
    assert.equal((await company.get(`/api/payment-notices/${n.id}`)).statusCode, 404);
    assert.equal((await company.get(`/api/cases/${id}/payment-notices`)).statusCode, 404);
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/payment-notices/${n.id}` })).statusCode, 401);
    assert.ok((await company.get('/api/my/payment-notices')).json().rows.every((r: { id: string }) => r.id !== n.id));
    assert.ok((await person.get('/api/my/payment-notices')).json().rows.some((r: { id: string }) => r.id === n.id));
    const payerView = (await person.get(`/api/payment-notices/${n.id}`)).json();
    const staffView = (await hkFinance.get(`/api/payment-notices/${n.id}`)).json();
    assert.equal(payerView.payerCode, DEMO_PERSON.idNumber);
    assert.notEqual(staffView.payerCode, DEMO_PERSON.idNumber, 'masked for staff');
    assert.equal((await finance.get(`/api/payment-notices/${n.id}`)).statusCode, 403, 'another center');
    assert.ok((await hkFinance.get('/api/finance/notices?status=issued&pageSize=100')).json().rows.some((r: { id: string }) => r.id === n.id));
    assert.ok((await finance.get('/api/finance/notices?pageSize=100')).json().rows.every((r: { id: string }) => r.id !== n.id));
    for (const s of [person, hkWindow, hkApprover, hkChief]) assert.equal((await s.get('/api/finance/notices')).statusCode, 403);
    assert.equal((await hkFinance.get(`/api/cases/${id}`)).statusCode, 403, 'the finance role reads no case');
    for (const body of EVERY_ACTION) {
      const r = await hkFinance.post(`/api/cases/${id}/actions`, body);
      assert.equal(r.statusCode, 403, `${body.action}: ${r.body}`);
    }
    await recordPaymentNow(t.ctx, pay(n.noticeNo));
    const payments = (await hkFinance.get('/api/finance/payments?channel=sim_bank&pageSize=100')).json();
    assert.ok(payments.rows.some((p: { noticeNo: string }) => p.noticeNo === n.noticeNo));
    assert.deepEqual((await hkFinance.get('/api/finance/payments?from=2000-01-01&to=2000-01-02')).json(), { rows: [], nextCursor: null });
    assert.equal((await hkFinance.get('/api/finance/refunds')).statusCode, 200);
    assert.equal((await hkFinance.get('/api/finance/notices?status=bogus')).statusCode, 400);
  });

  test('the finance lists (notices, payments, refunds) name the payer masked: the full name and ID number never appear', async () => {
    const { id } = await caseAtFeePoint();
    const n = (await noticesOf(person, id))[0]!;
    await recordPaymentNow(t.ctx, pay(n.noticeNo));
    await recordPaymentNow(t.ctx, pay(n.noticeNo, { channelTxnId: `TWICE-${n.noticeNo}` })); // paid twice: a refund record
    const hkFinance = await signIn(t.app, 'hk.finance');
    const masked = `${Array.from(DEMO_PERSON.name)[0]}${'*'.repeat(Array.from(DEMO_PERSON.name).length - 1)}`;
    for (const url of ['/api/finance/notices?pageSize=100', '/api/finance/payments?pageSize=100', '/api/finance/refunds?pageSize=100']) {
      const r = await hkFinance.get(url);
      assert.equal(r.statusCode, 200, r.body);
      const mine = r.json().rows.filter((x: { noticeNo: string }) => x.noticeNo === n.noticeNo);
      assert.ok(mine.length >= 1, `${url} lists the notice`);
      for (const x of mine) assert.equal(x.payerName, masked, url);
      assert.ok(!r.body.includes(DEMO_PERSON.name), `${url}: no full name`);
      assert.ok(!r.body.includes(DEMO_PERSON.idNumber), `${url}: no ID number`);
    }
    // The payer's own list keeps their name.
    assert.ok((await person.get('/api/my/payment-notices')).json().rows.some((x: { noticeNo: string; payerName: string }) => x.noticeNo === n.noticeNo && x.payerName === DEMO_PERSON.name));
  });

  test('the finance payments list shows what was given back of each payment (read for the page at once); another center sees none of it, other roles are refused', async () => {
    const { id } = await caseAtFeePoint();
    const n = (await noticesOf(person, id))[0]!;
    const paying = await recordPaymentNow(t.ctx, pay(n.noticeNo));
    const dup = await recordPaymentNow(t.ctx, pay(n.noticeNo, { channel: 'bank_window', recordedBy: hkWindow.user.id }));
    assert.deepEqual([paying.outcome, dup.outcome], ['settled', 'duplicate']);
    const [hkFinance, finance] = await Promise.all([signIn(t.app, 'hk.finance'), signIn(t.app, 'finance')]);
    type Row = { id: string; noticeNo: string; refunds: Array<{ id: string; kind: string; status: string; amountFen: number; requestedAt: string }> };
    const listed = async (s: Session, query = '') => {
      const r = await s.get(`/api/finance/payments?pageSize=100${query}`);
      assert.equal(r.statusCode, 200, r.body);
      return r.json().rows as Row[];
    };
    const refundsOf = (rows: Row[], paymentId: string) => rows.find((x) => x.id === paymentId)?.refunds.map((r) => [r.kind, r.status, r.amountFen]);
    // The duplicate shows its whole-payment refund, as the refunds list names it; the paying payment shows none.
    let rows = await listed(hkFinance);
    assert.deepEqual(rows.find((x) => x.id === dup.payment.id)!.refunds, [{ id: dup.refundId!, kind: 'payment', status: 'requested', amountFen: 2000, requestedAt: t.clock.now().toISOString() }]);
    assert.deepEqual(refundsOf(rows, paying.payment.id), []);
    const inRefundsList = (await hkFinance.get('/api/finance/refunds?pageSize=100')).json().rows.find((r: { id: string }) => r.id === dup.refundId);
    assert.deepEqual([inRefundsList.paymentId, inRefundsList.kind], [dup.payment.id, 'payment']);
    // An excess the channel took beyond each payment, given back later: shown as excess, newest first.
    const now = t.clock.now();
    t.clock.advance(60_000);
    for (const p of [paying.payment, dup.payment]) {
      const held = await t.ctx.db.transaction().execute((tx) => refundHeldMoney(t.ctx, tx, { paymentId: p.id, kind: 'excess', amountFen: 500, reason: '银行多收款项，原路退还', requestedBy: hkFinance.user.id }));
      assert.equal(held?.created, true);
    }
    t.clock.set(now);
    rows = await listed(hkFinance);
    assert.deepEqual(refundsOf(rows, paying.payment.id), [['excess', 'requested', 500]]);
    assert.deepEqual(refundsOf(rows, dup.payment.id), [['excess', 'requested', 500], ['payment', 'requested', 2000]]);
    // The page's refunds are read in one statement, whatever the number of payments on it.
    const statements: string[] = [];
    const db = t.ctx.db;
    t.ctx.db = db.withPlugin({
      transformQuery: (a) => { statements.push(db.getExecutor().compileQuery(a.node, a.queryId).sql); return a.node; },
      transformResult: async (a) => a.result,
    });
    try { rows = await listed(hkFinance); } finally { t.ctx.db = db; }
    assert.ok(rows.length >= 2);
    assert.equal(statements.filter((q) => /from "refunds"/.test(q)).length, 1, statements.join('\n'));
    // refunded=true|false: the payments with a refund, the payments without.
    const ids = (xs: Row[]) => xs.filter((x) => x.noticeNo === n.noticeNo).map((x) => x.id).sort();
    assert.deepEqual(ids(await listed(hkFinance, '&refunded=true')), [paying.payment.id, dup.payment.id].sort());
    assert.deepEqual(ids(await listed(hkFinance, '&refunded=false')), []);
    assert.ok((await listed(hkFinance, '&refunded=true')).every((x) => x.refunds.length > 0));
    const unrefunded = await listed(hkFinance, '&refunded=false');
    assert.ok(unrefunded.length > 0 && unrefunded.every((x) => x.refunds.length === 0));
    assert.equal((await hkFinance.get('/api/finance/payments?refunded=yes')).statusCode, 400);
    // Another center's finance clerk lists neither the payments nor their refunds; other roles are refused.
    const others = await listed(finance);
    assert.ok(others.every((x) => x.noticeNo !== n.noticeNo && x.refunds.every((r) => r.id !== dup.refundId)), 'another center: none of it');
    assert.ok((await listed(finance, '&refunded=true')).every((x) => x.noticeNo !== n.noticeNo));
    for (const s of [person, company, hkWindow, hkApprover, hkChief]) assert.equal((await s.get('/api/finance/payments')).statusCode, 403);
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/finance/payments' })).statusCode, 401);
  });

  test('the notice PDF renders (pdftoppm) for the payer', async () => {
    const { id } = await caseAtFeePoint();
    const n = (await noticesOf(person, id))[0]!;
    const r = await person.get(`/api/payment-notices/${n.id}/pdf`);
    assert.equal(r.statusCode, 200);
    assert.equal(r.headers['content-type'], 'application/pdf');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'notice-'));
    fs.writeFileSync(path.join(dir, 'n.pdf'), r.rawPayload);
    execFileSync('pdftoppm', ['-png', '-r', '40', path.join(dir, 'n.pdf'), path.join(dir, 'page')]);
    const pages = fs.readdirSync(dir).filter((f) => f.endsWith('.png'));
    assert.equal(pages.length, 1);
    assert.ok(fs.statSync(path.join(dir, pages[0]!)).size > 2000);
    const text = execFileSync('pdftotext', [path.join(dir, 'n.pdf'), '-']).toString();
    assert.ok(text.includes('电子非税收入一般缴款书') && text.includes(n.noticeNo) && text.includes('20.00') && text.includes('贰拾元整'), text);
    assert.equal((await company.get(`/api/payment-notices/${n.id}/pdf`)).statusCode, 404);
  });
});
