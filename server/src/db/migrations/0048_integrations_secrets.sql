-- Issue 17, follow-up (docs/open-api.md "Signing secrets at rest", docs/sso.md "Back-channel logout").
-- 1. A subscription's HMAC signing secret is kept encrypted (AES-256-GCM under a key derived from
--    SEAL_KEY_FILE, which SQL cannot read): `secret_enc` holds the record and `secret` (clear, 0042)
--    becomes NULL. The rows written before this migration are encrypted by the platform right after
--    migrating, at every start, until none is left in clear (integrations/secret-box.ts,
--    encryptClearSecrets): this file only makes room for it.
-- 2. A subscription can be paused: events keep being written to its outbox and are delivered, in
--    order, once it is resumed.
-- 3. An SSO client may register an OpenID Connect back-channel logout URI.
ALTER TABLE event_subscriptions ADD COLUMN secret_enc text;
ALTER TABLE event_subscriptions ALTER COLUMN secret DROP NOT NULL;
ALTER TABLE event_subscriptions ADD CONSTRAINT event_subscriptions_secret_kept CHECK (secret IS NOT NULL OR secret_enc IS NOT NULL);
ALTER TABLE event_subscriptions ADD COLUMN paused_at timestamptz;
-- The start-up pass finds the rows still in clear without reading the table.
CREATE INDEX event_subscriptions_clear_secret ON event_subscriptions (id) WHERE secret IS NOT NULL;

ALTER TABLE oidc_clients ADD COLUMN backchannel_logout_uri text CHECK (backchannel_logout_uri IS NULL OR length(backchannel_logout_uri) <= 2000);
