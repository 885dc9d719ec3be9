-- Issue 17, single sign-on (docs/sso.md): OneWindow as an OpenID Connect provider (oidc-provider).

-- The systems the center's manager registered as relying parties. The secret is kept only as its
-- SHA-256 (shown once at registration); a public client (PKCE only) has none. Revoked rows stay
-- for the audit trail and are never found by the provider again.
CREATE TABLE oidc_clients (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id      text NOT NULL UNIQUE,
  center_id      uuid NOT NULL REFERENCES centers (id),
  name           text NOT NULL,
  secret_hash    text,
  redirect_uris  text[] NOT NULL,
  scopes         text[] NOT NULL,
  created_by     uuid NOT NULL REFERENCES users (id),
  created_at     timestamptz NOT NULL,
  revoked_at     timestamptz,
  revoked_by     uuid REFERENCES users (id),
  CHECK (cardinality(redirect_uris) >= 1)
);
CREATE INDEX oidc_clients_center ON oidc_clients (center_id, created_at DESC, id);

-- oidc-provider's artefacts (sessions, interactions, grants, codes, tokens), one row per model and id,
-- so every instance sees the same state and a restart keeps sessions.
CREATE TABLE oidc_payloads (
  model        text NOT NULL,
  id           text NOT NULL,
  payload      jsonb NOT NULL,
  grant_id     text,
  user_code    text,
  uid          text,
  expires_at   timestamptz,
  consumed_at  timestamptz,
  PRIMARY KEY (model, id)
);
CREATE INDEX oidc_payloads_grant ON oidc_payloads (grant_id) WHERE grant_id IS NOT NULL;
CREATE INDEX oidc_payloads_uid ON oidc_payloads (uid) WHERE uid IS NOT NULL;
CREATE INDEX oidc_payloads_user_code ON oidc_payloads (user_code) WHERE user_code IS NOT NULL;
CREATE INDEX oidc_payloads_expires ON oidc_payloads (expires_at) WHERE expires_at IS NOT NULL;

-- The provider's signing keys: the private JWK encrypted with a key derived from SEAL_KEY_FILE (never
-- in the clear here), the public JWK beside it. The newest unretired key signs; a retired key stays
-- published in the JWKS until every token it signed has expired.
CREATE TABLE oidc_signing_keys (
  kid          text PRIMARY KEY,
  alg          text NOT NULL,
  private_jwk  text NOT NULL,
  public_jwk   jsonb NOT NULL,
  created_at   timestamptz NOT NULL,
  retired_at   timestamptz
);
CREATE UNIQUE INDEX oidc_signing_keys_one_active ON oidc_signing_keys ((true)) WHERE retired_at IS NULL;
