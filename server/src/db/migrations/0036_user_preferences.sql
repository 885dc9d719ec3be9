-- Issue 14, accessibility: a user's display preferences, kept on the server so they follow the person
-- from device to device (the elder-friendly mode, 适老化). One row per user, written only when the user
-- first changes a preference; no row means the defaults.
CREATE TABLE user_preferences (
  user_id     uuid PRIMARY KEY REFERENCES users (id),
  elder_mode  boolean NOT NULL DEFAULT false,
  updated_at  timestamptz NOT NULL
);
