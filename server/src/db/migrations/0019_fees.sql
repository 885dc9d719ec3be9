-- Issue 11, fees: fiscal accounts, payment notices (电子非税收入一般缴款书) with their lines, the
-- verified payments against them, and refunds. Amounts are integers of fen (分), never floats.
-- Reconciliation, payment orders at a channel and delivery add their own tables in later migrations.

-- The fiscal non-tax accounts a center's fees are collected into (no window takes money itself).
CREATE TABLE fiscal_accounts (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  center_id    uuid NOT NULL REFERENCES centers (id),
  code         text NOT NULL,                 -- the code item versions' fee items name
  name         text NOT NULL,                 -- account name (收款人全称)
  bank         text NOT NULL,                 -- bank of the account (开户银行)
  account_no   text NOT NULL,                 -- account number
  agency_code  text NOT NULL DEFAULT '',      -- collecting agency code (执收单位编码)
  active       boolean NOT NULL DEFAULT true,
  created_at   timestamptz NOT NULL,
  UNIQUE (center_id, code)
);

-- One notice per fee point of a case; a cancelled notice may be replaced by a reissued one.
CREATE TABLE payment_notices (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  notice_no       text NOT NULL UNIQUE,        -- the payment code (缴款码) printed and in the QR code
  case_id         uuid NOT NULL REFERENCES cases (id),
  center_id       uuid NOT NULL REFERENCES centers (id),
  department_id   uuid NOT NULL REFERENCES departments (id),
  payer_id        uuid NOT NULL REFERENCES users (id),
  payer_name      text NOT NULL,
  payer_code      text NOT NULL,               -- ID number or credit code, as on the notice
  fiscal_account_id uuid NOT NULL REFERENCES fiscal_accounts (id),
  total_fen       bigint NOT NULL CHECK (total_fen > 0 AND total_fen < 100000000000),
  due_date        date NOT NULL,               -- China date; not payable after it (expired)
  status          text NOT NULL DEFAULT 'issued' CHECK (status IN ('issued', 'paid', 'cancelled', 'expired', 'refunded')),
  replaces_id     uuid REFERENCES payment_notices (id),
  issued_by       uuid REFERENCES users (id),  -- null: issued by the system at the fee point
  issued_at       timestamptz NOT NULL,
  paid_at         timestamptz,
  cancelled_by    uuid REFERENCES users (id),
  cancelled_at    timestamptz,
  cancel_reason   text,
  row_version     integer NOT NULL DEFAULT 0,
  CHECK (status <> 'cancelled' OR (cancelled_at IS NOT NULL AND cancel_reason IS NOT NULL))
);
-- At most one live (payable or paid) notice per case.
CREATE UNIQUE INDEX payment_notices_live ON payment_notices (case_id) WHERE status IN ('issued', 'paid');
CREATE INDEX payment_notices_case ON payment_notices (case_id, issued_at DESC, id);
CREATE INDEX payment_notices_center ON payment_notices (center_id, issued_at DESC, id);
CREATE INDEX payment_notices_center_status ON payment_notices (center_id, status, issued_at DESC, id);
CREATE INDEX payment_notices_payer ON payment_notices (payer_id, issued_at DESC, id);
-- The expiry sweep: issued notices past their due date.
CREATE INDEX payment_notices_due ON payment_notices (due_date, id) WHERE status = 'issued';

-- The lines of a notice: one per fee item of the item version's standard, with the computation kept.
CREATE TABLE payment_notice_lines (
  notice_id     uuid NOT NULL REFERENCES payment_notices (id),
  line_no       integer NOT NULL CHECK (line_no > 0),
  fee_code      text NOT NULL,                 -- the fee item's code in the item version's standard
  name          text NOT NULL,
  basis         text NOT NULL,                 -- legal basis of the charge
  quantity      numeric(16, 3) NOT NULL DEFAULT 1 CHECK (quantity > 0),
  unit          text NOT NULL DEFAULT '',
  standard_fen  bigint NOT NULL CHECK (standard_fen >= 0),  -- before reductions
  reduction_fen bigint NOT NULL DEFAULT 0 CHECK (reduction_fen >= 0 AND reduction_fen <= standard_fen),
  reduction_basis text,                        -- 减免 basis, when reduced
  amount_fen    bigint NOT NULL CHECK (amount_fen >= 0 AND amount_fen = standard_fen - reduction_fen),
  PRIMARY KEY (notice_id, line_no)
);

-- A verified payment of a notice, whatever the channel: one row per channel transaction, so a
-- repeated notification finds its row and changes nothing.
CREATE TABLE payments (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  notice_id      uuid NOT NULL REFERENCES payment_notices (id),
  channel        text NOT NULL,                -- 'sim_bank' (online), 'bank_window', …
  channel_txn_id text NOT NULL,                -- the channel's transaction id
  amount_fen     bigint NOT NULL CHECK (amount_fen > 0),
  paid_at        timestamptz NOT NULL,         -- as the channel says
  recorded_at    timestamptz NOT NULL,         -- when we verified it
  recorded_by    uuid REFERENCES users (id),   -- the bank window clerk; null for a channel's notification
  settled        boolean NOT NULL DEFAULT false, -- the notice and the case were moved on for it
  UNIQUE (channel, channel_txn_id)
);
CREATE INDEX payments_notice ON payments (notice_id, paid_at, id);
CREATE INDEX payments_day ON payments (channel, paid_at, id);
-- Payments verified but not yet applied to their case (a crash between the two): the repair sweep.
CREATE INDEX payments_unsettled ON payments (recorded_at, id) WHERE NOT settled;

-- A refund owed on a payment (the case was terminated or withdrawn after payment, or paid twice).
CREATE TABLE refunds (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  payment_id        uuid NOT NULL REFERENCES payments (id),
  notice_id         uuid NOT NULL REFERENCES payment_notices (id),
  case_id           uuid NOT NULL REFERENCES cases (id),
  amount_fen        bigint NOT NULL CHECK (amount_fen > 0),
  reason            text NOT NULL,
  status            text NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'sent', 'succeeded', 'failed')),
  channel_refund_id text,
  attempts          integer NOT NULL DEFAULT 0,
  requested_by      uuid REFERENCES users (id),
  requested_at      timestamptz NOT NULL,
  completed_at      timestamptz,
  failure           text,
  row_version       integer NOT NULL DEFAULT 0
);
-- One refund per payment unless an earlier attempt failed for good.
CREATE UNIQUE INDEX refunds_payment_live ON refunds (payment_id) WHERE status <> 'failed';
CREATE INDEX refunds_case ON refunds (case_id, requested_at DESC, id);
CREATE INDEX refunds_pending ON refunds (requested_at, id) WHERE status IN ('requested', 'sent');
