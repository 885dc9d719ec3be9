-- Issue 16, follow-up (docs/trading.md, "Suspension"): an upheld complaint that orders the tender
-- suspended (招标投标法实施条例 第六十二条) suspends it. The suspension is a fact beside the status, never a
-- status: `tenders.status` stays written by the transition table only. One row per complaint that ordered
-- it; a tender is suspended while it has a row not yet resumed. The supervising department lifts it
-- (resumed_at, resumed_by, resume_reason: all three or none), which closes every open row of the tender.
CREATE TABLE tender_suspensions (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tender_id     uuid NOT NULL REFERENCES tenders (id),
  complaint_id  uuid NOT NULL UNIQUE REFERENCES tender_disputes (id),
  reason        text NOT NULL,
  suspended_at  timestamptz NOT NULL,
  suspended_by  uuid REFERENCES users (id),
  resumed_at    timestamptz,
  resumed_by    uuid REFERENCES users (id),
  resume_reason text,
  CONSTRAINT tender_suspensions_resumed_whole CHECK (
    (resumed_at IS NULL AND resumed_by IS NULL AND resume_reason IS NULL)
    OR (resumed_at IS NOT NULL AND resumed_by IS NOT NULL AND resume_reason IS NOT NULL))
);
-- Every guard asks "is this tender suspended now?": the open rows by tender.
CREATE INDEX tender_suspensions_open ON tender_suspensions (tender_id) WHERE resumed_at IS NULL;
CREATE INDEX tender_suspensions_by_tender ON tender_suspensions (tender_id, suspended_at);
