-- Issue 11, fees (docs/fees.md, "Online payment, step by step" and "Resolving and locking").
--
-- 1. A channel's 'closed' notification (the payer cancelled at the cashier) closes our order: it is
--    logged with its own verdict, `order_closed`.
ALTER TABLE payment_notifications DROP CONSTRAINT payment_notifications_verdict_check;
ALTER TABLE payment_notifications ADD CONSTRAINT payment_notifications_verdict_check CHECK (verdict IN (
  'accepted', 'duplicate', 'stale', 'bad_signature', 'malformed', 'unknown_order',
  'unknown_notice', 'wrong_amount', 'not_payable', 'paid_twice', 'refused', 'refund_recorded', 'unknown_refund',
  'order_closed'));

-- 2. A reconciliation resolution `refund` writes the refund record. What it gives back is either a
--    whole payment (`payment`: a notice paid twice; every refund before this migration) or the part of
--    a payment the channel took beyond what we recorded (`excess`: an amount mismatch). One live
--    refund of each kind per payment: the excess of a payment may be given back beside the payment
--    itself (a case terminated after the mismatch), never twice.
ALTER TABLE refunds ADD COLUMN kind text NOT NULL DEFAULT 'payment' CHECK (kind IN ('payment', 'excess'));
DROP INDEX refunds_payment_live;
CREATE UNIQUE INDEX refunds_payment_live ON refunds (payment_id) WHERE status <> 'failed' AND kind = 'payment';
CREATE UNIQUE INDEX refunds_excess_live ON refunds (payment_id) WHERE status <> 'failed' AND kind = 'excess';

-- The refund an anomaly's `refund` resolution wrote, or found already on its way (fees' refund of a duplicate payment).
ALTER TABLE reconciliation_anomalies ADD COLUMN refund_id uuid REFERENCES refunds (id);
