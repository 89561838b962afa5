-- Per member of staff and day (UTC), across the baseline history and the period: how many
-- pupil-level accesses they made, and how many pupils none of their relationships explains.
-- Relatives (conflict) and safeguarding incidents are judged separately, so they are left out.
-- ${unexplained}: AccessExplanation.unexplainedBrowsingWhere, the one meaning of "unexplained".
SELECT staff_id, to_date(ts) AS day,
       count(*) AS accesses,
       count(DISTINCT CASE WHEN ${unexplained} THEN pupil_id END) AS unexplained_pupils,
       min(CASE WHEN ${unexplained} THEN ts END) AS first_ts,
       max(CASE WHEN ${unexplained} THEN ts END) AS last_ts
FROM access_explained
WHERE staff_id IS NOT NULL
GROUP BY staff_id, to_date(ts)
