-- Every use of a leaver's accounts in the period from the first moment after their leave date:
-- successful sign-ins, interactive logons (and unlocks, reconnects) and record access.
-- ${leavers} is a VALUES table (staff_id, cutoff): cutoff is midnight at the end of the leave
-- date in the school's zone, as UTC, worked out by the detector so both engines agree.
WITH leavers AS (
    ${leavers}
),
uses AS (
    SELECT s.event_id, 'sign-in' AS what, s.source, s.ts, s.account, s.staff_id, s.app AS detail, s.ip
    FROM signins s JOIN leavers l ON l.staff_id = s.staff_id
    WHERE s.ts >= l.cutoff AND s.ts >= ${from} AND s.ts < ${to} AND s.success = true
    UNION ALL
    SELECT e.event_id, 'logon' AS what, e.source, e.ts, e.account, e.staff_id, e.workstation AS detail, e.ip
    FROM logon_events e JOIN leavers l ON l.staff_id = e.staff_id
    WHERE e.ts >= l.cutoff AND e.ts >= ${from} AND e.ts < ${to}
      AND e.kind IN ('logon', 'unlock', 'reconnect') AND e.interactive = true
    UNION ALL
    SELECT r.event_id, 'record' AS what, r.source, r.ts, r.account, r.staff_id,
           concat(r.action, ' ', coalesce(r.area, '')) AS detail, r.ip
    FROM record_access r JOIN leavers l ON l.staff_id = r.staff_id
    WHERE r.ts >= l.cutoff AND r.ts >= ${from} AND r.ts < ${to}
)
SELECT event_id, what, source, ts, account, staff_id, detail, ip
FROM uses
ORDER BY staff_id, ts, event_id
