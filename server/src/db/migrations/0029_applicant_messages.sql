-- Issue 13, messages to applicants: the portal's message centre (站内信). One row per message to one
-- person; `dedupe_key` names the event it reports, so the same event never makes two messages, however
-- often a listener, a job or a second instance hears it. The outbound channels (SMS …) and the person's
-- preferences are added by the messages module's own migration.
CREATE TABLE applicant_messages (
  id          bigserial PRIMARY KEY,
  user_id     uuid NOT NULL REFERENCES users (id),
  center_id   uuid REFERENCES centers (id),
  case_id     uuid REFERENCES cases (id),
  kind        text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9_.]{1,63}$'),
  title       jsonb NOT NULL,
  body        jsonb NOT NULL,
  link        text CHECK (link IS NULL OR link ~ '^/[^/]'),
  dedupe_key  text NOT NULL UNIQUE CHECK (length(dedupe_key) BETWEEN 1 AND 200),
  created_at  timestamptz NOT NULL,
  read_at     timestamptz
);

-- The message centre lists a person's messages newest first, and counts the unread ones.
CREATE INDEX applicant_messages_by_user ON applicant_messages (user_id, id DESC);
CREATE INDEX applicant_messages_unread ON applicant_messages (user_id) WHERE read_at IS NULL;
