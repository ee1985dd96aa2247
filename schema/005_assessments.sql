-- 005_assessments.sql -- assessments, TAF meetings, the action plan.

CREATE TABLE assessment (
  id            INTEGER PRIMARY KEY,
  episode_id    INTEGER NOT NULL REFERENCES episode(id),
  form_name     TEXT NOT NULL,
  form_def_id   INTEGER REFERENCES form_def(id),
  status        TEXT NOT NULL CHECK (status IN ('draft','completed')),
  previous_id   INTEGER REFERENCES assessment(id),
  started_by    INTEGER NOT NULL REFERENCES user(id),
  started_at    TEXT NOT NULL,
  completed_by  INTEGER REFERENCES user(id),
  completed_at  TEXT,
  updated_by    INTEGER NOT NULL REFERENCES user(id),
  updated_at    TEXT NOT NULL,
  version       INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX assessment_episode ON assessment(episode_id, id);

-- Sections whose last save had a problem (shown as "There is a problem").
CREATE TABLE assessment_problem (
  assessment_id INTEGER NOT NULL REFERENCES assessment(id),
  section       TEXT NOT NULL,
  PRIMARY KEY (assessment_id, section)
) WITHOUT ROWID;

CREATE TABLE meeting (
  id          INTEGER PRIMARY KEY,
  episode_id  INTEGER NOT NULL REFERENCES episode(id),
  status      TEXT NOT NULL CHECK (status IN ('scheduled','held','cancelled')),
  on_date     TEXT NOT NULL,
  at_time     TEXT NOT NULL,
  venue       TEXT NOT NULL,
  note        TEXT NOT NULL DEFAULT '',     -- reason for cancelling or rearranging
  outcomes    TEXT NOT NULL DEFAULT '',
  created_by  INTEGER NOT NULL REFERENCES user(id),
  created_at  TEXT NOT NULL,
  held_at     TEXT,
  updated_by  INTEGER NOT NULL REFERENCES user(id),
  updated_at  TEXT NOT NULL,
  version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX meeting_episode ON meeting(episode_id, on_date);

CREATE TABLE meeting_attendee (
  id          INTEGER PRIMARY KEY,
  meeting_id  INTEGER NOT NULL REFERENCES meeting(id),
  kind        TEXT NOT NULL CHECK (kind IN ('taf','family','external')),
  user_id     INTEGER REFERENCES user(id),
  person_id   INTEGER REFERENCES person(id),
  name        TEXT NOT NULL,
  detail      TEXT NOT NULL DEFAULT '',
  attendance  TEXT CHECK (attendance IN ('attended','apologies','did not attend'))
);
CREATE INDEX meeting_attendee_meeting ON meeting_attendee(meeting_id);

-- The episode's single current plan; history by meeting in action_change.
CREATE TABLE action (
  id          INTEGER PRIMARY KEY,
  episode_id  INTEGER NOT NULL REFERENCES episode(id),
  need        TEXT NOT NULL,
  what        TEXT NOT NULL,
  who         TEXT NOT NULL,
  by_date     TEXT NOT NULL,
  status      TEXT NOT NULL CHECK (status IN ('not started','on track','done','stopped')),
  comment     TEXT NOT NULL DEFAULT '',
  removed     INTEGER NOT NULL DEFAULT 0,
  updated_by  INTEGER NOT NULL REFERENCES user(id),
  updated_at  TEXT NOT NULL,
  version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX action_episode ON action(episode_id);

CREATE TABLE action_change (
  id          INTEGER PRIMARY KEY,
  action_id   INTEGER NOT NULL REFERENCES action(id),
  meeting_id  INTEGER REFERENCES meeting(id),
  changed_by  INTEGER NOT NULL REFERENCES user(id),
  changed_at  TEXT NOT NULL,
  change      TEXT NOT NULL
);
CREATE INDEX action_change_action ON action_change(action_id);
