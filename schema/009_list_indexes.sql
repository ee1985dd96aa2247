-- 009_list_indexes.sql -- indexes for the pages that list an episode's notes
-- newest first and for the recently viewed records: found by `make bench`
-- on a 1,000,000-person database (docs/performance.md).

-- An episode's notes in date order without sorting them all (the table is
-- clustered by (episode_id, id), so this index holds only the keys).
CREATE INDEX case_note_date ON case_note(episode_id, note_date, id);

-- The authors of an episode's notes (the "Written by" filter) found by a few
-- seeks of this index instead of reading every note.
CREATE INDEX case_note_author ON case_note(episode_id, author_id);

-- A user's recent actions with the record they were about, read from the
-- index alone (the worktray's recently viewed list, the break-glass quota):
-- replaces audit_user_action, of which it is a superset.
CREATE INDEX audit_user_record ON audit(user_id, action, id, record_type, record_id);
DROP INDEX audit_user_action;
