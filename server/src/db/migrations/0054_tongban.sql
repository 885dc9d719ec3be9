-- Issue 17, 通办 across levels and regions (docs/network.md): a case of an item that allows it may
-- be handed in at another center than the one that decides it, and collected at a third. The case
-- row stays the deciding center's (center_id, department, clock, region calendar); these two columns
-- say where it was received (that center's window accepts it) and where the result is collected
-- (that center's delivery window hands it out). NULL: the deciding center itself, as before.
ALTER TABLE cases
  ADD COLUMN received_at_center_id uuid REFERENCES centers (id),
  ADD COLUMN delivery_center_id uuid REFERENCES centers (id);

-- The receiving window's intake box and the delivery window's lists (docs/network.md): few rows, so
-- partial indexes on the cases that carry a center of their own.
CREATE INDEX cases_received_at_center ON cases (received_at_center_id, status, acceptance_due_date)
  WHERE received_at_center_id IS NOT NULL;
CREATE INDEX cases_delivery_center ON cases (delivery_center_id, status)
  WHERE delivery_center_id IS NOT NULL;
