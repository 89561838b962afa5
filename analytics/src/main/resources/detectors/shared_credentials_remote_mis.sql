-- CRED-1 (d): MIS or safeguarding work from a workstation that the school's own Windows logs
-- never show (a home or personal computer), while the same person is at a school computer: the
-- work from the unknown workstation falls within a Windows session of theirs at school, between
-- its logon and its last sign of life (MIS use there, an unlock, or its own logoff the same day:
-- someone logging off at the keyboard), give or take slack. A session left open overnight counts
-- only up to its last sign of life, so evening work at home is not mistaken for it. Which
-- computers are the school's is learnt from the Windows logs of the whole baseline window, not
-- from their names.
WITH school_hosts AS (
    SELECT DISTINCT lower(split_part(workstation, '.', 1)) AS host
    FROM logon_events
    WHERE source = 'windows' AND workstation IS NOT NULL AND ts >= ${history_from} AND ts < ${to}
),
remote AS (
    SELECT r.staff_id, lower(split_part(r.workstation, '.', 1)) AS host, r.source, to_date(r.ts) AS day,
           min(r.account) AS account, min(r.workstation) AS workstation, min(r.ts) AS first_ts, max(r.ts) AS last_ts,
           count(*) AS actions
    FROM record_access r
    LEFT JOIN school_hosts h ON h.host = lower(split_part(r.workstation, '.', 1))
    WHERE r.staff_id IS NOT NULL AND r.workstation IS NOT NULL AND trim(r.workstation) <> '' AND h.host IS NULL
      AND r.ts >= ${from} AND r.ts < ${to}
    GROUP BY r.staff_id, lower(split_part(r.workstation, '.', 1)), r.source, to_date(r.ts)
)
SELECT rm.staff_id, rm.account, rm.host, rm.workstation, rm.source, rm.day, rm.first_ts, rm.last_ts, rm.actions,
       w.session_id AS desk_session, w.host AS desk_host, w.started_at AS desk_start, w.ended_at AS desk_end,
       w.present_until AS desk_last_life, w.start_event_id AS desk_event_id
FROM remote rm
JOIN (
    SELECT session_id, staff_id, host, started_at, ended_at, start_event_id,
           CASE WHEN ended = 'logoff' AND to_date(ended_at) = to_date(started_at) THEN ended_at
                ELSE last_sign_of_life END AS present_until
    FROM sessions WHERE source = 'windows' AND staff_id IS NOT NULL
) w ON w.staff_id = rm.staff_id
WHERE unix_timestamp(rm.first_ts) <= unix_timestamp(w.present_until) + ${slack_seconds}
  AND unix_timestamp(rm.last_ts) >= unix_timestamp(w.started_at) - ${slack_seconds}
ORDER BY rm.staff_id, rm.first_ts, rm.host, w.started_at
