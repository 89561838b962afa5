-- The time of each kept explanation's access (docs/performance.md, weekaudit): an audit of one
-- period replaces only the explanations of that period's accesses, and finds the accesses of its
-- baseline history that no audit has explained yet, without reading every kept explanation (a
-- full year holds millions). Filled from the stored events; an explanation whose access was
-- purged without it keeps no time (Purge deletes those anyway).
ALTER TABLE access_explanations ADD COLUMN IF NOT EXISTS ts TIMESTAMP;

UPDATE access_explanations e SET ts = r.ts FROM record_access r WHERE r.event_id = e.event_id;

-- The teaching seen in each school day's activity (analytics ActivityDays; docs/performance.md,
-- weekaudit): access_explained.sql's teaching_activity rows of each local day (days since
-- 1970-01-01 in the school's zone), kept so a weekly audit builds only the days it has not seen.
-- Derived data, trimmed by every audit to its own window (a baseline's worth of days). settings:
-- a digest of the statement that built them (zone, school day, activity areas); a day is reused
-- only under the same settings and while its accesses (activity_day_keys: their number and an
-- order-free digest of the UTC day before, the day and the day after) are unchanged.
CREATE TABLE IF NOT EXISTS activity_days (
    settings   VARCHAR NOT NULL,
    local_day  BIGINT NOT NULL,
    staff_id   VARCHAR,
    pupil_id   VARCHAR,
    kind       VARCHAR,           -- register | records
    weekday    INTEGER,           -- 0 = Monday
    slot       INTEGER,           -- half-hour slot of the day
    shift      INTEGER            -- 0: on the half hour, 1: a quarter past
);

CREATE TABLE IF NOT EXISTS activity_day_keys (
    settings   VARCHAR NOT NULL,
    local_day  BIGINT NOT NULL,
    accesses   BIGINT NOT NULL,
    digest     UBIGINT NOT NULL
);
