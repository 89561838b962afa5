-- Per member of staff and UTC day, across the baseline history and the period: how many
-- distinct addresses and devices their successful sign-ins came from.
SELECT staff_id, to_date(ts) AS day, min(account) AS account,
       count(DISTINCT ip) AS ips, count(DISTINCT device_id) AS devices,
       min(ts) AS first_ts, max(ts) AS last_ts
FROM signins
WHERE success AND staff_id IS NOT NULL AND ip IS NOT NULL
  AND ts >= ${history_from} AND ts < ${to}
GROUP BY staff_id, to_date(ts)
