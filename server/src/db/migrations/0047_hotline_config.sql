-- Issue 13, what the first wave left: (1) overdue bad-review rectifications escalate like work orders,
-- (2) callers without a portal account are told by SMS through the outbound channel, (3) the work-order
-- category tree can retire a category. docs/ratings.md, docs/hotline.md.

-- (1) The escalation of an overdue rectification task: the level reached (0–3) and the China date after
-- which it goes one more level up (NULL: nothing due). The sweep claims due rows through the partial index.
ALTER TABLE rectification_tasks
  ADD COLUMN escalation_level smallint NOT NULL DEFAULT 0 CHECK (escalation_level BETWEEN 0 AND 3),
  ADD COLUMN escalate_after date;
UPDATE rectification_tasks SET escalate_after = due_date
 WHERE status IN ('open', 'called_back', 'verified', 'appealed', 'appeal_rejected');
CREATE INDEX rectification_escalation ON rectification_tasks (escalate_after) WHERE escalate_after IS NOT NULL;

-- (2) An SMS to a phone number that has no account (a hotline caller): no applicant message behind it,
-- so the event's own key makes it exactly once (UNIQUE), as (message_id, channel) does for the others.
ALTER TABLE outbound_messages
  ALTER COLUMN message_id DROP NOT NULL,
  ADD COLUMN dedupe_key text UNIQUE CHECK (dedupe_key IS NULL OR length(dedupe_key) BETWEEN 1 AND 200),
  ADD CONSTRAINT outbound_messages_one_source CHECK ((message_id IS NULL) <> (dedupe_key IS NULL));

-- (3) A retired category stays on the orders that have it, but cannot be chosen for a new order.
ALTER TABLE workorder_categories ADD COLUMN retired_at timestamptz;
