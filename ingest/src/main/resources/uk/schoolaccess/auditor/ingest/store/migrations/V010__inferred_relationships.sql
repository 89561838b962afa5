-- Teaching seen in the school's own activity (docs/detectors/out_of_role_access.md): one row per
-- member of staff and pupil, with its evidence, saved by each audit (the latest audit's view
-- replaces the last), so the weekly page and `auditor status` can show roster health: who
-- teaches pupils the roster does not list. Never roster fact: in_roster says whether a roster
-- relationship (a teaching group, tutor, head of year, caseload) already covers the pair.
CREATE TABLE IF NOT EXISTS inferred_relationships (
    staff_id     VARCHAR NOT NULL,
    pupil_id     VARCHAR NOT NULL,
    kind         VARCHAR NOT NULL,  -- register | records | group
    weekday      INTEGER,           -- 0 = Monday, the school's zone (register, records)
    slot_start   INTEGER,           -- first minute of the half-hour slot, the school's zone
    days         BIGINT,            -- school days it was seen in that slot
    first_day    DATE,
    last_day     DATE,
    group_id     VARCHAR,           -- group: the teaching group or 'form 7A' mostly taught
    group_known  BIGINT,            -- group: its pupils already taught (roster or activity)
    group_size   BIGINT,
    in_roster    BOOLEAN NOT NULL,
    period_from  TIMESTAMP,         -- the audit that saw it
    period_to    TIMESTAMP
);

-- Accesses of each day explained only by teaching seen from activity (the rest of `explained`
-- is the roster, remits and cover registers).
ALTER TABLE coverage_daily ADD COLUMN IF NOT EXISTS from_activity BIGINT DEFAULT 0;
