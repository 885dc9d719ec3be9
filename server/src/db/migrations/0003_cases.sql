-- Cases (办件): applications from the web and the counter, on the legal working-day clock.

ALTER TABLE files ADD COLUMN owner_id uuid REFERENCES users (id);
CREATE INDEX files_owner ON files (owner_id, created_at) WHERE owner_id IS NOT NULL;

CREATE TABLE cases (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  receipt_no          text UNIQUE,                 -- given at acceptance (受理凭证号)
  query_code          text,                        -- with the receipt number, opens the public progress page
  item_id             uuid NOT NULL,
  item_version        integer NOT NULL,
  center_id           uuid NOT NULL REFERENCES centers (id),
  department_id       uuid NOT NULL REFERENCES departments (id),
  region_code         varchar(12) NOT NULL REFERENCES regions (code),
  applicant_id        uuid NOT NULL REFERENCES users (id),
  applicant_name      text NOT NULL,
  channel             text NOT NULL CHECK (channel IN ('online', 'counter')),
  registered_by       uuid REFERENCES users (id),   -- the clerk, for counter cases
  idempotency_key     text NOT NULL,
  status              text NOT NULL CHECK (status IN ('submitted', 'supplement_requested', 'refused', 'accepted', 'in_review',
                        'decided', 'awaiting_payment', 'issuing', 'ready', 'delivered', 'withdrawn', 'terminated')),
  processing_mode     text NOT NULL,
  joint               boolean NOT NULL DEFAULT false,
  form                jsonb NOT NULL DEFAULT '{}',
  submitted_at        timestamptz NOT NULL,
  received_date       date NOT NULL,              -- the China date the materials were received
  acceptance_due_date date NOT NULL,              -- 5 working days after receipt (Art. 32)
  accepted_at         timestamptz,
  accepted_date       date,
  deemed_accepted     boolean NOT NULL DEFAULT false,
  promised_days       integer NOT NULL,
  statutory_days      integer NOT NULL,
  extension_days      integer NOT NULL DEFAULT 0,
  extension_reason    text,
  suspended_since     date,
  suspended_workdays  integer NOT NULL DEFAULT 0,
  due_date            date,                       -- promised limit, moved by extension and suspension
  statutory_due_date  date,
  warning_date        date,
  due_provisional     boolean NOT NULL DEFAULT false,
  supplement_rounds   integer NOT NULL DEFAULT 0,
  review_step         integer NOT NULL DEFAULT 0,
  decision            text CHECK (decision IN ('approved', 'denied')),
  decision_reason     text,
  decided_at          timestamptz,
  decided_by          uuid REFERENCES users (id),
  delivery_method     text CHECK (delivery_method IN ('pickup', 'post')),
  tracking_no         text,
  closed_at           timestamptz,
  close_reason        text,
  row_version         integer NOT NULL DEFAULT 0,
  created_at          timestamptz NOT NULL,
  updated_at          timestamptz NOT NULL,
  UNIQUE (applicant_id, idempotency_key)
);
-- Inboxes: a department's open cases by due date; the window's intake and delivery queues.
CREATE INDEX cases_department_inbox ON cases (department_id, status, due_date, id)
  WHERE status IN ('accepted', 'in_review', 'decided', 'awaiting_payment', 'issuing', 'ready');
CREATE INDEX cases_center_queue ON cases (center_id, status, acceptance_due_date, id)
  WHERE status IN ('submitted', 'supplement_requested', 'ready', 'awaiting_payment');
CREATE INDEX cases_applicant ON cases (applicant_id, created_at DESC, id);
-- Clock jobs and supervision: due and warning dates of open cases.
CREATE INDEX cases_due ON cases (due_date) WHERE status IN ('accepted', 'in_review');
CREATE INDEX cases_warning ON cases (warning_date) WHERE status IN ('accepted', 'in_review');
CREATE INDEX cases_acceptance_due ON cases (acceptance_due_date) WHERE status = 'submitted';
CREATE INDEX cases_provisional ON cases (region_code) WHERE due_provisional;

CREATE TABLE case_materials (
  case_id      uuid NOT NULL REFERENCES cases (id),
  material_key text NOT NULL,
  file_id      uuid NOT NULL REFERENCES files (id),
  round        integer NOT NULL DEFAULT 0,        -- 0 = with the application, n = n-th supplement
  created_at   timestamptz NOT NULL,
  PRIMARY KEY (case_id, material_key, file_id)
);

CREATE TABLE case_supplements (
  case_id      uuid NOT NULL REFERENCES cases (id),
  round        integer NOT NULL,
  items        jsonb NOT NULL,                   -- [{ key, reason }]: every missing or wrong material, at once
  note         text NOT NULL DEFAULT '',
  issued_at    timestamptz NOT NULL,
  issued_by    uuid REFERENCES users (id),
  answered_at  timestamptz,
  PRIMARY KEY (case_id, round)
);

CREATE TABLE case_reviews (
  case_id    uuid NOT NULL REFERENCES cases (id),
  step       integer NOT NULL,
  name       text NOT NULL,
  opinion    text NOT NULL,
  proposal   text NOT NULL CHECK (proposal IN ('approve', 'deny')),
  by_user    uuid NOT NULL REFERENCES users (id),
  at         timestamptz NOT NULL,
  PRIMARY KEY (case_id, step)
);

CREATE TABLE case_suspensions (
  case_id        uuid NOT NULL REFERENCES cases (id),
  seq            integer NOT NULL,
  kind           text NOT NULL,
  reason         text NOT NULL,
  expected_days  integer NOT NULL,
  started_date   date NOT NULL,
  ended_date     date,
  workdays       integer,                          -- working days not counted, set when resumed
  started_by     uuid REFERENCES users (id),
  PRIMARY KEY (case_id, seq)
);

-- Receipt numbers: one sequence per center and year, taken in the accepting transaction.
CREATE TABLE receipt_counters (
  center_id uuid NOT NULL REFERENCES centers (id),
  year      integer NOT NULL,
  last      integer NOT NULL,
  PRIMARY KEY (center_id, year)
);
