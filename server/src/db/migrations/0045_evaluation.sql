-- Issue 16, evaluation (评标, docs/trading.md "Evaluation"): the score tables of 0040 were made before the
-- bids table was merged; a score now refers to its bid. An expert's sheet is read by tender and expert.
-- An expert is linked to their sign-in by experts.user_id (0040); nothing else is needed for the link.
ALTER TABLE evaluation_scores ADD CONSTRAINT evaluation_scores_bid FOREIGN KEY (bid_id) REFERENCES bids (id);
CREATE INDEX evaluation_scores_by_expert ON evaluation_scores (tender_id, expert_id);
