-- Issue 17, single sign-on (docs/sso.md "Back-channel logout"): the logout tokens are sent by a job
-- (graphile-worker, retried with backoff), no longer while the sign-out waits. Each delivery attempt
-- is recorded here, so the center's manager sees which relying party failed, when, and why.
CREATE TABLE oidc_backchannel_attempts (
  id          bigserial PRIMARY KEY,
  client_id   text NOT NULL REFERENCES oidc_clients (client_id),
  sid         text NOT NULL,
  attempt     integer NOT NULL CHECK (attempt >= 1),
  outcome     text NOT NULL CHECK (outcome IN ('delivered', 'failed', 'skipped')),
  error       text CHECK (error IS NULL OR length(error) <= 1000),
  at          timestamptz NOT NULL
);
CREATE INDEX oidc_backchannel_attempts_client ON oidc_backchannel_attempts (client_id, at DESC, id DESC);
CREATE INDEX oidc_backchannel_attempts_at ON oidc_backchannel_attempts (at);
