-- Sessions derived from logon events and sign-ins, for [history_from, to): one row per session
-- (columns: see Sessions.java). Pairing is by sequence, not by time, because SIMS and CPOMS
-- log whole minutes and a logout can share its minute with the next login: within one pairing
-- key (Windows: computer and logon id; SIMS: account and workstation; CPOMS: account) events
-- are numbered in time, then file, order.
-- Built in steps, each a temporary table read more than once (Spark recomputes a WITH clause at
-- every use; DuckDB would materialise it anyway), but for the first, a view.

-- events_from is history_from, cut_filter empty and acts_from history_from, except where an
-- audit reuses kept sessions (KeptSessions): then only the events of each computer from its cut on
-- are paired, and the activity looked up starts a minute before the earliest cut.
-- Session events: logon events of the period and its history, and Google's successful sign-ins,
-- which start Google sessions (Google's logouts are logon events). A view, not a table: each step
-- below reads only the columns and rows it needs from the store, which costs less than copying
-- every column of the window once (measured on DuckDB: the sessions' CPU time fell by a fifth).
CREATE OR REPLACE TEMP VIEW session_events AS
SELECT e.* FROM (
    SELECT event_id, source, ts, account, lower(account) AS who, staff_id,
           lower(split_part(workstation, '.', 1)) AS host, lower(logon_id) AS lid, kind, logon_type, ip,
           interactive, coalesce(batch_id, 0) AS batch_id, coalesce(line_no, 0) AS line_no
    FROM logon_events
    WHERE ts >= ${events_from} AND ts < ${to}
    UNION ALL
    SELECT event_id, source, ts, account, lower(account) AS who, staff_id, NULL AS host, NULL AS lid,
           'google_login' AS kind, NULL AS logon_type, ip, true AS interactive,
           coalesce(batch_id, 0) AS batch_id, coalesce(line_no, 0) AS line_no
    FROM signins
    WHERE source = 'google' AND success AND account IS NOT NULL AND ts >= ${events_from} AND ts < ${to}
) e${cut_filter};

-- Session marks: every logon, logoff, timeout, lock and unlock of a pairing key, numbered.
-- Every logon of a Windows logon id counts for pairing (an id is reused only after a reboot);
-- locks and unlocks carry the id of the session they lock.
CREATE OR REPLACE TEMP TABLE session_marks AS
WITH marks AS (
    SELECT event_id, ts, kind, 'windows|' || host || '|' || lid AS pkey, batch_id, line_no
    FROM session_events
    WHERE source = 'windows' AND host IS NOT NULL AND lid IS NOT NULL
      AND kind IN ('logon', 'logoff', 'timeout', 'lock', 'unlock')
    UNION ALL
    SELECT event_id, ts, kind, source || '|' || who || '|' || coalesce(host, '') AS pkey, batch_id, line_no
    FROM session_events
    WHERE source NOT IN ('windows', 'google') AND who IS NOT NULL AND kind IN ('logon', 'logoff', 'timeout')
    UNION ALL
    SELECT event_id, ts, 'logon' AS kind, 'google|' || who AS pkey, batch_id, line_no
    FROM session_events WHERE kind = 'google_login'
    UNION ALL
    SELECT event_id, ts, kind, 'google|' || who AS pkey, batch_id, line_no
    FROM session_events WHERE source = 'google' AND who IS NOT NULL AND kind IN ('logoff', 'timeout')
),
-- Windows logs a user's sign-out twice (4647, then 4634 for the same logon id): one end only.
ordered AS (
    SELECT event_id, ts, kind, pkey, batch_id, line_no,
           lag(kind) OVER (PARTITION BY pkey ORDER BY ts, batch_id, line_no, event_id) AS previous_kind
    FROM marks
),
numbered AS (
    SELECT event_id, ts, kind, pkey,
           row_number() OVER (PARTITION BY pkey ORDER BY ts, batch_id, line_no, event_id) AS seq
    FROM ordered
    WHERE NOT (pkey LIKE 'windows|%' AND kind IN ('logoff', 'timeout') AND coalesce(previous_kind, '') IN ('logoff', 'timeout'))
),
-- Logons and logoffs match like brackets: each logoff closes the latest logon still open, so
-- two overlapping CPOMS sessions of one account both close, and a logon id reused after a reboot
-- leaves the earlier, never-closed session open. depth: how many sessions were open after the
-- event (a logoff closes the session at its depth + 1).
balanced AS (
    SELECT event_id, ts, kind, pkey, seq,
           sum(CASE WHEN kind = 'logon' THEN 1 WHEN kind IN ('logoff', 'timeout') THEN -1 ELSE 0 END)
               OVER (PARTITION BY pkey ORDER BY seq ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS depth,
           max(CASE WHEN kind = 'logon' THEN seq END)
               OVER (PARTITION BY pkey ORDER BY seq ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS owner
    FROM numbered
)
SELECT event_id, ts, kind, pkey, seq, depth, owner FROM balanced;

-- Session logons: every logon that starts a session, with the next logon on the same computer
-- (or of the same account where there is no computer). A person at the keyboard: not network (3),
-- service (5) or unlock (7) logons, machine accounts, SYSTEM or DWM/UMFD (interactive = false for those).
CREATE OR REPLACE TEMP TABLE session_logons AS
WITH logons AS (
    SELECT event_id, source, ts, account, who, staff_id, host, ip, batch_id, line_no,
           'windows|' || host AS nkey, 'windows|' || host || '|' || lid AS pkey
    FROM session_events
    WHERE source = 'windows' AND kind = 'logon' AND interactive AND coalesce(logon_type, 2) NOT IN (3, 5, 7)
      AND host IS NOT NULL AND lid IS NOT NULL AND who IS NOT NULL
    UNION ALL
    SELECT event_id, source, ts, account, who, staff_id, host, ip, batch_id, line_no,
           source || '|' || coalesce(host, who) AS nkey, source || '|' || who || '|' || coalesce(host, '') AS pkey
    FROM session_events
    WHERE source NOT IN ('windows', 'google') AND kind = 'logon' AND who IS NOT NULL
    UNION ALL
    SELECT event_id, source, ts, account, who, staff_id, NULL AS host, ip, batch_id, line_no,
           'google|' || who AS nkey, 'google|' || who AS pkey
    FROM session_events WHERE kind = 'google_login'
)
SELECT l.*,
       lead(ts) OVER (PARTITION BY nkey ORDER BY ts, batch_id, line_no, event_id) AS next_ts,
       lead(who) OVER (PARTITION BY nkey ORDER BY ts, batch_id, line_no, event_id) AS next_who,
       lead(account) OVER (PARTITION BY nkey ORDER BY ts, batch_id, line_no, event_id) AS next_account,
       lead(event_id) OVER (PARTITION BY nkey ORDER BY ts, batch_id, line_no, event_id) AS next_event_id
FROM logons l;

-- Each logon with the logoff that closes it, or what ended it otherwise.
CREATE OR REPLACE TEMP TABLE session_pairs AS
WITH ends AS (
    SELECT o.pkey, o.seq AS owner, min_by(c.event_id, c.seq) AS end_event_id, min_by(c.ts, c.seq) AS end_ts,
           min_by(c.kind, c.seq) AS end_kind
    FROM session_marks o
    JOIN session_marks c ON c.pkey = o.pkey AND c.depth + 1 = o.depth
    WHERE o.kind = 'logon' AND c.kind IN ('logoff', 'timeout') AND c.seq > o.seq
    GROUP BY o.pkey, o.seq
)
SELECT l.event_id AS session_id, l.source, l.staff_id, l.account, l.who, l.host, l.ip, l.ts AS started_at,
       l.pkey, n.seq,
       CASE WHEN e.end_ts IS NOT NULL THEN e.end_ts ELSE l.next_ts END AS ended_at,
       CASE WHEN e.end_ts IS NOT NULL THEN e.end_kind
            WHEN l.next_ts IS NULL THEN 'open_at_end'
            WHEN l.next_who = l.who THEN 'next_logon'
            ELSE 'other_user_logon' END AS ended,
       l.event_id AS start_event_id,
       CASE WHEN e.end_ts IS NOT NULL THEN e.end_event_id ELSE l.next_event_id END AS end_event_id,
       CASE WHEN e.end_ts IS NULL THEN l.next_account END AS ended_by_account
FROM session_logons l
JOIN session_marks n ON n.event_id = l.event_id AND n.pkey = l.pkey
LEFT JOIN ends e ON e.pkey = l.pkey AND e.owner = n.seq;

-- sessions_table is sessions, but where an audit reuses kept sessions (KeptSessions builds the
-- sessions view from them and this table).
CREATE OR REPLACE TEMP TABLE ${sessions_table} AS
WITH locks AS (
    SELECT pkey, owner, ts, kind FROM session_marks WHERE kind IN ('lock', 'unlock') AND owner IS NOT NULL
),
-- Each session once per UTC day it spans, so activity is matched day by day rather than against
-- a whole year of one person's computer.
session_days AS (
    SELECT session_id, staff_id || '|' || coalesce(host, source) AS akey, started_at, ended_at,
           explode(sequence(to_date(started_at - INTERVAL 1 MINUTE), to_date(coalesce(ended_at, ${to})))) AS day
    FROM session_pairs
    WHERE staff_id IS NOT NULL
),
acts AS (
    SELECT staff_id || '|' || coalesce(lower(split_part(workstation, '.', 1)), source) AS akey, to_date(ts) AS day, ts,
           count(*) AS n
    FROM record_access
    WHERE ts >= ${acts_from} AND ts < ${to} AND staff_id IS NOT NULL
    GROUP BY staff_id || '|' || coalesce(lower(split_part(workstation, '.', 1)), source), to_date(ts), ts
),
-- SIMS logs whole minutes, so its first action can carry a time up to a minute before the
-- Windows logon it happened in.
activity AS (
    SELECT d.session_id, sum(a.n) AS activity, min(a.ts) AS first_activity, max(a.ts) AS last_activity
    FROM session_days d
    JOIN acts a ON a.akey = d.akey AND a.day = d.day
    WHERE unix_timestamp(a.ts) >= unix_timestamp(d.started_at) - 60
      AND a.ts <= coalesce(d.ended_at, ${to})
    GROUP BY d.session_id
),
last_unlocks AS (
    SELECT p.session_id, max(k.ts) AS last_unlock
    FROM session_pairs p JOIN locks k ON k.pkey = p.pkey AND k.owner = p.seq
    WHERE k.kind = 'unlock'
    GROUP BY p.session_id
),
-- Another user's logon on the same computer while the session was open (including the logon
-- that ended a session never logged off), and whether the session was locked at that moment.
visits AS (
    SELECT p.session_id, v.event_id AS visitor_event_id, v.account AS visitor, v.ts AS visited_at,
           max_by(k.kind, k.ts) AS lock_state
    FROM session_pairs p
    JOIN session_logons v ON v.nkey = 'windows|' || p.host AND v.who <> p.who
    LEFT JOIN locks k ON k.pkey = p.pkey AND k.owner = p.seq AND k.ts < v.ts
    WHERE p.source = 'windows' AND v.ts > p.started_at AND v.ts <= coalesce(p.ended_at, ${to})
    GROUP BY p.session_id, v.event_id, v.account, v.ts
),
exposure AS (
    SELECT session_id, count(*) AS other_logons,
           sum(CASE WHEN coalesce(lock_state, 'unlock') = 'unlock' THEN 1 ELSE 0 END) AS unlocked_other_logons,
           min(CASE WHEN coalesce(lock_state, 'unlock') = 'unlock' THEN visited_at END) AS first_exposure_at,
           min_by(CASE WHEN coalesce(lock_state, 'unlock') = 'unlock' THEN visitor END,
                  CASE WHEN coalesce(lock_state, 'unlock') = 'unlock' THEN visited_at END) AS first_exposure_account,
           min_by(CASE WHEN coalesce(lock_state, 'unlock') = 'unlock' THEN visitor_event_id END,
                  CASE WHEN coalesce(lock_state, 'unlock') = 'unlock' THEN visited_at END) AS first_exposure_event_id
    FROM visits GROUP BY session_id
),
school_ips AS (
    SELECT DISTINCT ip FROM school_addresses
),
entra AS (
    SELECT s.session_id AS sid, min_by(s.event_id, s.ts) AS start_event_id, max_by(s.event_id, s.ts) AS end_event_id,
           min(s.ts) AS started_at, max(s.ts) AS ended_at, min_by(s.account, s.ts) AS account,
           min_by(s.staff_id, s.ts) AS staff_id, min_by(s.ip, s.ts) AS ip, count(*) AS sign_ins,
           sum(CASE WHEN sc.ip IS NULL THEN 1 ELSE 0 END) AS offsite_sign_ins,
           sum(CASE WHEN s.app IN ${mis_apps} OR s.app IN ${safeguarding_apps} THEN 1 ELSE 0 END) AS mis_sign_ins
    FROM signins s LEFT JOIN school_ips sc ON sc.ip = s.ip
    WHERE s.source = 'entra' AND s.success AND s.session_id IS NOT NULL AND s.session_id <> ''
      AND s.ts >= ${history_from} AND s.ts < ${to}
    GROUP BY s.session_id
)
SELECT p.session_id, p.source, p.staff_id, p.account, p.host, p.ip, p.started_at, p.ended_at, p.ended,
       p.start_event_id, p.end_event_id, p.ended_by_account,
       coalesce(a.activity, 0) AS activity, a.first_activity, a.last_activity,
       u.last_unlock,
       greatest(p.started_at, coalesce(a.last_activity, p.started_at), coalesce(u.last_unlock, p.started_at))
           AS last_sign_of_life,
       coalesce(x.other_logons, 0) AS other_logons,
       coalesce(x.unlocked_other_logons, 0) AS unlocked_other_logons,
       CASE WHEN x.other_logons IS NULL THEN NULL ELSE x.unlocked_other_logons = 0 END
           AS locked_when_other_logged_on,
       x.first_exposure_at, x.first_exposure_account, x.first_exposure_event_id,
       CASE WHEN p.source = 'google' THEN 1 ELSE 0 END AS sign_ins,
       CASE WHEN ${school_known} AND p.source IN ('google', 'cpoms') AND p.ip IS NOT NULL
            THEN CASE WHEN sc.ip IS NULL THEN 1 ELSE 0 END END AS offsite_sign_ins,
       0 AS mis_sign_ins
FROM session_pairs p
LEFT JOIN activity a ON a.session_id = p.session_id
LEFT JOIN last_unlocks u ON u.session_id = p.session_id
LEFT JOIN exposure x ON x.session_id = p.session_id
LEFT JOIN school_ips sc ON sc.ip = p.ip
UNION ALL
SELECT 'entra:' || e.sid AS session_id, 'entra' AS source, e.staff_id, e.account, NULL AS host, e.ip,
       e.started_at, e.ended_at, 'last_sign_in' AS ended, e.start_event_id, e.end_event_id,
       NULL AS ended_by_account, 0 AS activity, NULL AS first_activity, NULL AS last_activity, NULL AS last_unlock,
       e.ended_at AS last_sign_of_life, 0 AS other_logons, 0 AS unlocked_other_logons,
       NULL AS locked_when_other_logged_on, NULL AS first_exposure_at, NULL AS first_exposure_account,
       NULL AS first_exposure_event_id, e.sign_ins,
       CASE WHEN ${school_known} THEN e.offsite_sign_ins END AS offsite_sign_ins, e.mis_sign_ins
FROM entra e
