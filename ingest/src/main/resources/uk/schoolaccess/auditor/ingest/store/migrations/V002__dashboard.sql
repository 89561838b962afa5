-- What the dashboard keeps: its users, every triage decision, and its own access log (who
-- looked at which pupil-level data, and when).

CREATE TABLE dashboard_users (
    username       VARCHAR PRIMARY KEY,
    role           VARCHAR NOT NULL,
    password_hash  VARCHAR NOT NULL,
    created_at     TIMESTAMP NOT NULL
);

CREATE TABLE finding_decisions (
    finding_id  VARCHAR NOT NULL,
    status      VARCHAR NOT NULL,
    note        VARCHAR NOT NULL,
    decided_by  VARCHAR NOT NULL,
    decided_at  TIMESTAMP NOT NULL
);

CREATE TABLE access_log (
    ts        TIMESTAMP NOT NULL,
    username  VARCHAR NOT NULL,
    role      VARCHAR NOT NULL,
    method    VARCHAR NOT NULL,
    path      VARCHAR NOT NULL,
    kind      VARCHAR NOT NULL,
    subject   VARCHAR
);

-- Explanation coverage per day, saved by each audit (the explanations themselves are rebuilt
-- per audit and not kept), so the weekly page can show it without recomputing.
CREATE TABLE coverage_daily (
    day        DATE PRIMARY KEY,
    accesses   BIGINT NOT NULL,
    explained  BIGINT NOT NULL
);

-- What explained each pupil-level access (NULL: nothing did), saved by each audit, so a subject
-- access look-up and the DSL's investigations can say why each access happened.
CREATE TABLE access_explanations (
    event_id      VARCHAR NOT NULL,
    explained_by  VARCHAR,
    conflict      VARCHAR
);
