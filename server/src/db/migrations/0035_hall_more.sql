-- Issue 15, the hall, second part (docs/hall.md): the traffic-light thresholds of the waiting display,
-- appointment reminders (hours ahead, sent once), the reason a clerk cancelled an appointment, and
-- the indexes the hall's figures read on.

-- The waiting display's light: green up to `light_green_minutes` of estimated wait, amber up to
-- `light_amber_minutes`, red beyond. Reminders go `reminder_hours_ahead` hours before the slot.
ALTER TABLE hall_settings
  ADD COLUMN light_green_minutes  integer NOT NULL DEFAULT 15 CHECK (light_green_minutes BETWEEN 1 AND 600),
  ADD COLUMN light_amber_minutes  integer NOT NULL DEFAULT 30 CHECK (light_amber_minutes BETWEEN 1 AND 600),
  ADD COLUMN reminder_hours_ahead integer NOT NULL DEFAULT 24 CHECK (reminder_hours_ahead BETWEEN 1 AND 168),
  -- The key of the presence code the hall display shows (a ticket from the phone needs it: the person
  -- is in the hall). 32 bytes from the strong generator behind gen_random_uuid; never leaves the server.
  ADD COLUMN presence_key bytea NOT NULL DEFAULT (uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid())),
  ADD CONSTRAINT hall_settings_light_order CHECK (light_green_minutes < light_amber_minutes);

-- When the reminder was sent (null: not yet); a cancelled appointment's reason when staff cancelled it.
ALTER TABLE hall_appointments
  ADD COLUMN reminded_at   timestamptz,
  ADD COLUMN cancel_reason text,
  ADD COLUMN cancelled_by  uuid REFERENCES users (id);

-- The reminder sweep: booked appointments not yet reminded, by their time (claimed with SKIP LOCKED).
CREATE INDEX hall_appointments_to_remind ON hall_appointments (day, slot_start) WHERE status = 'booked' AND reminded_at IS NULL;
-- The figures: a center's tickets and appointments of a range of days; the staff's list of a day.
CREATE INDEX hall_tickets_by_center_day ON hall_tickets (center_id, day);
CREATE INDEX hall_appointments_by_center_day ON hall_appointments (center_id, day, slot_start, id);

-- A ticket taken on the person's phone in the hall (with the presence code the kiosk shows).
ALTER TABLE hall_tickets DROP CONSTRAINT hall_tickets_source_check,
  ADD CONSTRAINT hall_tickets_source_check CHECK (source IN ('kiosk', 'kiosk_id', 'appointment', 'clerk', 'phone'));
