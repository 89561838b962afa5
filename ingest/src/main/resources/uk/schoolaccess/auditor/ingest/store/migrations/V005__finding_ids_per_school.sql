-- Finding ids include the school a finding was found at: two schools of a trust can share staff
-- ids, and their findings must not collide in one store. A finding saved with its school gets
-- the id the auditor now computes for it (FindingIds.of(old id, school): 'F' and the first 16 hex
-- digits of SHA-256 of old id, U+0001, school), and its decisions and digest records follow it.
CREATE TEMP TABLE finding_id_moves AS
SELECT finding_id AS old_id, 'F' || substr(sha256(finding_id || chr(1) || school_id), 1, 16) AS new_id
FROM findings WHERE school_id IS NOT NULL;

UPDATE finding_decisions SET finding_id = m.new_id
FROM finding_id_moves m WHERE finding_decisions.finding_id = m.old_id;

UPDATE digest_findings SET finding_id = m.new_id
FROM finding_id_moves m WHERE digest_findings.finding_id = m.old_id;

UPDATE findings SET finding_id = m.new_id
FROM finding_id_moves m WHERE findings.finding_id = m.old_id;

DROP TABLE finding_id_moves;
