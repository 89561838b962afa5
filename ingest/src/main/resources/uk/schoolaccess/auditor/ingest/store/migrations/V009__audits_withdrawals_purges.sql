-- Findings are never silently lost, and what is deleted is accounted for (docs/retention.md).
-- Each audit that saves findings is recorded, with fingerprints of the roster and of the settings
-- it ran with, so a finding a later audit no longer produces can be withdrawn with a reason in
-- plain words ("the roster now explains it", "thresholds changed"). Each purge is recorded in
-- purge_log, which no purge deletes. Every statement may run twice (tests rewind schema_version).

CREATE SEQUENCE IF NOT EXISTS audit_run_ids START 1;

CREATE TABLE IF NOT EXISTS audit_runs (
    audit_id         BIGINT PRIMARY KEY,
    engine           VARCHAR NOT NULL,
    period_from      TIMESTAMP NOT NULL,
    period_to        TIMESTAMP NOT NULL,
    started_at       TIMESTAMP NOT NULL,
    detectors        VARCHAR[] NOT NULL,
    roster_hash      VARCHAR,
    thresholds_hash  VARCHAR,
    settings_hash    VARCHAR,
    findings         BIGINT,
    new_findings     BIGINT,
    reopened         BIGINT,
    withdrawn        BIGINT
);

-- The audit that last produced the finding (null: saved before V009).
ALTER TABLE findings ADD COLUMN IF NOT EXISTS last_audit_id BIGINT;

-- Each time an audit withdrew a finding, and when a later audit produced it again.
CREATE TABLE IF NOT EXISTS finding_withdrawals (
    finding_id         VARCHAR NOT NULL,
    audit_id           BIGINT NOT NULL,
    withdrawn_at       TIMESTAMP NOT NULL,
    reason             VARCHAR NOT NULL,
    reopened_at        TIMESTAMP,
    reopened_by_audit  BIGINT
);

CREATE SEQUENCE IF NOT EXISTS purge_ids START 1;

-- One row per purge and kind of data: who ran it (the OS user, or the dashboard user, or
-- "scheduled"), when, the policy applied, the cutoff and the counts. Never purged.
CREATE TABLE IF NOT EXISTS purge_log (
    purge_id               BIGINT NOT NULL,
    purged_at              TIMESTAMP NOT NULL,
    purged_by              VARCHAR NOT NULL,
    data_kind              VARCHAR NOT NULL,
    table_name             VARCHAR NOT NULL,
    policy                 VARCHAR NOT NULL,
    cutoff                 TIMESTAMP,
    rows_deleted           BIGINT NOT NULL,
    rows_kept_as_evidence  BIGINT NOT NULL
);

-- The ids of purged findings (ids only: a hash, no personal data), so a link to one in an old
-- digest says it was deleted under the policy instead of answering "not found".
CREATE TABLE IF NOT EXISTS purged_findings (
    finding_id  VARCHAR PRIMARY KEY,
    status      VARCHAR NOT NULL,
    purge_id    BIGINT NOT NULL
);
