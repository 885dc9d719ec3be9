-- Issue 11, payment channels: the orders we open at a channel for an online payment, the log of every
-- inbound channel notification with the verdict we gave it, the execution state of refunds, and the
-- simulated bank's own ledger (the default channel for the demo and the tests; a real acquirer keeps
-- its ledger at home). Amounts are integers of fen.

-- One order per attempt to pay a notice online. `order_no` is our merchant order number, the key the
-- channel knows us by; `query_at` drives the active query of orders the channel never answered.
CREATE TABLE payment_orders (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  order_no        text NOT NULL UNIQUE,
  notice_id       uuid NOT NULL REFERENCES payment_notices (id),
  channel         text NOT NULL,
  amount_fen      bigint NOT NULL CHECK (amount_fen > 0 AND amount_fen < 100000000000),
  payer_id        uuid NOT NULL REFERENCES users (id),
  status          text NOT NULL DEFAULT 'created' CHECK (status IN ('created', 'paid', 'closed')),
  cashier_url     text,
  channel_txn_id  text,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL,
  expires_at      timestamptz NOT NULL,
  query_at        timestamptz,                   -- next active query; null once the order is settled
  query_attempts  integer NOT NULL DEFAULT 0,
  row_version     integer NOT NULL DEFAULT 0
);
CREATE INDEX payment_orders_notice ON payment_orders (notice_id, created_at DESC, id);
CREATE INDEX payment_orders_query ON payment_orders (query_at, id) WHERE status = 'created';

-- Every notification a channel sent us, verified or not, with the verdict: the evidence for
-- reconciliation and for a forged or wrong notification (refused, recorded, nothing else written).
CREATE TABLE payment_notifications (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  channel         text NOT NULL,
  received_at     timestamptz NOT NULL,
  kind            text NOT NULL CHECK (kind IN ('payment', 'refund', 'unknown')),
  signature_ok    boolean NOT NULL,
  order_no        text,
  notice_no       text,
  channel_txn_id  text,
  amount_fen      bigint,
  verdict         text NOT NULL CHECK (verdict IN (
                    'accepted', 'duplicate', 'stale', 'bad_signature', 'malformed', 'unknown_order',
                    'unknown_notice', 'wrong_amount', 'not_payable', 'paid_twice', 'refused', 'refund_recorded', 'unknown_refund')),
  error_code      text,                          -- the refusal's code when recordPayment refused it
  payment_id      uuid REFERENCES payments (id),
  body            text NOT NULL                  -- as received (cut at 8 KB), for the record
);
CREATE INDEX payment_notifications_received ON payment_notifications (received_at DESC, id);
CREATE INDEX payment_notifications_order ON payment_notifications (order_no, received_at) WHERE order_no IS NOT NULL;

-- How far the refund job got with a refund (0019's refunds hold the status): the next attempt's time
-- (a lease while one runner calls the channel, then the backoff) and the last error.
CREATE TABLE refund_executions (
  refund_id       uuid PRIMARY KEY REFERENCES refunds (id),
  next_attempt_at timestamptz NOT NULL,
  last_error      text,
  updated_at      timestamptz NOT NULL
);

-- The simulated bank's ledger: its orders (a cashier session each), refunds and outgoing notifications.
CREATE TABLE sim_bank_orders (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  bank_txn_id     text NOT NULL UNIQUE,
  merchant_order_no text NOT NULL UNIQUE,
  amount_fen      bigint NOT NULL CHECK (amount_fen > 0),
  subject         text NOT NULL,
  payee           text NOT NULL,
  notify_url      text NOT NULL,
  return_url      text NOT NULL,
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'paid', 'cancelled')),
  faults          text[] NOT NULL DEFAULT '{}',
  created_at      timestamptz NOT NULL,
  paid_at         timestamptz
);
CREATE TABLE sim_bank_refunds (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  refund_no       text NOT NULL UNIQUE,            -- the merchant's refund id: a repeated request finds its row
  bank_refund_id  text NOT NULL UNIQUE,
  bank_txn_id     text NOT NULL REFERENCES sim_bank_orders (bank_txn_id),
  amount_fen      bigint NOT NULL CHECK (amount_fen > 0),
  status          text NOT NULL CHECK (status IN ('succeeded', 'failed')),
  created_at      timestamptz NOT NULL
);
CREATE TABLE sim_bank_notifications (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  bank_txn_id     text NOT NULL REFERENCES sim_bank_orders (bank_txn_id),
  notify_url      text NOT NULL,
  body            text NOT NULL,
  signature       text NOT NULL,
  created_at      timestamptz NOT NULL,
  delivered_at    timestamptz,
  attempts        integer NOT NULL DEFAULT 0
);
CREATE INDEX sim_bank_notifications_txn ON sim_bank_notifications (bank_txn_id, created_at);
