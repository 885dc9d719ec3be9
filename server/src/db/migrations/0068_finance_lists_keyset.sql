-- Issue 11, the finance console's lists in keyset pages (docs/fees.md, "The finance role"): each list
-- walks one index in its order (time DESC, id DESC) from the cursor, so a page deep in a center's
-- millions of rows reads a page of rows, not every row before it.
--
-- Notices: the indexes of 0019/0023 end in `id` ascending, so the order's tie-break (id DESC) could not
-- come from them (a sort over each timestamp's rows, and the cursor's row comparison only half an index
-- condition). Rebuilt with `id DESC`; nothing reads them in the other order. The payer's by status
-- is not rebuilt: no query reads a payer's notices by status (the payer's list has no such filter).
DROP INDEX payment_notices_center;
DROP INDEX payment_notices_center_status;
DROP INDEX payment_notices_payer;
DROP INDEX payment_notices_payer_status;
CREATE INDEX payment_notices_center ON payment_notices (center_id, issued_at DESC, id DESC);
CREATE INDEX payment_notices_center_status ON payment_notices (center_id, status, issued_at DESC, id DESC);
CREATE INDEX payment_notices_payer ON payment_notices (payer_id, issued_at DESC, id DESC);

-- Payments and refunds had no center of their own: a center's list joined them to its notices and
-- sorted every payment (refund) of the center to show one page. Each now carries its notice's center,
-- set by the database whoever inserts it (fees' recordPayment and refunds, a bulk load, a test
-- fixture), as 0052 keeps notices_paid_twice. A notice never changes center, and a payment or a refund
-- never changes notice, so the copy cannot go stale.
CREATE FUNCTION center_of_notice() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.center_id := (SELECT n.center_id FROM payment_notices n WHERE n.id = NEW.notice_id);
  RETURN NEW;
END $$;

ALTER TABLE payments ADD COLUMN center_id uuid REFERENCES centers (id);
UPDATE payments p SET center_id = n.center_id FROM payment_notices n WHERE n.id = p.notice_id;
ALTER TABLE payments ALTER COLUMN center_id SET NOT NULL;
CREATE TRIGGER payments_center BEFORE INSERT ON payments FOR EACH ROW EXECUTE FUNCTION center_of_notice();
CREATE INDEX payments_center ON payments (center_id, paid_at DESC, id DESC);
CREATE INDEX payments_center_channel ON payments (center_id, channel, paid_at DESC, id DESC);

ALTER TABLE refunds ADD COLUMN center_id uuid REFERENCES centers (id);
UPDATE refunds r SET center_id = n.center_id FROM payment_notices n WHERE n.id = r.notice_id;
ALTER TABLE refunds ALTER COLUMN center_id SET NOT NULL;
CREATE TRIGGER refunds_center BEFORE INSERT ON refunds FOR EACH ROW EXECUTE FUNCTION center_of_notice();
CREATE INDEX refunds_center ON refunds (center_id, requested_at DESC, id DESC);
CREATE INDEX refunds_center_status ON refunds (center_id, status, requested_at DESC, id DESC);
