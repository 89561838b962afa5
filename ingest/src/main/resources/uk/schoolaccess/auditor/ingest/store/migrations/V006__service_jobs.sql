-- The always-on service (docs/operations.md): each run of the scheduled inbox job (ingest, then
-- audit of the affected days, then due digests), and each file the inbox has seen, so a file is
-- loaded once, a failed file is reported once and retried only when its content changes, and a
-- job cut short by a crash is known as interrupted when the server starts again.

CREATE TABLE jobs (
    job_id         BIGINT PRIMARY KEY,
    kind           VARCHAR NOT NULL,
    trigger        VARCHAR NOT NULL,
    status         VARCHAR NOT NULL,
    started_at     TIMESTAMP NOT NULL,
    batches_after  BIGINT NOT NULL,
    finished_at    TIMESTAMP,
    files_loaded   INTEGER NOT NULL DEFAULT 0,
    files_failed   INTEGER NOT NULL DEFAULT 0,
    rows_added     BIGINT NOT NULL DEFAULT 0,
    duplicates     BIGINT NOT NULL DEFAULT 0,
    quarantined    BIGINT NOT NULL DEFAULT 0,
    audit_summary  VARCHAR,
    digests        VARCHAR,
    error          VARCHAR,
    progress       VARCHAR
);

CREATE TABLE inbox_files (
    path         VARCHAR NOT NULL,
    sha256       VARCHAR NOT NULL,
    size         BIGINT NOT NULL,
    job_id       BIGINT NOT NULL,
    status       VARCHAR NOT NULL,
    batch_id     BIGINT,
    rows_added   BIGINT NOT NULL DEFAULT 0,
    duplicates   BIGINT NOT NULL DEFAULT 0,
    quarantined  BIGINT NOT NULL DEFAULT 0,
    reason       VARCHAR,
    seen_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (path, sha256)
);
