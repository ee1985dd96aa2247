-- 010_worktray_indexes.sql -- covering indexes for the worktray tiles and the
-- team view, found by `make bench` on a 1,000,000-person database
-- (docs/performance.md).  Each tile asks, for each of a user's episodes,
-- about its assessments, meetings, consent statements and team changes; with
-- these the answers come from small index pages, not from the records
-- themselves (an assessment row carries all its answers).
CREATE INDEX episode_lead_dates ON episode(lead_id, status, lead_since, allocated_at);
CREATE INDEX assessment_done ON assessment(episode_id, status, completed_at);
CREATE INDEX meeting_status ON meeting(episode_id, status, on_date);
CREATE INDEX consent_latest ON consent(episode_id, id, kind, recorded_at);
CREATE INDEX taf_changes ON taf_member(episode_id, added_at, ended_at);
