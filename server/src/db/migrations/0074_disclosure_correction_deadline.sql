-- docs/disclosure.md "The clock": 政府信息公开条例 第三十条 — the correction notice states a reasonable period to
-- correct in (合理的补正期限); a request not corrected within it without good reason is deemed abandoned, so a
-- correction after that day is refused. The day is the notice's own: NULL for notices given before this
-- migration (no period was stated, none is enforced) and for requests never sent back.
ALTER TABLE disclosure_requests ADD COLUMN correction_due_date date;
