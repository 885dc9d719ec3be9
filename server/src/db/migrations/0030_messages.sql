-- Issue 13, messages to applicants beyond the portal: the outbound copies (SMS …) of the messages of
-- 0029, the person's preferences, and the simulated SMS gateway's own record (docs/messages.md).

-- Which kinds of message a person also wants by SMS (the portal's message centre always has them).
-- `kind` is a whole kind (`case.accepted`) or the group before its first dot (`case`): the exact row
-- wins over the group's, and without either the message goes by SMS.
CREATE TABLE message_preferences (
  user_id     uuid NOT NULL REFERENCES users (id),
  kind        text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9_]{0,63}(\.[a-z0-9_.]{1,63})?$'),
  sms         boolean NOT NULL,
  updated_at  timestamptz NOT NULL,
  PRIMARY KEY (user_id, kind)
);

-- One outbound copy of one message on one channel: written with the message, sent by a job exactly
-- once. The row is the truth (the job only does the sending): `pending` until the channel took it,
-- then `sent` with the channel's id, never sent again; `failed` when the channel refused it for good
-- or the attempts ran out.
CREATE TABLE outbound_messages (
  id               bigserial PRIMARY KEY,
  message_id       bigint NOT NULL REFERENCES applicant_messages (id),
  channel          text NOT NULL CHECK (channel ~ '^[a-z][a-z0-9_]{0,31}$'),
  recipient        text NOT NULL CHECK (length(recipient) BETWEEN 1 AND 200),
  text             text NOT NULL CHECK (length(text) BETWEEN 1 AND 1000),
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts         integer NOT NULL DEFAULT 0,
  provider_id      text,
  last_error       text,
  created_at       timestamptz NOT NULL,
  sent_at          timestamptz,
  UNIQUE (message_id, channel),
  CHECK ((status = 'sent') = (provider_id IS NOT NULL AND sent_at IS NOT NULL))
);
-- What is still to send (the bench and the operators' count read it).
CREATE INDEX outbound_messages_pending ON outbound_messages (id) WHERE status = 'pending';

-- The simulated SMS gateway (the default SMS channel): every SMS it accepted, as a phone network would
-- have delivered it. Idempotent on our reference (`client_ref`, the outbound row), as the sim bank is
-- on the order number, so a retry after a lost answer never sends a second SMS.
CREATE TABLE sim_sms_messages (
  id           bigserial PRIMARY KEY,
  provider_id  text NOT NULL UNIQUE,
  client_ref   text NOT NULL UNIQUE,
  phone        text NOT NULL,
  text         text NOT NULL,
  received_at  timestamptz NOT NULL
);
CREATE INDEX sim_sms_messages_by_phone ON sim_sms_messages (phone, id DESC);

-- Faults the simulated gateway plays for a phone number (tests, demos): `timeout` (nothing sent, no
-- answer), `lost_answer` (sent, the answer lost), `fail` (refused for good). `remaining` null: always;
-- else that many more times, then the fault clears.
CREATE TABLE sim_sms_faults (
  phone      text PRIMARY KEY,
  fault      text NOT NULL CHECK (fault IN ('timeout', 'lost_answer', 'fail')),
  remaining  integer CHECK (remaining IS NULL OR remaining >= 0)
);
