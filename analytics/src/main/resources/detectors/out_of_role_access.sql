-- Per member of staff and day (UTC), across the baseline history and the period: how many
-- pupil-level accesses they made, and how many pupils none of their relationships explains.
-- Relatives (conflict) and safeguarding incidents are judged separately, so they are left out.
-- ${unexplained}: AccessExplanation.unexplainedBrowsingWhere, the one meaning of "unexplained".
-- The history's accesses a roster relationship explains are only counted (history_roster_days,
-- access_explained.sql): they add a day and its accesses, never an unexplained pupil.
SELECT staff_id, day,
       CAST(sum(accesses) AS BIGINT) AS accesses,
       count(DISTINCT CASE WHEN unexplained THEN pupil_id END) AS unexplained_pupils,
       min(CASE WHEN unexplained THEN ts END) AS first_ts,
       max(CASE WHEN unexplained THEN ts END) AS last_ts
FROM (
    SELECT staff_id, to_date(ts) AS day, pupil_id, ts, ${unexplained} AS unexplained, 1 AS accesses
    FROM access_explained
    WHERE staff_id IS NOT NULL
    UNION ALL
    SELECT staff_id, day, CAST(NULL AS STRING) AS pupil_id, CAST(NULL AS TIMESTAMP) AS ts, false AS unexplained,
           accesses
    FROM history_roster_days
) d
GROUP BY staff_id, day
