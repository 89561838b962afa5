package uk.schoolaccess.auditor.ingest.rows;

import java.time.Instant;

/** One look at (or change to) a pupil's record or a safeguarding incident: table record_access. */
public record RecordAccessRow(String source, Instant ts, String account, String action, String area,
                              String pupilId, String incidentId, String category, Integer rowCount,
                              String workstation, String ip, String sessionId) {

    public static final java.util.Set<String> ACTIONS =
            java.util.Set.of("view", "edit", "search", "export", "print");
}
