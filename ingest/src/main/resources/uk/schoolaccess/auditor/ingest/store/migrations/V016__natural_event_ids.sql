-- An event's identity comes from its data, not from the bytes of its record (issue 14): the same
-- Entra sign-ins downloaded again with the columns in another order or an extra column, or a
-- Google export re-saved one record per line, are the same events and must add nothing.
--
-- An event's natural id is a hash of its stored field values (the fields that say who did what,
-- when, where and with what result; not the resolved staff_id, the batch or the line), and the
-- duplicate check of every ingest compares natural ids, not the bytes. Two identical events in
-- one file are two events (a SIMS export has minute resolution; 01:30 comes twice on the autumn
-- clock change): the n-th of them has the n-th id. Events stored since this version have their
-- natural id as event_id, and natural_id NULL. Events stored before keep their event_id, because
-- finding ids, evidence lists and access_explanations are built from it; their natural id goes in
-- natural_id, by the same rule, numbering identical events across the whole table in the order
-- they were stored, so re-loading any file already held, in any shape, finds every one of them.
--
-- The source's own key (Entra's request id, Windows' EventRecordID) was never stored, so a rule
-- that used it could not be computed for stored events; the fields that are stored are used for
-- every event alike. Both ingest and this script call the macros below, so the two cannot drift.
-- Every statement may run twice (tests rewind schema_version): natural_id_upgrade records the
-- last batch stored before the upgrade, once (events of a purged batch's record included), and
-- only events of those batches are filled.

-- The fields are joined by concat(), which takes a missing field as empty (so empty and missing are
-- the same), with U+0001 between them; the time as microseconds since 1970 and a flag as 1 or 0,
-- not by a cast to text whose wording could change between DuckDB versions. (Measured: this form
-- costs a third of one built with strftime and ||.)
CREATE OR REPLACE MACRO natural_flag(x) AS CASE WHEN x THEN '1' WHEN NOT x THEN '0' ELSE '' END;

-- Left out of a sign-in's identity: where the provider placed the IP (country, city, lat, lon),
-- and the device's name, compliance and management state and the browser's user agent, which
-- describe the sign-in rather than tell two apart and come from optional columns a re-download
-- may add.
CREATE OR REPLACE MACRO signin_identity(source, ts, account, app, ip, device_id, client_app, auth_requirement,
                                        mfa_result, success, error_code, session_id) AS
    md5(concat('signins', chr(1), source, chr(1), epoch_us(ts), chr(1), account, chr(1), app, chr(1), ip,
               chr(1), device_id, chr(1), client_app, chr(1), auth_requirement, chr(1), mfa_result,
               chr(1), natural_flag(success), chr(1), error_code, chr(1), session_id));

-- interactive is left out: it is worked out from the account and logon type.
CREATE OR REPLACE MACRO logon_identity(source, ts, account, workstation, logon_id, kind, logon_type, ip, mfa,
                                       session_id) AS
    md5(concat('logon_events', chr(1), source, chr(1), epoch_us(ts), chr(1), account, chr(1), workstation,
               chr(1), logon_id, chr(1), kind, chr(1), CAST(logon_type AS BIGINT), chr(1), ip,
               chr(1), natural_flag(mfa), chr(1), session_id));

CREATE OR REPLACE MACRO access_identity(source, ts, account, action, area, pupil_id, incident_id, category, row_count,
                                        workstation, ip, session_id) AS
    md5(concat('record_access', chr(1), source, chr(1), epoch_us(ts), chr(1), account, chr(1), action,
               chr(1), area, chr(1), pupil_id, chr(1), incident_id, chr(1), category,
               chr(1), CAST(row_count AS BIGINT), chr(1), workstation, chr(1), ip, chr(1), session_id));

-- The n-th identical event: the first keeps the identity itself, as the first of a file always has.
CREATE OR REPLACE MACRO natural_nth(identity, n) AS
    CASE WHEN n = 1 THEN identity ELSE md5(identity || chr(1) || CAST(n AS VARCHAR)) END;

CREATE TABLE IF NOT EXISTS natural_id_upgrade (last_batch_before BIGINT NOT NULL, upgraded_at TIMESTAMP NOT NULL);

INSERT INTO natural_id_upgrade
SELECT * FROM (SELECT coalesce(max(batch_id), 0), now()::TIMESTAMP
               FROM (SELECT batch_id FROM ingest_batches UNION ALL SELECT batch_id FROM signins
                     UNION ALL SELECT batch_id FROM logon_events UNION ALL SELECT batch_id FROM record_access))
WHERE NOT EXISTS (SELECT 1 FROM natural_id_upgrade);

ALTER TABLE signins ADD COLUMN IF NOT EXISTS natural_id VARCHAR;

ALTER TABLE logon_events ADD COLUMN IF NOT EXISTS natural_id VARCHAR;

ALTER TABLE record_access ADD COLUMN IF NOT EXISTS natural_id VARCHAR;

-- Each stored event's identity, then the second and later of identical events numbered, in the
-- order they were stored (two passes: a plain update of every row costs far less than one that
-- numbers every row, and identical events are few).
UPDATE signins SET natural_id = signin_identity(source, ts, account, app, ip, device_id, client_app, auth_requirement, mfa_result,
                                     success, error_code, session_id)
WHERE natural_id IS NULL AND coalesce(batch_id, 0) <= (SELECT last_batch_before FROM natural_id_upgrade);

UPDATE signins SET natural_id = natural_nth(k.natural_id, k.n)
FROM (SELECT rowid AS rid, natural_id, row_number() OVER (PARTITION BY natural_id ORDER BY batch_id, line_no, event_id) AS n
      FROM signins
      WHERE coalesce(batch_id, 0) <= (SELECT last_batch_before FROM natural_id_upgrade)
        AND natural_id IN (SELECT natural_id FROM signins
                           WHERE coalesce(batch_id, 0) <= (SELECT last_batch_before FROM natural_id_upgrade)
                           GROUP BY natural_id HAVING count(*) > 1)) k
WHERE signins.rowid = k.rid AND k.n > 1;

UPDATE logon_events SET natural_id = logon_identity(source, ts, account, workstation, logon_id, kind, logon_type, ip, mfa, session_id)
WHERE natural_id IS NULL AND coalesce(batch_id, 0) <= (SELECT last_batch_before FROM natural_id_upgrade);

UPDATE logon_events SET natural_id = natural_nth(k.natural_id, k.n)
FROM (SELECT rowid AS rid, natural_id, row_number() OVER (PARTITION BY natural_id ORDER BY batch_id, line_no, event_id) AS n
      FROM logon_events
      WHERE coalesce(batch_id, 0) <= (SELECT last_batch_before FROM natural_id_upgrade)
        AND natural_id IN (SELECT natural_id FROM logon_events
                           WHERE coalesce(batch_id, 0) <= (SELECT last_batch_before FROM natural_id_upgrade)
                           GROUP BY natural_id HAVING count(*) > 1)) k
WHERE logon_events.rowid = k.rid AND k.n > 1;

UPDATE record_access SET natural_id = access_identity(source, ts, account, action, area, pupil_id, incident_id, category, row_count,
                                     workstation, ip, session_id)
WHERE natural_id IS NULL AND coalesce(batch_id, 0) <= (SELECT last_batch_before FROM natural_id_upgrade);

UPDATE record_access SET natural_id = natural_nth(k.natural_id, k.n)
FROM (SELECT rowid AS rid, natural_id, row_number() OVER (PARTITION BY natural_id ORDER BY batch_id, line_no, event_id) AS n
      FROM record_access
      WHERE coalesce(batch_id, 0) <= (SELECT last_batch_before FROM natural_id_upgrade)
        AND natural_id IN (SELECT natural_id FROM record_access
                           WHERE coalesce(batch_id, 0) <= (SELECT last_batch_before FROM natural_id_upgrade)
                           GROUP BY natural_id HAVING count(*) > 1)) k
WHERE record_access.rowid = k.rid AND k.n > 1;
