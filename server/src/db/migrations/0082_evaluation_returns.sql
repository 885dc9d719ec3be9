-- docs/trading.md "Related bidders": a submitted sheet returned to its expert for review (退回评标委员会复核) when a
-- relation between bidders (招标投标法实施条例 第三十四条) was found after it was in. One row per expert and tender, the
-- latest return: the sheet tells its expert why it is open again, and an expert whose sheet was returned has concluded
-- once and may no longer give up the seat (条例 第四十八条: only the draw operator replaces such a member). The audit
-- event evaluation.returned_for_review keeps every return.
CREATE TABLE evaluation_returns (
  tender_id    uuid NOT NULL REFERENCES tenders (id),
  expert_id    uuid NOT NULL REFERENCES experts (id),
  returned_at  timestamptz NOT NULL,
  returned_by  uuid NOT NULL REFERENCES users (id),
  reason       text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  PRIMARY KEY (tender_id, expert_id)
);
