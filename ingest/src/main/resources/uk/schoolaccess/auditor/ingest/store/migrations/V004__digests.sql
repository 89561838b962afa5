-- The e-mail digests (docs/digests.md): one row per digest kind and period, so a digest is sent
-- at most once however often the schedule runs, and delivery failures can be shown. No message
-- content is kept.

CREATE TABLE sent_digests (
    kind             VARCHAR NOT NULL,
    period           VARCHAR NOT NULL,
    status           VARCHAR NOT NULL,
    attempts         INTEGER NOT NULL,
    last_error       VARCHAR,
    last_attempt_at  TIMESTAMP,
    sent_at          TIMESTAMP,
    PRIMARY KEY (kind, period)
);

-- Which findings a sent digest reported, so the DSL's daily digest lists only new ones.
CREATE TABLE digest_findings (
    kind        VARCHAR NOT NULL,
    period      VARCHAR NOT NULL,
    finding_id  VARCHAR NOT NULL
);
