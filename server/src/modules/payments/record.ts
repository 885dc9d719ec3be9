import type { Tx } from '../../db/database.ts';
import type { AppContext } from '../../lib/context.ts';
import { recordPayment, type RecordPaymentInput, type RecordPaymentResult } from '../fees/payments.service.ts';

/**
 * The one way a payment is recorded: fees-core's `recordPayment`, which validates the payment
 * against its notice, records it once per channel transaction and moves the case exactly once.
 * Every channel of this module (a notification, an active query, the bank window) comes through here.
 */
export type PaymentToRecord = RecordPaymentInput;

export function recordVerifiedPayment(ctx: AppContext, tx: Tx, p: PaymentToRecord): Promise<RecordPaymentResult> {
  return recordPayment(ctx, tx, p);
}
