-- Signed audit checkpoints. Each checkpoint made from now on carries an Ed25519 signature by a key
-- the database does not hold (lib/audit-signing.ts), over its hash and its running counts, so an
-- insider who rewrites events and recomputes every hash and digest still cannot make it verify.
-- The running counts say how long the log was at each checkpoint: a truncated log, or a stream
-- removed whole, is told apart from an altered one.
ALTER TABLE audit_checkpoints
  ADD COLUMN new_streams   integer,   -- streams whose first event (seq 1) this checkpoint covers
  ADD COLUMN total_events  bigint,    -- events with at <= upto, over every checkpoint so far
  ADD COLUMN total_streams bigint,    -- streams begun with at <= upto, over every checkpoint so far
  ADD COLUMN key_id        text,      -- SHA-256 of the signing public key (SPKI DER), hex
  ADD COLUMN signature     text;      -- Ed25519 over the checkpoint's signed text, base64

-- The checkpoints made before signing existed: only those may lack a signature.
CREATE TABLE audit_signing_start (
  last_unsigned_id bigint NOT NULL
);
INSERT INTO audit_signing_start (last_unsigned_id) SELECT COALESCE(max(id), 0) FROM audit_checkpoints;
CREATE TRIGGER audit_signing_start_append_only BEFORE UPDATE OR DELETE ON audit_signing_start
  FOR EACH ROW EXECUTE FUNCTION forbid_audit_change();
