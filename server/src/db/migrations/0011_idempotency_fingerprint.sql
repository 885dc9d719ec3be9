-- The idempotency key of a submission stands for one request body: the case keeps a fingerprint of
-- it (sha256 of the canonical JSON of item, form, materials and, at the counter, the applicant), so
-- a retry with the same key and another body is refused (422 IDEMPOTENCY_KEY_REUSED) instead of
-- answered with the first case. Cases from before have none and are answered as before.
ALTER TABLE cases ADD COLUMN idempotency_fingerprint text;
