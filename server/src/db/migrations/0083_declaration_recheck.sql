-- docs/trading.md "The enterprise registry": a bidder's declaration the registry could not check when it was made
-- (`unavailable`: the registry was down or too slow; `unchecked`: made before 0080) is asked about again in the
-- background until the registry answers, at most every ENTERPRISE_REGISTRY_RETRY_MINUTES (bids.jobs.ts).
--
-- registry_recheck_at: when the next attempt is due; set only while the declaration waits for the registry, so the
-- sweep reads a small partial index. An answer settles the declaration as at its making: `verified`, `not_found`, or
-- `contradicted`, new here: the registry records another fact than the one declared (registry_contradiction names the
-- field). A declaration the registry contradicts when it is made is still refused and never written; one found
-- contradicted afterwards is the bidder's word already given, so it is kept, marked, and the bidder is asked to correct
-- it (the evaluation relates bids by the registry's record as well, whatever the declaration says).
ALTER TABLE bidder_declarations
  DROP CONSTRAINT bidder_declarations_registry_check_check,
  ADD CONSTRAINT bidder_declarations_registry_check_check
    CHECK (registry_check IN ('verified', 'not_found', 'unavailable', 'unchecked', 'contradicted')),
  ADD COLUMN registry_contradiction text CHECK (registry_contradiction IN ('representativeIdNumber', 'controllerCode', 'managerCode')),
  ADD COLUMN registry_recheck_at timestamptz,
  ADD CONSTRAINT bidder_declarations_contradiction CHECK ((registry_check = 'contradicted') = (registry_contradiction IS NOT NULL)),
  ADD CONSTRAINT bidder_declarations_recheck CHECK (registry_recheck_at IS NULL OR registry_check IN ('unavailable', 'unchecked'));

UPDATE bidder_declarations SET registry_recheck_at = COALESCE(registry_checked_at, declared_at)
 WHERE registry_check IN ('unavailable', 'unchecked');

CREATE INDEX bidder_declarations_recheck_due ON bidder_declarations (registry_recheck_at) WHERE registry_recheck_at IS NOT NULL;
