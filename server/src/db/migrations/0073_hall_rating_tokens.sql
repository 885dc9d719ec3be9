-- docs/ratings.md "Rating from the slip (扫码评价)": every ticket issued from now on carries a rating
-- token, printed on its slip as a QR code and as a short code. The token is 100 random bits; only its
-- SHA-256 is kept (as the kiosks' tokens are): whoever reads the table or a backup cannot rate a visit,
-- and the token cannot be shown again after the issue answered it. The unique index finds a ticket by
-- its token (one index probe per attempt) and makes a collision an insert failure, never a shared code.
-- Tickets issued before this migration have none: they are rated as before (pad, kiosk by id, phone).
ALTER TABLE hall_tickets ADD COLUMN rating_token_hash bytea;
CREATE UNIQUE INDEX hall_tickets_rating_token ON hall_tickets (rating_token_hash) WHERE rating_token_hash IS NOT NULL;

-- A rating given with the slip's token on the visitor's own phone is channel 'slip' (at a kiosk: 'kiosk').
ALTER TABLE ratings DROP CONSTRAINT ratings_channel_check;
ALTER TABLE ratings ADD CONSTRAINT ratings_channel_check CHECK (channel IN ('portal', 'kiosk', 'pad', 'message_link', 'slip'));
