-- Successful sign-ins to the MIS and the safeguarding system in the period whose factor is known,
-- with how many of each person's (and the school's) were single-factor, keeping the single-factor
-- ones. Known means: an Entra/Arbor auth_requirement, or a MIS/CPOMS login row's mfa flag. NULL
-- (SAML, or Arbor via Google/Microsoft) was checked elsewhere and is neither counted nor judged.
-- Arbor's own login history counts as the MIS whatever the configured app names say.
WITH attempts AS (
    SELECT event_id, source, ts, account, staff_id, app AS system, ip,
           CASE WHEN lower(app) IN ${safeguarding_apps_lower} THEN 'MFA-2' ELSE 'MFA-1' END AS clause,
           CASE WHEN auth_requirement = 'single_factor' THEN 1 ELSE 0 END AS single_factor
    FROM signins
    WHERE ts >= ${from} AND ts < ${to}
      AND success = true AND auth_requirement IS NOT NULL
      AND (lower(app) IN ${mis_apps_lower} OR lower(app) IN ${safeguarding_apps_lower} OR source = 'arbor')
    UNION ALL
    SELECT event_id, source, ts, account, staff_id, source AS system, ip,
           CASE WHEN source IN ${safeguarding_systems} THEN 'MFA-2' ELSE 'MFA-1' END AS clause,
           CASE WHEN mfa = false THEN 1 ELSE 0 END AS single_factor
    FROM logon_events
    WHERE ts >= ${from} AND ts < ${to}
      AND kind = 'logon' AND mfa IS NOT NULL
      AND (source IN ${mis_systems} OR source IN ${safeguarding_systems})
),
judged AS (
    SELECT a.event_id, a.source, a.ts, a.account, a.staff_id, a.system, a.ip, a.clause, a.single_factor,
           coalesce(a.staff_id, a.account) AS person,
           count(*) OVER (PARTITION BY coalesce(a.staff_id, a.account)) AS person_signins,
           sum(a.single_factor) OVER (PARTITION BY coalesce(a.staff_id, a.account)) AS person_single,
           count(*) OVER () AS school_signins,
           sum(a.single_factor) OVER () AS school_single
    FROM attempts a
)
SELECT event_id, source, ts, account, staff_id, system, ip, clause, person, to_date(ts) AS day,
       person_signins, person_single, school_signins, school_single
FROM judged
WHERE single_factor = 1
ORDER BY person, ts, event_id
