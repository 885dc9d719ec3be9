-- docs/hotline.md "How they count": every caller of an appeal evaluates the reply, the main order's caller on the
-- main order and each merged caller on their own order; a dissatisfied evaluation of the round by any of them makes
-- the main order a candidate for 重办 (国办发〔2020〕53号). The main order carries that fact, so the lead's
-- dissatisfied filter stays on one partial index: round_dissatisfied is set by a dissatisfied evaluation (the main
-- order's own, or one merged into it) and cleared when the order is re-handled, which starts the next round.
ALTER TABLE work_orders ADD COLUMN round_dissatisfied boolean NOT NULL DEFAULT false;

-- The round in progress: the main order's own evaluation (an evaluated order), and the evaluations of the orders
-- merged into it (a merged order's satisfaction is its caller's evaluation of this round; a re-handling clears it).
UPDATE work_orders w SET round_dissatisfied = true
 WHERE w.status IN ('closed', 'evaluated')
   AND ((w.status = 'evaluated' AND w.satisfaction = 'dissatisfied')
        OR EXISTS (SELECT 1 FROM work_orders m WHERE m.merged_into = w.id AND m.satisfaction = 'dissatisfied'));

-- Only a called-back order has a round's evaluations (a re-handling dispatches it and clears the flag).
ALTER TABLE work_orders ADD CONSTRAINT work_orders_round_dissatisfied_called_back
  CHECK (NOT round_dissatisfied OR status IN ('closed', 'evaluated'));

-- 0069's index judged the main order's own evaluation only; the filter now reads the flag.
DROP INDEX work_orders_dissatisfied;
CREATE INDEX work_orders_dissatisfied ON work_orders (center_id, created_at DESC, id) WHERE round_dissatisfied;
