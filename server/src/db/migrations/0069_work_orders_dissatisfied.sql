-- docs/hotline.md "The lead's dissatisfied filter": the hotline lead lists the center's evaluated orders the
-- caller rated dissatisfied (the candidates for 重办), newest first, with their count. The center's list
-- index (work_orders_by_center) would read every order of the center and filter; this partial index holds
-- only those orders, in the list's order, so the page and its count read as many entries as there are
-- dissatisfied orders. An order leaves it when it is re-handled (dispatched again, satisfaction cleared).
CREATE INDEX work_orders_dissatisfied ON work_orders (center_id, created_at DESC, id)
  WHERE status = 'evaluated' AND satisfaction = 'dissatisfied';
