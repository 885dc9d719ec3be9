-- Handover (办结移交) and cases returned to the department (退回部门办理件, seed 003).

-- The deciding department's handover box: its decided cases, oldest decision first (green channel on top).
CREATE INDEX cases_handover_box ON cases (department_id, green DESC, decided_at, id) WHERE status = 'decided';
-- The delivery window's "coming" list: the center's cases decided but not yet at the window.
CREATE INDEX cases_coming ON cases (center_id, green DESC, decided_at, id) WHERE status IN ('decided', 'awaiting_payment');

-- The center's hand-over limits in working days, used when the item names none: the hall hands the
-- case with its materials to the department's office, and the department returns the result to the
-- hall (seed 004: within 3 working days of the decision).
ALTER TABLE centers
  ADD COLUMN handoff_to_department_days integer NOT NULL DEFAULT 1 CHECK (handoff_to_department_days BETWEEN 0 AND 30),
  ADD COLUMN handoff_to_hall_days       integer NOT NULL DEFAULT 3 CHECK (handoff_to_hall_days BETWEEN 0 AND 30);

-- Each hand-over of a case between the hall and a department's office, as it happened: the day its
-- limit counts from, the limit and due date it was judged on, who handed it over and with what.
CREATE TABLE case_handoffs (
  case_id      uuid NOT NULL REFERENCES cases (id),
  direction    text NOT NULL CHECK (direction IN ('to_department', 'to_hall')),
  started_date date NOT NULL,
  limit_days   integer NOT NULL CHECK (limit_days >= 0),
  due_date     date NOT NULL,
  handed_at    timestamptz NOT NULL,
  handed_date  date NOT NULL,
  handed_by    uuid NOT NULL REFERENCES users (id),
  materials    jsonb NOT NULL DEFAULT '[]',
  note         text NOT NULL DEFAULT '',
  PRIMARY KEY (case_id, direction)
);
