import type { Tx } from '../../db/database.ts';

/**
 * The one way a payment is recorded: fees-core's `recordPayment`, which validates the payment
 * against its notice, records it once per channel transaction and moves the case exactly once.
 * Every channel (a notification, an active query, the bank window) comes through here.
 */
export interface PaymentToRecord {
  noticeNo: string;
  channel: string;
  channelTxnId: string;
  amountFen: number;
  paidAt: Date;
  recordedBy: string | null;
}

export async function recordVerifiedPayment(_tx: Tx, _p: PaymentToRecord): Promise<{ paymentId: string }> {
  throw new Error('recordPayment (fees-core) is not merged yet');
}
