-- Issue 18: configuration a submission reads on every call, but which changes a few times a year, is
-- kept in each instance's memory, and this table says when that copy is too old. One row per kind of
-- configuration; a statement-level trigger on each table it is made of adds one to the row's version
-- in the changing transaction, whoever changes it (the platform, a migration, psql as the owner), so
-- the new version becomes visible exactly when the change does. A submission reads the versions in a
-- statement it makes anyway (the item read, items.itemForCase) and uses a cached copy only if it was
-- read at that version or later (lib/config-versions.ts), so every instance sees a change committed
-- before the request arrived. Rows are made here; a version only grows.
CREATE TABLE config_versions (
  name    text PRIMARY KEY,
  version bigint NOT NULL DEFAULT 0
);
INSERT INTO config_versions (name) VALUES ('trading_award'), ('event_subscriptions'), ('calendar');

CREATE FUNCTION bump_config_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE config_versions SET version = version + 1 WHERE name = TG_ARGV[0];
  RETURN NULL;
END $$;

-- The trading-award rule per item (trading/award-guard.ts).
CREATE TRIGGER trading_award_requirements_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON trading_award_requirements
  FOR EACH STATEMENT EXECUTE FUNCTION bump_config_version('trading_award');
-- The event subscriptions per center (integrations/deliveries.ts).
CREATE TRIGGER event_subscriptions_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON event_subscriptions
  FOR EACH STATEMENT EXECUTE FUNCTION bump_config_version('event_subscriptions');
-- The working-day calendar of a region: its chain of regions and their calendar versions. Every change of
-- a region's days or of an official schedule raises its calendar_versions row first, in its transaction
-- (calendar.repository.ts bumpVersion; the calendar's own cache is keyed on those rows already).
CREATE TRIGGER regions_config_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON regions
  FOR EACH STATEMENT EXECUTE FUNCTION bump_config_version('calendar');
CREATE TRIGGER calendar_versions_config_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON calendar_versions
  FOR EACH STATEMENT EXECUTE FUNCTION bump_config_version('calendar');
