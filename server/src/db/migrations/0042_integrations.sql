-- Issue 17, open interfaces (docs/open-api.md): consuming systems (对接系统) registered by a center's
-- manager, their API keys (only a hash kept), per-key request windows for the rate limit, event
-- subscriptions, and the outbox of CloudEvents to deliver, written in the case's transaction.

CREATE TABLE api_clients (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  center_id   uuid NOT NULL REFERENCES centers (id),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  contact     text NOT NULL DEFAULT '' CHECK (length(contact) <= 200),
  created_by  uuid NOT NULL REFERENCES users (id),
  created_at  timestamptz NOT NULL,
  revoked_at  timestamptz,
  revoked_by  uuid REFERENCES users (id)
);
CREATE INDEX api_clients_center ON api_clients (center_id, created_at DESC, id);

-- A key is `owk_<key_id>_<secret>`; key_id (public, 16 hex) finds the row, sha256 of the whole key is compared.
CREATE TABLE api_keys (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id       uuid NOT NULL REFERENCES api_clients (id),
  key_id          text NOT NULL UNIQUE CHECK (key_id ~ '^[0-9a-f]{16}$'),
  key_hash        bytea NOT NULL CHECK (length(key_hash) = 32),
  scopes          text[] NOT NULL CHECK (cardinality(scopes) >= 1 AND scopes <@ ARRAY['catalog:read', 'guides:read', 'progress:read', 'events:subscribe']::text[]),
  rate_per_minute integer NOT NULL CHECK (rate_per_minute BETWEEN 1 AND 100000),
  created_by      uuid NOT NULL REFERENCES users (id),
  created_at      timestamptz NOT NULL,
  revoked_at      timestamptz,
  revoked_by      uuid REFERENCES users (id),
  last_used_at    timestamptz
);
CREATE INDEX api_keys_client ON api_keys (client_id, created_at DESC, id);

-- The rate limit's fixed window per key, shared by every instance (one row per key, upserted per request).
CREATE TABLE api_key_windows (
  key_id       uuid PRIMARY KEY REFERENCES api_keys (id),
  window_start timestamptz NOT NULL,
  count        integer NOT NULL
);

CREATE TABLE event_subscriptions (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id   uuid NOT NULL REFERENCES api_clients (id),
  center_id   uuid NOT NULL REFERENCES centers (id),
  url         text NOT NULL CHECK (length(url) <= 2000),
  event_types text[] NOT NULL CHECK (cardinality(event_types) >= 1),
  -- The HMAC-SHA256 signing secret: shown once to the manager, kept here because every delivery is signed with it.
  secret      text NOT NULL,
  created_by  uuid NOT NULL REFERENCES users (id),
  created_at  timestamptz NOT NULL,
  revoked_at  timestamptz
);
-- The case's transaction looks up the live subscriptions of the case's center.
CREATE INDEX event_subscriptions_center ON event_subscriptions (center_id) WHERE revoked_at IS NULL;
CREATE INDEX event_subscriptions_client ON event_subscriptions (client_id, created_at DESC, id);

-- One row per (subscription, case event). Delivered in id order per (subscription, case): a row is
-- taken only when no earlier row of its stream is still pending. Never given up on (retried with a
-- capped backoff) so nothing is lost; delivered rows stay as the delivery log.
CREATE TABLE event_deliveries (
  id              bigserial PRIMARY KEY,
  subscription_id uuid NOT NULL REFERENCES event_subscriptions (id),
  case_id         uuid NOT NULL REFERENCES cases (id),
  event_id        uuid NOT NULL,
  event_type      text NOT NULL,
  body            jsonb NOT NULL,
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered')),
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  last_status     integer,
  last_error      text,
  created_at      timestamptz NOT NULL,
  delivered_at    timestamptz,
  UNIQUE (subscription_id, event_id)
);
CREATE INDEX event_deliveries_due ON event_deliveries (next_attempt_at, id) WHERE status = 'pending';
CREATE INDEX event_deliveries_stream ON event_deliveries (subscription_id, case_id, id) WHERE status = 'pending';
CREATE INDEX event_deliveries_log ON event_deliveries (subscription_id, id DESC);
