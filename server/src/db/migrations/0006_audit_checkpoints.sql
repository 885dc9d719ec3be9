-- Checkpoints seal the whole audit log periodically: each hashes the events it covers (in time
-- order) and the previous checkpoint, so removing even the last event of a stream is detected.
CREATE TABLE audit_checkpoints (
  id         bigserial PRIMARY KEY,
  sealed_at  timestamptz NOT NULL,
  upto       timestamptz NOT NULL,     -- covers events with previous upto < at <= upto
  events     integer NOT NULL,
  digest     char(64) NOT NULL,        -- SHA-256 over the covered events' hashes, ordered by (at, id)
  prev_hash  char(64),
  hash       char(64) NOT NULL,
  UNIQUE (upto)
);

CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints
  FOR EACH ROW EXECUTE FUNCTION forbid_audit_change();
