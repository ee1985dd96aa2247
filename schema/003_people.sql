-- 003_people.sql -- people, their names for searching, relationships, and
-- server-side search criteria (kept out of URLs and logs).

CREATE TABLE person (
  id               INTEGER PRIMARY KEY,
  family_name      TEXT NOT NULL CHECK (length(family_name) BETWEEN 1 AND 200),
  given_names      TEXT NOT NULL CHECK (length(given_names) BETWEEN 1 AND 200),
  dob              TEXT,            -- YYYY-MM-DD, when known
  estimated_age    INTEGER,         -- years, when the date of birth is not known
  unborn           INTEGER NOT NULL DEFAULT 0 CHECK (unborn IN (0,1)),
  edd              TEXT,            -- expected date of delivery, for an unborn child
  birth_year       INTEGER,         -- from dob, or estimated, for matching
  gender           TEXT NOT NULL,
  address          TEXT NOT NULL DEFAULT '',
  postcode         TEXT NOT NULL DEFAULT '',
  postcode_key     TEXT NOT NULL DEFAULT '',   -- upper case, no spaces
  no_fixed_abode   INTEGER NOT NULL DEFAULT 0 CHECK (no_fixed_abode IN (0,1)),
  address_withheld INTEGER NOT NULL DEFAULT 0 CHECK (address_withheld IN (0,1)),
  nhs_number       TEXT,
  upn              TEXT,
  language         TEXT NOT NULL DEFAULT '',
  interpreter      INTEGER NOT NULL DEFAULT 0 CHECK (interpreter IN (0,1)),
  previous_names   TEXT NOT NULL DEFAULT '',
  created_by       INTEGER NOT NULL REFERENCES user(id),
  created_at       TEXT NOT NULL,
  updated_by       INTEGER NOT NULL REFERENCES user(id),
  updated_at       TEXT NOT NULL,
  version          INTEGER NOT NULL DEFAULT 1,
  CHECK (dob IS NOT NULL OR estimated_age IS NOT NULL OR unborn = 1)
);
CREATE INDEX person_postcode ON person(postcode_key) WHERE postcode_key != '';
CREATE INDEX person_dob ON person(dob) WHERE dob IS NOT NULL;
CREATE UNIQUE INDEX person_nhs ON person(nhs_number) WHERE nhs_number IS NOT NULL;
CREATE INDEX person_upn ON person(upn) WHERE upn IS NOT NULL;
CREATE INDEX person_creator ON person(created_by);

-- Every name a person is known by (current and previous), with phonetic
-- keys computed in C (src/phonetic.c).  Clustered by key for search.
CREATE TABLE person_name (
  family_key  TEXT NOT NULL,
  given_key   TEXT NOT NULL,
  person_id   INTEGER NOT NULL REFERENCES person(id),
  current     INTEGER NOT NULL,
  birth_year  INTEGER,
  family_fold TEXT NOT NULL,     -- upper-case ASCII letters of the family name
  PRIMARY KEY (family_key, given_key, person_id, current)
) WITHOUT ROWID;
CREATE INDEX person_name_person ON person_name(person_id);
CREATE INDEX person_name_fold ON person_name(family_fold, given_key);

-- Spelling tolerance: every distinct folded family name under itself and
-- each of its one-letter deletions, so a typo or transposition ("Smtih")
-- finds the name by index (symmetric deletion).
CREATE TABLE family_variant (
  del_key     TEXT NOT NULL,
  family_fold TEXT NOT NULL,
  PRIMARY KEY (del_key, family_fold)
) WITHOUT ROWID;

-- Trigram index over family names (current and previous) for misspellings.
CREATE VIRTUAL TABLE person_fts USING fts5(family, tokenize = 'trigram');

CREATE TABLE relationship (
  id            INTEGER PRIMARY KEY,
  person_a      INTEGER NOT NULL REFERENCES person(id),
  person_b      INTEGER NOT NULL REFERENCES person(id),
  a_is          TEXT NOT NULL,   -- what A is to B: mother, father, parent, step-parent,
                                 -- carer, grandparent, sibling, other
  do_not_print  INTEGER NOT NULL DEFAULT 0 CHECK (do_not_print IN (0,1)),
  started_at    TEXT NOT NULL,
  ended_at      TEXT,
  created_by    INTEGER NOT NULL REFERENCES user(id),
  ended_by      INTEGER REFERENCES user(id),
  CHECK (person_a != person_b)
);
CREATE INDEX relationship_a ON relationship(person_a);
CREATE INDEX relationship_b ON relationship(person_b);

-- Search criteria kept server-side under a random token (result pages are
-- /people?s=TOKEN&page=N), bound to the session that made them.
CREATE TABLE search (
  token       TEXT PRIMARY KEY,
  session     BLOB NOT NULL,
  user_id     INTEGER NOT NULL,
  criteria    TEXT NOT NULL,
  created_at  INTEGER NOT NULL
) WITHOUT ROWID;

-- A manager's confirmation that a new person is not one of the likely duplicates.
CREATE TABLE duplicate_confirmation (
  person_id     INTEGER NOT NULL REFERENCES person(id),
  candidate_id  INTEGER NOT NULL REFERENCES person(id),
  confirmed_by  INTEGER NOT NULL REFERENCES user(id),
  confirmed_at  TEXT NOT NULL,
  PRIMARY KEY (person_id, candidate_id)
) WITHOUT ROWID;
