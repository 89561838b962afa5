package uk.schoolaccess.auditor.ingest.rows;

import java.time.Instant;

/** A safeguarding incident from the CPOMS/MyConcern incident list: table incidents. */
public record IncidentRow(String incidentId, String pupilId, String category, Instant createdAt,
                          String authorAccount) {
}
