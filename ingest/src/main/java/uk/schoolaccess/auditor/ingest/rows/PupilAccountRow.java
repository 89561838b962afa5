package uk.schoolaccess.auditor.ingest.rows;

/** One login of a pupil in one system (usually Windows): table pupil_accounts. */
public record PupilAccountRow(String pupilId, String system, String account) {
}
