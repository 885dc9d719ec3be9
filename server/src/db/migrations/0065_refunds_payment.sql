-- Issue 11, fees (docs/fees.md, "Finance console"): the finance payments list shows each payment's
-- refunds, read for a page's payments in one statement (payment_id = ANY(...)). The only indexes on
-- refunds.payment_id so far are the partial unique ones (refunds_payment_live, refunds_excess_live:
-- live refunds of one kind), which cannot answer "every refund of these payments" (failed ones too),
-- nor the list's `refunded` filter (a semi-join per payment).
CREATE INDEX refunds_payment ON refunds (payment_id, requested_at DESC, id);
