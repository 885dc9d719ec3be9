-- Issue 13, follow-up (docs/hotline.md "Configuration"): the hotline's configuration becomes each
-- center's own. Until now workorder_limits and workorder_categories had no center column, so any
-- center's hotline lead or manager edited what every other center used.
--
-- (1) Time limits. The deployment's default rows move to workorder_limit_defaults (kind, urgency):
--     a center with no row of its own for a kind and urgency uses the default (a center created after
--     this migration needs nothing at creation: no hook in the org module, no path that can forget it).
--     The rows as they are now are copied to every existing center, so nothing changes on the day.
--     A center's first change copies the defaults into its own rows (config.service.ts, saveLimits).
CREATE TABLE workorder_limit_defaults (
  kind     text NOT NULL CHECK (kind IN ('consultation', 'request', 'complaint', 'suggestion', 'praise')),
  urgency  text NOT NULL CHECK (urgency IN ('normal', 'urgent')),
  workdays integer NOT NULL CHECK (workdays BETWEEN 0 AND 60),
  PRIMARY KEY (kind, urgency)
);
INSERT INTO workorder_limit_defaults (kind, urgency, workdays) SELECT kind, urgency, workdays FROM workorder_limits;

ALTER TABLE workorder_limits ADD COLUMN center_id uuid REFERENCES centers (id);
ALTER TABLE workorder_limits DROP CONSTRAINT workorder_limits_pkey;
INSERT INTO workorder_limits (center_id, kind, urgency, workdays)
  SELECT c.id, l.kind, l.urgency, l.workdays FROM centers c CROSS JOIN workorder_limits l WHERE l.center_id IS NULL;
DELETE FROM workorder_limits WHERE center_id IS NULL;
ALTER TABLE workorder_limits ALTER COLUMN center_id SET NOT NULL, ADD PRIMARY KEY (center_id, kind, urgency);

-- (2) The category tree, per center: each center's hotline adds its local categories and retires its
--     own; the provincial classification is loaded into every center with the same codes (the seed), so
--     figures across centers still group by code. Every existing category is copied into every center
--     (parents mapped within the center), the orders and knowledge articles of a center point to their
--     center's copy, and the shared rows go. Codes are unique per center; a parent, an order's category
--     and an article's category always belong to the same center (composite foreign keys).
ALTER TABLE workorder_categories ADD COLUMN center_id uuid REFERENCES centers (id);
ALTER TABLE workorder_categories DROP CONSTRAINT workorder_categories_code_key;

CREATE TEMP TABLE workorder_category_copies ON COMMIT DROP AS
  SELECT c.id AS center_id, wc.id AS old_id, gen_random_uuid() AS new_id
    FROM centers c CROSS JOIN workorder_categories wc WHERE wc.center_id IS NULL;
INSERT INTO workorder_categories (id, center_id, parent_id, code, name, name_en, sort, retired_at)
  SELECT m.new_id, m.center_id, NULL, wc.code, wc.name, wc.name_en, wc.sort, wc.retired_at
    FROM workorder_category_copies m JOIN workorder_categories wc ON wc.id = m.old_id;
UPDATE workorder_categories n SET parent_id = mp.new_id
  FROM workorder_category_copies m
  JOIN workorder_categories o ON o.id = m.old_id
  JOIN workorder_category_copies mp ON mp.old_id = o.parent_id AND mp.center_id = m.center_id
 WHERE n.id = m.new_id;
UPDATE work_orders w SET category_id = m.new_id
  FROM workorder_category_copies m WHERE m.old_id = w.category_id AND m.center_id = w.center_id;
UPDATE knowledge_articles k SET category_id = m.new_id
  FROM workorder_category_copies m WHERE m.old_id = k.category_id AND m.center_id = k.center_id;
DELETE FROM workorder_categories WHERE center_id IS NULL;

ALTER TABLE workorder_categories
  ALTER COLUMN center_id SET NOT NULL,
  ADD CONSTRAINT workorder_categories_center_code UNIQUE (center_id, code),
  ADD CONSTRAINT workorder_categories_center_id_id UNIQUE (center_id, id);
ALTER TABLE workorder_categories
  ADD CONSTRAINT workorder_categories_parent_same_center FOREIGN KEY (center_id, parent_id) REFERENCES workorder_categories (center_id, id);
ALTER TABLE work_orders
  ADD CONSTRAINT work_orders_category_same_center FOREIGN KEY (center_id, category_id) REFERENCES workorder_categories (center_id, id);
ALTER TABLE knowledge_articles
  ADD CONSTRAINT knowledge_articles_category_same_center FOREIGN KEY (center_id, category_id) REFERENCES workorder_categories (center_id, id);
DROP INDEX workorder_categories_by_parent;
CREATE INDEX workorder_categories_by_parent ON workorder_categories (center_id, parent_id, sort);
