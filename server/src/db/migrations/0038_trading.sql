-- Issue 16, public resource trading (公共资源交易, docs/trading.md): projects and their lots, tenders with
-- their ordered periods, every change of a tender kept as a revision anyone can read, tender documents
-- with a register of who downloaded which version, bidders asked to re-confirm after a change, the items
-- that need a traded project, and questions / objections / complaints. The sealed bids (0039) and the
-- expert pool (0040) refer to these tables.

CREATE TABLE trading_projects (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  center_id       uuid NOT NULL REFERENCES centers (id),
  kind            text NOT NULL CHECK (kind IN ('construction', 'procurement', 'land', 'state_property')),
  code            text NOT NULL CHECK (code ~ '^[A-Za-z0-9_.-]{1,40}$'),
  name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  buyer_name      text NOT NULL CHECK (length(buyer_name) BETWEEN 1 AND 200),
  buyer_org_code  text NOT NULL CHECK (buyer_org_code ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'),
  agent_name      text CHECK (agent_name IS NULL OR length(agent_name) BETWEEN 1 AND 200),
  agent_org_code  text CHECK (agent_org_code IS NULL OR agent_org_code ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'),
  -- The supervising department (行政监督部门): its supervisors answer complaints and hold key shares.
  department_id   uuid NOT NULL REFERENCES departments (id),
  region_code     text NOT NULL REFERENCES regions (code),
  created_by      uuid REFERENCES users (id),
  created_at      timestamptz NOT NULL,
  UNIQUE (center_id, code)
);
CREATE INDEX trading_projects_by_center ON trading_projects (center_id, created_at DESC, id);

CREATE TABLE trading_lots (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id  uuid NOT NULL REFERENCES trading_projects (id),
  lot_no      integer NOT NULL CHECK (lot_no BETWEEN 1 AND 999),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  -- Budget in fen (分), so money never passes through a float.
  budget_fen  bigint CHECK (budget_fen IS NULL OR budget_fen >= 0),
  created_at  timestamptz NOT NULL,
  UNIQUE (project_id, lot_no)
);

-- A tender (招标 / 采购 / 出让 / 转让) of a project, or of one lot of it. Its status is written only by the
-- tender transition table (modules/trading/tender.transitions.ts). The period columns are set by the
-- transitions; the guards compare them with the server's clock.
CREATE TABLE tenders (
  id                       uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id               uuid NOT NULL REFERENCES trading_projects (id),
  lot_id                   uuid REFERENCES trading_lots (id),
  center_id                uuid NOT NULL REFERENCES centers (id),
  status                   text NOT NULL CHECK (status IN ('draft', 'published', 'clarification', 'bidding', 'opening',
                             'evaluation', 'candidates_published', 'awarded', 'contract', 'complete', 'cancelled', 'unsuccessful')),
  title                    text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  description              text NOT NULL DEFAULT '' CHECK (length(description) <= 20000),
  -- Sealed bids (0039): the public key is written at publication; the private key exists only as shares.
  public_key               text,
  key_threshold            integer CHECK (key_threshold IS NULL OR key_threshold >= 1),
  key_shares               integer CHECK (key_shares IS NULL OR key_shares >= 1),
  -- The periods (all server time).
  published_at             timestamptz,
  clarification_until      timestamptz,
  bidding_until            timestamptz,
  bid_deadline             timestamptz,
  opening_at               timestamptz,
  opened_at                timestamptz,
  candidates_published_at  timestamptz,
  candidates_until         timestamptz,
  awarded_at               timestamptz,
  contract_at              timestamptz,
  completed_at             timestamptz,
  closed_reason            text CHECK (closed_reason IS NULL OR length(closed_reason) BETWEEN 1 AND 2000),
  closed_document_id       uuid REFERENCES files (id),
  -- Evaluation criteria: [{ key, name: { zh, en }, weight }] (weights sum to 100).
  criteria                 jsonb NOT NULL DEFAULT '[]',
  committee_size           integer CHECK (committee_size IS NULL OR committee_size >= 1),
  sector                   text CHECK (sector IS NULL OR sector ~ '^[a-z_]{1,40}$'),
  budget_fen               bigint CHECK (budget_fen IS NULL OR budget_fen >= 0),
  -- Ranked candidates from the evaluation: [{ rank, name, orgCode, score, priceFen? }].
  candidates               jsonb,
  -- The award: { name, orgCode, priceFen } and the contract: { title, priceFen, signedOn }.
  award                    jsonb,
  contract                 jsonb,
  version                  integer NOT NULL DEFAULT 1,
  created_by               uuid REFERENCES users (id),
  created_at               timestamptz NOT NULL,
  updated_at               timestamptz NOT NULL,
  CHECK (key_threshold IS NULL OR key_shares IS NULL OR key_threshold <= key_shares)
);
CREATE INDEX tenders_by_project ON tenders (project_id, created_at);
CREATE INDEX tenders_by_center ON tenders (center_id, updated_at DESC, id);
-- The public notice list: published tenders, newest first.
CREATE INDEX tenders_public ON tenders (published_at DESC, id) WHERE published_at IS NOT NULL;
-- The bids helper's sweep: tenders past their deadline still in bidding.
CREATE INDEX tenders_bidding_deadline ON tenders (bid_deadline) WHERE status = 'bidding';

-- Every change of a tender: its creation, each transition, each amendment; a snapshot anyone can read.
CREATE TABLE tender_revisions (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tender_id   uuid NOT NULL REFERENCES tenders (id),
  version     integer NOT NULL,
  action      text NOT NULL,
  from_status text,
  to_status   text NOT NULL,
  reason      text,
  -- What changed: { field: { from, to } }; and the tender as it stood after the change.
  changes     jsonb NOT NULL DEFAULT '{}',
  snapshot    jsonb NOT NULL,
  actor_id    uuid REFERENCES users (id),
  at          timestamptz NOT NULL,
  UNIQUE (tender_id, version)
);

-- Tender documents (招标文件), one row per version; the file is public only through the register.
CREATE TABLE tender_documents (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tender_id   uuid NOT NULL REFERENCES tenders (id),
  version     integer NOT NULL CHECK (version >= 1),
  title       text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  file_id     uuid NOT NULL REFERENCES files (id),
  sha256      char(64) NOT NULL,
  created_by  uuid REFERENCES users (id),
  created_at  timestamptz NOT NULL,
  UNIQUE (tender_id, version)
);

-- The download register: who took which version when.
CREATE TABLE tender_document_downloads (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tender_id    uuid NOT NULL REFERENCES tenders (id),
  document_id  uuid NOT NULL REFERENCES tender_documents (id),
  user_id      uuid NOT NULL REFERENCES users (id),
  at           timestamptz NOT NULL
);
CREATE INDEX tender_document_downloads_by_tender ON tender_document_downloads (tender_id, at DESC, id);
CREATE INDEX tender_document_downloads_by_user ON tender_document_downloads (user_id, tender_id);

-- After a change of conditions during bidding, every registered bidder must re-confirm (one row per bidder and revision).
CREATE TABLE tender_reconfirmations (
  tender_id     uuid NOT NULL REFERENCES tenders (id),
  user_id       uuid NOT NULL REFERENCES users (id),
  version       integer NOT NULL,
  required_at   timestamptz NOT NULL,
  confirmed_at  timestamptz,
  PRIMARY KEY (tender_id, user_id, version)
);

-- Approval items that need a traded project (e.g. a construction permit needs the award notice): a case of
-- such an item names the project by the form field `project_code_field`; it is refused unless that project
-- of the item's center has an awarded tender.
CREATE TABLE trading_award_requirements (
  item_id             uuid PRIMARY KEY REFERENCES items (id),
  project_code_field  text NOT NULL CHECK (project_code_field ~ '^[A-Za-z][A-Za-z0-9_]{0,39}$'),
  created_at          timestamptz NOT NULL
);

-- Questions and objections (to the buyer) and complaints (to the supervising department), each with its deadline.
CREATE TABLE tender_disputes (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tender_id     uuid NOT NULL REFERENCES tenders (id),
  kind          text NOT NULL CHECK (kind IN ('question', 'objection', 'complaint')),
  user_id       uuid NOT NULL REFERENCES users (id),
  body          text NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
  submitted_at  timestamptz NOT NULL,
  answer_due    timestamptz NOT NULL,
  answer        text CHECK (answer IS NULL OR length(answer) BETWEEN 1 AND 5000),
  answered_by   uuid REFERENCES users (id),
  answered_at   timestamptz
);
CREATE INDEX tender_disputes_by_tender ON tender_disputes (tender_id, submitted_at DESC, id);
