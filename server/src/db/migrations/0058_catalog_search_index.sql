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

-- The catalog's version, a row of migration 0057's config_versions: every change to what the public
-- catalog shows (an item in any way; a department's or a center's name, which the lists carry) adds
-- one to it in the changing transaction. Each instance keeps the hall's items in memory for search and
-- browse (items/catalog-cache.ts) and answers from memory only while the version it loaded with is
-- still the current one, read by each search: a change committed through any instance is seen by the
-- next search of every instance. Item changes are rare (managers' edits, admissions, removals), so the
-- one row they lock until commit is no queue. These triggers fire BEFORE each statement, so that row
-- is every catalog writer's first lock (taken before any item row): two transactions writing items in
-- several statements wait for each other in one order and cannot deadlock through it.
INSERT INTO config_versions (name) VALUES ('catalog');
CREATE TRIGGER items_catalog_version BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON items
  FOR EACH STATEMENT EXECUTE FUNCTION bump_config_version('catalog');
CREATE TRIGGER departments_catalog_version BEFORE UPDATE OF name, name_en ON departments
  FOR EACH STATEMENT EXECUTE FUNCTION bump_config_version('catalog');
CREATE TRIGGER centers_catalog_version BEFORE UPDATE OF name, name_en ON centers
  FOR EACH STATEMENT EXECUTE FUNCTION bump_config_version('catalog');
