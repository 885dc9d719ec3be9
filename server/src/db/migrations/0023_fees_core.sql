-- Issue 11, fees-core: the refunds of a notice (the notice page, the finance console's refunds of a
-- center, joined through their notices) and the payer's notices by status.
CREATE INDEX refunds_notice ON refunds (notice_id, requested_at DESC, id);
CREATE INDEX payment_notices_payer_status ON payment_notices (payer_id, status, issued_at DESC, id);
