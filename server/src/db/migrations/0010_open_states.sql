-- The open states are one list, OPEN_STATES in server/src/modules/cases/transitions.ts, used by every
-- count. The supervision board's index was made with another list (it had `issuing`, which no row
-- of the transition table reaches, and missed `forwarded`), the lead department's list of joint cases
-- with the subset a joint parent can be in: both follow the one list now, so the queries that count
-- open cases with it can still be answered from them.
DROP INDEX cases_center_board;
CREATE INDEX cases_center_board ON cases (center_id, department_id, light) INCLUDE (suspended_since)
  WHERE status IN ('submitted', 'supplement_requested', 'accepted', 'in_review', 'forwarded', 'decided', 'awaiting_payment', 'ready');
DROP INDEX cases_joint_led;
CREATE INDEX cases_joint_led ON cases (department_id, green DESC, due_date, id)
  WHERE kind = 'joint' AND status IN ('submitted', 'supplement_requested', 'accepted', 'in_review', 'forwarded', 'decided', 'awaiting_payment', 'ready');
