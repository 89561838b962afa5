-- CRED-1 (b): one person's interactive Windows sessions on two computers open at once, the
-- second logged on while the first was still open. The detector then reads the signs of life on
-- each computer while both were open (MIS use, unlocks, logons, logoffs) and the first computer's
-- lock state: a teacher who locks one PC and moves to another room leaves no sign of life on the
-- first until they come back.
SELECT a.staff_id, a.account, a.session_id AS a_session, b.session_id AS b_session, a.host AS a_host,
       b.host AS b_host, a.start_event_id AS a_event_id, b.start_event_id AS b_event_id,
       a.started_at AS a_start, b.started_at AS b_start, a.ended_at AS a_end, b.ended_at AS b_end,
       b.ended AS b_ended, b.end_event_id AS b_end_event_id,
       least(coalesce(a.ended_at, ${to}), coalesce(b.ended_at, ${to})) AS overlap_to
FROM sessions a
JOIN sessions b ON b.staff_id = a.staff_id
WHERE a.source = 'windows' AND b.source = 'windows' AND a.host <> b.host
  AND (a.started_at < b.started_at OR (a.started_at = b.started_at AND a.host < b.host))
  AND b.started_at < coalesce(a.ended_at, ${to})
  AND b.started_at >= ${from} AND b.started_at < ${to}
ORDER BY a.staff_id, b.started_at, a.host, b.host
