-- CRED-1 (b): one person's interactive Windows sessions on two computers open at once, with MIS
-- use on both while both were open. The detector then counts how often the MIS use switched
-- between the two computers (someone walking from one room to another switches once or twice).
SELECT a.staff_id, a.account, a.session_id AS a_session, b.session_id AS b_session, a.host AS a_host,
       b.host AS b_host, a.start_event_id AS a_event_id, b.start_event_id AS b_event_id,
       greatest(a.started_at, b.started_at) AS overlap_from,
       least(coalesce(a.ended_at, ${to}), coalesce(b.ended_at, ${to})) AS overlap_to
FROM sessions a
JOIN sessions b ON b.staff_id = a.staff_id
WHERE a.source = 'windows' AND b.source = 'windows' AND a.host < b.host
  AND a.activity > 0 AND b.activity > 0
  AND a.started_at < coalesce(b.ended_at, ${to}) AND b.started_at < coalesce(a.ended_at, ${to})
  AND a.first_activity <= b.last_activity AND b.first_activity <= a.last_activity
  AND greatest(a.started_at, b.started_at) >= ${from} AND greatest(a.started_at, b.started_at) < ${to}
