-- Issue 18: the platform works as a runtime role that owns no table (db/roles.ts), and PostgreSQL lets
-- only a table's owner ANALYZE it, so the `ANALYZE items` the seed ran after loading a catalog was a
-- warning and nothing more. Until autovacuum came by, the planner took a freshly loaded catalog for an
-- empty one: it filtered every item in the hall instead of reading the search index, and sorted the
-- whole hall for a page of the browse list (catalog search 5-16 ms a query instead of 1.5-7 ms).
-- This function runs as its owner and does only that; the runtime role may execute it (roles.ts grants
-- EXECUTE on the schema's functions), nobody else.
CREATE FUNCTION refresh_catalog_statistics() RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  ANALYZE public.items;
  ANALYZE public.item_versions;
END
$$;
REVOKE ALL ON FUNCTION refresh_catalog_statistics() FROM PUBLIC;

-- The catalog's generation: a counter every change to what the public catalog shows moves forward in
-- the changing transaction (an item in any way; a department's or a center's name, which the lists
-- carry). Each instance keeps the hall's items in memory for search and browse (items/catalog-cache.ts)
-- and answers from memory only while the counter it loaded with is still the current one, read in the
-- same statement snapshot as any other read: a change committed through any instance is seen by the
-- next search of every instance. Item changes are rare (managers' edits, admissions, removals), so the
-- one row they lock until commit is no queue. The triggers fire BEFORE each statement, so that row is
-- every catalog writer's first lock (taken before any item row): two transactions writing items in
-- several statements wait for each other in one order and cannot deadlock through it.
CREATE TABLE catalog_generation (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  n bigint NOT NULL
);
INSERT INTO catalog_generation (only_row, n) VALUES (true, 1);

CREATE FUNCTION bump_catalog_generation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE catalog_generation SET n = n + 1;
  RETURN NULL; -- ignored for statement triggers
END
$$;
CREATE TRIGGER items_catalog_generation BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON items
  FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_generation();
CREATE TRIGGER departments_catalog_generation BEFORE UPDATE OF name, name_en ON departments
  FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_generation();
CREATE TRIGGER centers_catalog_generation BEFORE UPDATE OF name, name_en ON centers
  FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_generation();
