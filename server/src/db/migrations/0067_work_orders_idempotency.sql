-- docs/hotline.md "A web appeal is submitted once": a portal appeal carries the idempotency key its form
-- made (one per form fill), and the fingerprint of the body it stood for. A double click or a retry after
-- a lost answer finds the order the key made; concurrent duplicates meet this index, which lets one insert
-- through. Orders taken by the hotline or the hall have no key (NULLs never conflict).
ALTER TABLE work_orders ADD COLUMN idempotency_key text, ADD COLUMN idempotency_fingerprint text;
ALTER TABLE work_orders ADD CONSTRAINT work_orders_idempotency UNIQUE (caller_user_id, idempotency_key);
