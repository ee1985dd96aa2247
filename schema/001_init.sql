-- 001_init.sql -- organisations, users, sessions and the audit trail.
-- Applied in one transaction by `ehm init`; PRAGMA user_version records it.

CREATE TABLE agency (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL COLLATE NOCASE UNIQUE CHECK (length(name) BETWEEN 1 AND 120),
  kind        TEXT NOT NULL DEFAULT 'other' CHECK (kind IN
                ('school','health','housing','police','voluntary','local authority',
                 'childrens social care','other')),
  created_at  TEXT NOT NULL,
  version     INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE team (
  id          INTEGER PRIMARY KEY,
  agency_id   INTEGER NOT NULL REFERENCES agency(id),
  name        TEXT NOT NULL COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 120),
  locality    TEXT NOT NULL DEFAULT '',
  created_at  TEXT NOT NULL,
  version     INTEGER NOT NULL DEFAULT 1,
  UNIQUE (agency_id, name)
);

CREATE TABLE user (
  id             INTEGER PRIMARY KEY,
  username       TEXT NOT NULL COLLATE NOCASE UNIQUE CHECK (length(username) BETWEEN 1 AND 64),
  display_name   TEXT NOT NULL DEFAULT '',
  email          TEXT NOT NULL DEFAULT '',
  agency_id      INTEGER NOT NULL REFERENCES agency(id),
  team_id        INTEGER REFERENCES team(id),
  role           TEXT NOT NULL CHECK (role IN ('practitioner','manager','admin')),
  dsl            INTEGER NOT NULL DEFAULT 0 CHECK (dsl IN (0,1)),
  training_date  TEXT,
  password_hash  TEXT NOT NULL,
  active         INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
  failed_count   INTEGER NOT NULL DEFAULT 0,
  locked_until   INTEGER NOT NULL DEFAULT 0,
  lockouts       INTEGER NOT NULL DEFAULT 0,
  aup_version    INTEGER NOT NULL DEFAULT 0,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  updated_by     INTEGER,
  version        INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX user_team ON user(team_id);

-- Only the BLAKE2b hash of a session id is stored.
CREATE TABLE session (
  id_hash     BLOB PRIMARY KEY,
  user_id     INTEGER NOT NULL REFERENCES user(id),
  csrf        TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  last_seen   INTEGER NOT NULL,
  ip          TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX session_user ON session(user_id);

-- Per-address sign-in failures (slowing, never locking).
CREATE TABLE address_throttle (
  ip          TEXT PRIMARY KEY,
  failures    INTEGER NOT NULL,
  last_at     INTEGER NOT NULL
) WITHOUT ROWID;

-- Append-only, hash-chained (src/audit.c).
CREATE TABLE audit (
  id           INTEGER PRIMARY KEY,
  at           TEXT NOT NULL,
  user_id      INTEGER NOT NULL DEFAULT 0,
  action       TEXT NOT NULL,
  record_type  TEXT NOT NULL DEFAULT '',
  record_id    INTEGER NOT NULL DEFAULT 0,
  route        TEXT NOT NULL DEFAULT '',
  ip           TEXT NOT NULL DEFAULT '',
  detail       TEXT NOT NULL DEFAULT '',
  hash         BLOB NOT NULL
);
CREATE INDEX audit_user ON audit(user_id, id);
CREATE INDEX audit_record ON audit(record_type, record_id, id);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;

-- A form posted after the session timed out, held for that user until they
-- sign in again (session.held_form_lifetime), then given back filled in.
CREATE TABLE held_form (
  id          INTEGER PRIMARY KEY,
  user_id     INTEGER NOT NULL REFERENCES user(id),
  path        TEXT NOT NULL,
  body        TEXT NOT NULL,
  created_at  INTEGER NOT NULL
);
CREATE INDEX held_form_user ON held_form(user_id, created_at);
