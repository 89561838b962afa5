package uk.schoolaccess.auditor.ingest.rows;

/** A member of staff's part in an incident (author, assigned, alerted, actioned). */
public record InvolvementRow(String incidentId, String account, String kind) {
}
