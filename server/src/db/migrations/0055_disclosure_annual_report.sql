-- Issue 17 (docs/disclosure.md): the annual government information disclosure report
-- (政府信息公开工作年度报告, 条例 第四十九、五十条) and the reply letter's language.

-- The annual report is published at the disclosure point under its own category, with the figures
-- it was generated from (the PDF is rendered from them, so the published report never changes).
ALTER TABLE disclosure_publications DROP CONSTRAINT disclosure_publications_category_check;
ALTER TABLE disclosure_publications ADD CONSTRAINT disclosure_publications_category_check
  CHECK (category IN ('regulations', 'plans', 'budgets', 'fees', 'major_projects', 'emergency_plans', 'licences', 'annual_report'));
ALTER TABLE disclosure_publications ADD COLUMN report jsonb;
ALTER TABLE disclosure_publications ADD CONSTRAINT disclosure_publications_report_check
  CHECK ((category = 'annual_report') = (report IS NOT NULL));
-- One published report per center and year (a mistaken one is withdrawn, then generated again).
CREATE UNIQUE INDEX disclosure_publications_one_report ON disclosure_publications (center_id, year)
  WHERE category = 'annual_report' AND status = 'published';

-- A requester who asks for English gets the reply letter in Chinese and English (the Chinese
-- authoritative); a foreign applicant gets it whatever they chose.
ALTER TABLE disclosure_requests ADD COLUMN reply_language text NOT NULL DEFAULT 'zh' CHECK (reply_language IN ('zh', 'en'));
