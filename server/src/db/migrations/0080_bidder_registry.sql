-- docs/trading.md "Related bidders", "The enterprise registry": the bidders' declarations (0079) are checked against the
-- enterprise registry (市场监管, 国家企业信用信息公示系统) when made, and the evaluation relates bids by the registry's
-- records as well as by the declarations (招标投标法实施条例 第三十四条).
--
-- A declaration the registry contradicts is refused and never written. What is written says how it was checked:
-- `verified` (the registry answered and contradicted nothing it records), `not_found` (the registry has no record of
-- the unit: a self-declaration), `unavailable` (the registry could not be reached: a self-declaration, unverified), or
-- `unchecked` (made before this migration). registry_checked_at: when the registry was asked.
ALTER TABLE bidder_declarations
  ADD COLUMN registry_check text NOT NULL DEFAULT 'unchecked' CHECK (registry_check IN ('verified', 'not_found', 'unavailable', 'unchecked')),
  ADD COLUMN registry_checked_at timestamptz,
  ADD CONSTRAINT bidder_declarations_checked_at CHECK ((registry_check = 'unchecked') = (registry_checked_at IS NULL));

-- The registry's record of each opened bid's bidder, looked up once for the tender's evaluation (not on every read of
-- a sheet) and kept, so every expert relates the bids by the same facts. `found`: the record; `not_found`: the registry
-- has none; `unavailable`: the last attempt failed (looked up again, at most every ENTERPRISE_REGISTRY_RETRY_MINUTES,
-- until it answers). A found or not-found answer is final for the tender.
CREATE TABLE tender_registry_records (
  tender_id                uuid NOT NULL REFERENCES tenders (id),
  bidder_id                uuid NOT NULL REFERENCES users (id),
  credit_code              text NOT NULL,
  outcome                  text NOT NULL CHECK (outcome IN ('found', 'not_found', 'unavailable')),
  representative_id_number text CHECK (representative_id_number ~ '^[0-9]{17}[0-9X]$'),
  controller_code          text CHECK (controller_code ~ '^[0-9A-Z]{18}$'),
  manager_code             text CHECK (manager_code ~ '^[0-9A-Z]{18}$'),
  looked_up_at             timestamptz NOT NULL,
  PRIMARY KEY (tender_id, bidder_id),
  CHECK ((outcome = 'found') = (representative_id_number IS NOT NULL)),
  CHECK (outcome = 'found' OR (controller_code IS NULL AND manager_code IS NULL))
);
