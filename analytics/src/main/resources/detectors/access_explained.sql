-- Every pupil-level access in the period and the baseline history before it, with the
-- relationship that explains it, or none. (Of the history's whole UTC days before the period, when
-- their explanations are all kept, only the accesses that could be unexplained: the rest are
-- counted per member of staff and day, history_roster_days; see pupil_accesses.)
-- Priority: the incident's own people; the pupil's teachers, tutor, head of year, caseload; the SENCo for a
-- pupil with SEN; the DSL and deputies in the safeguarding system and for pupils with an
-- incident; a role's remit (office, welfare, senior leaders); a cover register; last, teaching seen
-- from the school's own activity (activity_teaching), never for a safeguarding or medical record.
-- Built in steps, each a temporary table read more than once (Spark recomputes a WITH clause at
-- every use; DuckDB would materialise it anyway).
-- The pairs of a member of staff and a pupil that some roster relationship relates (any kind; kind
-- is never null, so each such pair is explained by the roster when nothing comes first). Kept as
-- a table: joined as a view (relationship_pupils) or a WITH clause it cost the join below twice
-- to three times as much.
CREATE OR REPLACE TEMP TABLE access_related AS
SELECT DISTINCT staff_id, pupil_id FROM relationship_pupils;

-- Only the columns the steps below read: an account or a computer name is a string too long to
-- be kept inline, and writing them for nine weeks of accesses was a third of this step (the
-- detectors look up the account of the few accesses a finding cites, by event id).
-- roster_related: a roster relationship relates the member of staff to the pupil.
-- ${live_from} (Explanations.build): the accesses before it (the baseline history's whole UTC days
-- before the period's first) are read without their event ids, and those a roster relationship
-- explains are only counted per member of staff and day (history_roster_days below): nothing reads
-- their explanations, which an earlier audit kept (when it did not, live_from is history_from and
-- every access is read as before). Reading the event ids (long strings) was most of this step.
-- In three parts, each a plain time range of the store (an OR of ranges would read all of it).
-- ${kept_from} and ${kept_to} (KeptHistory, DuckDB): the history's whole UTC days between them are
-- not read here: their rows an audit needs (those that could be unexplained, and the marks a cover
-- register reads besides) and their counts are kept in the store and added after this step.
-- Elsewhere both are live_from.
-- The accesses from ${live_from} are read without their event ids too: access_explained reads them
-- again from the store, event ids and all (a whole year's 3.8 M ids were written here only to be
-- copied once more there).
CREATE OR REPLACE TEMP TABLE pupil_accesses AS
SELECT CAST(NULL AS STRING) AS event_id, ra.source, ra.ts, ra.staff_id, ra.action, ra.area,
       coalesce(ra.pupil_id, i.pupil_id) AS pupil_id, ra.incident_id, rr.staff_id IS NOT NULL AS roster_related
FROM record_access ra
LEFT JOIN incidents i ON i.incident_id = ra.incident_id
LEFT JOIN access_related rr ON rr.staff_id = ra.staff_id AND rr.pupil_id = coalesce(ra.pupil_id, i.pupil_id)
WHERE ra.ts >= ${live_from} AND ra.ts < ${to}
  AND ra.action IN ${judged_actions}
  AND (ra.pupil_id IS NOT NULL OR ra.incident_id IS NOT NULL)
UNION ALL
-- The history's incidents, with their event ids (the curiosity clusters read them).
SELECT ra.event_id, ra.source, ra.ts, ra.staff_id, ra.action, ra.area,
       coalesce(ra.pupil_id, i.pupil_id) AS pupil_id, ra.incident_id, rr.staff_id IS NOT NULL AS roster_related
FROM record_access ra
LEFT JOIN incidents i ON i.incident_id = ra.incident_id
LEFT JOIN access_related rr ON rr.staff_id = ra.staff_id AND rr.pupil_id = coalesce(ra.pupil_id, i.pupil_id)
WHERE ra.ts >= ${history_from} AND ra.ts < ${live_from}
  AND ra.action IN ${judged_actions}
  AND ra.incident_id IS NOT NULL
UNION ALL
-- The rest of the history, without event ids.
SELECT CAST(NULL AS STRING) AS event_id, ra.source, ra.ts, ra.staff_id, ra.action, ra.area,
       ra.pupil_id, ra.incident_id, rr.staff_id IS NOT NULL AS roster_related
FROM record_access ra
LEFT JOIN access_related rr ON rr.staff_id = ra.staff_id AND rr.pupil_id = ra.pupil_id
WHERE ra.ts >= ${history_from} AND ra.ts < ${kept_from}
  AND ra.action IN ${judged_actions}
  AND ra.pupil_id IS NOT NULL AND ra.incident_id IS NULL
UNION ALL
-- ... and after the kept days (days the teaching's learning reads whole; empty elsewhere).
SELECT CAST(NULL AS STRING) AS event_id, ra.source, ra.ts, ra.staff_id, ra.action, ra.area,
       ra.pupil_id, ra.incident_id, rr.staff_id IS NOT NULL AS roster_related
FROM record_access ra
LEFT JOIN access_related rr ON rr.staff_id = ra.staff_id AND rr.pupil_id = ra.pupil_id
WHERE ra.ts >= ${kept_to} AND ra.ts < ${live_from}
  AND ra.action IN ${judged_actions}
  AND ra.pupil_id IS NOT NULL AND ra.incident_id IS NULL;

DROP TABLE IF EXISTS access_related;

-- The zone's offset from UTC (seconds) at the start of each hour and of the next, for the
-- teaching below: a zone changes its offset (summer time) at most once in an hour, so when the two
-- agree the whole hour has that offset, and an access's local time is its UTC time plus it. A
-- conversion per access was most of that step; the hours with a change convert each of their
-- accesses. The hours are those of every judged access (a superset of the activity's: the join
-- keeps only theirs), so the activity itself is read once and never copied. A table, not a WITH
-- clause: DuckDB could not tell how few hours there are (2 k in a year) and built the join's hash
-- table on the accesses instead (3.8 M rows, a tenth of a whole year's audit).
CREATE OR REPLACE TEMP TABLE access_hours AS
SELECT utc_hour,
       unix_timestamp(from_utc_timestamp(utc_hour, ${zone})) - unix_timestamp(utc_hour) AS offset_now,
       unix_timestamp(from_utc_timestamp(utc_hour + INTERVAL 1 HOUR, ${zone}))
           - unix_timestamp(utc_hour + INTERVAL 1 HOUR) AS offset_next
FROM (SELECT DISTINCT date_trunc('hour', ts) AS utc_hour FROM pupil_accesses) h;

-- Teaching seen in the school's own activity, for rosters that are never complete (a group
-- missing from the export, an intervention group, a long-term cover). Each register mark and
-- each record a teacher opens in a teaching area is placed in its lesson-shaped slot: the weekday
-- and the half hour in the school's zone, within the school day (two offset slottings, shift 0
-- and 1, so a register across a half-hour edge still counts). Safeguarding systems and incidents
-- never count. Each pupil is kept once per person, day, slot and kind: a register's pupils and a
-- pupil's days are then plain counts (count(DISTINCT) is slow over a million groups).
CREATE OR REPLACE TEMP TABLE teaching_activity AS
WITH activity AS (
    SELECT staff_id, pupil_id,
           CASE WHEN area = 'attendance' AND action = 'edit' THEN 'register' ELSE 'records' END AS kind,
           ts, date_trunc('hour', ts) AS utc_hour
    FROM pupil_accesses
    WHERE ${activity_on} AND staff_id IS NOT NULL AND pupil_id IS NOT NULL AND incident_id IS NULL
      AND source NOT IN ('cpoms', 'myconcern')
      AND ((area = 'attendance' AND action = 'edit') OR area IN ${activity_areas})
),
-- Each access's local time, from the offset of its UTC hour (access_hours, above).
local_minutes AS (
    SELECT a.staff_id, a.pupil_id, a.kind,
           CAST(floor(CASE WHEN h.offset_now = h.offset_next THEN unix_timestamp(a.ts) + h.offset_now
                           ELSE unix_timestamp(from_utc_timestamp(a.ts, ${zone})) END / 60) AS BIGINT) AS local_minute
    FROM activity a JOIN access_hours h ON h.utc_hour = a.utc_hour
),
days AS (
    SELECT staff_id, pupil_id, kind, CAST(floor(local_minute / 1440) AS BIGINT) AS local_day,
           local_minute - CAST(floor(local_minute / 1440) AS BIGINT) * 1440 AS minute_of_day
    FROM local_minutes
),
school_days AS (
    SELECT staff_id, pupil_id, kind, local_day, minute_of_day
    FROM days
    WHERE (local_day + 3) % 7 < 5
      AND minute_of_day >= ${day_start_minute} AND minute_of_day < ${day_end_minute}
)
-- Each access in both slottings (a join with the two shifts rather than a union of two reads, so
-- the accesses are not copied first); the weekday follows from the day, so it is added once the
-- rows are distinct (a shorter key).
SELECT staff_id, pupil_id, kind, local_day, CAST((local_day + 3) % 7 AS INT) AS weekday, slot, shift FROM (
    SELECT DISTINCT staff_id, pupil_id, kind, local_day,
           CAST(floor((minute_of_day + 15 * sh.shift) / 30) AS INT) AS slot, sh.shift
    FROM school_days CROSS JOIN (VALUES (0), (1)) AS sh(shift)
) d;

DROP TABLE IF EXISTS access_hours;

-- The two rules that learn from repetition. A register: a member of staff marking at least
-- activity_min_register pupils in one slot; a pupil they mark in the same weekday and slot on
-- activity_min_weeks or more days (so in as many weeks; or on every such weekday they were at
-- work, at least two, when they worked fewer) is taught by them (a one-off register is cover).
-- Records: a pupil whose teaching records (assessment, behaviour, student details) they open in
-- the same weekday and slot on as many days. activity_pairs keeps one row per pair, a register
-- first.
CREATE OR REPLACE TEMP TABLE activity_seen AS
WITH registers AS (
    SELECT staff_id, local_day, slot, shift
    FROM teaching_activity WHERE kind = 'register'
    GROUP BY staff_id, local_day, slot, shift HAVING count(*) >= ${activity_min_register}
),
at_work AS (
    SELECT staff_id, weekday, count(DISTINCT local_day) AS days_at_work FROM teaching_activity GROUP BY staff_id, weekday
),
repeats AS (
    SELECT s.staff_id, s.pupil_id, s.kind, s.weekday, s.slot * 30 - s.shift * 15 AS slot_start,
           count(*) AS days, min(s.local_day) AS first_day, max(s.local_day) AS last_day
    FROM teaching_activity s
    LEFT JOIN registers r ON r.staff_id = s.staff_id AND r.local_day = s.local_day AND r.slot = s.slot
                         AND r.shift = s.shift
    WHERE s.kind = 'records' OR r.staff_id IS NOT NULL
    GROUP BY s.staff_id, s.pupil_id, s.kind, s.weekday, s.slot, s.shift
    HAVING count(*) >= 2
)
-- activity_min_weeks such days, or every such weekday the person was at work when that is fewer
-- (a teacher who joined or left during the weeks looked at; never fewer than two).
SELECT r.staff_id, r.pupil_id, r.kind, r.weekday, r.slot_start, r.days, r.first_day, r.last_day
FROM repeats r JOIN at_work w ON w.staff_id = r.staff_id AND w.weekday = r.weekday
WHERE r.days >= least(${activity_min_weeks}, w.days_at_work);

-- The choice is the least of one number per row that orders as (kind, days descending, whole
-- half hour first, weekday, slot_start) do (days < 2^20, weekday < 8, slot_start from -15 to 1440):
-- a key is one row of activity_seen (kind, weekday and slot_start differ between a pair's rows),
-- so joining each pair's least number back gives the row row_number() would rank first, and a
-- grouping costs a third of the window's partition and sort (222 k rows on the 39-week school).
CREATE OR REPLACE TEMP TABLE activity_pairs AS
WITH ranked AS (
    SELECT staff_id, pupil_id, kind, weekday, slot_start, days, first_day, last_day,
           (((CAST(CASE WHEN kind = 'register' THEN 0 ELSE 1 END AS BIGINT) * 1048576 + (1048575 - days)) * 2
              + CASE WHEN slot_start % 30 = 0 THEN 0 ELSE 1 END) * 8 + weekday) * 4096 + (slot_start + 2048) AS choice
    FROM activity_seen
),
chosen AS (
    SELECT staff_id, pupil_id, min(choice) AS choice FROM ranked GROUP BY staff_id, pupil_id
)
SELECT r.staff_id, r.pupil_id, r.kind, r.weekday, r.slot_start, r.days, r.first_day, r.last_day
FROM ranked r JOIN chosen c ON c.staff_id = r.staff_id AND c.pupil_id = r.pupil_id AND c.choice = r.choice;

-- The classes a cover register is judged against: the roster's teaching groups, and each class
-- seen registered week after week in one slot (a group the export leaves out is still a class,
-- so a one-off register of it stays cover).
-- Every reader takes the distinct rows it needs (class_groups, class_members, class_teachers), so
-- the rows are not made distinct here (237 k rows on the 39-week school, a third of the step).
CREATE OR REPLACE TEMP TABLE teaching_classes AS
SELECT group_id, staff_id, pupil_id FROM relationships
WHERE kind = 'teaches' AND group_id IS NOT NULL AND pupil_id IS NOT NULL
UNION ALL
SELECT 'seen ' || staff_id || ' ' || CAST(weekday AS STRING) || ' ' || CAST(slot_start AS STRING) AS group_id,
       staff_id, pupil_id
FROM activity_seen WHERE kind = 'register';

DROP TABLE IF EXISTS activity_seen;

DROP TABLE IF EXISTS teaching_activity;

-- Group level: when a member of staff teaches (by the roster or from activity) at least
-- activity_group_share of a teaching group or form, and activity found at least one of them that
-- the roster does not list, the rest of that group is taught by them too. Each relationship keeps
-- its evidence, and whether any roster relationship (teaching, tutoring, a caseload) already
-- covers the pair (roster health reports those none does).
CREATE OR REPLACE TEMP TABLE activity_teaching AS
WITH roster_taught AS (
    SELECT DISTINCT staff_id, pupil_id FROM relationships WHERE kind = 'teaches' AND pupil_id IS NOT NULL
),
roster_known AS (
    SELECT DISTINCT staff_id, pupil_id FROM relationship_pupils
),
seen AS (
    SELECT p.staff_id, p.pupil_id, p.kind, p.weekday, p.slot_start, p.days, p.first_day, p.last_day,
           rk.staff_id IS NOT NULL AS in_roster
    FROM activity_pairs p
    LEFT JOIN roster_known rk ON rk.staff_id = p.staff_id AND rk.pupil_id = p.pupil_id
),
known AS (
    SELECT staff_id, pupil_id, max(fresh) AS fresh FROM (
        SELECT staff_id, pupil_id, CASE WHEN in_roster THEN 0 ELSE 1 END AS fresh FROM seen
        UNION ALL
        SELECT staff_id, pupil_id, 0 AS fresh FROM roster_taught
    ) k GROUP BY staff_id, pupil_id
),
teaching_groups AS (
    SELECT DISTINCT group_id, pupil_id FROM relationships
    WHERE kind = 'teaches' AND group_id IS NOT NULL AND pupil_id IS NOT NULL
    UNION
    SELECT DISTINCT 'form ' || form AS group_id, pupil_id FROM pupils WHERE form IS NOT NULL
),
group_sizes AS (
    SELECT group_id, count(*) AS size FROM teaching_groups GROUP BY group_id
),
mostly_taught AS (
    SELECT k.staff_id, g.group_id, gs.size, count(*) AS known_pupils
    FROM known k
    JOIN teaching_groups g ON g.pupil_id = k.pupil_id
    JOIN group_sizes gs ON gs.group_id = g.group_id
    GROUP BY k.staff_id, g.group_id, gs.size
    HAVING sum(k.fresh) > 0 AND count(*) >= ${activity_group_share} * gs.size AND count(*) < gs.size
),
completed AS (
    SELECT m.staff_id, g.pupil_id, m.group_id, m.known_pupils, m.size,
           row_number() OVER (PARTITION BY m.staff_id, g.pupil_id
                              ORDER BY m.known_pupils * 1.0 / m.size DESC, m.group_id) AS choice
    FROM mostly_taught m
    JOIN teaching_groups g ON g.group_id = m.group_id
    LEFT JOIN known k ON k.staff_id = m.staff_id AND k.pupil_id = g.pupil_id
    WHERE k.staff_id IS NULL
)
SELECT staff_id, pupil_id, kind, weekday, slot_start, days, first_day, last_day,
       CAST(NULL AS STRING) AS group_id, CAST(NULL AS BIGINT) AS group_known, CAST(NULL AS BIGINT) AS group_size,
       in_roster
FROM seen
UNION ALL
SELECT staff_id, pupil_id, 'group' AS kind, CAST(NULL AS INT) AS weekday, CAST(NULL AS INT) AS slot_start,
       CAST(NULL AS BIGINT) AS days, CAST(NULL AS BIGINT) AS first_day, CAST(NULL AS BIGINT) AS last_day,
       group_id, known_pupils AS group_known, size AS group_size, false AS in_roster
FROM completed WHERE choice = 1;

DROP TABLE IF EXISTS activity_pairs;

-- A cover register: attendance marked for at least half of one teaching group (the roster's, or a
-- class seen registered week after week), by someone who does not teach that group, within one
-- 20-minute slot (two offset slottings, so a register across a slot edge still counts). Pupils the
-- coverer also knows otherwise still count towards the register.
-- Only what access_explained reads is built: a cover register is looked at after every roster
-- relationship (relationship_pupils, any kind, for every record area), so it is kept only for a
-- pupil the roster relates the marker to in no way, in the slot of that mark. The register itself
-- still counts every pupil the person marked in the slot.
-- Only the marks of a pupil the roster relates the marker to in no way (teaching, tutoring, a
-- caseload, a year group) are kept here: they open the slots looked at below, whose registers
-- are read from every mark (pupil_accesses). Writing every mark of nine weeks (845 k rows) to
-- a table was most of the cover registers' time.
CREATE OR REPLACE TEMP TABLE unrelated_marks AS
SELECT DISTINCT staff_id, pupil_id,
       floor(unix_timestamp(ts) / 1200) AS slot_a,
       floor((unix_timestamp(ts) + 600) / 1200) AS slot_b
FROM pupil_accesses
WHERE area = 'attendance' AND action = 'edit' AND staff_id IS NOT NULL AND NOT roster_related;

-- Whether a register holds half of a class depends only on the class's pupils, so groups with the
-- same pupils are judged as one class: a teacher's class seen on several weekdays and in both
-- slottings, and the roster group it is, are mostly the same pupils (on the 39-week school 8,526
-- groups were 907 classes; joining each mark to every group of its pupil was most of an audit's
-- time). class_groups numbers each set of pupils (arrays keep the sets exact: no hash that two
-- sets could share).
CREATE OR REPLACE TEMP TABLE class_groups AS
WITH members AS (
    SELECT group_id, array_sort(array_agg(pupil_id)) AS pupils
    FROM (SELECT DISTINCT group_id, pupil_id FROM teaching_classes) m
    GROUP BY group_id
),
-- Each set's first group by a grouping joined back: a window partitioned by the sets sorted them
-- (arrays compared element by element), a third more than hashing them.
firsts AS (
    SELECT pupils, min(group_id) AS first_group FROM members GROUP BY pupils
)
SELECT m.group_id, dense_rank() OVER (ORDER BY f.first_group) AS class_id, m.group_id = f.first_group AS first_of_class
FROM members m JOIN firsts f ON f.pupils = m.pupils;

CREATE OR REPLACE TEMP TABLE class_members AS
SELECT DISTINCT c.class_id, tc.pupil_id
FROM class_groups c JOIN teaching_classes tc ON tc.group_id = c.group_id
WHERE c.first_of_class;

-- A register is not cover of a group its marker teaches; with groups merged, a class is not
-- covered by someone who teaches every group of those pupils (any other group of them they do
-- not teach, and that group's register would be cover).
CREATE OR REPLACE TEMP TABLE class_teachers AS
WITH group_teachers AS (
    SELECT DISTINCT group_id, staff_id FROM teaching_classes
),
groups_per_class AS (
    SELECT class_id, count(*) AS n FROM class_groups GROUP BY class_id
)
SELECT c.class_id, t.staff_id
FROM class_groups c
JOIN group_teachers t ON t.group_id = c.group_id
JOIN groups_per_class g ON g.class_id = c.class_id
GROUP BY c.class_id, t.staff_id, g.n
HAVING count(*) = g.n;

DROP TABLE IF EXISTS teaching_classes;

-- The slots looked at: those in which the person marked a pupil the roster does not relate them
-- to (a register in any other slot would only name pupils a relationship already explains), in
-- either slotting (shift 0: slot_a, 1: slot_b), numbered.
CREATE OR REPLACE TEMP TABLE open_slots AS
SELECT staff_id, slot, shift, row_number() OVER (ORDER BY staff_id, shift, slot) AS slot_id
FROM (
    SELECT DISTINCT staff_id, slot_a AS slot, 0 AS shift FROM unrelated_marks
    UNION ALL
    SELECT DISTINCT staff_id, slot_b AS slot, 1 AS shift FROM unrelated_marks
) s;

-- Every pupil marked in each slot looked at (the register's count is complete: every mark of
-- that person and slot, attendance edits as access_explained reads them).
CREATE OR REPLACE TEMP TABLE slot_marks AS
SELECT DISTINCT o.slot_id, m.pupil_id
FROM pupil_accesses m JOIN open_slots o ON o.staff_id = m.staff_id AND o.slot = floor(unix_timestamp(m.ts) / 1200)
WHERE o.shift = 0 AND m.pupil_id IS NOT NULL AND m.area = 'attendance' AND m.action = 'edit'
UNION
SELECT DISTINCT o.slot_id, m.pupil_id
FROM pupil_accesses m JOIN open_slots o ON o.staff_id = m.staff_id
                                        AND o.slot = floor((unix_timestamp(m.ts) + 600) / 1200)
WHERE o.shift = 1 AND m.pupil_id IS NOT NULL AND m.area = 'attendance' AND m.action = 'edit';

-- Slots in which the same pupils were marked make the same registers, so each set of marked
-- pupils is judged once (most marks are away from a slot edge and in one register in both
-- slottings): register_id is the first slot with that set.
CREATE OR REPLACE TEMP TABLE slot_registers AS
WITH marked AS (
    SELECT slot_id, array_sort(array_agg(pupil_id)) AS pupils FROM slot_marks GROUP BY slot_id
)
SELECT slot_id, min(slot_id) OVER (PARTITION BY pupils) AS register_id FROM marked;

-- The classes each register holds at least half of: its marked pupils in the class, counted, as
-- many as half the class's pupils. Whether the marker teaches the class is looked at below.
CREATE OR REPLACE TEMP TABLE full_registers AS
WITH class_sizes AS (
    SELECT class_id, count(*) AS size FROM class_members GROUP BY class_id
)
SELECT m.slot_id AS register_id, c.class_id
FROM slot_marks m
JOIN slot_registers r ON r.slot_id = m.slot_id
JOIN class_members c ON c.pupil_id = m.pupil_id
JOIN class_sizes cs ON cs.class_id = c.class_id
WHERE r.register_id = r.slot_id
GROUP BY m.slot_id, c.class_id, cs.size
HAVING count(*) * 2 >= cs.size;

DROP TABLE IF EXISTS slot_marks;

-- Each mark of a pupil the roster does not relate the marker to, in a slot of either slotting
-- whose register holds at least half of a class of that pupil that the marker does not teach,
-- kept by the mark's own slot (slot_a), as access_explained looks it up.
CREATE OR REPLACE TEMP TABLE cover_registers AS
WITH marked_in AS (
    SELECT u.staff_id, u.pupil_id, u.slot_a, r.register_id
    FROM unrelated_marks u
    JOIN open_slots o ON o.staff_id = u.staff_id AND o.slot = u.slot_a
    JOIN slot_registers r ON r.slot_id = o.slot_id
    WHERE o.shift = 0
    UNION ALL
    SELECT u.staff_id, u.pupil_id, u.slot_a, r.register_id
    FROM unrelated_marks u
    JOIN open_slots o ON o.staff_id = u.staff_id AND o.slot = u.slot_b
    JOIN slot_registers r ON r.slot_id = o.slot_id
    WHERE o.shift = 1
)
SELECT DISTINCT m.staff_id, m.pupil_id, m.slot_a
FROM marked_in m
JOIN class_members c ON c.pupil_id = m.pupil_id
JOIN full_registers f ON f.register_id = m.register_id AND f.class_id = c.class_id
LEFT JOIN class_teachers t ON t.class_id = c.class_id AND t.staff_id = m.staff_id
WHERE t.staff_id IS NULL;

DROP TABLE IF EXISTS unrelated_marks;

DROP TABLE IF EXISTS open_slots;

DROP TABLE IF EXISTS slot_registers;

DROP TABLE IF EXISTS full_registers;

DROP TABLE IF EXISTS class_groups;

DROP TABLE IF EXISTS class_members;

DROP TABLE IF EXISTS class_teachers;

-- The history's accesses (before ${live_from}) that a roster relationship explains, counted per
-- member of staff and UTC day: the out-of-role baseline needs only that they were made (their
-- explanation is a relationship, never "unexplained"; an incident's access is judged by its own
-- people, so it stays below). Empty when live_from is history_from. The days from ${kept_from} to
-- ${kept_to} (whose rows in pupil_accesses are only some of them) are added from the store's kept
-- counts (KeptHistory).
CREATE OR REPLACE TEMP TABLE history_roster_days AS
SELECT staff_id, to_date(ts) AS day, count(*) AS accesses
FROM pupil_accesses
WHERE (ts < ${kept_from} OR (ts >= ${kept_to} AND ts < ${live_from})) AND incident_id IS NULL AND roster_related
GROUP BY staff_id, to_date(ts);

-- Each access is joined once to what is known of its member of staff, its pupil, the pair of them
-- and its incident (each of those is at most one row), rather than once per kind of relationship:
-- eleven joins of every access were most of this step's time.
-- Every access from ${live_from}, and before it those history_roster_days does not count (an
-- incident's, or one no roster relationship explains: only these can be unexplained; their event id
-- is null, see pupil_accesses).
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
-- The record areas in the remit of any of the person's roles.
remits AS (
    SELECT sr.staff_id, array_agg(r.area) AS areas
    FROM staff_roles sr JOIN (${role_areas}) r ON r.role = sr.role
    GROUP BY sr.staff_id
),
staff_facts AS (
    SELECT st.staff_id, st.leave_date, st.family_key, rf.safeguarding_lead, rf.senco, rm.areas AS remit_areas
    FROM staff st
    LEFT JOIN role_flags rf ON rf.staff_id = st.staff_id
    LEFT JOIN remits rm ON rm.staff_id = st.staff_id
),
-- Pupils, and pupils with an incident (who may be missing from the roster's pupils).
pupils_with_incidents AS (
    SELECT DISTINCT pupil_id FROM incidents WHERE pupil_id IS NOT NULL
),
pupil_facts AS (
    SELECT coalesce(p.pupil_id, pwi.pupil_id) AS pupil_id, p.year_group, p.sen, p.family_key,
           pwi.pupil_id IS NOT NULL AS has_incident
    FROM pupils p FULL OUTER JOIN pupils_with_incidents pwi ON pwi.pupil_id = p.pupil_id
),
-- Per member of staff and pupil: the roster's relationship (relationship_pupils), their part in
-- an incident about the pupil, and teaching seen from activity (activity_teaching).
pair_facts AS (
    SELECT staff_id, pupil_id, max(rel_kind) AS rel_kind, max(incident_kind) AS incident_kind,
           max(activity_kind) AS activity_kind
    FROM (
        SELECT staff_id, pupil_id, min(kind) AS rel_kind, CAST(NULL AS STRING) AS incident_kind,
               CAST(NULL AS STRING) AS activity_kind
        FROM relationship_pupils GROUP BY staff_id, pupil_id
        UNION ALL
        SELECT v.staff_id, i.pupil_id, CAST(NULL AS STRING) AS rel_kind, min(v.kind) AS incident_kind,
               CAST(NULL AS STRING) AS activity_kind
        FROM incident_involvement v JOIN incidents i ON i.incident_id = v.incident_id
        WHERE v.staff_id IS NOT NULL GROUP BY i.pupil_id, v.staff_id
        UNION ALL
        SELECT staff_id, pupil_id, CAST(NULL AS STRING) AS rel_kind, CAST(NULL AS STRING) AS incident_kind,
               kind AS activity_kind
        FROM activity_teaching
    ) f
    GROUP BY staff_id, pupil_id
),
incident_people AS (
    SELECT incident_id, staff_id, min(kind) AS kind FROM incident_involvement
    WHERE staff_id IS NOT NULL GROUP BY incident_id, staff_id
)
-- The columns the detectors, the coverage and keeping the explanations read, and the source (an
-- access's account is looked up by event id for the accesses a finding cites).
SELECT a.event_id, a.source, a.ts, a.staff_id, a.area, a.pupil_id, a.incident_id, p.year_group,
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
           WHEN st.safeguarding_lead = 1 AND (a.source IN ('cpoms', 'myconcern') OR p.has_incident)
               THEN 'safeguarding_lead'
           -- ACC-2: an incident is opened by its own people and the safeguarding leads, nobody else.
           WHEN a.incident_id IS NOT NULL THEN NULL
           WHEN a.source IN ('cpoms', 'myconcern') AND pf.incident_kind IS NOT NULL
               THEN 'pupil_incident_' || pf.incident_kind
           WHEN pf.rel_kind IS NOT NULL THEN pf.rel_kind
           WHEN st.senco = 1 AND p.sen THEN 'senco_sen_pupil'
           WHEN array_contains(st.remit_areas, a.area) THEN 'role_remit'
           WHEN cv.staff_id IS NOT NULL THEN 'cover_register'
           -- Teaching seen from activity: never a safeguarding record (above) nor a medical or
           -- child-protection record, which only the roster and a remit explain.
           WHEN pf.activity_kind IS NOT NULL AND a.source NOT IN ('cpoms', 'myconcern')
                AND coalesce(a.area, '') NOT IN ('medical', 'child_protection')
               THEN 'activity_' || pf.activity_kind
           ELSE NULL
       END AS explained_by
FROM (
    -- pupil_accesses' first part again, with the event ids it leaves out.
    SELECT ra.event_id, ra.source, ra.ts, ra.staff_id, ra.area, coalesce(ra.pupil_id, i.pupil_id) AS pupil_id,
           ra.incident_id
    FROM record_access ra
    LEFT JOIN incidents i ON i.incident_id = ra.incident_id
    WHERE ra.ts >= ${live_from} AND ra.ts < ${to}
      AND ra.action IN ${judged_actions}
      AND (ra.pupil_id IS NOT NULL OR ra.incident_id IS NOT NULL)
    UNION ALL
    SELECT event_id, source, ts, staff_id, area, pupil_id, incident_id FROM pupil_accesses
    WHERE ts < ${live_from} AND (incident_id IS NOT NULL OR NOT roster_related)
) a
LEFT JOIN staff_facts st ON st.staff_id = a.staff_id
LEFT JOIN pupil_facts p ON p.pupil_id = a.pupil_id
LEFT JOIN pair_facts pf ON pf.staff_id = a.staff_id AND pf.pupil_id = a.pupil_id
LEFT JOIN incident_people ip ON ip.incident_id = a.incident_id AND ip.staff_id = a.staff_id
LEFT JOIN cover_registers cv
  ON cv.staff_id = a.staff_id AND cv.pupil_id = a.pupil_id AND cv.slot_a = floor(unix_timestamp(a.ts) / 1200);

-- Read by nothing after this step (access_explained holds every column the detectors read): freed
-- for the rest of the audit.
DROP TABLE IF EXISTS cover_registers;

DROP TABLE IF EXISTS pupil_accesses
