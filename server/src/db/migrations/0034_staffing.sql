-- Windows and staff (issue 15, docs/hall-staff.md): window staff under dual management (the center
-- and the department of origin), schedules on the center's calendar, attendance at the window,
-- leave with a substitute, training records and the annual assessment kept in the person's file.

-- A staff member seconded to a window of the center from their department of origin. Both sides
-- approve: whoever proposes gives their side's approval; the other side's approval makes it active.
CREATE TABLE staff_assignments (
  id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  center_id              uuid NOT NULL REFERENCES centers (id),
  user_id                uuid NOT NULL REFERENCES users (id),
  window_id              uuid NOT NULL REFERENCES windows (id),
  department_id          uuid NOT NULL REFERENCES departments (id),
  from_day               date NOT NULL,
  to_day                 date,
  status                 text NOT NULL CHECK (status IN ('pending', 'active', 'rejected', 'ended')),
  proposed_side          text NOT NULL CHECK (proposed_side IN ('center', 'department')),
  proposed_by            uuid NOT NULL REFERENCES users (id),
  center_approved_by     uuid REFERENCES users (id),
  center_approved_at     timestamptz,
  department_approved_by uuid REFERENCES users (id),
  department_approved_at timestamptz,
  note                   text,
  created_at             timestamptz NOT NULL,
  updated_at             timestamptz NOT NULL,
  CHECK (to_day IS NULL OR to_day >= from_day),
  CHECK (status NOT IN ('active', 'ended') OR (center_approved_at IS NOT NULL AND department_approved_at IS NOT NULL))
);
CREATE INDEX staff_assignments_by_center ON staff_assignments (center_id, created_at DESC, id);
CREATE INDEX staff_assignments_by_department ON staff_assignments (department_id, created_at DESC, id);
CREATE INDEX staff_assignments_by_user ON staff_assignments (user_id, from_day);

-- Leave requests: approved by the center's manager and noted to the department of origin.
CREATE TABLE staff_leaves (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  center_id     uuid NOT NULL REFERENCES centers (id),
  user_id       uuid NOT NULL REFERENCES users (id),
  department_id uuid REFERENCES departments (id),
  from_day      date NOT NULL,
  to_day        date NOT NULL,
  kind          text NOT NULL CHECK (kind IN ('annual', 'sick', 'personal', 'other')),
  reason        text NOT NULL,
  substitute_id uuid REFERENCES users (id),
  status        text NOT NULL CHECK (status IN ('requested', 'approved', 'rejected', 'cancelled')),
  requested_at  timestamptz NOT NULL,
  decided_by    uuid REFERENCES users (id),
  decided_at    timestamptz,
  decision_note text,
  CHECK (to_day >= from_day),
  CHECK (substitute_id IS NULL OR substitute_id <> user_id)
);
CREATE INDEX staff_leaves_by_center ON staff_leaves (center_id, status, requested_at DESC, id);
CREATE INDEX staff_leaves_by_user ON staff_leaves (user_id, from_day);
CREATE INDEX staff_leaves_by_department ON staff_leaves (department_id, requested_at DESC, id);

-- Who sits at which window on which day and shift. One place per person and shift. A leaver's rows
-- stay (status on_leave, for the record); the substitute gets rows of their own naming the leave.
CREATE TABLE staff_schedules (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  center_id      uuid NOT NULL REFERENCES centers (id),
  user_id        uuid NOT NULL REFERENCES users (id),
  window_id      uuid NOT NULL REFERENCES windows (id),
  day            date NOT NULL,
  shift          text NOT NULL CHECK (shift IN ('am', 'pm')),
  status         text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'on_leave')),
  leave_id       uuid REFERENCES staff_leaves (id),
  substitute_for uuid REFERENCES users (id),
  created_by     uuid REFERENCES users (id),
  created_at     timestamptz NOT NULL,
  UNIQUE (user_id, day, shift)
);
CREATE INDEX staff_schedules_by_center_day ON staff_schedules (center_id, day, window_id);

-- Sign-in and sign-out at the window: one row per scheduled shift (the key), so one sign-in per shift.
CREATE TABLE staff_attendance (
  schedule_id   uuid PRIMARY KEY REFERENCES staff_schedules (id),
  center_id     uuid NOT NULL REFERENCES centers (id),
  user_id       uuid NOT NULL REFERENCES users (id),
  window_id     uuid NOT NULL REFERENCES windows (id),
  day           date NOT NULL,
  shift         text NOT NULL CHECK (shift IN ('am', 'pm')),
  signed_in_at  timestamptz NOT NULL,
  late_minutes  integer NOT NULL CHECK (late_minutes >= 0),
  signed_out_at timestamptz,
  early_minutes integer CHECK (early_minutes >= 0)
);
CREATE INDEX staff_attendance_by_user ON staff_attendance (user_id, day);

CREATE TABLE staff_trainings (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  center_id   uuid NOT NULL REFERENCES centers (id),
  user_id     uuid NOT NULL REFERENCES users (id),
  course      text NOT NULL,
  hours       integer NOT NULL CHECK (hours BETWEEN 1 AND 1000),
  day         date NOT NULL,
  result      text NOT NULL CHECK (result IN ('passed', 'failed', 'attended')),
  recorded_by uuid NOT NULL REFERENCES users (id),
  created_at  timestamptz NOT NULL
);
CREATE INDEX staff_trainings_by_user ON staff_trainings (user_id, day DESC, id);
CREATE INDEX staff_trainings_by_center ON staff_trainings (center_id, day DESC, id);

-- The annual assessment (年度考核) written by the center into the person's file: once per person and
-- year; the manager may reopen it, then it is written again. The figures it was written on are kept.
CREATE TABLE staff_assessments (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  center_id     uuid NOT NULL REFERENCES centers (id),
  user_id       uuid NOT NULL REFERENCES users (id),
  year          integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  result        text NOT NULL CHECK (result IN ('excellent', 'competent', 'basically_competent', 'incompetent')),
  comment       text NOT NULL,
  figures       jsonb NOT NULL,
  status        text NOT NULL CHECK (status IN ('final', 'reopened')),
  written_by    uuid NOT NULL REFERENCES users (id),
  written_at    timestamptz NOT NULL,
  reopened_by   uuid REFERENCES users (id),
  reopened_at   timestamptz,
  reopen_reason text,
  UNIQUE (user_id, year)
);
CREATE INDEX staff_assessments_by_center ON staff_assessments (center_id, year, user_id);
