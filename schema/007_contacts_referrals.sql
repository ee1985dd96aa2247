-- 007_contacts_referrals.sql -- contacts before any episode, step-up and
-- step-down referrals with Children's Social Care, commissioning requests.

CREATE TABLE contact (
  id            INTEGER PRIMARY KEY,
  received_on   TEXT NOT NULL,
  from_agency   TEXT NOT NULL,
  from_name     TEXT NOT NULL,
  person_id     INTEGER REFERENCES person(id),
  about         TEXT NOT NULL,
  reason        TEXT NOT NULL,
  team_id       INTEGER NOT NULL REFERENCES team(id),
  assignee_id   INTEGER REFERENCES user(id),
  recorded_by   INTEGER NOT NULL REFERENCES user(id),
  recorded_at   TEXT NOT NULL,
  decision      TEXT CHECK (decision IN ('advice','episode','refer','none')),
  decision_note TEXT NOT NULL DEFAULT '',
  decided_by    INTEGER REFERENCES user(id),
  decided_at    TEXT,
  version       INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX contact_team ON contact(team_id, decision);
CREATE INDEX contact_recorder ON contact(recorded_by);

CREATE TABLE referral (
  id             INTEGER PRIMARY KEY,
  direction      TEXT NOT NULL CHECK (direction IN ('up','down')),
  episode_id     INTEGER REFERENCES episode(id),   -- up: the sending episode
  person_id      INTEGER REFERENCES person(id),    -- down: the child referred
  to_agency_id   INTEGER REFERENCES agency(id),    -- up: the social care front door
  to_team_id     INTEGER REFERENCES team(id),      -- down: the early help team
  reason         TEXT NOT NULL,
  urgency        TEXT NOT NULL,
  info_shared    TEXT NOT NULL,
  status         TEXT NOT NULL CHECK (status IN ('sent','accepted','returned')),
  response       TEXT NOT NULL DEFAULT '',
  sent_by        INTEGER NOT NULL REFERENCES user(id),
  sent_at        TEXT NOT NULL,
  decided_by     INTEGER REFERENCES user(id),
  decided_at     TEXT,
  new_episode_id INTEGER REFERENCES episode(id)
);
CREATE INDEX referral_agency ON referral(to_agency_id, status);
CREATE INDEX referral_team ON referral(to_team_id, status);
CREATE INDEX referral_episode ON referral(episode_id);

CREATE TABLE commission (
  id             INTEGER PRIMARY KEY,
  episode_id     INTEGER NOT NULL REFERENCES episode(id),
  keyworker_id   INTEGER NOT NULL REFERENCES user(id),
  goods          TEXT NOT NULL,
  supplier       TEXT NOT NULL,
  amount_pence   INTEGER NOT NULL CHECK (amount_pence > 0),
  action_id      INTEGER NOT NULL REFERENCES action(id),
  why            TEXT NOT NULL,
  status         TEXT NOT NULL CHECK (status IN ('pending','approved','rejected')),
  decided_by     INTEGER REFERENCES user(id),
  decided_at     TEXT,
  decision_reason TEXT NOT NULL DEFAULT '',
  created_at     TEXT NOT NULL
);
CREATE INDEX commission_episode ON commission(episode_id);
CREATE INDEX commission_status ON commission(status);
