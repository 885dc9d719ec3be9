-- Performance evaluation (绩效评估) kept as rollups, scheduled audit verification, board indexes.

-- One row per center, department, window, staff member, China day and slot: the counts of what
-- happened that day, added to inside the transaction of each case action (docs/supervision.md,
-- "Performance evaluation"). No window / no staff member is the nil uuid. `slot` (from the case id)
-- spreads the rows of one day over a few keys so concurrent online submissions (no staff member)
-- do not queue on one row.
CREATE TABLE perf_daily (
  center_id       uuid NOT NULL REFERENCES centers (id),
  department_id   uuid NOT NULL REFERENCES departments (id),
  window_id       uuid NOT NULL,
  staff_id        uuid NOT NULL,
  day             date NOT NULL,
  slot            smallint NOT NULL DEFAULT 0,
  received        integer NOT NULL DEFAULT 0,
  accepted        integer NOT NULL DEFAULT 0,
  refused         integer NOT NULL DEFAULT 0,
  completed       integer NOT NULL DEFAULT 0,
  on_time         integer NOT NULL DEFAULT 0,
  early           integer NOT NULL DEFAULT 0,
  overdue         integer NOT NULL DEFAULT 0,
  instant         integer NOT NULL DEFAULT 0,
  workdays_used   integer NOT NULL DEFAULT 0,   -- sum over completed cases
  promised_days   integer NOT NULL DEFAULT 0,   -- sum over completed cases
  statutory_days  integer NOT NULL DEFAULT 0,   -- sum over completed cases
  supplemented    integer NOT NULL DEFAULT 0,   -- cases given their first supplement notice
  supplement_notices integer NOT NULL DEFAULT 0,
  suspensions     integer NOT NULL DEFAULT 0,
  extensions      integer NOT NULL DEFAULT 0,
  findings        integer NOT NULL DEFAULT 0,
  notices         integer NOT NULL DEFAULT 0,
  PRIMARY KEY (center_id, day, department_id, window_id, staff_id, slot)
);

-- The same counters per center, department and day only (no window, no staff member): what the
-- department figures, the board's trend and the hall screen read, so they sum days × departments
-- rows, not days × staff. Kept in the same statements as perf_daily; `slot` as above (by case).
CREATE TABLE perf_dept_daily (
  center_id       uuid NOT NULL REFERENCES centers (id),
  department_id   uuid NOT NULL REFERENCES departments (id),
  day             date NOT NULL,
  slot            smallint NOT NULL DEFAULT 0,
  received        integer NOT NULL DEFAULT 0,
  accepted        integer NOT NULL DEFAULT 0,
  refused         integer NOT NULL DEFAULT 0,
  completed       integer NOT NULL DEFAULT 0,
  on_time         integer NOT NULL DEFAULT 0,
  early           integer NOT NULL DEFAULT 0,
  overdue         integer NOT NULL DEFAULT 0,
  instant         integer NOT NULL DEFAULT 0,
  workdays_used   integer NOT NULL DEFAULT 0,
  promised_days   integer NOT NULL DEFAULT 0,
  statutory_days  integer NOT NULL DEFAULT 0,
  supplemented    integer NOT NULL DEFAULT 0,
  supplement_notices integer NOT NULL DEFAULT 0,
  suspensions     integer NOT NULL DEFAULT 0,
  extensions      integer NOT NULL DEFAULT 0,
  findings        integer NOT NULL DEFAULT 0,
  notices         integer NOT NULL DEFAULT 0,
  PRIMARY KEY (center_id, day, department_id, slot)
);

-- Scheduled verification of the audit chain (one instance at a time, advisory lock).
CREATE TABLE audit_checks (
  id          bigserial PRIMARY KEY,
  checked_at  timestamptz NOT NULL,
  ok          boolean NOT NULL,
  events      integer NOT NULL,
  streams     integer NOT NULL,
  broken      jsonb,                              -- { stream, seq, reason } of the first broken link
  duration_ms integer NOT NULL
);
CREATE INDEX audit_checks_time ON audit_checks (checked_at DESC);

-- The supervision board: open cases of a center by department and light, counted from the index.
CREATE INDEX cases_center_board ON cases (center_id, department_id, light) INCLUDE (suspended_since)
  WHERE status IN ('submitted', 'supplement_requested', 'accepted', 'in_review', 'decided', 'awaiting_payment', 'issuing', 'ready');
-- The hall screen: today's accepted and decided cases of a center.
CREATE INDEX cases_center_accepted ON cases (center_id, accepted_at DESC) WHERE accepted_at IS NOT NULL;
CREATE INDEX cases_center_decided ON cases (center_id, decided_at DESC) WHERE decided_at IS NOT NULL;
