-- Issue 14, the portal people prefer (docs/portal.md).

-- The address the account keeps, edited by the person, pre-filled into every application form.
ALTER TABLE users ADD COLUMN address text CHECK (address IS NULL OR length(address) <= 200);

-- A submission number (提交编号) every case gets when it comes in, before any receipt number:
-- shown right after submitting and accepted by the public progress query with the query code,
-- which is now also drawn at submission. Numbered from a sequence, so two submissions never clash.
CREATE SEQUENCE case_submission_seq;
ALTER TABLE cases ADD COLUMN submission_no text;
UPDATE cases SET submission_no = 'S' || to_char(submitted_at AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD')
  || lpad(n::text, greatest(7, length(n::text)), '0')
  FROM (SELECT id AS cid, nextval('case_submission_seq') AS n FROM cases ORDER BY submitted_at, id) s WHERE cases.id = s.cid;
CREATE UNIQUE INDEX cases_submission_no ON cases (submission_no);

-- Popular services (热门服务): cases per item of a center over recent months, read through this index only.
CREATE INDEX cases_center_recent_items ON cases (center_id, submitted_at) INCLUDE (item_id) WHERE item_id IS NOT NULL AND parent_id IS NULL;
-- … and of every center together, when the visitor has not chosen one.
CREATE INDEX cases_recent_items ON cases (submitted_at) INCLUDE (item_id) WHERE item_id IS NOT NULL AND parent_id IS NULL;

-- Drafts (暂存): one per person and item (or joint matter), updated in place; uploads are named by file id in `data`.
CREATE TABLE application_drafts (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id      uuid NOT NULL REFERENCES users (id),
  target_kind  text NOT NULL CHECK (target_kind IN ('item', 'matter')),
  target_id    uuid NOT NULL,
  data         jsonb NOT NULL,
  row_version  integer NOT NULL DEFAULT 0,
  created_at   timestamptz NOT NULL,
  updated_at   timestamptz NOT NULL,
  UNIQUE (user_id, target_kind, target_id)
);
-- My cases, drafts tab: newest first.
CREATE INDEX application_drafts_by_user ON application_drafts (user_id, updated_at DESC, id);

-- Bookmarks (收藏): the items a person starred.
CREATE TABLE user_bookmarks (
  user_id     uuid NOT NULL REFERENCES users (id),
  item_id     uuid NOT NULL REFERENCES items (id),
  created_at  timestamptz NOT NULL,
  PRIMARY KEY (user_id, item_id)
);
CREATE INDEX user_bookmarks_by_user ON user_bookmarks (user_id, created_at DESC, item_id);
