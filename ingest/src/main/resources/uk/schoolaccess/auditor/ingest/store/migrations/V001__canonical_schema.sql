-- The canonical tables of docs/schema.md. All timestamps are UTC. Ids are strings.
-- Event tables carry batch_id and line_no so every finding can point at file:line.
-- Event tables have no PRIMARY KEY on purpose: the batch writer adds a row only when its
-- event_id is not stored yet (an anti-join), and the index cost 4x the file size.

CREATE TABLE staff (
    staff_id      VARCHAR PRIMARY KEY,
    display_name  VARCHAR,
    email         VARCHAR,
    roles         VARCHAR[] NOT NULL,
    start_date    DATE,
    leave_date    DATE,
    school_id     VARCHAR,
    -- optional: links staff to pupils of the same family (pupils.family_key)
    family_key    VARCHAR
);

-- One person, many logins. account_key is the normalised form used for matching
-- (lower case, no DOMAIN\ prefix, no @domain suffix).
CREATE TABLE staff_accounts (
    staff_id     VARCHAR NOT NULL,
    system       VARCHAR NOT NULL,
    account      VARCHAR NOT NULL,
    account_key  VARCHAR NOT NULL,
    PRIMARY KEY (system, account)
);

CREATE TABLE pupils (
    pupil_id    VARCHAR PRIMARY KEY,
    surname     VARCHAR,
    forename    VARCHAR,
    year_group  INTEGER,
    form        VARCHAR,
    sen         BOOLEAN,
    family_key  VARCHAR,
    school_id   VARCHAR
);

-- Pupils' own logins (an optional roster column), so a pupil logging on to a classroom
-- computer is known as a pupil, not counted as an unknown account.
CREATE TABLE pupil_accounts (
    pupil_id     VARCHAR NOT NULL,
    system       VARCHAR NOT NULL,
    account      VARCHAR NOT NULL,
    account_key  VARCHAR NOT NULL,
    PRIMARY KEY (system, account)
);

-- A relationship covers one pupil (pupil_id), a whole form, or a whole year group: the
-- pastoral export names the scope, and the view relationship_pupils expands it, so the
-- roster files can be loaded in any order.
CREATE TABLE relationships (
    relationship_id  VARCHAR PRIMARY KEY,
    staff_id         VARCHAR NOT NULL,
    kind             VARCHAR NOT NULL,
    pupil_id         VARCHAR,
    form             VARCHAR,
    year_group       INTEGER,
    group_id         VARCHAR,
    subject          VARCHAR,
    valid_from       DATE,
    valid_to         DATE
);

CREATE TABLE incidents (
    incident_id      VARCHAR PRIMARY KEY,
    pupil_id         VARCHAR,
    category         VARCHAR,
    created_at       TIMESTAMP,
    author_staff_id  VARCHAR,
    author_account   VARCHAR
);

CREATE TABLE incident_involvement (
    incident_id  VARCHAR NOT NULL,
    staff_id     VARCHAR,
    account      VARCHAR NOT NULL,
    kind         VARCHAR NOT NULL,
    PRIMARY KEY (incident_id, account, kind)
);

CREATE TABLE signins (
    event_id          VARCHAR NOT NULL,
    source            VARCHAR NOT NULL,
    ts                TIMESTAMP NOT NULL,
    account           VARCHAR,
    staff_id          VARCHAR,
    app               VARCHAR,
    ip                VARCHAR,
    country           VARCHAR,
    city              VARCHAR,
    lat               DOUBLE,
    lon               DOUBLE,
    device_id         VARCHAR,
    device_name       VARCHAR,
    client_app        VARCHAR,
    auth_requirement  VARCHAR,
    mfa_result        VARCHAR,
    success           BOOLEAN,
    error_code        VARCHAR,
    session_id        VARCHAR,
    user_agent        VARCHAR,
    device_compliant  BOOLEAN,
    device_managed    BOOLEAN,
    batch_id          BIGINT,
    line_no           BIGINT
);

CREATE TABLE logon_events (
    event_id     VARCHAR NOT NULL,
    source       VARCHAR NOT NULL,
    ts           TIMESTAMP NOT NULL,
    account      VARCHAR,
    staff_id     VARCHAR,
    workstation  VARCHAR,
    logon_id     VARCHAR,
    kind         VARCHAR NOT NULL,
    logon_type   INTEGER,
    ip           VARCHAR,
    -- MIS/CPOMS login rows say whether a second factor was used (CPOMS "Two Factor").
    mfa          BOOLEAN,
    interactive  BOOLEAN,
    session_id   VARCHAR,
    batch_id     BIGINT,
    line_no      BIGINT
);

CREATE TABLE record_access (
    event_id     VARCHAR NOT NULL,
    source       VARCHAR NOT NULL,
    ts           TIMESTAMP NOT NULL,
    account      VARCHAR,
    staff_id     VARCHAR,
    action       VARCHAR NOT NULL,
    area         VARCHAR,
    pupil_id     VARCHAR,
    incident_id  VARCHAR,
    category     VARCHAR,
    row_count    INTEGER,
    workstation  VARCHAR,
    ip           VARCHAR,
    session_id   VARCHAR,
    batch_id     BIGINT,
    line_no      BIGINT
);

CREATE SEQUENCE ingest_batch_ids START 1;

CREATE TABLE ingest_batches (
    batch_id             BIGINT PRIMARY KEY,
    path                 VARCHAR NOT NULL,
    sha256               VARCHAR NOT NULL,
    format               VARCHAR NOT NULL,
    source_zone          VARCHAR,
    rows_read            BIGINT NOT NULL,
    rows_ok              BIGINT NOT NULL,
    rows_duplicate       BIGINT NOT NULL,
    rows_ignored         BIGINT NOT NULL,
    rows_quarantined     BIGINT NOT NULL,
    ambiguous_times      BIGINT NOT NULL,
    unresolved_accounts  BIGINT NOT NULL,
    first_event          TIMESTAMP,
    last_event           TIMESTAMP,
    started_at           TIMESTAMP NOT NULL,
    finished_at          TIMESTAMP NOT NULL
);

CREATE TABLE quarantine (
    batch_id  BIGINT NOT NULL,
    path      VARCHAR NOT NULL,
    line_no   BIGINT NOT NULL,
    raw       VARCHAR,
    reason    VARCHAR NOT NULL
);

CREATE TABLE findings (
    finding_id   VARCHAR PRIMARY KEY,
    detector     VARCHAR NOT NULL,
    staff_id     VARCHAR,
    account      VARCHAR,
    subject      VARCHAR,
    first_seen   TIMESTAMP,
    last_seen    TIMESTAMP,
    severity     VARCHAR NOT NULL,
    score        DOUBLE,
    aup_clause   VARCHAR NOT NULL,
    summary      VARCHAR NOT NULL,
    evidence     JSON,
    status       VARCHAR NOT NULL DEFAULT 'open',
    note         VARCHAR,
    reviewed_by  VARCHAR,
    reviewed_at  TIMESTAMP
);

-- Forms and year groups expanded to the pupils they cover (three equi-joins, not one OR-join,
-- so DuckDB and Spark can hash-join them).
CREATE VIEW relationship_pupils AS
SELECT r.staff_id, r.pupil_id, r.kind, r.group_id, r.subject, r.valid_from, r.valid_to
FROM relationships r
WHERE r.pupil_id IS NOT NULL
UNION ALL
SELECT r.staff_id, p.pupil_id, r.kind, r.group_id, r.subject, r.valid_from, r.valid_to
FROM relationships r JOIN pupils p ON p.form = r.form
WHERE r.pupil_id IS NULL AND r.form IS NOT NULL
UNION ALL
SELECT r.staff_id, p.pupil_id, r.kind, r.group_id, r.subject, r.valid_from, r.valid_to
FROM relationships r JOIN pupils p ON p.year_group = r.year_group
WHERE r.pupil_id IS NULL AND r.form IS NULL AND r.year_group IS NOT NULL;

-- Account names as matched across systems: lower case, without a DOMAIN\ prefix or an
-- @domain suffix, so NORTHFIELD\JSmith, jsmith@northfield.sch.uk and jsmith are one person.
CREATE MACRO account_key(a) AS lower(regexp_replace(regexp_replace(trim(a), '^.*\\', ''), '@.*$', ''));

-- Every login the roster knows, plus each member of staff's e-mail address.
CREATE VIEW account_directory AS
SELECT system, account_key, staff_id FROM staff_accounts
UNION ALL
SELECT 'email' AS system, account_key(email) AS account_key, staff_id FROM staff WHERE email IS NOT NULL;
