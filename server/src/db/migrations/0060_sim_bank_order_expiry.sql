-- Issue 11, online payment (docs/fees.md, "The simulated bank"): the simulated bank keeps the time
-- until which the merchant asked it to take money for an order (`CreateOrderInput.expiresAt`: at most
-- PAYMENT_ORDER_MINUTES, and never past the end of the notice's due date, China time). Its cashier
-- refuses to take money for an order past that time (PAYMENT_ORDER_EXPIRED: the order is closed, as a
-- real bank's cashier page closes it) and its query answers `closed`. Orders opened before keep the
-- expiry of our own order of the same number; one the merchant never opened stays without (NULL: no limit).
ALTER TABLE sim_bank_orders ADD COLUMN expires_at timestamptz;

UPDATE sim_bank_orders b SET expires_at = o.expires_at
  FROM payment_orders o WHERE o.order_no = b.merchant_order_no;
