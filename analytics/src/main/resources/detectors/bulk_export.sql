-- Exports and prints, one row per export: the rows one person wrote in one system within one
-- clock minute make one export (CPOMS logs an "Exported report" row per incident, all in the same
-- second; SIMS logs one row with the number of records). The size is the records it covered:
-- row_count where the system gives one, else one per row. Covers the baseline history and the
-- period, so each export can be judged against the person's and their role's usual sizes.
SELECT source,
       coalesce(staff_id, account) AS person,
       min(staff_id) AS staff_id,
       min(account) AS account,
       floor(unix_timestamp(ts) / 60) AS minute_slot,
       min(ts) AS first_ts,
       max(ts) AS last_ts,
       count(*) AS rows_logged,
       sum(coalesce(row_count, 1)) AS size
FROM record_access
WHERE ts >= ${history_from} AND ts < ${to}
  AND action IN ('export', 'print')
GROUP BY source, coalesce(staff_id, account), floor(unix_timestamp(ts) / 60)
ORDER BY person, first_ts, source
