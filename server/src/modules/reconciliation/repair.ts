import type { Tx } from '../../db/database.ts';
import type { AppContext } from '../../lib/context.ts';

/**
 * The lost-notification repair: a statement line the bank settled but for which no payment was
 * recorded is recorded through fees' one entry for verified payments (`recordPayment`), which
 * records it once per channel transaction and moves the case exactly once.
 */
export interface StatementPayment { noticeNo: string; channel: string; channelTxnId: string; amountFen: number; paidAt: Date; recordedBy: string }

export async function recordStatementPayment(_ctx: AppContext, _tx: Tx, _p: StatementPayment): Promise<{ paymentId: string }> {
  throw new Error('recordPayment (fees-core) not merged yet');
}
