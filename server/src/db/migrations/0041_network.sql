-- The service network from province to village (issue 17, docs/network.md): any number of centers in
-- the region tree, village service points, and the indexes the level-by-level board reads through.

-- A village's 便民服务站 (service point) takes applications and hands out results for the township
-- above it; a center (中心) at any level also decides. Existing centers are centers.
ALTER TABLE centers ADD COLUMN kind text NOT NULL DEFAULT 'center' CHECK (kind IN ('center', 'service_point'));

-- GB/T 2260 codes nest by prefix (province 2 digits, city 4, county 6, township 9, village 12), so
-- "the centers under a region" is a prefix range on the code: an index with pattern ops serves
-- `region_code LIKE '4601%'` whatever the database's collation.
CREATE INDEX centers_region_prefix ON centers (region_code varchar_pattern_ops);
CREATE INDEX regions_code_prefix ON regions (code varchar_pattern_ops);

-- The drill-down's last step: one center's cases, newest first, paginated on the index.
CREATE INDEX cases_center_recent ON cases (center_id, created_at DESC, id);

-- The board's open counts per center by light, for every center under a region at once: an
-- index-only scan over the open cases of those centers. Its predicate is OPEN_STATES
-- (modules/cases/transitions.ts) exactly, so a query with that list can use it; cases_center_board
-- was made before `issuing` joined the list.
CREATE INDEX cases_open_by_center ON cases (center_id, light) INCLUDE (suspended_since)
  WHERE status IN ('submitted', 'supplement_requested', 'accepted', 'in_review', 'forwarded', 'decided', 'awaiting_payment', 'ready', 'issuing');
