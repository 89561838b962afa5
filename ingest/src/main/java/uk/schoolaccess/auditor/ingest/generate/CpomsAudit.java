package uk.schoolaccess.auditor.ingest.generate;

import java.time.Instant;

/** Rows of a CPOMS-style safeguarding audit export (FORMATS §5, CPOMS profile), school local time. */
final class CpomsAudit {
    static final String HEADER = "Date/Time,User,Action,Student,Student ID,Incident ID,Category,IP Address,Two Factor";

    private final WeeklyLog log;

    CpomsAudit(WeeklyLog log) {
        this.log = log;
    }

    void loggedIn(Instant t, StaffMember s, String ip, boolean twoFactor) {
        row(t, s, "Logged in", null, null, ip, twoFactor ? "Yes" : "No");
    }

    void loggedOut(Instant t, StaffMember s, String ip) {
        row(t, s, "Logged out", null, null, ip, "");
    }

    void incident(Instant t, StaffMember s, String action, Incident i, String ip) {
        row(t, s, action, i.pupil(), i, ip, "");
    }

    void viewedStudent(Instant t, StaffMember s, Pupil p, String ip) {
        row(t, s, "Viewed student", p, null, ip, "");
    }

    private void row(Instant t, StaffMember s, String action, Pupil p, Incident i, String ip, String twoFactor) {
        log.add(t, Csv.line(SchoolClock.cpoms(t), s.logins().cpoms(), action,
                p == null ? "" : p.fullName(), p == null ? "" : p.id(),
                i == null ? "" : Long.toString(i.id()), i == null ? "" : i.category(), ip, twoFactor));
    }
}
