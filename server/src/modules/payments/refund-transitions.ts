import type { RefundStatus } from '../../db/types.ts';

/**
 * The refund's lifecycle as executed at the channel: the only statuses the refund job writes
 * (fees-core inserts refunds `requested` when a paid case ends). `send` is also a retry: a refund
 * left `sent` by a timeout or a crashed runner is sent again with the same refund number, which
 * the channel answers with the refund it already made (never a second one).
 */
export const REFUND_TRANSITIONS = {
  send: { from: ['requested', 'sent'], to: 'sent' },
  succeed: { from: ['sent'], to: 'succeeded' },
  fail: { from: ['sent'], to: 'failed' },
  // A refund of a payment taken at the bank's window: the bank clerk pays it out at the counter
  // and records the bank's reference (bank-refunds.service.ts). Never sent to a channel.
  pay_at_bank: { from: ['requested'], to: 'succeeded' },
} as const satisfies Record<string, { from: readonly RefundStatus[]; to: RefundStatus }>;

export type RefundAction = keyof typeof REFUND_TRANSITIONS;

/** The status `action` takes a refund in `from` to, or null when the table has no such row. */
export function refundTarget(from: RefundStatus, action: RefundAction): RefundStatus | null {
  const row = REFUND_TRANSITIONS[action];
  return (row.from as readonly RefundStatus[]).includes(from) ? row.to : null;
}
