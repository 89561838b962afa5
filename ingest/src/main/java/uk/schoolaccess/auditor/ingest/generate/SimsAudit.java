package uk.schoolaccess.auditor.ingest.generate;

import java.time.Instant;

/** Rows of a SIMS-style MIS audit export (FORMATS §5, SIMS profile), in school local time. */
final class SimsAudit {
    static final String HEADER = "Date,Time,User Name,Workstation,Module,Activity,Record Type,Record ID,Records";

    private final WeeklyLog log;

    SimsAudit(WeeklyLog log) {
        this.log = log;
    }

    void login(Instant t, StaffMember s, String workstation) {
        row(t, s, workstation, "System", "Login", "", "", "");
    }

    void logout(Instant t, StaffMember s, String workstation) {
        row(t, s, workstation, "System", "Logout", "", "", "");
    }

    void loginFailed(Instant t, StaffMember s, String workstation) {
        row(t, s, workstation, "System", "Login Failed", "", "", "");
    }

    /** One pupil's record opened, edited or printed in a module. */
    void student(Instant t, StaffMember s, String workstation, String module, String activity, Pupil p) {
        row(t, s, workstation, module, activity, "Student", p.id(), "1");
    }

    /** A report run, exported or printed: Records is how many rows it held. */
    void report(Instant t, StaffMember s, String workstation, String module, String activity, String name, int records) {
        row(t, s, workstation, module, activity, "Report", name, Integer.toString(records));
    }

    void search(Instant t, StaffMember s, String workstation, int matches) {
        row(t, s, workstation, "Student Details", "Search", "", "", Integer.toString(matches));
    }

    private void row(Instant t, StaffMember s, String workstation, String module, String activity,
                     String recordType, String recordId, String records) {
        log.add(t, Csv.line(SchoolClock.ukDate(t), SchoolClock.hourMinute(t), s.logins().sims(), workstation,
                module, activity, recordType, recordId, records));
    }
}
