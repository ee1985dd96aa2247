-- 002_accounts.sql -- security questions, remembered browsers, the sign-in
-- second step, admin-issued reset codes.

-- Three per user; answers normalised then hashed with argon2id.
CREATE TABLE security_answer (
  user_id      INTEGER NOT NULL REFERENCES user(id),
  question     INTEGER NOT NULL CHECK (question BETWEEN 1 AND 20),
  answer_hash  TEXT NOT NULL,
  set_at       TEXT NOT NULL,
  PRIMARY KEY (user_id, question)
) WITHOUT ROWID;

-- Browsers a user has signed in from (the device cookie's hash).
CREATE TABLE device (
  id_hash     BLOB NOT NULL,
  user_id     INTEGER NOT NULL REFERENCES user(id),
  created_at  INTEGER NOT NULL,
  last_used   INTEGER NOT NULL,
  PRIMARY KEY (id_hash, user_id)
) WITHOUT ROWID;

-- A sign-in waiting for security answers (password already verified).
CREATE TABLE login_challenge (
  id_hash     BLOB PRIMARY KEY,
  user_id     INTEGER NOT NULL REFERENCES user(id),
  q1          INTEGER NOT NULL,
  q2          INTEGER NOT NULL,
  next        TEXT NOT NULL DEFAULT '/',
  attempts    INTEGER NOT NULL DEFAULT 0,
  created_at  INTEGER NOT NULL
) WITHOUT ROWID;

-- One-time password reset codes issued by an admin (hash only; shown once).
CREATE TABLE reset_code (
  id          INTEGER PRIMARY KEY,
  user_id     INTEGER NOT NULL REFERENCES user(id),
  code_hash   BLOB NOT NULL,
  issued_by   INTEGER NOT NULL REFERENCES user(id),
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL,
  used_at     INTEGER
);
CREATE INDEX reset_code_user ON reset_code(user_id, expires_at);

ALTER TABLE user ADD COLUMN reset_failures INTEGER NOT NULL DEFAULT 0;
