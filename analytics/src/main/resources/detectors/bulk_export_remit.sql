-- DATA-2: how far each export of the period lies within its exporter's remit. Per export (one
-- person, one system, one minute, as bulk_export.sql): the distinct pupils it names (pupil_id,
-- else the incident's pupil) and how many of them the exporter's relationships or role explain
-- (teaches, tutors, head of year, caseload; SENCo for a pupil with SEN; DSL or deputy in the
-- safeguarding system; named on the incident; the area in their role's remit). An export that
-- names no pupils (a report with only a count) is judged by the size of the remit instead: the
-- whole school when the area is in the role's remit (or a safeguarding lead exports from the
-- safeguarding system), else the pupils their relationships cover.
CREATE OR REPLACE TEMP TABLE export_rows AS
SELECT ra.source, coalesce(ra.staff_id, ra.account) AS person, ra.staff_id, ra.area,
       floor(unix_timestamp(ra.ts) / 60) AS minute_slot, ra.incident_id,
       coalesce(ra.pupil_id, i.pupil_id) AS pupil_id
FROM record_access ra
LEFT JOIN incidents i ON i.incident_id = ra.incident_id
WHERE ra.ts >= ${from} AND ra.ts < ${to} AND ra.action IN ('export', 'print') AND ra.staff_id IS NOT NULL;

CREATE OR REPLACE TEMP TABLE export_remit AS
WITH staff_roles AS (
    SELECT staff_id, explode(roles) AS role FROM staff
),
flags AS (
    SELECT staff_id,
           max(CASE WHEN role IN ('dsl', 'deputy_dsl') THEN 1 ELSE 0 END) AS safeguarding_lead,
           max(CASE WHEN role = 'senco' THEN 1 ELSE 0 END) AS senco
    FROM staff_roles GROUP BY staff_id
),
remits AS (
    SELECT DISTINCT sr.staff_id, r.area FROM staff_roles sr JOIN (${role_areas}) r ON r.role = sr.role
),
rel AS (
    SELECT DISTINCT staff_id, pupil_id FROM relationship_pupils
),
involved AS (
    SELECT DISTINCT incident_id, staff_id FROM incident_involvement WHERE staff_id IS NOT NULL
),
judged AS (
    SELECT e.source, e.person, e.minute_slot, e.staff_id, e.pupil_id,
           CASE WHEN e.pupil_id IS NULL THEN 0
                WHEN rel.staff_id IS NOT NULL OR inv.staff_id IS NOT NULL OR rm.staff_id IS NOT NULL
                     OR (f.senco = 1 AND p.sen)
                     OR (f.safeguarding_lead = 1 AND e.source IN ('cpoms', 'myconcern'))
                THEN 1 ELSE 0 END AS explained,
           CASE WHEN rm.staff_id IS NOT NULL OR (f.safeguarding_lead = 1 AND e.source IN ('cpoms', 'myconcern'))
                THEN 1 ELSE 0 END AS whole_school
    FROM export_rows e
    LEFT JOIN rel ON rel.staff_id = e.staff_id AND rel.pupil_id = e.pupil_id
    LEFT JOIN involved inv ON inv.incident_id = e.incident_id AND inv.staff_id = e.staff_id
    LEFT JOIN remits rm ON rm.staff_id = e.staff_id AND rm.area = e.area
    LEFT JOIN flags f ON f.staff_id = e.staff_id
    LEFT JOIN pupils p ON p.pupil_id = e.pupil_id
),
per_export AS (
    SELECT source, person, minute_slot, min(staff_id) AS staff_id,
           count(DISTINCT pupil_id) AS pupils_named,
           count(DISTINCT CASE WHEN explained = 1 THEN pupil_id END) AS pupils_explained,
           max(whole_school) AS whole_school
    FROM judged GROUP BY source, person, minute_slot
),
covered AS (
    SELECT staff_id, count(DISTINCT pupil_id) AS n FROM (
        SELECT staff_id, pupil_id FROM rel
        UNION ALL
        SELECT f.staff_id, p.pupil_id FROM flags f JOIN pupils p ON p.sen WHERE f.senco = 1
    ) GROUP BY staff_id
)
SELECT x.source, x.person, x.minute_slot, x.pupils_named, x.pupils_explained, x.whole_school,
       CASE WHEN x.whole_school = 1 THEN (SELECT count(*) FROM pupils) ELSE coalesce(c.n, 0) END AS remit_size
FROM per_export x
LEFT JOIN covered c ON c.staff_id = x.staff_id;
