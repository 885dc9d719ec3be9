import { maskCreditCode, maskIdNumber, maskName } from '../../lib/mask.ts';
import type { AppContext } from '../../lib/context.ts';
import { errors, NOT_FOUND } from '../../lib/errors.ts';
import { authorize, paymentPolicy, type Actor } from '../../policies/index.ts';
import { assertPayable, NOTICE } from './payments.service.ts';
import * as repo from './payments.repository.ts';
import { recordVerifiedPayment } from './record.ts';

/**
 * The bank's window in the hall (统一收缴: the bank collects straight into the fiscal account; no
 * window of the center takes money). The bank's clerk looks a notice up by its payment code and
 * records the money taken through recordPayment with channel `bank_window` and the clerk's id.
 */
export const BANK_WINDOW = 'bank_window';

export function maskPayerCode(code: string): string {
  return code.length === 18 && /^\d{17}[\dX]$/.test(code) ? maskIdNumber(code) : maskCreditCode(code);
}

async function loadNotice(ctx: AppContext, actor: Actor | null, action: 'bank_lookup' | 'bank_collect', noticeNo: string) {
  authorize(paymentPolicy, actor, action);
  const notice = await repo.noticeByNo(ctx.db, noticeNo);
  if (!notice) throw NOT_FOUND(NOTICE);
  authorize(paymentPolicy, actor, action, notice);
  return notice;
}

export async function lookupAtBank(ctx: AppContext, actor: Actor | null, noticeNo: string) {
  const notice = await loadNotice(ctx, actor, 'bank_lookup', noticeNo);
  const lines = await repo.noticeLines(ctx.db, notice.id);
  let payable = true;
  let refusal: string | null = null;
  try {
    assertPayable(ctx, notice);
  } catch (e) {
    payable = false;
    refusal = (e as { code?: string }).code ?? null;
  }
  return {
    noticeNo: notice.notice_no, status: notice.status, dueDate: notice.due_date, totalFen: notice.total_fen, payable, refusal,
    payee: { name: notice.account_name, bank: notice.account_bank },
    payer: { name: maskName(notice.payer_name), code: maskPayerCode(notice.payer_code) },
    lines: lines.map((l) => ({ lineNo: l.line_no, name: l.name, quantity: String(l.quantity), unit: l.unit, amountFen: l.amount_fen })),
  };
}

export async function collectAtBank(ctx: AppContext, actor: Actor | null, noticeNo: string, input: { amountFen: number; idempotencyKey: string }) {
  const notice = await loadNotice(ctx, actor, 'bank_collect', noticeNo);
  const channelTxnId = `BW-${input.idempotencyKey}`;
  return ctx.db.transaction().execute(async (tx) => {
    // The same slip sent twice (a double click, a retry after a lost answer) is the same payment.
    const known = await repo.paymentByTxn(tx, BANK_WINDOW, channelTxnId);
    if (known) {
      if (known.notice_id !== notice.id) throw errors.INPUT_CONFLICT();
      return { paymentId: known.id, noticeNo, amountFen: known.amount_fen, channelTxnId, paidAt: known.paid_at, repeated: true };
    }
    assertPayable(ctx, notice);
    const paidAt = ctx.clock.now();
    // recordPayment refuses an amount other than the notice's (PAYMENT_AMOUNT_MISMATCH): the clerk takes exactly that.
    // The check above read the notice before its lock: recordPayment checks again under the lock, so two
    // slips for one notice at once (two windows, a reload) take the money once and refuse the other.
    const { payment } = await recordVerifiedPayment(ctx, tx, { noticeNo: notice.notice_no, channel: BANK_WINDOW, channelTxnId, amountFen: input.amountFen, paidAt, recordedBy: actor!.id, onlyIfPayable: true });
    return { paymentId: payment.id, noticeNo: notice.notice_no, amountFen: payment.amount_fen, channelTxnId, paidAt: payment.paid_at, repeated: false };
  });
}
