-- Issue 11 ("Measured", reconciliation): the notices paid more than once, kept by the payments
-- themselves. The match (reconciliation.repository.ts, runMatch) flags the later payment of a
-- notice paid twice (`duplicate_payment`); it used to find those notices by a hash aggregate over
-- ALL payments at every run (a full scan of a table that only grows). The mark is written by a
-- statement trigger on payments, whoever inserts them (fees' recordPayment, a bulk load, a test
-- fixture), so the run reads a table that is empty on a normal day.
CREATE TABLE notices_paid_twice (
  notice_id uuid PRIMARY KEY REFERENCES payment_notices (id)
);
INSERT INTO notices_paid_twice (notice_id)
  SELECT notice_id FROM payments GROUP BY notice_id HAVING count(*) > 1;

CREATE FUNCTION mark_notices_paid_twice() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Two transactions paying the same notice at once must not both miss the other: the notices of
  -- the new payments are locked first (in id order; recordPayment holds these locks already), so
  -- the count below, a new snapshot, sees every committed payment of them.
  PERFORM 1 FROM payment_notices n WHERE n.id IN (SELECT notice_id FROM new_payments) ORDER BY n.id FOR NO KEY UPDATE;
  INSERT INTO notices_paid_twice (notice_id)
    SELECT x.notice_id FROM (SELECT DISTINCT notice_id FROM new_payments) x
    WHERE (SELECT count(*) FROM (SELECT 1 FROM payments p WHERE p.notice_id = x.notice_id LIMIT 2) y) > 1
  ON CONFLICT (notice_id) DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER payments_mark_paid_twice AFTER INSERT ON payments
  REFERENCING NEW TABLE AS new_payments FOR EACH STATEMENT EXECUTE FUNCTION mark_notices_paid_twice();

-- A mark is only a hint: the run still probes payments_notice for an earlier payment of a marked
-- notice, so a mark that outlived a payment would cost one probe, never a wrong anomaly. Payments
-- are never deleted nor moved to another notice (no code does either).
