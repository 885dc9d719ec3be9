import type { PaymentOrderStatus } from '../../db/types.ts';

/**
 * The lifecycle of our order at a channel (payment_orders.status): the only statuses
 * `payments.repository.ts` `moveOrder` writes. An order is `created` until the channel's word
 * settles it: `pay` (a signed notification or our active query says paid) or `close` (the channel
 * closed it: the payer cancelled at its cashier, or its time ran out). A closed order may still be
 * paid: the channel took the money after all (a late payment of a cancelled cashier session), and
 * the payment is recorded, never lost (docs/fees.md, "Online payment, step by step").
 */
export const ORDER_TRANSITIONS = {
  pay: { from: ['created', 'closed'], to: 'paid' },
  close: { from: ['created'], to: 'closed' },
} as const satisfies Record<string, { from: readonly PaymentOrderStatus[]; to: PaymentOrderStatus }>;

export type OrderAction = keyof typeof ORDER_TRANSITIONS;

/** The status `action` takes an order in `from` to, or null when the table has no such row. */
export function orderTarget(from: PaymentOrderStatus, action: OrderAction): PaymentOrderStatus | null {
  const row = ORDER_TRANSITIONS[action];
  return (row.from as readonly PaymentOrderStatus[]).includes(from) ? row.to : null;
}
