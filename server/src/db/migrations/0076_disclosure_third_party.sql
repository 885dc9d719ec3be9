-- docs/disclosure.md "Third parties": 政府信息公开条例 第三十二条 — information whose disclosure may harm a third
-- party's lawful rights is disclosed only after the third party is consulted in writing; it answers within 15 working
-- days of receiving the letter, silence leaves the decision to the office; an objection with good reason means no
-- disclosure, unless the office finds that withholding would gravely affect the public interest, and then it tells the
-- third party in writing what it discloses and why. 第三十三条: the time the consultation takes is not counted in the
-- reply period, so the clock stops (`consulting`, no due date) and resumes with the working days that were left.
ALTER TABLE disclosure_requests DROP CONSTRAINT disclosure_requests_status_check;
ALTER TABLE disclosure_requests ADD CONSTRAINT disclosure_requests_status_check
  CHECK (status IN ('received', 'extension_pending', 'correction_requested', 'consulting', 'replied', 'withdrawn'));
ALTER TABLE disclosure_requests
  ADD COLUMN third_party_name       text CHECK (third_party_name IS NULL OR length(third_party_name) BETWEEN 1 AND 200),
  ADD COLUMN third_party_matter     text CHECK (third_party_matter IS NULL OR length(third_party_matter) BETWEEN 1 AND 2000),
  ADD COLUMN consulted_date         date,
  ADD COLUMN third_party_due_date   date,
  ADD COLUMN consultation_days_left smallint CHECK (consultation_days_left IS NULL OR consultation_days_left >= 0),
  ADD COLUMN third_party_opinion    text CHECK (third_party_opinion IN ('agree', 'object', 'no_reply')),
  ADD COLUMN third_party_reason     text CHECK (third_party_reason IS NULL OR length(third_party_reason) BETWEEN 1 AND 2000),
  ADD COLUMN opinion_date           date,
  ADD COLUMN public_interest_reason text CHECK (public_interest_reason IS NULL OR length(public_interest_reason) BETWEEN 1 AND 2000),
  ADD CONSTRAINT disclosure_requests_consulting_days CHECK ((status = 'consulting') = (consultation_days_left IS NOT NULL));
