package uk.schoolaccess.auditor.ingest.generate;

import java.time.Instant;

/** What one person's ordinary day looked like, so planted cases can fit around it. */
record DayTrace(StaffMember who, Desk.Session desk, Origin schoolOrigin, String browserSession,
                Instant simsLogin, Instant lunchStart, Instant lunchEnd, Instant leave) {

    String workstation() {
        return desk.host().name();
    }
}
