-- Successful sign-ins in the period to the MIS and the safeguarding system from a device the
-- school cannot vouch for: not managed, not compliant, or with no device id. Only sources that
-- report devices at all are judged (Entra does; Arbor's login history and Google do not). The
-- network test (school CIDRs, approved remote access) is done by the detector on these few rows.
-- Each row carries how many of the person's sign-ins to these systems there were, and how many
-- of them came from such devices, as the yardstick for the summary.
WITH signins_to_systems AS (
    SELECT event_id, source, ts, account, staff_id, app, ip, city, country, device_id, device_name,
           device_managed, device_compliant, session_id,
           CASE WHEN lower(app) IN ${safeguarding_apps_lower} THEN 1 ELSE 0 END AS safeguarding,
           CASE WHEN coalesce(device_managed, false) = false OR coalesce(device_compliant, false) = false
                     OR device_id IS NULL OR trim(device_id) = '' THEN 1 ELSE 0 END AS unvouched
    FROM signins
    WHERE ts >= ${from} AND ts < ${to} AND success = true
      AND (lower(app) IN ${mis_apps_lower} OR lower(app) IN ${safeguarding_apps_lower})
      AND (device_managed IS NOT NULL OR device_compliant IS NOT NULL)
),
counted AS (
    SELECT s.*, coalesce(s.staff_id, s.account) AS person,
           count(*) OVER (PARTITION BY coalesce(s.staff_id, s.account)) AS person_signins,
           sum(s.unvouched) OVER (PARTITION BY coalesce(s.staff_id, s.account)) AS person_unvouched
    FROM signins_to_systems s
)
SELECT event_id, source, ts, account, staff_id, app, ip, city, country, device_id, device_name, device_managed,
       device_compliant, session_id, safeguarding, person, to_date(ts) AS day, person_signins, person_unvouched
FROM counted
WHERE unvouched = 1
ORDER BY person, ts, event_id
