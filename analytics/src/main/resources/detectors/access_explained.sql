-- Every pupil-level access in the period and the baseline history before it, with the
-- relationship that explains it, or none.
-- Priority: the incident's own people; the pupil's teachers, tutor, head of year, caseload; the SENCo for a
-- pupil with SEN; the DSL and deputies in the safeguarding system and for pupils with an
-- incident; a role's remit (office, welfare, senior leaders); a cover register.
-- Built in steps, each a temporary table read more than once (Spark recomputes a WITH clause at
-- every use; DuckDB would materialise it anyway).
CREATE OR REPLACE TEMP TABLE pupil_accesses AS
SELECT ra.event_id, ra.source, ra.ts, ra.staff_id, ra.account, ra.action, ra.area, ra.workstation,
       coalesce(ra.pupil_id, i.pupil_id) AS pupil_id, ra.incident_id
FROM record_access ra
LEFT JOIN incidents i ON i.incident_id = ra.incident_id
WHERE ra.ts >= ${history_from} AND ra.ts < ${to}
  AND ra.action IN ('view', 'edit', 'search', 'print')
  AND (ra.pupil_id IS NOT NULL OR ra.incident_id IS NOT NULL);

-- A cover register: attendance marked for at least half of one teaching group, by someone who
-- does not teach that group, within one 20-minute slot (two offset slottings, so a register
-- across a slot edge still counts). Pupils the coverer also knows otherwise still count
-- towards the register.
CREATE OR REPLACE TEMP TABLE attendance_marks AS
WITH taught AS (
    SELECT DISTINCT staff_id, pupil_id FROM relationships WHERE kind = 'teaches'
)
SELECT a.staff_id, a.pupil_id,
       floor(unix_timestamp(a.ts) / 1200) AS slot_a,
       floor((unix_timestamp(a.ts) + 600) / 1200) AS slot_b,
       t.staff_id IS NULL AS untaught
FROM pupil_accesses a
LEFT JOIN taught t ON t.staff_id = a.staff_id AND t.pupil_id = a.pupil_id
WHERE a.area = 'attendance' AND a.action = 'edit' AND a.staff_id IS NOT NULL;

-- Each mark once per teaching group of the pupil that the marker does not teach. Only slots in
-- which the person marked a pupil they do not teach are looked at: every other mark is
-- explained by teaching, which comes before a cover register, and a register's count in a slot
-- looked at is complete (it holds every mark of that person and slot). On the 39-week school
-- this keeps a fifth of the marks (a teacher's own registers need no cover).
CREATE OR REPLACE TEMP TABLE register_marks AS
WITH group_members AS (
    SELECT DISTINCT group_id, pupil_id FROM relationships WHERE kind = 'teaches'
),
group_teachers AS (
    SELECT DISTINCT group_id, staff_id FROM relationships WHERE kind = 'teaches'
),
open_a AS (
    SELECT DISTINCT staff_id, slot_a FROM attendance_marks WHERE untaught
),
open_b AS (
    SELECT DISTINCT staff_id, slot_b FROM attendance_marks WHERE untaught
)
SELECT m.staff_id, m.pupil_id, g.group_id, m.slot_a, m.slot_b
FROM attendance_marks m
LEFT JOIN open_a oa ON oa.staff_id = m.staff_id AND oa.slot_a = m.slot_a
LEFT JOIN open_b ob ON ob.staff_id = m.staff_id AND ob.slot_b = m.slot_b
JOIN group_members g ON g.pupil_id = m.pupil_id
LEFT JOIN group_teachers t ON t.group_id = g.group_id AND t.staff_id = m.staff_id
WHERE (oa.staff_id IS NOT NULL OR ob.staff_id IS NOT NULL) AND t.staff_id IS NULL;

CREATE OR REPLACE TEMP TABLE cover_registers AS
WITH group_sizes AS (
    SELECT group_id, count(DISTINCT pupil_id) AS size FROM relationships WHERE kind = 'teaches' GROUP BY group_id
),
full_registers_a AS (
    SELECT m.staff_id, m.group_id, m.slot_a
    FROM register_marks m JOIN group_sizes gs ON gs.group_id = m.group_id
    GROUP BY m.staff_id, m.group_id, m.slot_a, gs.size
    HAVING count(DISTINCT m.pupil_id) * 2 >= gs.size
),
full_registers_b AS (
    SELECT m.staff_id, m.group_id, m.slot_b
    FROM register_marks m JOIN group_sizes gs ON gs.group_id = m.group_id
    GROUP BY m.staff_id, m.group_id, m.slot_b, gs.size
    HAVING count(DISTINCT m.pupil_id) * 2 >= gs.size
)
SELECT m.staff_id, m.pupil_id, m.slot_a
FROM register_marks m JOIN full_registers_a f
  ON f.staff_id = m.staff_id AND f.group_id = m.group_id AND f.slot_a = m.slot_a
UNION
SELECT m.staff_id, m.pupil_id, m.slot_a
FROM register_marks m JOIN full_registers_b f
  ON f.staff_id = m.staff_id AND f.group_id = m.group_id AND f.slot_b = m.slot_b;

-- One row per attendance mark and group is the largest step on a long period: freed at once.
DROP TABLE IF EXISTS register_marks;

DROP TABLE IF EXISTS attendance_marks;

CREATE OR REPLACE TEMP TABLE access_explained AS
WITH staff_roles AS (
    SELECT staff_id, explode(roles) AS role FROM staff
),
role_flags AS (
    SELECT staff_id,
           max(CASE WHEN role IN ('dsl', 'deputy_dsl') THEN 1 ELSE 0 END) AS safeguarding_lead,
           max(CASE WHEN role = 'senco' THEN 1 ELSE 0 END) AS senco
    FROM staff_roles GROUP BY staff_id
),
remits AS (
    SELECT DISTINCT sr.staff_id, r.area
    FROM staff_roles sr JOIN (${role_areas}) r ON r.role = sr.role
),
rel AS (
    SELECT staff_id, pupil_id, min(kind) AS kind FROM relationship_pupils GROUP BY staff_id, pupil_id
),
incident_people AS (
    SELECT incident_id, staff_id, min(kind) AS kind FROM incident_involvement
    WHERE staff_id IS NOT NULL GROUP BY incident_id, staff_id
),
pupil_incident_people AS (
    SELECT i.pupil_id, v.staff_id, min(v.kind) AS kind
    FROM incident_involvement v JOIN incidents i ON i.incident_id = v.incident_id
    WHERE v.staff_id IS NOT NULL GROUP BY i.pupil_id, v.staff_id
),
pupils_with_incidents AS (
    SELECT DISTINCT pupil_id FROM incidents WHERE pupil_id IS NOT NULL
)
SELECT a.event_id, a.source, a.ts, a.staff_id, a.account, a.action, a.area, a.workstation, a.pupil_id,
       a.incident_id, p.year_group, p.sen,
       -- Accesses judged apart from the rest: after the leave date (leaver_account's), and a
       -- relative's records (a conflict of interest whatever else explains them).
       CASE
           WHEN st.leave_date IS NOT NULL AND to_date(from_utc_timestamp(a.ts, ${zone})) > st.leave_date
               THEN 'after_leaving'
           WHEN st.family_key IS NOT NULL AND st.family_key = p.family_key THEN 'relative'
           ELSE NULL
       END AS conflict,
       CASE
           WHEN a.staff_id IS NULL THEN NULL
           WHEN ip.kind IS NOT NULL THEN 'incident_' || ip.kind
           WHEN rf.safeguarding_lead = 1 AND (a.source IN ('cpoms', 'myconcern') OR pwi.pupil_id IS NOT NULL)
               THEN 'safeguarding_lead'
           -- ACC-2: an incident is opened by its own people and the safeguarding leads, nobody else.
           WHEN a.incident_id IS NOT NULL THEN NULL
           WHEN a.source IN ('cpoms', 'myconcern') AND pip.kind IS NOT NULL THEN 'pupil_incident_' || pip.kind
           WHEN rel.kind IS NOT NULL THEN rel.kind
           WHEN rf.senco = 1 AND p.sen THEN 'senco_sen_pupil'
           WHEN rm.area IS NOT NULL THEN 'role_remit'
           WHEN cv.staff_id IS NOT NULL THEN 'cover_register'
           ELSE NULL
       END AS explained_by
FROM pupil_accesses a
LEFT JOIN staff st ON st.staff_id = a.staff_id
LEFT JOIN pupils p ON p.pupil_id = a.pupil_id
LEFT JOIN incident_people ip ON ip.incident_id = a.incident_id AND ip.staff_id = a.staff_id
LEFT JOIN pupil_incident_people pip ON pip.pupil_id = a.pupil_id AND pip.staff_id = a.staff_id
LEFT JOIN rel ON rel.staff_id = a.staff_id AND rel.pupil_id = a.pupil_id
LEFT JOIN role_flags rf ON rf.staff_id = a.staff_id
LEFT JOIN pupils_with_incidents pwi ON pwi.pupil_id = a.pupil_id
LEFT JOIN remits rm ON rm.staff_id = a.staff_id AND rm.area = a.area
LEFT JOIN cover_registers cv
  ON cv.staff_id = a.staff_id AND cv.pupil_id = a.pupil_id AND cv.slot_a = floor(unix_timestamp(a.ts) / 1200)
