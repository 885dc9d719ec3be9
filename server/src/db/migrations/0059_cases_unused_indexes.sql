-- Issue 18: a case row was written into 34 indexes, and every later state change that is not a HOT
-- update writes it into them again. Ten of them no query needs any more; each one taken away is work
-- no submission, acceptance or decision does again, and WAL no replica replays. Found by running
-- the API tests with auto_explain and sequential scans off (every statement's plan names the index it
-- chose) and reading every query on `cases` (docs/architecture.md, "Indexes of cases").

-- The idempotency lookup (applicant, key) is the unique constraint's own index; every list of an
-- applicant's cases leaves parts out (parent_id IS NULL) and reads cases_applicant_top.
DROP INDEX cases_applicant;

-- The window's lists select by coalesce(<window center>, center_id) since 通办 (0056) and read
-- cases_intake_window, cases_delivery_window and cases_coming_window; these served the older
-- predicate on center_id (0003, 0007, 0015) or on the window center alone (0054).
DROP INDEX cases_center_queue;
DROP INDEX cases_center_priority;
DROP INDEX cases_coming;
DROP INDEX cases_received_at_center;
DROP INDEX cases_delivery_center;

-- The same predicate (the nine open states, in another order) and the same leading column as
-- cases_center_board (center_id, department_id, light) INCLUDE (suspended_since): the network board's
-- open counts per center and light are an index-only scan of that one (0041 believed its predicate
-- lacked `issuing`; 0026 had already added it).
DROP INDEX cases_open_by_center;

-- The department's boxes read cases_department_priority (its order: green first, then the due date),
-- whose predicate covers this one's states.
DROP INDEX cases_department_inbox;

-- No query selects or orders cases by their decision deadline or warning date: the lights are swept
-- by light_check_date (0004, cases_light_check), the boxes order by deadline within their own index.
DROP INDEX cases_due;
DROP INDEX cases_warning;
