-- Issue 16, "Complaints and supervision" (docs/trading.md, "Questions, objections and complaints"):
-- the lifecycle of tender_disputes (0038 made the table). A question (质疑) or an objection (异议) is
-- answered by the trading staff; a complaint (投诉) names the question or objection it follows and is
-- decided by the supervising department. `status` is written only by trading-disputes/dispute.transitions.ts.
ALTER TABLE tender_disputes
  ADD COLUMN status        text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered', 'upheld', 'rejected')),
  ADD COLUMN subject       text NOT NULL DEFAULT 'documents' CHECK (subject IN ('documents', 'procedure', 'candidates', 'result')),
  ADD COLUMN parent_id     uuid REFERENCES tender_disputes (id),
  ADD COLUMN center_id     uuid REFERENCES centers (id),
  ADD COLUMN department_id uuid REFERENCES departments (id),
  ADD COLUMN suspend_tender boolean NOT NULL DEFAULT false;

-- The party's own list, newest first.
CREATE INDEX tender_disputes_by_user ON tender_disputes (user_id, submitted_at DESC, id);
-- The staff lists and the board's counts: open ones of a center (trading staff) or a department (supervisors), by due.
CREATE INDEX tender_disputes_open_by_center ON tender_disputes (center_id, kind, answer_due, id) WHERE status = 'open';
CREATE INDEX tender_disputes_by_center ON tender_disputes (center_id, submitted_at DESC, id);
CREATE INDEX tender_disputes_by_department ON tender_disputes (department_id, submitted_at DESC, id);
-- One complaint per question or objection.
CREATE UNIQUE INDEX tender_disputes_one_complaint ON tender_disputes (parent_id) WHERE parent_id IS NOT NULL;
