-- Art. 45: a suspension names the special procedure its item declares, with the procedure's legal
-- basis and longest working days as they were declared when it began; a hearing (Art. 46-48) keeps
-- the date and place told to the applicant in its notice.
ALTER TABLE case_suspensions
  ADD COLUMN legal_basis text,
  ADD COLUMN max_workdays integer,
  ADD COLUMN hearing_date date,
  ADD COLUMN hearing_place text,
  ADD COLUMN started_at timestamptz;

-- Cancellation (注销) of a licence after its decision: the holder's request and its own small
-- lifecycle (requested -> cancelled | refused by the department's chief), one open request per case.
CREATE TABLE cancellation_requests (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id         uuid NOT NULL REFERENCES cases (id),
  applicant_id    uuid NOT NULL REFERENCES users (id),
  center_id       uuid NOT NULL REFERENCES centers (id),
  department_id   uuid NOT NULL REFERENCES departments (id),
  status          text NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'cancelled', 'refused')),
  reason          text NOT NULL,
  requested_at    timestamptz NOT NULL,
  decided_by      uuid REFERENCES users (id),
  decided_at      timestamptz,
  decision_reason text,
  row_version     integer NOT NULL DEFAULT 0
);
-- At most one request open or granted per case: a refused one may be asked again.
CREATE UNIQUE INDEX cancellation_requests_live ON cancellation_requests (case_id) WHERE status IN ('requested', 'cancelled');
CREATE INDEX cancellation_requests_case ON cancellation_requests (case_id, requested_at DESC, id);
-- The department chief's queue of requests to decide.
CREATE INDEX cancellation_requests_department ON cancellation_requests (department_id, status, requested_at, id);
