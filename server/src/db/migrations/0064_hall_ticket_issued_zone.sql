-- docs/hall.md "Transfer": a ticket transferred to another zone keeps its number, and the number was
-- unique per (current zone, day, seq): moving A005 into a zone that had issued its own 5th ticket that
-- day was refused (409 INPUT_CONFLICT). A number belongs to the zone that issued it (its counter,
-- hall_ticket_counters, draws it there), so the key follows the issuing zone, which never changes.
ALTER TABLE hall_tickets ADD COLUMN issued_zone_id uuid REFERENCES hall_zones (id);

-- The issuing zone of a ticket already moved is in its audit stream (hall.ticket.issue, data.zoneId);
-- every other ticket was issued where it is.
UPDATE hall_tickets t SET issued_zone_id = coalesce(
  (SELECT (a.data->>'zoneId')::uuid FROM audit_events a
    WHERE a.stream = 'hall_ticket:' || t.id::text AND a.action = 'hall.ticket.issue' AND a.data ? 'zoneId'
    ORDER BY a.id LIMIT 1),
  t.zone_id);

ALTER TABLE hall_tickets ALTER COLUMN issued_zone_id SET NOT NULL;
ALTER TABLE hall_tickets DROP CONSTRAINT hall_tickets_zone_id_day_seq_key;
ALTER TABLE hall_tickets ADD CONSTRAINT hall_tickets_issued_zone_day_seq UNIQUE (issued_zone_id, day, seq);
