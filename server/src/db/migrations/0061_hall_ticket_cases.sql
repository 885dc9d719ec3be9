-- docs/hall.md "At the counter": one visit to a window often registers several cases. The single
-- hall_tickets.case_id kept only the last one: registering a second case from a ticket overwrote the
-- first, which lost its ticket. A ticket now keeps every case registered from it; a case has at most
-- one ticket (UNIQUE (case_id)), and linking the same case again writes nothing.
CREATE TABLE hall_ticket_cases (
  ticket_id uuid NOT NULL REFERENCES hall_tickets (id),
  case_id   uuid NOT NULL REFERENCES cases (id),
  linked_at timestamptz NOT NULL,
  linked_by uuid REFERENCES users (id),
  PRIMARY KEY (ticket_id, case_id),
  UNIQUE (case_id)
);

-- Every link ever made is in the tickets' audit streams (`hall.ticket.link_case`, data.caseId),
-- the overwritten ones included: restore them all (the first link of a case wins), then whatever
-- case_id holds that the log does not.
INSERT INTO hall_ticket_cases (ticket_id, case_id, linked_at, linked_by)
SELECT DISTINCT ON (c.id) t.id, c.id, a.at, a.actor_id
  FROM audit_events a
  JOIN hall_tickets t ON t.id::text = substr(a.stream, length('hall_ticket:') + 1)
  JOIN cases c ON c.id::text = a.data->>'caseId'
 WHERE a.action = 'hall.ticket.link_case' AND a.stream LIKE 'hall\_ticket:%'
 ORDER BY c.id, a.at, a.id
ON CONFLICT DO NOTHING;

INSERT INTO hall_ticket_cases (ticket_id, case_id, linked_at, linked_by)
SELECT id, case_id, coalesce(called_at, issued_at), clerk_id FROM hall_tickets WHERE case_id IS NOT NULL
ON CONFLICT DO NOTHING;

ALTER TABLE hall_tickets DROP COLUMN case_id;
