-- Issue 13, 好差评 (service ratings, national rules of 2019): a rating per case and stage (after
-- acceptance, after completion) or per hall visit; a bad review (level 1–2) becomes a rectification
-- task on the working-day clock. modules/ratings, docs/ratings.md.

-- The national evaluation dimensions, kept as data: a center's rating form shows the active ones.
CREATE TABLE rating_dimensions (
  key       text PRIMARY KEY CHECK (key ~ '^[a-z][a-z_]{1,31}$'),
  name      text NOT NULL,
  name_en   text NOT NULL,
  sort      integer NOT NULL,
  active    boolean NOT NULL DEFAULT true
);
INSERT INTO rating_dimensions (key, name, name_en, sort) VALUES
  ('guide', '办事指南', 'Service guide', 1),
  ('process', '办事流程', 'Procedure', 2),
  ('efficiency', '办事效率', 'Efficiency', 3),
  ('attitude', '服务态度', 'Attitude of staff', 4),
  ('result', '办事结果', 'Result', 5),
  ('convenience', '便利程度', 'Convenience', 6);

-- The center's configuration: working days a department has to rectify a bad review (default 5).
CREATE TABLE rating_settings (
  center_id         uuid PRIMARY KEY REFERENCES centers (id),
  rectify_workdays  integer NOT NULL CHECK (rectify_workdays BETWEEN 1 AND 60),
  updated_by        uuid REFERENCES users (id),
  updated_at        timestamptz NOT NULL
);

-- A stage that happened: written by the subscriber when a case is accepted or completed, with who
-- served it, so "only after the stage happened" is a row and the figures have their denominator.
CREATE TABLE rating_invitations (
  case_id        uuid NOT NULL REFERENCES cases (id),
  stage          text NOT NULL CHECK (stage IN ('acceptance', 'completion')),
  user_id        uuid NOT NULL REFERENCES users (id),
  center_id      uuid NOT NULL REFERENCES centers (id),
  department_id  uuid REFERENCES departments (id),
  staff_id       uuid REFERENCES users (id),
  window_id      uuid REFERENCES windows (id),
  invited_at     timestamptz NOT NULL,
  PRIMARY KEY (case_id, stage)
);
CREATE INDEX rating_invitations_by_department ON rating_invitations (center_id, department_id, invited_at);
CREATE INDEX rating_invitations_by_window ON rating_invitations (center_id, window_id, invited_at);
CREATE INDEX rating_invitations_by_staff ON rating_invitations (center_id, staff_id, invited_at);

CREATE TABLE ratings (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id        uuid REFERENCES cases (id),
  ticket_id      uuid REFERENCES hall_tickets (id),
  stage          text NOT NULL CHECK (stage IN ('acceptance', 'completion', 'visit')),
  level          smallint NOT NULL CHECK (level BETWEEN 1 AND 5),
  dimensions     jsonb NOT NULL DEFAULT '{}',
  comment        text CHECK (comment IS NULL OR length(comment) <= 1000),
  channel        text NOT NULL CHECK (channel IN ('portal', 'kiosk', 'pad', 'message_link')),
  real_name      boolean NOT NULL,
  rater_id       uuid REFERENCES users (id),
  staff_id       uuid REFERENCES users (id),
  window_id      uuid REFERENCES windows (id),
  department_id  uuid REFERENCES departments (id),
  center_id      uuid NOT NULL REFERENCES centers (id),
  created_at     timestamptz NOT NULL,
  -- An appeal upheld: the review was malicious and counts nowhere.
  voided_at      timestamptz,
  CHECK ((stage = 'visit') = (ticket_id IS NOT NULL)),
  CHECK ((stage = 'visit') = (case_id IS NULL)),
  CHECK (real_name = (rater_id IS NOT NULL))
);
-- One rating per case per stage, whoever rates (real-name or anonymous); one per hall visit.
CREATE UNIQUE INDEX ratings_one_per_case_stage ON ratings (case_id, stage) WHERE case_id IS NOT NULL;
CREATE UNIQUE INDEX ratings_one_per_ticket ON ratings (ticket_id) WHERE ticket_id IS NOT NULL;
-- The figures group by department, window or staff within a center and a period.
CREATE INDEX ratings_by_department ON ratings (center_id, department_id, created_at) INCLUDE (level, case_id) WHERE voided_at IS NULL;
CREATE INDEX ratings_by_window ON ratings (center_id, window_id, created_at) INCLUDE (level, case_id) WHERE voided_at IS NULL;
CREATE INDEX ratings_by_staff ON ratings (center_id, staff_id, created_at) INCLUDE (level, case_id) WHERE voided_at IS NULL;

-- A bad review's rectification (整改). Its status is written only by modules/ratings/rectification.transitions.ts.
CREATE TABLE rectification_tasks (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  rating_id            uuid NOT NULL UNIQUE REFERENCES ratings (id),
  center_id            uuid NOT NULL REFERENCES centers (id),
  -- NULL: no department (a visit at an intake window): the center's managers rectify.
  department_id        uuid REFERENCES departments (id),
  status               text NOT NULL CHECK (status IN ('open', 'called_back', 'verified', 'rectified', 'rated_by_person', 'closed',
                                                       'appealed', 'appeal_upheld', 'appeal_rejected')),
  real_name            boolean NOT NULL,
  due_date             date NOT NULL,
  due_provisional      boolean NOT NULL DEFAULT false,
  callback_note        text CHECK (callback_note IS NULL OR length(callback_note) <= 2000),
  called_back_at       timestamptz,
  called_back_by       uuid REFERENCES users (id),
  verification_note    text CHECK (verification_note IS NULL OR length(verification_note) <= 2000),
  verified_at          timestamptz,
  verified_by          uuid REFERENCES users (id),
  rectification_note   text CHECK (rectification_note IS NULL OR length(rectification_note) <= 2000),
  rectified_at         timestamptz,
  rectified_date       date,
  rectified_by         uuid REFERENCES users (id),
  person_level         smallint CHECK (person_level BETWEEN 1 AND 5),
  person_comment       text CHECK (person_comment IS NULL OR length(person_comment) <= 1000),
  person_rated_at      timestamptz,
  appeal_reason        text CHECK (appeal_reason IS NULL OR length(appeal_reason) <= 2000),
  appealed_at          timestamptz,
  appealed_by          uuid REFERENCES users (id),
  appeal_decision_note text CHECK (appeal_decision_note IS NULL OR length(appeal_decision_note) <= 2000),
  appeal_decided_at    timestamptz,
  appeal_decided_by    uuid REFERENCES users (id),
  closed_at            timestamptz,
  created_at           timestamptz NOT NULL,
  updated_at           timestamptz NOT NULL
);
-- The department's task list (open first, by due date) and the center's (managers: appeals, all tasks).
CREATE INDEX rectification_by_department ON rectification_tasks (department_id, status, due_date);
CREATE INDEX rectification_by_center ON rectification_tasks (center_id, status, due_date);
