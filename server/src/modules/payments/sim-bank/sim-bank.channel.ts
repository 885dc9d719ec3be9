import { z } from 'zod';
import type { AppContext } from '../../../lib/context.ts';
import type { PaymentChannel, VerifiedNotification } from '../channel.ts';
import { signatureValid, simBankPublicKey } from './keys.ts';
import { bankCreateOrder, bankQuery, bankRefund, SIGNATURE_HEADER } from './sim-bank.service.ts';

/**
 * Our side of the simulated bank: the PaymentChannel the payment module uses. It calls the bank's
 * functions in-process (a real acquirer's adapter makes HTTPS calls here instead) and verifies the
 * bank's notifications with the bank's public key from configuration, never with its private key.
 */
const txn = z.string().min(1).max(64).regex(/^[\w-]+$/);
const paymentBody = z.object({
  type: z.literal('payment'), orderNo: txn, bankTxnId: txn, amountFen: z.number().int().safe(),
  status: z.enum(['pending', 'paid', 'closed']), paidAt: z.iso.datetime(),
});
const refundBody = z.object({
  type: z.literal('refund'), refundNo: txn, bankRefundId: txn, amountFen: z.number().int().safe(), status: z.enum(['succeeded', 'failed']),
});
const body = z.discriminatedUnion('type', [paymentBody, refundBody]);

export function simBankChannel(ctx: AppContext): PaymentChannel {
  return {
    code: 'sim_bank',
    createOrder: async (input) => ({ cashierUrl: (await bankCreateOrder(ctx, input)).cashierUrl }),
    queryOrder: (orderNo) => bankQuery(ctx, orderNo),
    refund: (input) => bankRefund(ctx, input),
    verifyNotification(headers, rawBody): VerifiedNotification | null {
      const key = simBankPublicKey(ctx.config);
      const signature = headers[SIGNATURE_HEADER];
      if (!key || typeof signature !== 'string' || !signatureValid(key, rawBody, signature)) return null;
      let json: unknown;
      try {
        json = JSON.parse(rawBody);
      } catch {
        return null;
      }
      const parsed = body.safeParse(json);
      if (!parsed.success) return null;
      const b = parsed.data;
      return b.type === 'payment'
        ? { kind: 'payment', orderNo: b.orderNo, status: b.status, channelTxnId: b.bankTxnId, amountFen: b.amountFen, paidAt: new Date(b.paidAt) }
        : { kind: 'refund', refundNo: b.refundNo, status: b.status, channelRefundId: b.bankRefundId, amountFen: b.amountFen };
    },
    // The bank's protocol: 200 with {"code":"SUCCESS"} stops its retries; anything else is sent again.
    ack: (accepted, message) => ({
      status: accepted ? 200 : 400,
      contentType: 'application/json; charset=utf-8',
      body: JSON.stringify({ code: accepted ? 'SUCCESS' : 'FAIL', message }),
    }),
  };
}
