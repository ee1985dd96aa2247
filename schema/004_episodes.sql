-- 004_episodes.sql -- episodes of early help, consent, the team around the
-- family, case notes, transfers, break-glass access, and generic form answers.

-- A form definition as first used (schema/forms/*.ini), so answers always
-- render under the version they were given in.
CREATE TABLE form_def (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  version     INTEGER NOT NULL,
  source      TEXT NOT NULL,
  first_used  TEXT NOT NULL,
  UNIQUE (name, version)
);

-- Answers to any form: owner is e.g. ('episode.start', 12).
CREATE TABLE form_answer (
  owner_type  TEXT NOT NULL,
  owner_id    INTEGER NOT NULL,
  form_def_id INTEGER NOT NULL REFERENCES form_def(id),
  question    TEXT NOT NULL,
  value       TEXT NOT NULL,
  PRIMARY KEY (owner_type, owner_id, question)
) WITHOUT ROWID;

CREATE TABLE episode (
  id              INTEGER PRIMARY KEY,
  team_id         INTEGER NOT NULL REFERENCES team(id),
  lead_id         INTEGER REFERENCES user(id),
  status          TEXT NOT NULL CHECK (status IN ('requested','open','closed','declined')),
  requested_by    INTEGER NOT NULL REFERENCES user(id),
  requested_at    TEXT NOT NULL,
  allocated_by    INTEGER REFERENCES user(id),
  allocated_at    TEXT,                 -- the assessment clock starts here
  lead_since      TEXT,                 -- when the current lead was allocated
  decline_reason  TEXT,
  closed_by       INTEGER REFERENCES user(id),
  closure_date    TEXT,
  closure_reason  TEXT,
  closed_at       TEXT,
  updated_by      INTEGER NOT NULL REFERENCES user(id),
  updated_at      TEXT NOT NULL,
  version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX episode_team ON episode(team_id, status);
CREATE INDEX episode_lead ON episode(lead_id, status);

CREATE TABLE episode_person (
  episode_id  INTEGER NOT NULL REFERENCES episode(id),
  person_id   INTEGER NOT NULL REFERENCES person(id),
  role        TEXT NOT NULL CHECK (role IN ('child','adult')),
  PRIMARY KEY (episode_id, person_id)
) WITHOUT ROWID;
CREATE INDEX episode_person_person ON episode_person(person_id, episode_id);

-- Consent statements and withdrawals, in the order recorded.  Only the last
-- row inserted for an episode counts.
CREATE TABLE consent (
  id            INTEGER PRIMARY KEY,
  episode_id    INTEGER NOT NULL REFERENCES episode(id),
  kind          TEXT NOT NULL CHECK (kind IN ('given','withdrawn')),
  given_by      TEXT NOT NULL,        -- the parent/carer or young person, by name
  person_id     INTEGER REFERENCES person(id),
  on_date       TEXT NOT NULL,        -- the date typed
  how           TEXT NOT NULL,
  recorded_by   INTEGER NOT NULL REFERENCES user(id),
  recorded_at   TEXT NOT NULL
);
CREATE INDEX consent_episode ON consent(episode_id, id);

CREATE TABLE consent_agency (
  consent_id  INTEGER NOT NULL REFERENCES consent(id),
  agency_id   INTEGER NOT NULL REFERENCES agency(id),
  PRIMARY KEY (consent_id, agency_id)
) WITHOUT ROWID;

CREATE TABLE taf_member (
  id           INTEGER PRIMARY KEY,
  episode_id   INTEGER NOT NULL REFERENCES episode(id),
  user_id      INTEGER REFERENCES user(id),
  ext_name     TEXT,
  ext_agency   TEXT,
  ext_role     TEXT,
  ext_contact  TEXT,
  start_date   TEXT NOT NULL,
  end_date     TEXT,
  added_by     INTEGER NOT NULL REFERENCES user(id),
  added_at     TEXT NOT NULL,
  ended_by     INTEGER REFERENCES user(id),
  ended_at     TEXT,
  CHECK (user_id IS NOT NULL OR ext_name IS NOT NULL)
);
CREATE INDEX taf_episode ON taf_member(episode_id);
CREATE INDEX taf_user ON taf_member(user_id, episode_id);

-- Case notes are stored together per episode (clustered key), with every
-- edit kept as a version.
CREATE TABLE note_seq (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT);
CREATE TABLE case_note (
  episode_id  INTEGER NOT NULL REFERENCES episode(id),
  id          INTEGER NOT NULL,
  note_date   TEXT NOT NULL,
  kind        TEXT NOT NULL,
  with_whom   TEXT NOT NULL DEFAULT '',
  body        TEXT NOT NULL,
  author_id   INTEGER NOT NULL REFERENCES user(id),
  created_at  TEXT NOT NULL,
  updated_by  INTEGER NOT NULL REFERENCES user(id),
  updated_at  TEXT NOT NULL,
  version     INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (episode_id, id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX case_note_id ON case_note(id);

CREATE TABLE case_note_version (
  note_id     INTEGER NOT NULL,
  version     INTEGER NOT NULL,
  note_date   TEXT NOT NULL,
  kind        TEXT NOT NULL,
  with_whom   TEXT NOT NULL,
  body        TEXT NOT NULL,
  saved_by    INTEGER NOT NULL REFERENCES user(id),
  saved_at    TEXT NOT NULL,
  PRIMARY KEY (note_id, version)
) WITHOUT ROWID;

CREATE TABLE note_person (
  note_id    INTEGER NOT NULL,
  person_id  INTEGER NOT NULL REFERENCES person(id),
  PRIMARY KEY (note_id, person_id)
) WITHOUT ROWID;

CREATE TABLE transfer (
  id            INTEGER PRIMARY KEY,
  episode_id    INTEGER NOT NULL REFERENCES episode(id),
  to_user       INTEGER REFERENCES user(id),
  to_team       INTEGER REFERENCES team(id),
  reason        TEXT NOT NULL,
  status        TEXT NOT NULL CHECK (status IN ('pending','accepted','declined','cancelled')),
  requested_by  INTEGER NOT NULL REFERENCES user(id),
  requested_at  TEXT NOT NULL,
  decided_by    INTEGER REFERENCES user(id),
  decided_at    TEXT,
  decline_reason TEXT
);
CREATE INDEX transfer_episode ON transfer(episode_id, status);
CREATE INDEX transfer_to ON transfer(to_user, status);

CREATE TABLE break_glass (
  id           INTEGER PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES user(id),
  episode_id   INTEGER NOT NULL REFERENCES episode(id),
  reason       TEXT NOT NULL,
  started_at   INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL,
  reviewed_by  INTEGER REFERENCES user(id),
  review       TEXT CHECK (review IN ('appropriate','not appropriate')),
  review_note  TEXT,
  reviewed_at  TEXT
);
CREATE INDEX break_glass_user ON break_glass(user_id, expires_at);
CREATE INDEX break_glass_episode ON break_glass(episode_id);
