-- Electronic supervision (电子监察): warning lights kept on the case, in-app notifications,
-- supervision notices (督办) and findings (预警纠错).

-- The light of a case and what it was judged on. `light_check_date` is the next China date on
-- which the light may change: the sweep claims `light_check_date <= today` through a partial index,
-- so it reads only the cases that are due, never every open case. A new case starts at -infinity
-- (judge at once); every case action sets it to its day, so an extension or a resumption is judged
-- again at the next sweep.
ALTER TABLE cases
  ADD COLUMN light            text CHECK (light IN ('green', 'yellow', 'red')),
  ADD COLUMN light_rule       text CHECK (light_rule IN ('acceptance', 'decision', 'handover', 'issue')),
  ADD COLUMN light_due_date   date,
  ADD COLUMN light_changed_at timestamptz,
  ADD COLUMN light_check_date date DEFAULT '-infinity';
UPDATE cases SET light_check_date = '-infinity'
  WHERE status IN ('submitted', 'accepted', 'in_review', 'decided', 'awaiting_payment', 'issuing');
UPDATE cases SET light_check_date = NULL
  WHERE status NOT IN ('submitted', 'accepted', 'in_review', 'decided', 'awaiting_payment', 'issuing');
CREATE INDEX cases_light_check ON cases (light_check_date) WHERE light_check_date IS NOT NULL;
-- The supervision board: open cases by light.
CREATE INDEX cases_light ON cases (center_id, light, department_id) WHERE light IN ('yellow', 'red');

-- In-app notifications: to one staff member (user_id) or to a department's shared list.
CREATE TABLE notifications (
  id            bigserial PRIMARY KEY,
  user_id       uuid REFERENCES users (id),
  department_id uuid REFERENCES departments (id),
  center_id     uuid NOT NULL REFERENCES centers (id),
  kind          text NOT NULL,
  case_id       uuid REFERENCES cases (id),
  title         jsonb NOT NULL,                    -- { zh, en }
  data          jsonb NOT NULL DEFAULT '{}',
  created_at    timestamptz NOT NULL,
  read_at       timestamptz,
  read_by       uuid REFERENCES users (id),
  CHECK (user_id IS NOT NULL OR department_id IS NOT NULL)
);
CREATE INDEX notifications_user ON notifications (user_id, id DESC) WHERE user_id IS NOT NULL;
CREATE INDEX notifications_department ON notifications (department_id, id DESC) WHERE user_id IS NULL;

-- Supervision notices (督办通知): on a case or on a department, with a reply deadline.
CREATE TABLE supervision_notices (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  center_id      uuid NOT NULL REFERENCES centers (id),
  department_id  uuid NOT NULL REFERENCES departments (id),
  case_id        uuid REFERENCES cases (id),
  subject        text NOT NULL,
  body           text NOT NULL,
  reply_due_date date NOT NULL,
  status         text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered')),
  light          text NOT NULL DEFAULT 'green' CHECK (light IN ('green', 'red')),
  issued_by      uuid NOT NULL REFERENCES users (id),
  issued_at      timestamptz NOT NULL,
  reply          text,
  replied_by     uuid REFERENCES users (id),
  replied_at     timestamptz,
  escalated_at   timestamptz
);
CREATE INDEX supervision_notices_center ON supervision_notices (center_id, issued_at DESC);
CREATE INDEX supervision_notices_department ON supervision_notices (department_id, issued_at DESC);
-- The escalation job: open notices past their deadline, not yet escalated.
CREATE INDEX supervision_notices_due ON supervision_notices (reply_due_date) WHERE status = 'open' AND escalated_at IS NULL;

-- Findings (预警纠错): a rule broken on a case, with its evidence; a supervisor confirms or dismisses.
CREATE TABLE findings (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id       uuid NOT NULL REFERENCES cases (id),
  center_id     uuid NOT NULL REFERENCES centers (id),
  department_id uuid NOT NULL REFERENCES departments (id),
  rule          text NOT NULL,
  dedupe_key    text NOT NULL,                     -- one finding per rule and occurrence
  evidence      jsonb NOT NULL,
  status        text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'confirmed', 'dismissed')),
  raised_at     timestamptz NOT NULL,
  resolved_by   uuid REFERENCES users (id),
  resolved_at   timestamptz,
  resolution    text,
  UNIQUE (case_id, rule, dedupe_key)
);
CREATE INDEX findings_center ON findings (center_id, status, raised_at DESC);
