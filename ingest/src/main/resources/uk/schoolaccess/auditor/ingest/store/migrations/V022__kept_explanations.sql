-- The baseline history's accesses kept between weekly audits (docs/performance.md, weekexplain8):
-- a weekly audit read every access of its eight history weeks again (most of them register marks
-- a roster relationship explains), only to count them per member of staff and day and to find the
-- few that could be unexplained. Per UTC day, derived from record_access and the roster:
-- kept_explain_counts: per member of staff and UTC day, the judged accesses of a pupil (not of an
-- incident) that a roster relationship relates the member of staff to.
CREATE TABLE IF NOT EXISTS kept_explain_counts (
    staff_id VARCHAR,
    day      DATE,
    accesses BIGINT
);
-- kept_explain_accesses: the judged accesses of a pupil (not of an incident) that no roster
-- relationship relates the member of staff to, and the register marks (attendance edits) a cover
-- register needs besides them: those in a 20-minute slot (either slotting) in which the same
-- person marked such a pupil that day, and those in a slot across midnight. No event ids.
CREATE TABLE IF NOT EXISTS kept_explain_accesses (
    source         VARCHAR,
    ts             TIMESTAMP,
    staff_id       VARCHAR,
    action         VARCHAR,
    area           VARCHAR,
    pupil_id       VARCHAR,
    roster_related BOOLEAN
);
-- The UTC days kept (with no rows, a day had none).
CREATE TABLE IF NOT EXISTS kept_explain_days (
    day DATE
);
-- What the kept rows were made with and the last ingest batch they saw: no row, nothing kept can
-- be trusted (an audit deletes it before it changes kept rows; a purge deletes it).
CREATE TABLE IF NOT EXISTS kept_explain_state (
    made_with  VARCHAR,
    last_batch BIGINT
);
