-- Teaching activity kept between audits (docs/performance.md, keptteaching): the weekly audit
-- learned teaching from nine weeks of register marks and record openings, rebuilt every time.
-- Weekday is part of the key, so the days of a key are a set of weeks: one bit per week.
-- kept_teaching: per staff, pupil, kind, weekday, slot and shift, the weeks (bit n of block b is
-- week 64 * b + n, weeks counted from the Monday of 1969-12-29) on which the pair was seen in the
-- slot (a register only when it qualified as a class register that day).
CREATE TABLE IF NOT EXISTS kept_teaching (
    staff_id VARCHAR,
    pupil_id VARCHAR,
    kind     VARCHAR,
    weekday  TINYINT,
    slot     TINYINT,
    shift    TINYINT,
    block    INTEGER,
    weeks    UBIGINT
);
-- The days on which each member of staff was seen at work (any activity of the kind above).
CREATE TABLE IF NOT EXISTS kept_teaching_at_work (
    staff_id  VARCHAR,
    local_day INTEGER
);
-- The school days (days since 1970-01-01 in the school's zone) whose activity is kept.
CREATE TABLE IF NOT EXISTS kept_teaching_days (
    local_day INTEGER
);
-- What the kept rows were made with (zone, school day, thresholds) and the last ingest batch
-- they saw: a change of either makes an audit rebuild what it no longer can trust. No row: nothing
-- kept can be trusted (a purge deletes it).
CREATE TABLE IF NOT EXISTS kept_teaching_state (
    made_with  VARCHAR,
    last_batch BIGINT
);
