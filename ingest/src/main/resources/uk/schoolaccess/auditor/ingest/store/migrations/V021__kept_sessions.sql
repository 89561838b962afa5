-- Sessions kept between audits (docs/performance.md, weeksessions): a week's audit paired nine
-- weeks of logons, logoffs and locks into sessions every time. kept_sessions: the sessions
-- (Windows, MIS, safeguarding, Google; not Entra) of the last week's-or-month's audit, every column
-- of the audit's sessions table, with the computer they pair on (nkey), their pairing key (pkey)
-- and reach: the last moment anything they were derived from happened (their end, their last
-- unlock); NULL while still open.
CREATE TABLE IF NOT EXISTS kept_sessions (
    session_id                  VARCHAR,
    source                      VARCHAR,
    staff_id                    VARCHAR,
    account                     VARCHAR,
    host                        VARCHAR,
    ip                          VARCHAR,
    started_at                  TIMESTAMP,
    ended_at                    TIMESTAMP,
    ended                       VARCHAR,
    start_event_id              VARCHAR,
    end_event_id                VARCHAR,
    ended_by_account            VARCHAR,
    activity                    HUGEINT,
    first_activity              TIMESTAMP,
    last_activity               TIMESTAMP,
    last_unlock                 TIMESTAMP,
    last_sign_of_life           TIMESTAMP,
    other_logons                BIGINT,
    unlocked_other_logons       HUGEINT,
    locked_when_other_logged_on BOOLEAN,
    first_exposure_at           TIMESTAMP,
    first_exposure_account      VARCHAR,
    first_exposure_event_id     VARCHAR,
    sign_ins                    BIGINT,
    offsite_sign_ins            HUGEINT,
    mis_sign_ins                HUGEINT,
    nkey                        VARCHAR,
    pkey                        VARCHAR,
    reach                       TIMESTAMP
);
-- What the kept sessions were made with (school networks), the last ingest batch they saw and the
-- window [window_from, window_to) they were derived over. No row: nothing kept can be trusted (a
-- purge deletes it).
CREATE TABLE IF NOT EXISTS kept_sessions_state (
    made_with   VARCHAR,
    last_batch  BIGINT,
    window_from TIMESTAMP,
    window_to   TIMESTAMP
);
