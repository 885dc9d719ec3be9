-- E-seals (电子印章) of the issuing bodies and the documents they sign (docs/elicences.md,
-- "E-seals and signatures"). One seal per department; its SM2 key pairs are versioned so a
-- rotation keeps every old public key and old signatures still verify.

CREATE TABLE seals (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  department_id      uuid NOT NULL UNIQUE REFERENCES departments (id),
  center_id          uuid NOT NULL REFERENCES centers (id),
  -- The seal code printed under the image: the holder's credit code and a serial (GB/T 38540 esID).
  code               text NOT NULL UNIQUE,
  name               text NOT NULL,
  holder_name        text NOT NULL,
  holder_credit_code char(18) NOT NULL,
  valid_from         date NOT NULL,
  valid_to           date NOT NULL,
  current_version    integer NOT NULL,
  created_at         timestamptz NOT NULL,
  CHECK (valid_to >= valid_from)
);
CREATE INDEX seals_center ON seals (center_id, created_at, id);
CREATE INDEX seals_listing ON seals (created_at, id);

-- Every key pair a seal has had. The private key is encrypted with the key of SEAL_KEY_FILE
-- (SM4-CBC + HMAC-SM3, bound to seal and version); the database alone cannot sign.
CREATE TABLE seal_keys (
  seal_id           uuid NOT NULL REFERENCES seals (id),
  version           integer NOT NULL CHECK (version >= 1),
  public_key        text NOT NULL CHECK (public_key ~ '^04[0-9a-f]{128}$'),
  private_key_enc   text NOT NULL,
  active_from       timestamptz NOT NULL,
  -- Set when a rotation replaces the key: it signs nothing after this, its signatures stay valid.
  retired_at        timestamptz,
  PRIMARY KEY (seal_id, version)
);

-- Seal creation and rotation (four eyes): one manager requests, another manager of the center decides.
CREATE TABLE seal_requests (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  center_id       uuid NOT NULL REFERENCES centers (id),
  department_id   uuid NOT NULL REFERENCES departments (id),
  kind            text NOT NULL CHECK (kind IN ('create', 'rotate')),
  name            text,
  valid_from      date,
  valid_to        date,
  reason          text NOT NULL,
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
  requested_by    uuid NOT NULL REFERENCES users (id),
  requested_at    timestamptz NOT NULL,
  decided_by      uuid REFERENCES users (id),
  decided_at      timestamptz,
  decision_reason text
);
CREATE UNIQUE INDEX seal_requests_one_pending ON seal_requests (department_id) WHERE status = 'pending';
CREATE INDEX seal_requests_queue ON seal_requests (center_id, status, requested_at DESC, id);

-- A signed document after GB/T 38540: signed_data is the exact text signed (seal and key version,
-- time, SM3 digest of the document, what it is); the bytes themselves are kept in file storage so
-- the document served later is the document signed.
CREATE TABLE signed_documents (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  verification_id  text NOT NULL UNIQUE CHECK (verification_id ~ '^[0-9A-Z]{16}$'),
  seal_id          uuid NOT NULL,
  key_version      integer NOT NULL,
  department_id    uuid NOT NULL REFERENCES departments (id),
  kind             text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9_]{1,31}$'),
  ref              text NOT NULL CHECK (length(ref) BETWEEN 1 AND 200),
  digest           char(64) NOT NULL,
  signed_data      text NOT NULL,
  signature        text NOT NULL,
  signed_at        timestamptz NOT NULL,
  file_key         text,
  size             integer,
  FOREIGN KEY (seal_id, key_version) REFERENCES seal_keys (seal_id, version),
  -- One signed document per thing signed: a new version of a licence is a new ref.
  UNIQUE (kind, ref)
);
CREATE INDEX signed_documents_digest ON signed_documents (digest);
CREATE INDEX signed_documents_by_seal ON signed_documents (seal_id, signed_at DESC, id);
