-- 0007_joint.sql was edited after it landed, by two commits, and the migration runner only applies
-- a file once: databases migrated with an earlier text of 0007 never got the edits.
--   6bb30fe added the lead department's index cases_joint_led;
--   894e239 made cases_department_priority and cases_center_priority hold status and kind (INCLUDE)
--           so the inbox boxes are index-only scans.
-- This brings such databases in line with the current 0007. On a database built with the current
-- text it changes nothing: each step first looks whether the index is already as 0007 defines it.

CREATE INDEX IF NOT EXISTS cases_joint_led ON cases (department_id, green DESC, due_date, id)
  WHERE kind = 'joint' AND status IN ('submitted', 'supplement_requested', 'accepted', 'decided', 'ready');

DO $$
BEGIN
  -- indnatts counts key and INCLUDE columns, indnkeyatts only the keys: equal means no INCLUDE yet.
  IF NOT EXISTS (SELECT 1 FROM pg_index WHERE indexrelid = to_regclass('cases_department_priority') AND indnatts > indnkeyatts) THEN
    DROP INDEX IF EXISTS cases_department_priority;
    CREATE INDEX cases_department_priority ON cases (department_id, green DESC, due_date, id) INCLUDE (status, kind)
      WHERE status IN ('accepted', 'in_review', 'forwarded', 'decided', 'awaiting_payment', 'issuing', 'ready');
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_index WHERE indexrelid = to_regclass('cases_center_priority') AND indnatts > indnkeyatts) THEN
    DROP INDEX IF EXISTS cases_center_priority;
    CREATE INDEX cases_center_priority ON cases (center_id, green DESC, acceptance_due_date, id) INCLUDE (status, kind, department_id)
      WHERE status IN ('submitted', 'supplement_requested', 'ready', 'awaiting_payment');
  END IF;
END $$;
