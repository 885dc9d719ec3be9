-- Issue 12, the e-licence library: licence types (GB/T 36901-36905), the items that issue them,
-- the licences with their version history, each use of a licence in someone's application, and
-- time-limited share links. Seals and signatures are in 0021.

CREATE TABLE licence_types (
  id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code                  text NOT NULL UNIQUE,     -- type code; item materials name it in eLicenceTypes
  name                  text NOT NULL,
  name_en               text,
  center_id             uuid NOT NULL REFERENCES centers (id),
  issuing_department_id uuid NOT NULL REFERENCES departments (id),  -- the issuing body (its credit code is printed)
  holder_type           text NOT NULL CHECK (holder_type IN ('id_number', 'credit_code', 'other')),
  validity_months       integer CHECK (validity_months IS NULL OR validity_months > 0),  -- null: long-term (长期)
  fields                jsonb NOT NULL DEFAULT '[]',  -- the data fields printed: [{ key, label, labelEn, source }]
  template              jsonb NOT NULL DEFAULT '{}',  -- layout of the licence document
  status                text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired')),
  created_by            uuid REFERENCES users (id),
  created_at            timestamptz NOT NULL,
  row_version           integer NOT NULL DEFAULT 0
);
CREATE INDEX licence_types_center ON licence_types (center_id, code);

-- The items whose approval issues a licence of the type.
CREATE TABLE item_licence_types (
  item_id         uuid NOT NULL REFERENCES items (id),
  licence_type_id uuid NOT NULL REFERENCES licence_types (id),
  PRIMARY KEY (item_id, licence_type_id)
);
CREATE INDEX item_licence_types_type ON item_licence_types (licence_type_id);

CREATE TABLE elicences (
  id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  identifier            text NOT NULL UNIQUE,     -- the licence identifier in the national form
  licence_no            text NOT NULL,
  type_id               uuid NOT NULL REFERENCES licence_types (id),
  holder_id             uuid REFERENCES users (id),  -- the account of the holder, when it has one
  holder_name           text NOT NULL,
  holder_code_type      text NOT NULL CHECK (holder_code_type IN ('id_number', 'credit_code', 'other')),
  holder_code           text NOT NULL,
  issuer_department_id  uuid NOT NULL REFERENCES departments (id),
  region_code           varchar(12) NOT NULL REFERENCES regions (code),
  case_id               uuid REFERENCES cases (id),  -- the case it came from
  issue_date            date NOT NULL,
  valid_from            date NOT NULL,
  valid_to              date,                      -- null: long-term
  status                text NOT NULL DEFAULT 'valid' CHECK (status IN ('valid', 'suspended', 'revoked', 'expired', 'cancelled')),
  status_changed_at     timestamptz,
  status_reason         text,
  data                  jsonb NOT NULL DEFAULT '{}',  -- the printed fields' values
  version               integer NOT NULL DEFAULT 1,
  file_id               uuid REFERENCES files (id),   -- the signed PDF of the current version
  signature_id          uuid,                        -- the signature record (0021) of the current version
  created_at            timestamptz NOT NULL,
  row_version           integer NOT NULL DEFAULT 0,
  UNIQUE (type_id, licence_no),
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE INDEX elicences_holder ON elicences (holder_id, issue_date DESC, id);
CREATE INDEX elicences_holder_code ON elicences (holder_code, type_id);
CREATE INDEX elicences_case ON elicences (case_id);
CREATE INDEX elicences_issuer ON elicences (issuer_department_id, issue_date DESC, id);
-- Expiry reminders and the expiry sweep.
CREATE INDEX elicences_expiring ON elicences (valid_to, id) WHERE status = 'valid' AND valid_to IS NOT NULL;

-- Every version of a licence as issued (issue, change, renewal) or as its status changed.
CREATE TABLE elicence_versions (
  licence_id   uuid NOT NULL REFERENCES elicences (id),
  seq          integer NOT NULL,               -- 1, 2, … per licence, one row per event
  version      integer NOT NULL,               -- the licence's version after the event
  event        text NOT NULL CHECK (event IN ('issued', 'changed', 'renewed', 'suspended', 'reinstated', 'revoked', 'expired', 'cancelled')),
  data         jsonb NOT NULL,
  status       text NOT NULL,
  valid_to     date,
  file_id      uuid REFERENCES files (id),
  signature_id uuid,
  case_id      uuid REFERENCES cases (id),
  reason       text,
  by_user      uuid REFERENCES users (id),
  at           timestamptz NOT NULL,
  PRIMARY KEY (licence_id, seq)
);

-- Each use of a licence in place of a material (who used it, for what, with the holder's consent).
CREATE TABLE elicence_uses (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  licence_id   uuid NOT NULL REFERENCES elicences (id),
  case_id      uuid NOT NULL REFERENCES cases (id),
  material_key text NOT NULL,
  used_by      uuid NOT NULL REFERENCES users (id),
  purpose      text NOT NULL,                  -- 申请事由
  consented_at timestamptz NOT NULL,
  used_at      timestamptz NOT NULL,
  UNIQUE (licence_id, case_id, material_key)
);
CREATE INDEX elicence_uses_licence ON elicence_uses (licence_id, used_at DESC, id);
CREATE INDEX elicence_uses_case ON elicence_uses (case_id);

-- Time-limited share links; only the token's hash is kept.
CREATE TABLE elicence_shares (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  licence_id  uuid NOT NULL REFERENCES elicences (id),
  token_hash  text NOT NULL UNIQUE,
  created_by  uuid NOT NULL REFERENCES users (id),
  created_at  timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL,
  revoked_at  timestamptz,
  views       integer NOT NULL DEFAULT 0
);
CREATE INDEX elicence_shares_licence ON elicence_shares (licence_id, created_at DESC, id);
