-- Sign-in lock-out per account AND client address (docs/security.md, "Sign-in"): one row per pair,
-- so an attacker's failures from their address lock only that address out of the account, not the
-- owner. `last_success_at` marks a client the owner has signed in from: it still passes the
-- account-wide lock that many failures from many addresses set (users.locked_until).
CREATE TABLE login_clients (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  client text NOT NULL,
  failures integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  last_failure_at timestamptz,
  last_success_at timestamptz,
  PRIMARY KEY (user_id, client)
);

-- Public progress (receipt number + 6-digit query code): wrong codes counted per receipt number;
-- after too many the number is locked for a while, whoever asks (docs/security.md, "Public progress").
CREATE TABLE progress_attempts (
  receipt_no text PRIMARY KEY,
  failures integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  last_failure_at timestamptz NOT NULL
);
