-- The supervision board counts a center's awarded tenders whose contract is past its 30 days (招标投标法 第四十六条):
-- only tenders in `awarded` are read, by center and award time.
CREATE INDEX tenders_awarded ON tenders (center_id, awarded_at) WHERE status = 'awarded';
