-- Issue 11, reconciliation (对账、核销): a channel's daily statement files and their lines, the
-- reconciliation day of a center, channel and China date, its totals, and the anomalies a run
-- finds between notices, payments and statement lines. Amounts in fen. docs/fees.md "Reconciliation".

-- One reconciliation day per center, channel and China date: the statement it runs on, the last
-- run's figures, and whether it is locked (a locked day refuses new imports and resolutions).
CREATE TABLE reconciliation_days (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  center_id       uuid NOT NULL REFERENCES centers (id),
  channel         text NOT NULL,
  day             date NOT NULL,
  status          text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'locked')),
  import_id       uuid,                        -- the current statement (the latest import of the day)
  runs            integer NOT NULL DEFAULT 0,
  last_run_at     timestamptz,
  statement_lines integer NOT NULL DEFAULT 0,
  statement_fen   bigint NOT NULL DEFAULT 0,
  paid_count      integer NOT NULL DEFAULT 0,  -- payments we recorded for the day
  paid_fen        bigint NOT NULL DEFAULT 0,
  matched_count   integer NOT NULL DEFAULT 0,  -- lines matched three ways
  matched_fen     bigint NOT NULL DEFAULT 0,
  open_anomalies  integer NOT NULL DEFAULT 0,
  locked_by       uuid REFERENCES users (id),
  locked_at       timestamptz,
  created_at      timestamptz NOT NULL,
  row_version     integer NOT NULL DEFAULT 0,
  UNIQUE (center_id, channel, day),
  CHECK (status <> 'locked' OR (locked_at IS NOT NULL AND last_run_at IS NOT NULL))
);
-- The console's list of days and the figures per day: a center's days, newest first.
CREATE INDEX reconciliation_days_center ON reconciliation_days (center_id, day DESC, channel);

-- A statement file as imported: the file itself is kept by the files module; the same bytes for
-- the same center, channel and day are one import (a second upload answers the first).
CREATE TABLE statement_imports (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  day_id       uuid NOT NULL REFERENCES reconciliation_days (id),
  center_id    uuid NOT NULL REFERENCES centers (id),
  channel      text NOT NULL,
  day          date NOT NULL,
  file_id      uuid NOT NULL REFERENCES files (id),
  sha256       char(64) NOT NULL,
  line_count   integer NOT NULL CHECK (line_count >= 0),
  total_fen    bigint NOT NULL CHECK (total_fen >= 0),
  source       text NOT NULL CHECK (source IN ('upload', 'fetch')),
  imported_by  uuid REFERENCES users (id),     -- null: fetched from the channel by the job
  imported_at  timestamptz NOT NULL,
  UNIQUE (center_id, channel, day, sha256)
);
CREATE INDEX statement_imports_day ON statement_imports (day_id, imported_at DESC, id);
ALTER TABLE reconciliation_days ADD FOREIGN KEY (import_id) REFERENCES statement_imports (id);

-- The lines of an imported statement, loaded in bulk. `duplicate_of` is the line number of the
-- first line with the same channel transaction (a line the bank listed twice).
CREATE TABLE statement_lines (
  import_id      uuid NOT NULL REFERENCES statement_imports (id),
  line_no        integer NOT NULL,
  channel_txn_id text NOT NULL,
  notice_no      text NOT NULL,
  amount_fen     bigint NOT NULL CHECK (amount_fen > 0),
  paid_at        timestamptz NOT NULL,
  duplicate_of   integer,
  PRIMARY KEY (import_id, line_no)
);

-- Totals of the day's last run per fiscal account and department (collected = payments recorded).
CREATE TABLE reconciliation_totals (
  day_id            uuid NOT NULL REFERENCES reconciliation_days (id),
  fiscal_account_id uuid NOT NULL REFERENCES fiscal_accounts (id),
  department_id     uuid NOT NULL REFERENCES departments (id),
  paid_count        integer NOT NULL,
  paid_fen          bigint NOT NULL,
  matched_count     integer NOT NULL,
  matched_fen       bigint NOT NULL,
  PRIMARY KEY (day_id, fiscal_account_id, department_id)
);

-- What a run found wrong. `key` identifies the anomaly across runs (a channel transaction, or a
-- transaction and its copy), so a second run finds the same row instead of a new one; an open
-- anomaly a later run no longer finds is cleared by that run.
CREATE TABLE reconciliation_anomalies (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  day_id         uuid NOT NULL REFERENCES reconciliation_days (id),
  center_id      uuid NOT NULL REFERENCES centers (id),
  kind           text NOT NULL CHECK (kind IN ('missing_in_statement', 'missing_payment', 'amount_mismatch', 'duplicate_line', 'duplicate_payment', 'unknown_code')),
  key            text NOT NULL,
  channel_txn_id text NOT NULL,
  notice_no      text,
  notice_id      uuid REFERENCES payment_notices (id),
  payment_id     uuid REFERENCES payments (id),
  line_no        integer,
  expected_fen   bigint,                      -- what the notice or our payment says
  actual_fen     bigint,                      -- what the statement says
  line_paid_at   timestamptz,
  status         text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved', 'cleared')),
  outcome        text CHECK (outcome IN ('record_payment', 'write_off', 'refer_to_channel', 'refund')),
  reason         text,
  resolved_by    uuid REFERENCES users (id),
  resolved_at    timestamptz,
  found_at       timestamptz NOT NULL,
  last_seen_run  integer NOT NULL,
  row_version    integer NOT NULL DEFAULT 0,
  UNIQUE (day_id, kind, key),
  CHECK (status <> 'resolved' OR (outcome IS NOT NULL AND reason IS NOT NULL AND resolved_at IS NOT NULL))
);
-- The console's anomaly lists: a center's open ones, and a day's.
CREATE INDEX reconciliation_anomalies_center ON reconciliation_anomalies (center_id, status, found_at DESC, id);
CREATE INDEX reconciliation_anomalies_day ON reconciliation_anomalies (day_id, status, kind, id);
