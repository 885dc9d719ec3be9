-- Cases that cross departments and levels: joint matters (联办 / 一件事) with a parent case and one
-- part per department, reported-upward cases (上报件) forwarded to the deciding level, the
-- comprehensive proxy window, and the green channel for major projects.

-- A joint matter or life event as the center's manager defines it. `definition` holds the
-- questions, the items with the answers that include them, the shared fields and materials, and
-- the denial rule (docs/joint.md). A case keeps a copy of the definition it was submitted under.
CREATE TABLE joint_matters (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  center_id          uuid NOT NULL REFERENCES centers (id),
  key                text NOT NULL CHECK (key ~ '^[a-z0-9][a-z0-9-]{1,59}$'),
  name               text NOT NULL,
  name_en            text,
  life_event         text,
  lead_department_id uuid NOT NULL REFERENCES departments (id),
  definition         jsonb NOT NULL,
  status             text NOT NULL CHECK (status IN ('draft', 'published', 'withdrawn')),
  version            integer NOT NULL DEFAULT 1,
  row_version        integer NOT NULL DEFAULT 0,
  updated_by         uuid REFERENCES users (id),
  created_at         timestamptz NOT NULL,
  updated_at         timestamptz NOT NULL,
  UNIQUE (center_id, key)
);
CREATE INDEX joint_matters_published ON joint_matters (center_id, name) WHERE status = 'published';

-- single: one item, one department · joint: the parent of a joint matter (no item of its own) ·
-- part: one department's share of a joint case · upper: the deciding level's case of a reported one.
ALTER TABLE cases ADD COLUMN kind text NOT NULL DEFAULT 'single' CHECK (kind IN ('single', 'joint', 'part', 'upper'));
ALTER TABLE cases ADD COLUMN parent_id uuid REFERENCES cases (id);
ALTER TABLE cases ADD COLUMN matter_id uuid REFERENCES joint_matters (id);
ALTER TABLE cases ADD COLUMN matter jsonb;                 -- joint parent: the definition and the applicant's answers
ALTER TABLE cases ADD COLUMN forwarded_at timestamptz;     -- reported: handed to the level above
ALTER TABLE cases ADD COLUMN result_returned_at timestamptz;
ALTER TABLE cases ADD COLUMN green boolean NOT NULL DEFAULT false;
ALTER TABLE cases ADD COLUMN green_coordinator_id uuid REFERENCES users (id);
ALTER TABLE cases ADD COLUMN green_reason text;
ALTER TABLE cases ALTER COLUMN item_id DROP NOT NULL;
ALTER TABLE cases ALTER COLUMN item_version DROP NOT NULL;
ALTER TABLE cases ADD CONSTRAINT cases_item_unless_joint CHECK ((kind = 'joint') = (item_id IS NULL));
ALTER TABLE cases ADD CONSTRAINT cases_parent_of_parts CHECK ((kind IN ('part', 'upper')) = (parent_id IS NOT NULL));

ALTER TABLE cases DROP CONSTRAINT cases_status_check;
ALTER TABLE cases ADD CONSTRAINT cases_status_check CHECK (status IN ('submitted', 'supplement_requested', 'refused', 'accepted',
  'in_review', 'forwarded', 'decided', 'awaiting_payment', 'issuing', 'ready', 'delivered', 'withdrawn', 'terminated'));
-- A joint case whose parts ended differently is decided 'partial'.
ALTER TABLE cases DROP CONSTRAINT cases_decision_check;
ALTER TABLE cases ADD CONSTRAINT cases_decision_check CHECK (decision IN ('approved', 'denied', 'partial'));
ALTER TABLE cases DROP CONSTRAINT cases_channel_check;
ALTER TABLE cases ADD CONSTRAINT cases_channel_check CHECK (channel IN ('online', 'counter', 'forwarded'));

CREATE INDEX cases_children ON cases (parent_id, created_at) WHERE parent_id IS NOT NULL;
-- The applicant's list shows top-level cases only (parts and upper cases appear inside them).
CREATE INDEX cases_applicant_top ON cases (applicant_id, created_at DESC, id) WHERE parent_id IS NULL;
-- Green channel (绿色通道): a center's marked cases first, by due date.
CREATE INDEX cases_green ON cases (center_id, due_date, id) WHERE green
  AND status IN ('submitted', 'supplement_requested', 'accepted', 'in_review', 'forwarded', 'decided', 'awaiting_payment', 'issuing', 'ready');
-- Back-office inboxes put green cases first; the index keeps that order without a sort, and holds
-- what the boxes filter on (status, kind, department) so page and count are index-only scans.
CREATE INDEX cases_department_priority ON cases (department_id, green DESC, due_date, id) INCLUDE (status, kind)
  WHERE status IN ('accepted', 'in_review', 'forwarded', 'decided', 'awaiting_payment', 'issuing', 'ready');
CREATE INDEX cases_center_priority ON cases (center_id, green DESC, acceptance_due_date, id) INCLUDE (status, kind, department_id)
  WHERE status IN ('submitted', 'supplement_requested', 'ready', 'awaiting_payment');

-- The lead department's coordination view: its open joint cases, green first, by due date.
CREATE INDEX cases_joint_led ON cases (department_id, green DESC, due_date, id)
  WHERE kind = 'joint' AND status IN ('submitted', 'supplement_requested', 'accepted', 'decided', 'ready');

-- Pre-review of a submitted joint case: each department lists what its part lacks; the window
-- merges every department's list into the one supplement notice the applicant receives.
CREATE TABLE case_prereviews (
  case_id       uuid NOT NULL REFERENCES cases (id),
  round         integer NOT NULL,                 -- the supplement round the opinion is for (0 = first submission)
  department_id uuid NOT NULL REFERENCES departments (id),
  items         jsonb NOT NULL,                   -- [{ key, reason }]; empty = the department's part is complete
  note          text NOT NULL DEFAULT '',
  by_user       uuid NOT NULL REFERENCES users (id),
  at            timestamptz NOT NULL,
  PRIMARY KEY (case_id, round, department_id)
);

-- A proxy window (综合代办窗口) accepts for the departments listed here; an intake window for all
-- departments of its center; a department window for its own department.
CREATE TABLE window_departments (
  window_id     uuid NOT NULL REFERENCES windows (id),
  department_id uuid NOT NULL REFERENCES departments (id),
  PRIMARY KEY (window_id, department_id)
);
