-- Issue 17: government information disclosure (政府信息公开, docs/disclosure.md) and foreign applicants
-- (docs/portal.md, "Foreign applicants").

-- The disclosure point: what the center publishes of its own accord (主动公开), by category.
CREATE TABLE disclosure_publications (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  center_id      uuid NOT NULL REFERENCES centers (id),
  category       text NOT NULL CHECK (category IN ('regulations', 'plans', 'budgets', 'fees', 'major_projects', 'emergency_plans', 'licences')),
  title          text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  title_en       text CHECK (title_en IS NULL OR length(title_en) BETWEEN 1 AND 300),
  body           text NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
  body_en        text CHECK (body_en IS NULL OR length(body_en) <= 30000),
  doc_no         text CHECK (doc_no IS NULL OR length(doc_no) <= 100),
  -- The year the publication belongs to (a budget's, a plan's first year): searched on the portal.
  year           smallint NOT NULL CHECK (year BETWEEN 1949 AND 2200),
  status         text NOT NULL CHECK (status IN ('published', 'withdrawn')),
  published_at   timestamptz NOT NULL,
  published_by   uuid NOT NULL REFERENCES users (id),
  withdrawn_at   timestamptz,
  withdrawn_by   uuid REFERENCES users (id),
  withdraw_reason text CHECK (withdraw_reason IS NULL OR length(withdraw_reason) BETWEEN 1 AND 500),
  CHECK ((status = 'withdrawn') = (withdrawn_at IS NOT NULL))
);
-- The portal's lists: a center's published items, newest first, optionally of one category or one year.
CREATE INDEX disclosure_publications_by_center ON disclosure_publications (center_id, published_at DESC, id) WHERE status = 'published';
CREATE INDEX disclosure_publications_by_category ON disclosure_publications (center_id, category, year, published_at DESC, id) WHERE status = 'published';
CREATE INDEX disclosure_publications_staff ON disclosure_publications (center_id, published_at DESC, id);

-- Requests for disclosure (依申请公开, 政府信息公开条例 第二十七条 to 第三十三条).
CREATE SEQUENCE disclosure_request_no_seq;
CREATE TABLE disclosure_requests (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  request_no         text NOT NULL UNIQUE,
  center_id          uuid NOT NULL REFERENCES centers (id),
  requester_id       uuid NOT NULL REFERENCES users (id),
  description        text NOT NULL CHECK (length(description) BETWEEN 1 AND 2000),
  purpose            text CHECK (purpose IS NULL OR length(purpose) <= 500),
  delivery           text NOT NULL CHECK (delivery IN ('electronic', 'paper', 'post')),
  status             text NOT NULL CHECK (status IN ('received', 'extension_pending', 'correction_requested', 'replied', 'withdrawn')),
  -- The China date the request (or its correction) was received: the clock starts the next day.
  received_date      date NOT NULL,
  due_date           date,
  due_provisional    boolean NOT NULL DEFAULT false,
  extended           boolean NOT NULL DEFAULT false,
  extension_days     smallint CHECK (extension_days IS NULL OR extension_days BETWEEN 1 AND 20),
  extension_reason   text CHECK (extension_reason IS NULL OR length(extension_reason) BETWEEN 1 AND 500),
  extension_requested_by uuid REFERENCES users (id),
  extension_approved_by uuid REFERENCES users (id),
  correction_note    text CHECK (correction_note IS NULL OR length(correction_note) BETWEEN 1 AND 2000),
  reply_type         text CHECK (reply_type IN ('open', 'partial', 'refused', 'not_exist', 'not_ours', 'correction')),
  reply_text         text CHECK (reply_text IS NULL OR length(reply_text) <= 5000),
  reply_reason       text CHECK (reply_reason IS NULL OR length(reply_reason) <= 2000),
  replied_at         timestamptz,
  replied_date       date,
  replied_by         uuid REFERENCES users (id),
  created_at         timestamptz NOT NULL,
  updated_at         timestamptz NOT NULL,
  row_version        integer NOT NULL DEFAULT 1,
  -- A clock runs only while the request waits for the center (received or its extension awaiting the head).
  CHECK ((status IN ('received', 'extension_pending')) = (due_date IS NOT NULL)),
  CHECK (extended = (extension_approved_by IS NOT NULL))
);
CREATE INDEX disclosure_requests_by_center ON disclosure_requests (center_id, created_at DESC, id);
CREATE INDEX disclosure_requests_by_requester ON disclosure_requests (requester_id, created_at DESC, id);
-- Supervision's overdue list: open requests by due date.
CREATE INDEX disclosure_requests_due ON disclosure_requests (center_id, due_date, id) WHERE due_date IS NOT NULL;

CREATE TABLE disclosure_request_events (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  request_id  uuid NOT NULL REFERENCES disclosure_requests (id),
  action      text NOT NULL,
  from_status text,
  to_status   text,
  actor_id    uuid REFERENCES users (id),
  data        jsonb NOT NULL DEFAULT '{}',
  at          timestamptz NOT NULL
);
CREATE INDEX disclosure_request_events_by_request ON disclosure_request_events (request_id, id);

-- Foreign applicants: a person registered with a passport or a foreign permanent resident ID card
-- (外国人永久居留身份证) has no resident ID number; the document identifies the account instead.
ALTER TABLE users
  ADD COLUMN foreign_doc_kind   text CHECK (foreign_doc_kind IN ('passport', 'permanent_residence')),
  ADD COLUMN foreign_doc_number text UNIQUE CHECK (foreign_doc_number IS NULL OR foreign_doc_number ~ '^[A-Z0-9]{5,20}$'),
  ADD COLUMN nationality        char(3) CHECK (nationality IS NULL OR nationality ~ '^[A-Z]{3}$'),
  ADD CONSTRAINT users_foreign_doc_complete CHECK ((foreign_doc_kind IS NULL) = (foreign_doc_number IS NULL) AND (foreign_doc_kind IS NULL) = (nationality IS NULL)),
  ADD CONSTRAINT users_foreign_doc_person CHECK (foreign_doc_kind IS NULL OR (kind = 'person' AND id_number IS NULL));

-- 0001 required every person to hold a resident ID number; a foreign person holds a document instead.
DO $$
DECLARE c text;
BEGIN
  SELECT conname INTO c FROM pg_constraint
   WHERE conrelid = 'users'::regclass AND contype = 'c'
     AND pg_get_constraintdef(oid) = 'CHECK (((kind = ''person''::text) = (id_number IS NOT NULL)))';
  IF c IS NULL THEN RAISE EXCEPTION 'users: the person/id_number check of 0001 was not found'; END IF;
  EXECUTE format('ALTER TABLE users DROP CONSTRAINT %I', c);
END $$;
ALTER TABLE users ADD CONSTRAINT users_person_identified
  CHECK ((kind = 'person') = (id_number IS NOT NULL OR foreign_doc_number IS NOT NULL));
