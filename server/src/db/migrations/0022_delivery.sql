-- Delivery of results (送达, issue 11): the applicant's choice of how to receive the result, and each
-- handing-over of it (at the window, by post, through the self-pickup cabinet of seed 004 三(三)3).

-- The self-pickup cabinet is a third way a case is delivered.
ALTER TABLE cases DROP CONSTRAINT cases_delivery_method_check;
ALTER TABLE cases ADD CONSTRAINT cases_delivery_method_check CHECK (delivery_method IN ('pickup', 'post', 'cabinet'));

-- The applicant's current choice, one row per case (the history is in the case's audit stream).
CREATE TABLE case_delivery_choices (
  case_id         uuid PRIMARY KEY REFERENCES cases (id),
  method          text NOT NULL CHECK (method IN ('pickup', 'post', 'cabinet')),
  recipient_name  text,
  recipient_phone text,
  region_code     varchar(12) REFERENCES regions (code),
  address         text,
  chosen_by       uuid REFERENCES users (id),
  chosen_at       timestamptz NOT NULL,
  -- A post choice carries its whole address; the other methods none.
  CHECK ((method = 'post') = (recipient_name IS NOT NULL AND recipient_phone IS NOT NULL AND region_code IS NOT NULL AND address IS NOT NULL))
);

-- One handing-over of a case's result: a pickup at the window (delivered at once), a parcel (out until
-- signed for or returned), a cabinet locker (out until collected, or taken back to the window).
CREATE TABLE case_deliveries (
  id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id               uuid NOT NULL REFERENCES cases (id),
  center_id             uuid NOT NULL REFERENCES centers (id),
  method                text NOT NULL CHECK (method IN ('pickup', 'post', 'cabinet')),
  status                text NOT NULL CHECK (status IN ('out', 'delivered', 'returned')),
  -- pickup: how the holder was recognised, and who collected (the holder, or a proxy with a written authorisation)
  verified_by           text CHECK (verified_by IN ('query_code', 'identity')),
  collector             text CHECK (collector IN ('holder', 'proxy')),
  proxy_name            text,
  proxy_id_number       char(18),
  authorisation_file_id uuid REFERENCES files (id),
  -- post: the parcel, to the address the applicant chose (copied when dispatched)
  carrier               text,
  tracking_no           text,
  recipient_name        text,
  recipient_phone       text,
  region_code           varchar(12) REFERENCES regions (code),
  address               text,
  carrier_status        text CHECK (carrier_status IN ('dispatched', 'collected', 'in_transit', 'signed', 'returned')),
  carrier_events        jsonb NOT NULL DEFAULT '[]',
  signed_date           date,
  next_poll_at          timestamptz,
  poll_claimed_until    timestamptz,
  -- cabinet: the locker, the pickup code (its hash checks a code; the code itself is kept for the
  -- applicant's page only while the result is in the locker), wrong tries and the lock after too many
  cabinet_id            text,
  locker_no             text,
  code_hash             text,
  pickup_code           text,
  wrong_tries           integer NOT NULL DEFAULT 0 CHECK (wrong_tries >= 0),
  locked_at             timestamptz,
  hold_until_date       date,
  returned_reason       text,
  created_by            uuid REFERENCES users (id),
  created_at            timestamptz NOT NULL,
  ended_at              timestamptz,
  CHECK ((method = 'pickup') = (verified_by IS NOT NULL AND collector IS NOT NULL)),
  CHECK (collector IS DISTINCT FROM 'proxy' OR (proxy_name IS NOT NULL AND proxy_id_number IS NOT NULL AND authorisation_file_id IS NOT NULL)),
  CHECK ((method = 'post') = (carrier IS NOT NULL AND tracking_no IS NOT NULL AND address IS NOT NULL)),
  CHECK ((method = 'cabinet') = (cabinet_id IS NOT NULL AND locker_no IS NOT NULL AND code_hash IS NOT NULL AND hold_until_date IS NOT NULL)),
  CHECK (method = 'pickup' OR status <> 'delivered' OR ended_at IS NOT NULL)
);
-- At most one result out at a time per case: a parcel or a locker, never both, never two.
CREATE UNIQUE INDEX case_deliveries_one_out ON case_deliveries (case_id) WHERE status = 'out';
CREATE INDEX case_deliveries_by_case ON case_deliveries (case_id, created_at);
-- A tracking number names one parcel of its carrier.
CREATE UNIQUE INDEX case_deliveries_tracking ON case_deliveries (carrier, tracking_no) WHERE method = 'post';
-- A locker holds one result.
CREATE UNIQUE INDEX case_deliveries_locker ON case_deliveries (cabinet_id, locker_no) WHERE status = 'out' AND method = 'cabinet';
-- The carrier sweep: parcels out, by when they are next asked about.
CREATE INDEX case_deliveries_poll_due ON case_deliveries (next_poll_at) WHERE status = 'out' AND method = 'post';
-- The cabinet sweep: lockers not collected in time.
CREATE INDEX case_deliveries_cabinet_due ON case_deliveries (hold_until_date) WHERE status = 'out' AND method = 'cabinet';
-- The delivery window's list of its center's results out or back, newest first.
CREATE INDEX case_deliveries_center ON case_deliveries (center_id, status, created_at DESC);
