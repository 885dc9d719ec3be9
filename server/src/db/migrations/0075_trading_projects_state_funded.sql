-- docs/trading.md "The award": 招标投标法实施条例 第五十五条 — in a project where state funds hold the controlling or
-- leading share (国有资金占控股或者主导地位), the tenderer awards the first-ranked candidate; another only in the
-- candidates' order, each one ranked above having given it up, been unable to perform for force majeure, not lodged
-- the performance bond, or been found to have broken the law in a way that affects the result. The platform did not
-- know a project's funding; it does now. A centre trades public projects, so a project is taken as state-funded
-- unless its creator says otherwise: the existing ones too (any award still to come follows the order).
ALTER TABLE trading_projects ADD COLUMN state_funded boolean NOT NULL DEFAULT true;
