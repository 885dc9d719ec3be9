-- Issue 16, evaluation experts (docs/experts.md): the expert pool with declarations and penalties, the
-- committee rules per sector, the verifiable draw (commitment, seed, drawn order, exclusions kept with
-- their reasons) and the evaluation scores.

-- An expert of a trading center's pool (评标专家库). id_number is never answered in full (masked).
CREATE TABLE experts (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  center_id      uuid NOT NULL REFERENCES centers (id),
  -- The expert's sign-in (a staff account with the role `expert`), to score the tenders they sit on.
  user_id        uuid UNIQUE REFERENCES users (id),
  name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  id_number      char(18) NOT NULL,
  phone          text CHECK (phone IS NULL OR phone ~ '^[0-9+-]{5,20}$'),
  specialties    text[] NOT NULL CHECK (cardinality(specialties) BETWEEN 1 AND 20),
  region_code    varchar(12) NOT NULL REFERENCES regions (code),
  -- The employer's unified social credit code: the first recusal (staff of a bidder, the buyer, the supervisor).
  employer_code  char(18) NOT NULL,
  employer_name  text NOT NULL CHECK (length(employer_name) BETWEEN 1 AND 200),
  available      boolean NOT NULL DEFAULT true,
  created_at     timestamptz NOT NULL,
  UNIQUE (center_id, id_number)
);
-- The draw reads a center's available experts; the list pages by name.
CREATE INDEX experts_pool ON experts (center_id, id) WHERE available;
CREATE INDEX experts_by_name ON experts (center_id, name, id);
CREATE INDEX experts_specialties ON experts USING gin (specialties);

-- What an expert declares: a close relative working for or controlling an organisation, or an economic
-- interest (shares, a contract, a post) in one. Either excludes the expert from that organisation's tenders.
CREATE TABLE expert_declarations (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  expert_id      uuid NOT NULL REFERENCES experts (id),
  kind           text NOT NULL CHECK (kind IN ('relative', 'interest')),
  org_code       char(18) NOT NULL,
  org_name       text NOT NULL CHECK (length(org_name) BETWEEN 1 AND 200),
  -- For a relative: who and how related (配偶, 父母, 子女, 兄弟姐妹 …).
  relative_name  text CHECK (relative_name IS NULL OR length(relative_name) BETWEEN 1 AND 100),
  relation       text CHECK (relation IS NULL OR length(relation) BETWEEN 1 AND 40),
  declared_at    timestamptz NOT NULL,
  CHECK ((kind = 'relative') = (relative_name IS NOT NULL AND relation IS NOT NULL))
);
CREATE INDEX expert_declarations_by_expert ON expert_declarations (expert_id);
CREATE INDEX expert_declarations_by_org ON expert_declarations (org_code);

-- Penalties (处理记录) with their date: one within the draw's window excludes the expert.
CREATE TABLE expert_penalties (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  expert_id   uuid NOT NULL REFERENCES experts (id),
  imposed_on  date NOT NULL,
  reason      text NOT NULL CHECK (length(reason) BETWEEN 1 AND 1000),
  created_at  timestamptz NOT NULL
);
CREATE INDEX expert_penalties_by_expert ON expert_penalties (expert_id, imposed_on DESC);

-- Committee composition per sector ('*' is the default): minimum size and the experts' minimum share.
CREATE TABLE committee_rules (
  sector            text PRIMARY KEY CHECK (sector = '*' OR sector ~ '^[a-z_]{1,40}$'),
  min_size          integer NOT NULL CHECK (min_size >= 3 AND min_size % 2 = 1),
  expert_share_num  integer NOT NULL CHECK (expert_share_num >= 1),
  expert_share_den  integer NOT NULL CHECK (expert_share_den >= expert_share_num),
  basis             text NOT NULL
);
INSERT INTO committee_rules (sector, min_size, expert_share_num, expert_share_den, basis) VALUES
  ('*', 5, 2, 3, '招标投标法第三十七条：评标委员会成员人数为五人以上单数，技术、经济等方面的专家不得少于成员总数的三分之二'),
  ('water', 7, 2, 3, '水利工程建设项目招标投标管理规定：评标委员会成员人数为七人以上单数');

-- A draw for a tender. Its status is written only by experts/draw.transitions.ts. The commitment is
-- published before the seed exists; pool_ids is the snapshot it binds (sorted, after filters and recusal).
CREATE TABLE expert_draws (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tender_id        uuid NOT NULL REFERENCES tenders (id),
  center_id        uuid NOT NULL REFERENCES centers (id),
  status           text NOT NULL CHECK (status IN ('committed', 'drawn', 'cancelled')),
  committee_size   integer NOT NULL,
  buyer_reps       integer NOT NULL CHECK (buyer_reps >= 0),
  expert_seats     integer NOT NULL CHECK (expert_seats >= 1),
  reserves         integer NOT NULL CHECK (reserves >= 0),
  filters          jsonb NOT NULL,
  algorithm        text NOT NULL,
  pool_ids         uuid[] NOT NULL,
  pool_hash        char(64) NOT NULL,
  commitment       text NOT NULL,
  commitment_hash  char(64) NOT NULL,
  seed_source      text NOT NULL CHECK (length(seed_source) BETWEEN 1 AND 500),
  seed_sources     integer NOT NULL CHECK (seed_sources BETWEEN 1 AND 16),
  seed_due_at      timestamptz NOT NULL,
  committed_by     uuid NOT NULL REFERENCES users (id),
  committed_at     timestamptz NOT NULL,
  -- Set by the draw: the public values as entered, their RFC 3797 key string.
  seed             jsonb,
  key_string       text,
  drawn_by         uuid REFERENCES users (id),
  drawn_at         timestamptz,
  cancelled_reason text,
  CHECK ((status = 'drawn') = (seed IS NOT NULL AND key_string IS NOT NULL AND drawn_at IS NOT NULL))
);
CREATE UNIQUE INDEX expert_draws_one_live ON expert_draws (tender_id) WHERE status <> 'cancelled';

-- The experts the recusal took out of a draw's pool, each with every reason that applied.
CREATE TABLE expert_draw_exclusions (
  draw_id    uuid NOT NULL REFERENCES expert_draws (id),
  expert_id  uuid NOT NULL REFERENCES experts (id),
  reasons    text[] NOT NULL CHECK (cardinality(reasons) >= 1),
  PRIMARY KEY (draw_id, expert_id)
);

-- The drawn order: the first expert_seats are seated, the rest wait as reserves; a decline seats the
-- first reserve. rank is the position in the RFC 3797 selection (1-based).
CREATE TABLE expert_draw_members (
  draw_id      uuid NOT NULL REFERENCES expert_draws (id),
  rank         integer NOT NULL CHECK (rank >= 1),
  expert_id    uuid NOT NULL REFERENCES experts (id),
  seat         text NOT NULL CHECK (seat IN ('seated', 'reserve', 'declined')),
  answered_at  timestamptz,
  PRIMARY KEY (draw_id, rank),
  UNIQUE (draw_id, expert_id)
);
CREATE INDEX expert_draw_members_by_expert ON expert_draw_members (expert_id) WHERE seat = 'seated';

-- One expert's score of one opened bid on one criterion of the tender. bid_id refers to bids (0039).
CREATE TABLE evaluation_scores (
  tender_id  uuid NOT NULL REFERENCES tenders (id),
  bid_id     uuid NOT NULL,
  expert_id  uuid NOT NULL REFERENCES experts (id),
  criterion  text NOT NULL,
  score      numeric(7, 2) NOT NULL CHECK (score >= 0),
  scored_at  timestamptz NOT NULL,
  PRIMARY KEY (tender_id, bid_id, expert_id, criterion)
);

-- An expert's scores become final when submitted; the evaluation ends with its report.
CREATE TABLE evaluation_submissions (
  tender_id     uuid NOT NULL REFERENCES tenders (id),
  expert_id     uuid NOT NULL REFERENCES experts (id),
  submitted_at  timestamptz NOT NULL,
  PRIMARY KEY (tender_id, expert_id)
);

CREATE TABLE evaluation_reports (
  tender_id    uuid PRIMARY KEY REFERENCES tenders (id),
  ranking      jsonb NOT NULL,
  outliers     jsonb NOT NULL,
  report_file  text NOT NULL,
  finished_by  uuid NOT NULL REFERENCES users (id),
  finished_at  timestamptz NOT NULL
);
