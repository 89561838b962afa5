package uk.schoolaccess.auditor.ingest.rows;

/**
 * A pupil from the roster: table pupils. Names are optional (data minimisation). Pupils' own
 * logins (an optional {@code accounts} column, e.g. their Windows account) go to pupil_accounts,
 * so a pupil logging on is recognised as a pupil rather than an unknown account.
 */
public record PupilRow(String pupilId, String surname, String forename, Integer yearGroup, String form,
                       Boolean sen, String familyKey, String schoolId) {
}
