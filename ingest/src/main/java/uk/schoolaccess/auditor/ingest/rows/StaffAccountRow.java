package uk.schoolaccess.auditor.ingest.rows;

import java.util.Set;

/** One login of a member of staff in one system: table staff_accounts. */
public record StaffAccountRow(String staffId, String system, String account) {

    public static final Set<String> SYSTEMS = Set.of("entra", "google", "windows", "sims",
            "scholarpack", "arbor", "cpoms", "myconcern");
}
