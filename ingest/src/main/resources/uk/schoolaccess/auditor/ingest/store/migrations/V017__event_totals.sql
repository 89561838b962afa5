-- Each event table's events per source (and, for logons, whether interactive), with the first and
-- last time: what `auditor status` reports, kept so it need not read every event (docs/schema.md).
-- Ingest adds each file's new events to it in the file's own transaction; a retention purge
-- rebuilds it for the tables it deleted from; status trusts it only while each table's row count
-- and first and last times (DuckDB's statistics) still match it, and reads the events otherwise.
-- Idempotent: the totals are recomputed from the events.
CREATE TABLE IF NOT EXISTS event_totals (
    tbl       VARCHAR NOT NULL,
    source    VARCHAR,
    counted   BOOLEAN NOT NULL,
    events    BIGINT NOT NULL,
    first_ts  TIMESTAMP,
    last_ts   TIMESTAMP
);

DELETE FROM event_totals;

INSERT INTO event_totals
SELECT 'record_access', source, true, count(*), min(ts), max(ts) FROM record_access GROUP BY source;

INSERT INTO event_totals
SELECT 'logon_events', source, coalesce(interactive, false), count(*), min(ts), max(ts)
FROM logon_events GROUP BY source, coalesce(interactive, false);

INSERT INTO event_totals
SELECT 'signins', source, true, count(*), min(ts), max(ts) FROM signins GROUP BY source;
