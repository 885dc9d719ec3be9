-- Issue 11, the finance console's notification log (docs/fees.md, "The notification log"): each
-- inbound payment-channel notification is attributed to the center of the notice it concerns (by
-- its payment code, its order, or its refund), so a finance clerk lists only their center's, in
-- pages on an index. A notification that names nothing of ours (a forgery of an unknown order)
-- stays unattributed (NULL): no center's clerk sees it.
ALTER TABLE payment_notifications ADD COLUMN center_id uuid REFERENCES centers (id);

UPDATE payment_notifications p SET center_id = coalesce(
  (SELECT n.center_id FROM payment_notices n WHERE n.notice_no = p.notice_no),
  (SELECT n.center_id FROM payment_orders o JOIN payment_notices n ON n.id = o.notice_id WHERE o.order_no = p.order_no),
  (SELECT n.center_id FROM refunds r JOIN payment_notices n ON n.id = r.notice_id WHERE r.channel_refund_id = p.channel_txn_id));

CREATE INDEX payment_notifications_center ON payment_notifications (center_id, received_at DESC, id DESC) WHERE center_id IS NOT NULL;
CREATE INDEX payment_notifications_center_verdict ON payment_notifications (center_id, verdict, received_at DESC, id DESC) WHERE center_id IS NOT NULL;
