-- Issue 13, the 12345 hotline's work orders (docs/hotline.md): the category tree, the deadline limits per
-- kind and urgency (configuration data), the orders with their history, and the operators' knowledge base.
-- pg_trgm suggests duplicate appeals (same place and topic) among the open orders; under the cluster's
-- UTF-8 ctype it counts Chinese characters as word characters, so trigrams of Chinese text work.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE workorder_categories (
  id        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  parent_id uuid REFERENCES workorder_categories (id),
  code      text NOT NULL UNIQUE CHECK (code ~ '^[A-Za-z0-9_.-]{1,40}$'),
  name      text NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
  name_en   text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 100),
  sort      integer NOT NULL DEFAULT 0
);
CREATE INDEX workorder_categories_by_parent ON workorder_categories (parent_id, sort);

-- The time limit of a work order in working days, per kind and urgency: 0 = the same day.
CREATE TABLE workorder_limits (
  kind     text NOT NULL CHECK (kind IN ('consultation', 'request', 'complaint', 'suggestion', 'praise')),
  urgency  text NOT NULL CHECK (urgency IN ('normal', 'urgent')),
  workdays integer NOT NULL CHECK (workdays BETWEEN 0 AND 60),
  PRIMARY KEY (kind, urgency)
);
-- Defaults after 国办发〔2020〕53号 practice: urgent the same day, consultations 3, requests 5,
-- complaints 13, suggestions 15, praise 5 working days. Managers may change the rows.
INSERT INTO workorder_limits (kind, urgency, workdays) VALUES
  ('consultation', 'normal', 3), ('consultation', 'urgent', 0),
  ('request', 'normal', 5), ('request', 'urgent', 0),
  ('complaint', 'normal', 13), ('complaint', 'urgent', 0),
  ('suggestion', 'normal', 15), ('suggestion', 'urgent', 0),
  ('praise', 'normal', 5), ('praise', 'urgent', 0);

-- Readable order numbers: GD + China date + this sequence (never reused; gaps after a rollback are harmless).
CREATE SEQUENCE work_order_no_seq;

CREATE TABLE work_orders (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  order_no         text NOT NULL UNIQUE,
  center_id        uuid NOT NULL REFERENCES centers (id),
  source           text NOT NULL CHECK (source IN ('hotline', 'web', 'hall')),
  kind             text NOT NULL CHECK (kind IN ('consultation', 'request', 'complaint', 'suggestion', 'praise')),
  urgency          text NOT NULL CHECK (urgency IN ('normal', 'urgent')),
  category_id      uuid REFERENCES workorder_categories (id),
  caller_name      text NOT NULL CHECK (length(caller_name) BETWEEN 1 AND 60),
  caller_phone     text NOT NULL CHECK (length(caller_phone) BETWEEN 3 AND 20),
  caller_user_id   uuid REFERENCES users (id),
  place            text NOT NULL CHECK (length(place) <= 200),
  topic            text NOT NULL CHECK (length(topic) BETWEEN 1 AND 200),
  content          text NOT NULL CHECK (length(content) BETWEEN 1 AND 5000),
  department_id    uuid REFERENCES departments (id),
  against_staff_id uuid REFERENCES users (id),
  status           text NOT NULL CHECK (status IN ('accepted', 'dispatched', 'returned', 'handling', 'replied', 'closed', 'evaluated', 'merged')),
  due_date         date,
  due_provisional  boolean NOT NULL DEFAULT false,
  merged_into      uuid REFERENCES work_orders (id),
  escalation_level smallint NOT NULL DEFAULT 0 CHECK (escalation_level BETWEEN 0 AND 3),
  -- The China date after which the open order escalates one more level; NULL when nothing is due.
  escalate_after   date,
  reply            text CHECK (reply IS NULL OR length(reply) <= 5000),
  replied_at       timestamptz,
  article_id       uuid,
  return_reason    text,
  satisfaction     text CHECK (satisfaction IN ('satisfied', 'basically_satisfied', 'dissatisfied')),
  published_at     timestamptz,
  published_fix    text CHECK (published_fix IS NULL OR length(published_fix) <= 2000),
  created_by       uuid REFERENCES users (id),
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL,
  row_version      integer NOT NULL DEFAULT 1,
  CHECK ((status = 'merged') = (merged_into IS NOT NULL)),
  CHECK (merged_into IS NULL OR merged_into <> id)
);
-- Lists: the center's orders newest first, a department's, a caller's, the merged ones of a main order.
CREATE INDEX work_orders_by_center ON work_orders (center_id, created_at DESC, id);
CREATE INDEX work_orders_by_department ON work_orders (department_id, created_at DESC, id) WHERE department_id IS NOT NULL;
CREATE INDEX work_orders_by_caller ON work_orders (caller_user_id, created_at DESC) WHERE caller_user_id IS NOT NULL;
CREATE INDEX work_orders_merged ON work_orders (merged_into) WHERE merged_into IS NOT NULL;
CREATE INDEX work_orders_against_staff ON work_orders (against_staff_id, created_at DESC) WHERE against_staff_id IS NOT NULL;
CREATE INDEX work_orders_published ON work_orders (center_id, published_at DESC) WHERE published_at IS NOT NULL;
-- The escalation sweep finds what is due through this index (claimed with FOR UPDATE SKIP LOCKED).
CREATE INDEX work_orders_escalation ON work_orders (escalate_after) WHERE escalate_after IS NOT NULL;
-- Duplicate suggestions: trigram similarity on place and topic, among the open orders only.
CREATE INDEX work_orders_open_place_trgm ON work_orders USING gin (place gin_trgm_ops)
  WHERE status IN ('accepted', 'dispatched', 'returned', 'handling');
CREATE INDEX work_orders_open_topic_trgm ON work_orders USING gin (topic gin_trgm_ops)
  WHERE status IN ('accepted', 'dispatched', 'returned', 'handling');

-- The order's history: every action, who, when, what (append-only by use; the order's row lock orders it).
CREATE TABLE workorder_events (
  id          bigserial PRIMARY KEY,
  order_id    uuid NOT NULL REFERENCES work_orders (id),
  action      text NOT NULL,
  from_status text,
  to_status   text,
  actor_id    uuid REFERENCES users (id),
  data        jsonb NOT NULL DEFAULT '{}',
  at          timestamptz NOT NULL
);
CREATE INDEX workorder_events_by_order ON workorder_events (order_id, id);

CREATE TABLE knowledge_articles (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  center_id       uuid NOT NULL REFERENCES centers (id),
  category_id     uuid REFERENCES workorder_categories (id),
  question        text NOT NULL CHECK (length(question) BETWEEN 1 AND 500),
  answer          text NOT NULL CHECK (length(answer) BETWEEN 1 AND 5000),
  source_order_id uuid REFERENCES work_orders (id),
  used_count      integer NOT NULL DEFAULT 0,
  created_by      uuid REFERENCES users (id),
  created_at      timestamptz NOT NULL
);
CREATE INDEX knowledge_articles_by_center ON knowledge_articles (center_id, created_at DESC, id);
CREATE INDEX knowledge_articles_search ON knowledge_articles USING gin ((question || ' ' || answer) gin_trgm_ops);
ALTER TABLE work_orders ADD CONSTRAINT work_orders_article FOREIGN KEY (article_id) REFERENCES knowledge_articles (id);
