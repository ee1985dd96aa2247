-- 008_indexes.sql -- indexes found by the benchmark.
CREATE INDEX search_created ON search(created_at);
CREATE INDEX audit_user_action ON audit(user_id, action, id);
