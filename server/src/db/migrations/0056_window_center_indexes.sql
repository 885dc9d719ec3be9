-- Issue 18, found by `npm run bench -- inbox --cases 10000000` on a quiet machine: since 通办 (0054) a
-- window's lists select "received (or collected) here, or mine when no other center is named", an OR
-- that no index answered in the lists' order, so a center's intake page read and sorted its whole open
-- queue (p95 262 ms at 10,000,000 cases against 37.5 ms for a department's review page). The predicate
-- is now written as coalesce(<window center>, center_id) = $center (the same cases), and these
-- indexes hold that expression in each list's order, like cases_center_priority and cases_coming did
-- for center_id alone. They also carry the columns of the expression: PostgreSQL answers from an index
-- alone (the count) only when every column the query names is in it, an expression's own columns included.
CREATE INDEX cases_intake_window ON cases ((coalesce(received_at_center_id, center_id)), green DESC, acceptance_due_date, id)
  INCLUDE (status, kind, department_id, received_at_center_id, center_id)
  WHERE status IN ('submitted', 'supplement_requested');
CREATE INDEX cases_delivery_window ON cases ((coalesce(delivery_center_id, center_id)), green DESC, acceptance_due_date, id)
  INCLUDE (status, kind, department_id, delivery_center_id, center_id)
  WHERE status IN ('ready', 'awaiting_payment');
CREATE INDEX cases_coming_window ON cases ((coalesce(delivery_center_id, center_id)), green DESC, decided_at, id)
  INCLUDE (status, kind, department_id, delivery_center_id, center_id)
  WHERE status IN ('decided', 'awaiting_payment');

-- The counts of those lists: statistics of an expression index over a partial set come from the few sampled
-- rows in that set, so a big center's intake was estimated at about 1 % of its size and counted through the
-- heap (77 ms for 16,562 cases). Statistics of the expression over the whole table give each center its true
-- share.
CREATE STATISTICS cases_received_window_center ON (coalesce(received_at_center_id, center_id)) FROM cases;
CREATE STATISTICS cases_delivery_window_center ON (coalesce(delivery_center_id, center_id)) FROM cases;
