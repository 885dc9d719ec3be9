-- docs/elicences.md "Expiry": a licence's validity ends on its last day whatever else happened to it. A
-- suspended licence past its end is expired too (the transition table allowed it; the sweep's claim
-- and its index, elicences_expiring, read valid licences only, so a suspension outlived the licence and a
-- reinstatement after the end made it valid again). The sweep reads both on this index; the reminders
-- keep reading elicences_expiring (a suspended licence is not told to renew).
CREATE INDEX elicences_lapsing ON elicences (valid_to, id) WHERE status IN ('valid', 'suspended') AND valid_to IS NOT NULL;
