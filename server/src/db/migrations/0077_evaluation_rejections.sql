-- docs/trading.md "Rejecting a bid": 招标投标法实施条例 第五十一条 lists the cases in which the evaluation committee
-- shall reject a bid (否决投标), and 第三十四条 makes void the bids of bidders with the same principal or a controlling or
-- managing relation. Each seated expert votes on their own sheet (changeable until it is submitted), with the ground and
-- the facts; a bid is rejected when more than half of the committee voted so, and it is then neither ranked nor a candidate.
CREATE TABLE evaluation_rejections (
  tender_id  uuid NOT NULL REFERENCES tenders (id),
  bid_id     uuid NOT NULL REFERENCES bids (id),
  expert_id  uuid NOT NULL REFERENCES experts (id),
  ground     text NOT NULL CHECK (ground IN ('unsigned', 'no_consortium_agreement', 'unqualified', 'multiple_offers',
                                             'price_out_of_bounds', 'not_responsive', 'collusion_or_fraud', 'related_bidders')),
  note       text NOT NULL CHECK (length(note) BETWEEN 1 AND 2000),
  voted_at   timestamptz NOT NULL,
  PRIMARY KEY (tender_id, bid_id, expert_id)
);
