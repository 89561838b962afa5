-- Staff sessions in Windows, the MIS or CPOMS, across the baseline history and the period, that
-- were never logged off or that another user logged on over while they were open and unlocked.
-- data_end is the last logon event stored, so a session still running when the export was cut
-- can be told from one left open. The two events looked up (the session's start, the first other
-- user's logon) only describe a finding, and findings are of sessions started in the period, whose
-- start and first other logon both lie in the period: only the period's logon events are read
-- (a session of the history gets nulls there, which nothing reads).
WITH window_logons AS (
    SELECT event_id, staff_id, workstation FROM logon_events WHERE ts >= ${from} AND ts < ${to}
)
SELECT s.session_id, s.source, s.staff_id, s.account, s.host, s.started_at, s.ended_at, s.ended,
       s.start_event_id, s.end_event_id, s.ended_by_account, s.activity, s.last_sign_of_life, s.last_unlock,
       s.other_logons, s.unlocked_other_logons, s.first_exposure_at, s.first_exposure_account,
       s.first_exposure_event_id, v.staff_id AS exposure_staff_id, w.workstation AS host_as_logged,
       (SELECT max(ts) FROM logon_events WHERE ts < ${to}) AS data_end
FROM sessions s
LEFT JOIN window_logons v ON v.event_id = s.first_exposure_event_id
LEFT JOIN window_logons w ON w.event_id = s.start_event_id
WHERE s.staff_id IS NOT NULL AND s.source NOT IN ('entra', 'google')
  AND (s.ended IN ('next_logon', 'other_user_logon', 'open_at_end') OR s.unlocked_other_logons > 0)
