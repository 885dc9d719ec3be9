-- Foundation: organisation tree, accounts and sessions, files, the service-item catalog, audit events.

CREATE TABLE regions (
  code        varchar(12) PRIMARY KEY,            -- GB/T 2260 (6 digits) or statistical code below county
  name        text NOT NULL,
  name_en     text,
  level       text NOT NULL CHECK (level IN ('province', 'city', 'county', 'township', 'village')),
  parent_code varchar(12) REFERENCES regions (code)
);
CREATE INDEX regions_parent ON regions (parent_code);

CREATE TABLE centers (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  region_code varchar(12) NOT NULL REFERENCES regions (code),
  name        text NOT NULL,
  name_en     text,
  address     text NOT NULL DEFAULT '',
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (region_code, name)
);

CREATE TABLE departments (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  center_id   uuid NOT NULL REFERENCES centers (id),
  name        text NOT NULL,
  name_en     text,
  credit_code char(18) NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (center_id, name)
);

CREATE TABLE windows (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  center_id     uuid NOT NULL REFERENCES centers (id),
  name          text NOT NULL,
  name_en       text,
  kind          text NOT NULL CHECK (kind IN ('intake', 'delivery', 'department', 'proxy')),
  department_id uuid REFERENCES departments (id),
  created_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (center_id, name)
);

CREATE TABLE users (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind                 text NOT NULL CHECK (kind IN ('person', 'enterprise', 'staff')),
  name                 text NOT NULL,
  id_number            char(18) UNIQUE,
  credit_code          char(18) UNIQUE,
  legal_representative text,
  phone                text,
  username             text UNIQUE,
  password_hash        text NOT NULL,
  roles                text[] NOT NULL DEFAULT '{}',
  center_id            uuid REFERENCES centers (id),
  department_id        uuid REFERENCES departments (id),
  window_id            uuid REFERENCES windows (id),
  failed_logins        integer NOT NULL DEFAULT 0,
  locked_until         timestamptz,
  created_at           timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'person') = (id_number IS NOT NULL)),
  CHECK ((kind = 'enterprise') = (credit_code IS NOT NULL)),
  CHECK ((kind = 'staff') = (username IS NOT NULL AND center_id IS NOT NULL))
);
CREATE INDEX users_staff_by_center ON users (center_id, username) WHERE kind = 'staff';

CREATE TABLE sessions (
  token_hash  bytea PRIMARY KEY,                  -- SHA-256 of the cookie value; the value itself is never stored
  user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token  text NOT NULL,
  created_at  timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expiry ON sessions (expires_at);

CREATE TABLE files (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  sha256      char(64) NOT NULL,
  name        text NOT NULL,
  mime        text NOT NULL,
  size        bigint NOT NULL CHECK (size >= 0),
  storage_key text NOT NULL,
  public      boolean NOT NULL DEFAULT false,     -- templates and samples of the catalog are public
  center_id   uuid REFERENCES centers (id),
  uploaded_by uuid REFERENCES users (id),
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE items (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  center_id            uuid NOT NULL REFERENCES centers (id),
  department_id        uuid NOT NULL REFERENCES departments (id),
  type                 char(2) NOT NULL,
  level                text NOT NULL,
  code_region          char(2) NOT NULL,
  code_main            char(5) NOT NULL,
  code_sub             char(3) NOT NULL,
  basic_code           char(12) NOT NULL,
  implementation_code  char(31) NOT NULL,
  hall_status          text NOT NULL DEFAULT 'draft' CHECK (hall_status IN ('draft', 'in_hall', 'removed')),
  latest_version       integer NOT NULL DEFAULT 0,  -- newest published version, 0 = none yet
  draft_version        integer,                     -- the open draft, if any
  -- Copied from the newest published version (or the first draft) so lists and search need no join.
  name                 text NOT NULL,
  name_en              text,
  audiences            text[] NOT NULL DEFAULT '{}',
  themes               text[] NOT NULL DEFAULT '{}',
  life_events          text[] NOT NULL DEFAULT '{}',
  processing_mode      text NOT NULL,
  promised_limit_days  integer NOT NULL,
  statutory_limit_days integer NOT NULL,
  online               boolean NOT NULL,
  visits               integer NOT NULL,
  search_doc           tsvector NOT NULL DEFAULT ''::tsvector,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  UNIQUE (center_id, implementation_code)
);
CREATE INDEX items_search ON items USING gin (search_doc) WHERE hall_status = 'in_hall';
CREATE INDEX items_public_by_name ON items (name, id) WHERE hall_status = 'in_hall';
CREATE INDEX items_public_by_department ON items (department_id, name, id) WHERE hall_status = 'in_hall';
CREATE INDEX items_themes ON items USING gin (themes) WHERE hall_status = 'in_hall';
CREATE INDEX items_life_events ON items USING gin (life_events) WHERE hall_status = 'in_hall';
CREATE INDEX items_by_center ON items (center_id, updated_at DESC, id);

CREATE TABLE item_versions (
  item_id      uuid NOT NULL REFERENCES items (id),
  version      integer NOT NULL CHECK (version > 0),
  status       text NOT NULL CHECK (status IN ('draft', 'published')),
  content      jsonb NOT NULL,
  valid_from   date,
  published_at timestamptz,
  published_by uuid REFERENCES users (id),
  created_by   uuid REFERENCES users (id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (item_id, version),
  CHECK ((status = 'published') = (valid_from IS NOT NULL AND published_at IS NOT NULL))
);
CREATE INDEX item_versions_valid ON item_versions (item_id, valid_from DESC) WHERE status = 'published';

-- A published version is the legal text a case was accepted under: no code path may change it.
CREATE FUNCTION forbid_published_version_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'published' THEN
    RAISE EXCEPTION 'published item version % of % is immutable', OLD.version, OLD.item_id
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
CREATE TRIGGER item_versions_immutable BEFORE UPDATE OR DELETE ON item_versions
  FOR EACH ROW EXECUTE FUNCTION forbid_published_version_change();

CREATE TABLE item_requests (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  item_id         uuid NOT NULL REFERENCES items (id),
  center_id       uuid NOT NULL REFERENCES centers (id),
  kind            text NOT NULL CHECK (kind IN ('admission', 'removal')),
  reason          text NOT NULL,
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
  requested_by    uuid NOT NULL REFERENCES users (id),
  created_at      timestamptz NOT NULL,
  decided_by      uuid REFERENCES users (id),
  decision_reason text,
  decided_at      timestamptz
);
CREATE UNIQUE INDEX item_requests_one_pending ON item_requests (item_id) WHERE status = 'pending';
CREATE INDEX item_requests_queue ON item_requests (center_id, status, created_at DESC, id);
CREATE INDEX item_requests_by_item ON item_requests (item_id, created_at);

-- Append-only audit trail, hash-chained per stream (one stream per item, case, account …) so that
-- concurrent writers on different streams never wait on one another.
CREATE TABLE audit_events (
  id        bigserial PRIMARY KEY,
  stream    text NOT NULL,
  seq       integer NOT NULL,
  at        timestamptz NOT NULL,
  actor_id  uuid,
  action    text NOT NULL,
  data      jsonb NOT NULL DEFAULT '{}',
  prev_hash char(64),
  hash      char(64) NOT NULL,
  UNIQUE (stream, seq)
);
CREATE INDEX audit_events_at ON audit_events (at, id);

CREATE FUNCTION forbid_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit events are append-only' USING ERRCODE = 'integrity_constraint_violation';
END $$;
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION forbid_audit_change();
