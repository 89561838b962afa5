-- The time of each kept explanation's access (docs/performance.md, weekaudit): an audit of one
-- period replaces only the explanations of that period's accesses, and finds the accesses of its
-- baseline history that no audit has explained yet, without reading every kept explanation (a
-- full year holds millions). Filled from the stored events; an explanation whose access was
-- purged without it keeps no time (Purge deletes those anyway).
ALTER TABLE access_explanations ADD COLUMN IF NOT EXISTS ts TIMESTAMP;

UPDATE access_explanations e SET ts = r.ts FROM record_access r WHERE r.event_id = e.event_id;

