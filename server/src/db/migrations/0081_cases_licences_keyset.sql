-- docs/disclosure.md "Licences granted": the public list of a center's licensing decisions (双公示) is read in keyset
-- pages, newest decision first, from the last row of the page before. That needs an index in the list's whole order,
-- id included, so the row comparison (decided_at, id) < (…) is where the scan starts; cases_center_decided
-- (center_id, decided_at DESC), kept for the other readers of decisions, ends at the time and holds every decision.
-- Only approved decisions: the list's and the annual report's count's filter, so both scan the index alone.
CREATE INDEX cases_center_licences ON cases (center_id, decided_at DESC, id DESC) WHERE decision = 'approved' AND decided_at IS NOT NULL;
