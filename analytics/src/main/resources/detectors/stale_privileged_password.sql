-- Staff in the CRED-3 roles, each with their interactive Windows logons in the period (only
-- people we see at a keyboard can be judged) and in the window [${window_from}, ${window_to}) (what
-- the finding states: its count, its first and last logon), their latest password change in the
-- window and their latest one before it. Every row also says what the logs can show: when the
-- Windows log we hold starts, and how many password changes anybody made in the window (none
-- suggests the audit policy does not record them at all). Nothing before ${kept_from}, the
-- store's purge cut-off, is read: what a purge kept there is evidence of findings, not a log.
WITH privileged AS (
    SELECT DISTINCT staff_id
    FROM (SELECT staff_id, explode(roles) AS role FROM staff) r
    WHERE role IN ${roles}
),
keyboard AS (
    SELECT staff_id, ts, event_id, account
    FROM logon_events
    WHERE source = 'windows' AND kind = 'logon' AND interactive = true AND staff_id IS NOT NULL
      AND ts >= ${kept_from}
),
spans AS (
    SELECT 'period' AS span, * FROM keyboard WHERE ts >= ${from} AND ts < ${to}
    UNION ALL
    SELECT 'window' AS span, * FROM keyboard WHERE ts >= ${window_from} AND ts < ${window_to}
),
activity AS (
    SELECT staff_id, span, count(*) AS logons, max_by(account, ts) AS account,
           min(ts) AS first_logon, max(ts) AS last_logon,
           min_by(event_id, ts) AS first_logon_event, max_by(event_id, ts) AS last_logon_event
    FROM spans
    GROUP BY staff_id, span
),
within_window AS (
    SELECT staff_id, max(ts) AS changed_at, max_by(event_id, ts) AS change_event
    FROM logon_events
    WHERE kind = 'password_change' AND staff_id IS NOT NULL AND ts >= ${window_from} AND ts < ${window_to}
      AND ts >= ${kept_from}
    GROUP BY staff_id
),
before_window AS (
    SELECT staff_id, max(ts) AS changed_at, max_by(event_id, ts) AS change_event
    FROM logon_events
    WHERE kind = 'password_change' AND staff_id IS NOT NULL AND ts < ${window_from} AND ts >= ${kept_from}
    GROUP BY staff_id
),
logged AS (
    SELECT count(*) AS changes_in_window
    FROM logon_events
    WHERE kind = 'password_change' AND ts >= ${window_from} AND ts < ${window_to} AND ts >= ${kept_from}
),
held AS (
    SELECT min(ts) AS windows_from FROM logon_events WHERE source = 'windows' AND ts >= ${kept_from}
)
SELECT p.staff_id, st.leave_date, st.roles,
       a.logons, a.account, coalesce(iw.logons, 0) AS window_logons,
       -- a window that is a past term may hold none of the period's logons: then the period's
       coalesce(iw.first_logon, a.first_logon) AS first_logon, coalesce(iw.last_logon, a.last_logon) AS last_logon,
       coalesce(iw.first_logon_event, a.first_logon_event) AS first_logon_event,
       coalesce(iw.last_logon_event, a.last_logon_event) AS last_logon_event,
       w.changed_at AS changed_in_window, w.change_event AS change_in_window_event,
       b.changed_at AS changed_before, b.change_event AS change_before_event,
       g.changes_in_window, h.windows_from
FROM privileged p
JOIN staff st ON st.staff_id = p.staff_id
LEFT JOIN activity a ON a.staff_id = p.staff_id AND a.span = 'period'
LEFT JOIN activity iw ON iw.staff_id = p.staff_id AND iw.span = 'window'
LEFT JOIN within_window w ON w.staff_id = p.staff_id
LEFT JOIN before_window b ON b.staff_id = p.staff_id
CROSS JOIN logged g
CROSS JOIN held h
ORDER BY p.staff_id
