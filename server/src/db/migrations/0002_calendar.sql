-- Working-day calendar (docs/calendar.md): the official national schedules, local changes per
-- region, and a version per region that every change bumps so caches on every instance notice.
--
-- 'CN' stands for the national calendar; any other region is a row of `regions`. The generated
-- column region_ref (NULL for 'CN') carries the foreign key, so a local day names a real region.

-- One row per loaded official schedule (国务院办公厅关于部分节假日安排的通知): the year's holidays
-- and make-up workdays are the calendar_days rows with that schedule_year.
CREATE TABLE calendar_schedules (
  year           smallint PRIMARY KEY CHECK (year BETWEEN 2000 AND 2199),
  notice         text NOT NULL,
  content_sha256 char(64) NOT NULL,
  loaded_at      timestamptz NOT NULL,
  loaded_by      uuid REFERENCES users (id)
);

-- The exceptions to "Monday to Friday work": holidays (on any day) and working days (on a weekend).
CREATE TABLE calendar_days (
  region        varchar(12) NOT NULL CHECK (region = 'CN' OR region ~ '^[0-9]{6,12}$'),
  region_ref    varchar(12) GENERATED ALWAYS AS (NULLIF(region, 'CN')) STORED REFERENCES regions (code),
  day           date NOT NULL,
  kind          text NOT NULL CHECK (kind IN ('holiday', 'workday')),
  name          text NOT NULL,
  name_en       text,
  schedule_year smallint REFERENCES calendar_schedules (year) ON DELETE CASCADE,
  created_at    timestamptz NOT NULL,
  created_by    uuid REFERENCES users (id),
  PRIMARY KEY (region, day),
  -- National days come only from an official schedule; local days never do.
  CHECK ((region = 'CN') = (schedule_year IS NOT NULL))
);
CREATE INDEX calendar_days_schedule ON calendar_days (schedule_year) WHERE schedule_year IS NOT NULL;

-- Bumped in the transaction of every change; `token` is new on every bump, so a cache keyed by it
-- can never mistake the data of a rolled-back change for a later one with the same number.
CREATE TABLE calendar_versions (
  region     varchar(12) PRIMARY KEY CHECK (region = 'CN' OR region ~ '^[0-9]{6,12}$'),
  region_ref varchar(12) GENERATED ALWAYS AS (NULLIF(region, 'CN')) STORED REFERENCES regions (code),
  version    bigint NOT NULL,
  token      uuid NOT NULL,
  changed_at timestamptz NOT NULL
);
