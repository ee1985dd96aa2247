-- 012_assessment_section_version.sql -- each section of an assessment carries
-- a version, so that two people saving the same section conflict visibly
-- instead of the second silently replacing the first's answers (DESIGN §6).
-- A section never saved has none (version 0).
CREATE TABLE assessment_section_version (
  assessment_id  INTEGER NOT NULL REFERENCES assessment(id),
  section        TEXT NOT NULL,
  version        INTEGER NOT NULL,
  updated_by     INTEGER NOT NULL REFERENCES user(id),
  updated_at     TEXT NOT NULL,
  PRIMARY KEY (assessment_id, section)
) WITHOUT ROWID;
