-- Issue 15, the hall: service zones and their windows, opening hours, kiosks, tickets, appointments
-- and the counters that keep ticket numbers gap-free and bookings within capacity (docs/hall.md).

-- A center's hall rules: booking window, no-show restriction, the age that counts as elderly.
CREATE TABLE hall_settings (
  center_id             uuid PRIMARY KEY REFERENCES centers (id),
  booking_min_days      integer NOT NULL DEFAULT 1 CHECK (booking_min_days BETWEEN 0 AND 365),
  booking_max_days      integer NOT NULL DEFAULT 14 CHECK (booking_max_days BETWEEN 0 AND 365),
  noshow_limit          integer NOT NULL DEFAULT 3 CHECK (noshow_limit >= 1),
  noshow_window_days    integer NOT NULL DEFAULT 90 CHECK (noshow_window_days >= 1),
  noshow_restrict_days  integer NOT NULL DEFAULT 30 CHECK (noshow_restrict_days >= 0),
  elderly_age           integer NOT NULL DEFAULT 70 CHECK (elderly_age BETWEEN 50 AND 120),
  checkin_early_minutes integer NOT NULL DEFAULT 30 CHECK (checkin_early_minutes BETWEEN 0 AND 240),
  updated_at            timestamptz NOT NULL,
  CHECK (booking_min_days <= booking_max_days)
);

-- Opening hours per weekday (1 = Monday … 7 = Sunday); a weekday without a row is closed unless the
-- calendar makes it a working day (a make-up workday takes Monday's hours). Public holidays close.
CREATE TABLE hall_hours (
  center_id      uuid NOT NULL REFERENCES centers (id),
  weekday        smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  opens          time NOT NULL,
  closes         time NOT NULL,
  extended_until time,
  PRIMARY KEY (center_id, weekday),
  CHECK (opens < closes),
  CHECK (extended_until IS NULL OR extended_until > closes)
);

CREATE TABLE hall_zones (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  center_id        uuid NOT NULL REFERENCES centers (id),
  prefix           char(1) NOT NULL CHECK (prefix ~ '^[A-Z]$'),
  business         text NOT NULL CHECK (business IN ('enterprise', 'construction', 'investment', 'social', 'livelihood', 'general')),
  name             text NOT NULL,
  name_en          text NOT NULL,
  active           boolean NOT NULL DEFAULT true,
  slot_minutes     integer NOT NULL DEFAULT 30 CHECK (slot_minutes BETWEEN 5 AND 240),
  slot_capacity    integer NOT NULL DEFAULT 4 CHECK (slot_capacity BETWEEN 0 AND 10000),
  day_capacity     integer NOT NULL DEFAULT 60 CHECK (day_capacity BETWEEN 0 AND 100000),
  service_seconds  integer NOT NULL DEFAULT 600 CHECK (service_seconds BETWEEN 30 AND 14400),
  updated_at       timestamptz NOT NULL,
  UNIQUE (center_id, prefix)
);

-- Which windows serve which zone (a window may serve several).
CREATE TABLE hall_zone_windows (
  zone_id   uuid NOT NULL REFERENCES hall_zones (id) ON DELETE CASCADE,
  window_id uuid NOT NULL REFERENCES windows (id),
  PRIMARY KEY (zone_id, window_id)
);
CREATE INDEX hall_zone_windows_by_window ON hall_zone_windows (window_id);

-- Whether a window is open (staffed and calling): the waiting-time estimate divides by these.
CREATE TABLE hall_window_status (
  window_id  uuid PRIMARY KEY REFERENCES windows (id),
  center_id  uuid NOT NULL REFERENCES centers (id),
  open       boolean NOT NULL,
  clerk_id   uuid REFERENCES users (id),
  changed_at timestamptz NOT NULL
);

-- Priority rules as data: the weight each reason gives; a ticket takes the largest that applies.
CREATE TABLE hall_priority_rules (
  center_id uuid NOT NULL REFERENCES centers (id),
  reason    text NOT NULL CHECK (reason IN ('appointment', 'elderly', 'disabled', 'green_channel')),
  weight    integer NOT NULL CHECK (weight BETWEEN 0 AND 1000),
  PRIMARY KEY (center_id, reason)
);

-- Kiosks (touch screens) known by a token; only the token's SHA-256 is kept.
CREATE TABLE hall_kiosks (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  center_id  uuid NOT NULL REFERENCES centers (id),
  name       text NOT NULL,
  token_hash bytea NOT NULL UNIQUE,
  active     boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL
);

-- The last ticket number given per zone and day: incremented in the issuing transaction, so the
-- numbers are gap-free (a rolled-back issue returns its number) and never given twice.
CREATE TABLE hall_ticket_counters (
  zone_id uuid NOT NULL REFERENCES hall_zones (id),
  day     date NOT NULL,
  last    integer NOT NULL CHECK (last >= 0),
  PRIMARY KEY (zone_id, day)
);

-- Booked appointments per slot and per zone-day: the CHECK refuses any update past capacity, so no
-- number of concurrent bookings can exceed it.
CREATE TABLE hall_slot_counts (
  zone_id    uuid NOT NULL REFERENCES hall_zones (id),
  day        date NOT NULL,
  slot_start time NOT NULL,
  capacity   integer NOT NULL CHECK (capacity >= 0),
  booked     integer NOT NULL DEFAULT 0 CHECK (booked >= 0 AND booked <= capacity),
  PRIMARY KEY (zone_id, day, slot_start)
);
CREATE TABLE hall_day_counts (
  zone_id  uuid NOT NULL REFERENCES hall_zones (id),
  day      date NOT NULL,
  capacity integer NOT NULL CHECK (capacity >= 0),
  booked   integer NOT NULL DEFAULT 0 CHECK (booked >= 0 AND booked <= capacity),
  PRIMARY KEY (zone_id, day)
);

CREATE TABLE hall_appointments (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  center_id    uuid NOT NULL REFERENCES centers (id),
  zone_id      uuid NOT NULL REFERENCES hall_zones (id),
  person_id    uuid NOT NULL REFERENCES users (id),
  day          date NOT NULL,
  slot_start   time NOT NULL,
  slot_end     time NOT NULL,
  status       text NOT NULL CHECK (status IN ('booked', 'checked_in', 'cancelled', 'no_show')),
  green_channel boolean NOT NULL DEFAULT false,
  created_at   timestamptz NOT NULL,
  updated_at   timestamptz NOT NULL
);
-- One active booking per person, zone and day: a double click meets this index.
CREATE UNIQUE INDEX hall_appointments_one_active ON hall_appointments (person_id, zone_id, day) WHERE status IN ('booked', 'checked_in');
CREATE INDEX hall_appointments_by_person ON hall_appointments (person_id, day DESC, id);
CREATE INDEX hall_appointments_noshows ON hall_appointments (person_id, day) WHERE status = 'no_show';
-- The sweep that marks missed appointments.
CREATE INDEX hall_appointments_booked_by_day ON hall_appointments (day, slot_end) WHERE status = 'booked';

-- The order of arrival in the queues: taken at issue and again when a skipped ticket is put back.
CREATE SEQUENCE hall_queue_pos;

CREATE TABLE hall_tickets (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  center_id        uuid NOT NULL REFERENCES centers (id),
  zone_id          uuid NOT NULL REFERENCES hall_zones (id),
  day              date NOT NULL,
  seq              integer NOT NULL CHECK (seq > 0),
  number           text NOT NULL,
  source           text NOT NULL CHECK (source IN ('kiosk', 'kiosk_id', 'appointment', 'clerk')),
  person_id        uuid REFERENCES users (id),
  id_number        char(18),
  appointment_id   uuid REFERENCES hall_appointments (id),
  priority         integer NOT NULL DEFAULT 0,
  priority_reasons text[] NOT NULL DEFAULT '{}',
  -- An appointment's weight counts only from its time; before, the ticket has base_priority
  -- (its other reasons, or none: it waits as a walk-in).
  priority_from    timestamptz,
  base_priority    integer NOT NULL DEFAULT 0,
  status           text NOT NULL CHECK (status IN ('waiting', 'called', 'done', 'no_show', 'cancelled')),
  -- Arrival in the queue: issue time, or the time a skipped ticket was put back; queue_pos orders it.
  queued_at        timestamptz NOT NULL,
  queue_pos        bigint NOT NULL DEFAULT nextval('hall_queue_pos'),
  target_window_id uuid REFERENCES windows (id),
  window_id        uuid REFERENCES windows (id),
  clerk_id         uuid REFERENCES users (id),
  issued_at        timestamptz NOT NULL,
  first_called_at  timestamptz,
  called_at        timestamptz,
  call_count       integer NOT NULL DEFAULT 0,
  skip_count       integer NOT NULL DEFAULT 0,
  finished_at      timestamptz,
  case_id          uuid REFERENCES cases (id),
  UNIQUE (zone_id, day, seq)
);
-- The queue: what call-next reads, in its order.
CREATE INDEX hall_tickets_queue ON hall_tickets (zone_id, day, priority DESC, queue_pos) WHERE status = 'waiting';
-- One active ticket per person per zone and day (by account or by ID number).
CREATE UNIQUE INDEX hall_tickets_one_active_person ON hall_tickets (zone_id, day, person_id) WHERE status IN ('waiting', 'called') AND person_id IS NOT NULL;
CREATE UNIQUE INDEX hall_tickets_one_active_id ON hall_tickets (zone_id, day, id_number) WHERE status IN ('waiting', 'called') AND id_number IS NOT NULL;
-- One ticket at a time at a window.
CREATE UNIQUE INDEX hall_tickets_one_called_per_window ON hall_tickets (window_id) WHERE status = 'called';
CREATE INDEX hall_tickets_calls ON hall_tickets (center_id, called_at DESC) WHERE called_at IS NOT NULL;
CREATE INDEX hall_tickets_by_person ON hall_tickets (person_id, issued_at DESC) WHERE person_id IS NOT NULL;
CREATE INDEX hall_tickets_done ON hall_tickets (zone_id, finished_at DESC) WHERE status = 'done';
CREATE UNIQUE INDEX hall_tickets_by_appointment ON hall_tickets (appointment_id) WHERE appointment_id IS NOT NULL;
