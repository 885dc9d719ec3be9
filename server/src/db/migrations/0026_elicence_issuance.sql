-- Issue 12, e-licences: issuance of an approved case's licence (the `issuing` case state comes back),
-- the Art. 44 issue due date, the holder's lifecycle applications (change 变更, renewal 延续,
-- cancellation 注销) and the expiry reminders.

-- `issuing` is an open state again (OPEN_STATES in modules/cases/transitions.ts): the partial
-- indexes made on the one list of open states follow it (as 0010 did).
DROP INDEX cases_center_board;
CREATE INDEX cases_center_board ON cases (center_id, department_id, light) INCLUDE (suspended_since)
  WHERE status IN ('submitted', 'supplement_requested', 'accepted', 'in_review', 'forwarded', 'decided', 'issuing', 'awaiting_payment', 'ready');
DROP INDEX cases_joint_led;
CREATE INDEX cases_joint_led ON cases (department_id, green DESC, due_date, id)
  WHERE kind = 'joint' AND status IN ('submitted', 'supplement_requested', 'accepted', 'in_review', 'forwarded', 'decided', 'issuing', 'awaiting_payment', 'ready');

-- One row per case whose licence is to be issued: the job claims it with FOR UPDATE SKIP LOCKED; a
-- failure keeps it pending with the next attempt's time, so the case waits in `issuing` and retries.
CREATE TABLE elicence_issuances (
  case_id         uuid PRIMARY KEY REFERENCES cases (id),
  type_id         uuid NOT NULL REFERENCES licence_types (id),
  department_id   uuid NOT NULL REFERENCES departments (id),
  decided_date    date NOT NULL,
  due_date        date NOT NULL,                 -- Art. 44: 10 working days after the decision
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'issued')),
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  last_error      text,
  licence_id      uuid REFERENCES elicences (id),
  created_at      timestamptz NOT NULL,
  issued_at       timestamptz
);
CREATE INDEX elicence_issuances_due ON elicence_issuances (next_attempt_at) WHERE status = 'pending';

-- The holder's applications on a licence, decided by the chief of the issuing department.
CREATE TABLE elicence_applications (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  licence_id      uuid NOT NULL REFERENCES elicences (id),
  kind            text NOT NULL CHECK (kind IN ('change', 'renewal', 'cancellation')),
  applicant_id    uuid NOT NULL REFERENCES users (id),
  department_id   uuid NOT NULL REFERENCES departments (id),   -- the issuing department, whose chief decides
  status          text NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'granted', 'refused')),
  reason          text NOT NULL,
  changes         jsonb NOT NULL DEFAULT '{}',                   -- a change: the printed fields' new values
  decided_by      uuid REFERENCES users (id),
  decided_at      timestamptz,
  decision_reason text,
  created_at      timestamptz NOT NULL,
  row_version     integer NOT NULL DEFAULT 0
);
-- One open application per licence at a time.
CREATE UNIQUE INDEX elicence_applications_open ON elicence_applications (licence_id) WHERE status = 'requested';
CREATE INDEX elicence_applications_queue ON elicence_applications (department_id, status, created_at, id);
CREATE INDEX elicence_applications_licence ON elicence_applications (licence_id, created_at DESC, id);

-- Holders are told once, N days before expiry.
ALTER TABLE elicences ADD COLUMN expiry_notified_at timestamptz;
