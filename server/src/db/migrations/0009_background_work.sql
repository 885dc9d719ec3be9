-- Background work that never blocks a clerk (docs/architecture.md, "Background work").
--
-- The warning sweep claims due cases in a short transaction by setting a lease, computes without
-- holding row locks, and writes each case in its own short transaction. `light_claim` names the
-- sweep that holds the lease; `light_claimed_until` is when it lapses (a crashed instance's claim
-- expires and another instance takes the case).
ALTER TABLE cases
  ADD COLUMN light_claim         uuid,
  ADD COLUMN light_claimed_until timestamptz,
-- A calendar change marks the open cases it may move (in its own transaction, one UPDATE) and a
-- job recomputes them in batches (FOR UPDATE SKIP LOCKED). While marked, `due_provisional` is
-- true, so no reader takes a date still to be recomputed as final. The mark holds the cause for
-- the case's audit event and `due_provisional` as it was before the mark.
  ADD COLUMN clock_recompute     jsonb;
CREATE INDEX cases_clock_recompute ON cases (id) WHERE clock_recompute IS NOT NULL;
