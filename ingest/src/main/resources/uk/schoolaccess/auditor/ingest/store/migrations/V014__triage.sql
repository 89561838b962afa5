-- Case-style triage (issue 17 item 4). A finding gets an assignee (a dashboard user) and, when it
-- is closed, a disposition with a reason code (Sentinel's classification: breach; explained:
-- expected work; wrong rule; bad data). Every change to a finding is kept in finding_history
-- (who, when in UTC, what). Exceptions the DPO makes from a finding live in their own table, apart
-- from the detectors' thresholds: they are applied when findings are shown and digested, and
-- suppress nothing in the findings table itself. Each dashboard user's last visit to the findings
-- list says what is new to them. Every statement may run twice (tests rewind schema_version).

ALTER TABLE findings ADD COLUMN IF NOT EXISTS assignee VARCHAR;
ALTER TABLE findings ADD COLUMN IF NOT EXISTS disposition VARCHAR;
-- When an audit first saved the finding (null: saved before V014), for "new since your last visit".
ALTER TABLE findings ADD COLUMN IF NOT EXISTS found_at TIMESTAMP;

CREATE TABLE IF NOT EXISTS finding_history (
    finding_id   VARCHAR NOT NULL,
    changed_at   TIMESTAMP NOT NULL,
    changed_by   VARCHAR NOT NULL,
    what         VARCHAR NOT NULL,   -- status, assignee, exception
    status       VARCHAR,
    disposition  VARCHAR,
    assignee     VARCHAR,
    note         VARCHAR
);

-- Decisions recorded before V014 become the start of each finding's history (once).
INSERT INTO finding_history (finding_id, changed_at, changed_by, what, status, note)
SELECT d.finding_id, d.decided_at, d.decided_by, 'status', d.status, d.note FROM finding_decisions d
WHERE NOT EXISTS (SELECT 1 FROM finding_history h WHERE h.finding_id = d.finding_id AND h.changed_at = d.decided_at
                  AND h.what = 'status');

CREATE SEQUENCE IF NOT EXISTS finding_exception_ids START 1;

-- "This office's Friday attendance export is routine": the scope is a member of staff and a
-- detector, optionally a weekday (ISO 1-7, school time), a system (an evidence source) and words
-- the finding's summary contains. It covers findings first seen up to its expiry date, or until
-- it was ended early.
CREATE TABLE IF NOT EXISTS finding_exceptions (
    exception_id  BIGINT PRIMARY KEY,
    staff_id      VARCHAR NOT NULL,
    detector      VARCHAR NOT NULL,
    weekday       INTEGER,
    system        VARCHAR,
    pattern       VARCHAR,
    from_finding  VARCHAR NOT NULL,
    reason        VARCHAR NOT NULL,
    made_by       VARCHAR NOT NULL,
    made_at       TIMESTAMP NOT NULL,
    expires_on    DATE NOT NULL,
    ended_at      TIMESTAMP,
    ended_by      VARCHAR
);

CREATE TABLE IF NOT EXISTS dashboard_visits (
    username       VARCHAR PRIMARY KEY,
    previous_visit TIMESTAMP,
    this_visit     TIMESTAMP NOT NULL
);
