-- Finding ids include the school a finding was found at: two schools of a trust can share staff
-- ids, and their findings must not collide in one store. A saved finding gets the id the
-- auditor now computes for it (FindingIds.of(old id, school): 'F' and the first 16 hex digits of
-- SHA-256 of old id, U+0001, school), and its decisions and digest records follow it, so triage
-- survives. A finding saved before findings had a school (V003) takes the store's one school
-- (the single school_id of its staff and pupils, which the audit also uses); in a store with no
-- single school it keeps its id. The dashboard's access log keeps the ids as they were viewed.
CREATE TEMP TABLE finding_id_moves AS
WITH store_school AS (
    SELECT CASE WHEN count(DISTINCT school_id) = 1 THEN min(school_id) END AS school_id
    FROM (SELECT school_id FROM staff WHERE school_id IS NOT NULL
          UNION ALL SELECT school_id FROM pupils WHERE school_id IS NOT NULL) ids
),
placed AS (
    SELECT f.finding_id, coalesce(f.school_id, s.school_id) AS school_id
    FROM findings f CROSS JOIN store_school s
)
SELECT finding_id AS old_id, school_id,
       'F' || substr(sha256(finding_id || chr(1) || school_id), 1, 16) AS new_id
FROM placed WHERE school_id IS NOT NULL;

UPDATE finding_decisions SET finding_id = m.new_id
FROM finding_id_moves m WHERE finding_decisions.finding_id = m.old_id;

UPDATE digest_findings SET finding_id = m.new_id
FROM finding_id_moves m WHERE digest_findings.finding_id = m.old_id;

UPDATE findings SET finding_id = m.new_id, school_id = m.school_id
FROM finding_id_moves m WHERE findings.finding_id = m.old_id;

DROP TABLE finding_id_moves;
