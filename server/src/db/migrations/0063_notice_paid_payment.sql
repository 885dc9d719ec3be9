-- Issue 11, fees and reconciliation (docs/fees.md, "Resolving and locking"): which payment of a
-- notice paid twice is the duplicate is decided ONCE, by fees. The payment whose settling paid the
-- notice (the notice's `pay` transition) is named on the notice; every other payment of it is a
-- duplicate that fees refunds, and the reconciliation match reads the same name for its
-- `duplicate_payment` (before, it took the earliest paid_at, while fees kept the first RECORDED
-- payment, so a refund resolution could point at the payment the notice needs).
ALTER TABLE payment_notices ADD COLUMN paid_payment_id uuid REFERENCES payments (id);

-- The notices paid before this migration: fees settles payments of a notice one at a time under its
-- lock, so the first one recorded is the one that paid it.
UPDATE payment_notices n SET paid_payment_id = (
  SELECT p.id FROM payments p WHERE p.notice_id = n.id ORDER BY p.recorded_at, p.id LIMIT 1)
WHERE n.status IN ('paid', 'refunded');
