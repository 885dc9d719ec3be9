-- The open states are one list, OPEN_STATES in server/src/modules/cases/transitions.ts, used by every
-- count. The supervision board's index was made with another list (it had `issuing`, which no row
-- of the transition table reaches, and missed `forwarded`): it follows the one list now, so the
-- board's count can still be answered from it.
DROP INDEX cases_center_board;
CREATE INDEX cases_center_board ON cases (center_id, department_id, light) INCLUDE (suspended_since)
  WHERE status IN ('submitted', 'supplement_requested', 'accepted', 'in_review', 'forwarded', 'decided', 'awaiting_payment', 'ready');
