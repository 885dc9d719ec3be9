-- Issue 16, sealed bids (docs/trading.md, "Sealed bids"): the officials' public keys, the tender key's
-- check values and its shares (each encrypted to one official), the bids as ciphertext with their
-- signed receipts, and the opening record. No column holds a private key or a bid's plaintext before
-- opening; the tender's public key is on the tender (0038).

-- An official who may hold key shares registers an SM2 public key; the private key stays with them.
CREATE TABLE bid_official_keys (
  user_id        uuid PRIMARY KEY REFERENCES users (id),
  public_key     text NOT NULL CHECK (public_key ~ '^04[0-9a-f]{128}$'),
  registered_at  timestamptz NOT NULL
);

-- The tender key's public facts: which key (SM3 of the public key) and its key check value (SM3 of the
-- private key: combining too few shares gives wrong bytes without an error, this catches it).
CREATE TABLE tender_bid_keys (
  tender_id   uuid PRIMARY KEY REFERENCES tenders (id),
  key_id      char(64) NOT NULL,
  key_check   char(64) NOT NULL,
  threshold   integer NOT NULL CHECK (threshold >= 2),
  shares      integer NOT NULL CHECK (shares >= threshold AND shares <= 255),
  created_by  uuid REFERENCES users (id),
  created_at  timestamptz NOT NULL
);

-- One share per custodian, SM2-encrypted to the key they had registered. At the opening the custodian
-- hands in the decrypted share (checked against share_check); handed-in shares are wiped when the
-- opening ends.
CREATE TABLE tender_key_shares (
  tender_id        uuid NOT NULL REFERENCES tender_bid_keys (tender_id),
  user_id          uuid NOT NULL REFERENCES users (id),
  share_no         integer NOT NULL CHECK (share_no >= 1),
  public_key       text NOT NULL CHECK (public_key ~ '^04[0-9a-f]{128}$'),
  encrypted_share  bytea NOT NULL,
  share_check      char(64) NOT NULL,
  submitted_share  bytea,
  submitted_at     timestamptz,
  PRIMARY KEY (tender_id, user_id),
  UNIQUE (tender_id, share_no)
);
-- An official's shares (their page lists the tenders they hold a share of).
CREATE INDEX tender_key_shares_by_user ON tender_key_shares (user_id, tender_id);

-- A bid: the envelope's bytes in file storage (file_key), their SM3 and size, the server's time and the
-- signed receipt. Status written only by bids/bid.transitions.ts.
CREATE TABLE bids (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tender_id        uuid NOT NULL REFERENCES tenders (id),
  bidder_id        uuid NOT NULL REFERENCES users (id),
  status           text NOT NULL CHECK (status IN ('submitted', 'withdrawn', 'opened', 'failed')),
  file_key         text NOT NULL,
  sm3              char(64) NOT NULL,
  size             integer NOT NULL CHECK (size > 0),
  submitted_at     timestamptz NOT NULL,
  -- The receipt: the signed document (seals) over (bid, tender, bidder, SM3, size, server time).
  receipt_id       uuid NOT NULL REFERENCES signed_documents (id),
  withdrawn_at     timestamptz,
  withdrawn_reason text CHECK (withdrawn_reason IN ('bidder', 'replaced', 'opening_failure')),
  replaced_by      uuid REFERENCES bids (id),
  -- At the opening: why it did not open, and whose fault that is.
  failure_cause    text CHECK (failure_cause IS NULL OR failure_cause ~ '^[a-z_]{1,40}$'),
  failure_fault    text CHECK (failure_fault IN ('bidder', 'platform')),
  -- What the opening read out: the price (fen), the file (plaintext, in storage) and its name.
  opened_at        timestamptz,
  price_fen        bigint CHECK (price_fen IS NULL OR price_fen >= 0),
  opened_file_key  text,
  opened_file_name text,
  opened_file_sm3  char(64),
  opened_file_size integer
);
-- One live bid per bidder and tender; a replacement withdraws the earlier one.
CREATE UNIQUE INDEX bids_one_live ON bids (tender_id, bidder_id) WHERE status = 'submitted';
CREATE INDEX bids_by_tender ON bids (tender_id, submitted_at, id);
CREATE INDEX bids_by_bidder ON bids (bidder_id, submitted_at DESC, id);

-- The opening: who handed in shares, when it ended, the counts.
CREATE TABLE bid_openings (
  tender_id     uuid PRIMARY KEY REFERENCES tenders (id),
  started_at    timestamptz NOT NULL,
  opened_at     timestamptz,
  opened_by     uuid REFERENCES users (id),
  bids_opened   integer,
  bids_failed   integer,
  bids_withdrawn integer
);
