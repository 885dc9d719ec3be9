-- Issue 10, materials. An application may name an e-licence in place of a material's file (the
-- material declares that an e-licence may replace it); the reference is kept per round like a
-- file. Issue 12 (e-licences) verifies it against the licence library.
CREATE TABLE case_material_licences (
  case_id      uuid NOT NULL REFERENCES cases (id),
  material_key text NOT NULL,
  licence_type text NOT NULL,
  licence_no   text NOT NULL,
  round        integer NOT NULL DEFAULT 0,         -- 0 = with the application, n = n-th supplement
  created_at   timestamptz NOT NULL,
  PRIMARY KEY (case_id, material_key, round)
);

-- The counter's checklist: what the window clerk recorded of each material before acceptance
-- (original, copy, e-licence seen, or missing), by whom and when; one row per material, the last
-- record wins (each change is an audit event on the case's stream).
CREATE TABLE case_material_checks (
  case_id      uuid NOT NULL REFERENCES cases (id),
  material_key text NOT NULL,
  state        text NOT NULL CHECK (state IN ('original', 'copy', 'e_licence', 'missing')),
  licence_type text,
  licence_no   text,
  note         text NOT NULL DEFAULT '',
  checked_by   uuid NOT NULL REFERENCES users (id),
  checked_at   timestamptz NOT NULL,
  PRIMARY KEY (case_id, material_key),
  CHECK (state <> 'e_licence' OR (licence_type IS NOT NULL AND licence_no IS NOT NULL))
);
