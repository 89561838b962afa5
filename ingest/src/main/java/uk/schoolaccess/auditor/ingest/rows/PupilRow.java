package uk.schoolaccess.auditor.ingest.rows;

/** A pupil from the roster: table pupils. Names are optional (data minimisation). */
public record PupilRow(String pupilId, String surname, String forename, Integer yearGroup, String form,
                       Boolean sen, String familyKey, String schoolId) {
}
