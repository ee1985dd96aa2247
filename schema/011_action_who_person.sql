-- 011_action_who_person.sql -- an action of a plan names who will do it; when
-- that is one of the family, the person's id is kept beside the name, so that
-- the "do NOT print" filter on printed plans and meeting records follows the
-- person and not the spelling of their name (which an edit can change).
ALTER TABLE action ADD COLUMN who_person_id INTEGER REFERENCES person(id);
UPDATE action SET who_person_id = (SELECT p.id FROM episode_person ep JOIN person p ON p.id = ep.person_id
  WHERE ep.episode_id = action.episode_id AND p.given_names || ' ' || p.family_name = action.who LIMIT 1);
