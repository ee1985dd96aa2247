-- 006_worktray.sql -- tray publications: which worktray tiles a user shows, in which order.
CREATE TABLE tray_tile (
  user_id   INTEGER NOT NULL REFERENCES user(id),
  tile      TEXT NOT NULL,
  position  INTEGER NOT NULL,
  shown     INTEGER NOT NULL CHECK (shown IN (0,1)),
  PRIMARY KEY (user_id, tile)
) WITHOUT ROWID;
CREATE INDEX meeting_date ON meeting(on_date, status);
CREATE INDEX taf_member_user ON taf_member(user_id, ended_at);
