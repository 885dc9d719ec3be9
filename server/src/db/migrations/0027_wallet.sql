-- Issue 12, the holder's wallet and reuse: each time staff read a licence through a case that names
-- it (one row per licence, case, reader and China day, with a count), so the holder sees who looked
-- and when; and the index the wallet lists by (the holder's code, newest first).

CREATE TABLE elicence_reads (
  licence_id uuid NOT NULL REFERENCES elicences (id),
  case_id    uuid NOT NULL REFERENCES cases (id),
  read_by    uuid NOT NULL REFERENCES users (id),
  day        date NOT NULL,                 -- China date of the reads
  first_at   timestamptz NOT NULL,
  last_at    timestamptz NOT NULL,
  reads      integer NOT NULL DEFAULT 1 CHECK (reads > 0),
  PRIMARY KEY (licence_id, case_id, read_by, day)
);
CREATE INDEX elicence_reads_licence ON elicence_reads (licence_id, last_at DESC, case_id, read_by, day);

-- The wallet: a holder's licences by code (person: ID number, enterprise: credit code), newest first.
CREATE INDEX elicences_wallet ON elicences (holder_code_type, holder_code, issue_date DESC, id DESC);
