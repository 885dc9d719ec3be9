/**
 * A payment channel: whoever takes an applicant's money online and tells us about it — the
 * simulated bank by default, a real acquirer or the provincial non-tax platform (统一公共支付平台)
 * in production. Everything the payment module knows about a channel goes through this interface
 * (docs/fees.md, "Payment channels"), so plugging in another one is one file implementing it and
 * one entry in `channels.ts`.
 *
 * Rules every implementation follows:
 * - Calls may be slow or fail: throw `ChannelUnavailable` on a timeout or a refused connection
 *   (we retry or query later), never a half answer.
 * - `createOrder` and `refund` are idempotent on our key (`orderNo`, `refundNo`): asking twice gives
 *   the same order or refund, never a second one — a crash between the call and our commit repeats it.
 * - `verifyNotification` checks the signature with the channel's PUBLIC key from our configuration
 *   and returns null for anything it did not sign; it never throws on hostile input.
 */
export interface CreateOrderInput {
  /** Our merchant order number: the channel's key for us. */
  orderNo: string;
  amountFen: number;
  /** What the payer sees on the cashier page (the notice number and item). */
  subject: string;
  /** The fiscal account's name the money goes to. */
  payee: string;
  /** Where the channel posts its signed notification. */
  notifyUrl: string;
  /** Where the cashier page sends the payer back (paid or cancelled). */
  returnUrl: string;
  expiresAt: Date;
}

export interface CreatedOrder {
  /** The page the payer's browser is sent to. */
  cashierUrl: string;
}

/** What the channel says about an order when asked (the active query). */
export type OrderState =
  | { status: 'pending' }
  | { status: 'paid'; channelTxnId: string; amountFen: number; paidAt: Date }
  | { status: 'closed' }
  | { status: 'unknown' };

export interface RefundInput {
  /** Our refund id: the channel's key for this refund. */
  refundNo: string;
  orderNo: string;
  channelTxnId: string;
  amountFen: number;
  reason: string;
}

export type RefundResult =
  | { status: 'succeeded'; channelRefundId: string }
  | { status: 'failed'; failure: string };

/** A notification the channel signed, in our terms. */
export type VerifiedNotification =
  | { kind: 'payment'; orderNo: string; status: 'pending' | 'paid' | 'closed'; channelTxnId: string; amountFen: number; paidAt: Date }
  | { kind: 'refund'; refundNo: string; status: 'succeeded' | 'failed'; channelRefundId: string; amountFen: number };

/** The answer the channel expects to a notification it sent (its own protocol). */
export interface NotificationAck {
  status: number;
  contentType: string;
  body: string;
}

export interface PaymentChannel {
  /** Stored as `payments.channel` and `payment_orders.channel`; part of the notify URL. */
  readonly code: string;
  createOrder(input: CreateOrderInput): Promise<CreatedOrder>;
  queryOrder(orderNo: string): Promise<OrderState>;
  refund(input: RefundInput): Promise<RefundResult>;
  /** The notification if the channel signed it, else null (forged, altered, malformed). */
  verifyNotification(headers: Record<string, string | string[] | undefined>, rawBody: string): VerifiedNotification | null;
  /** The answer to a notification: `accepted` true when we took it (or already had it), false when it should be sent again. */
  ack(accepted: boolean, message: string): NotificationAck;
}

/** The channel did not answer (timeout, connection refused, 5xx): try again later, nothing is known. */
export class ChannelUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChannelUnavailable';
  }
}
