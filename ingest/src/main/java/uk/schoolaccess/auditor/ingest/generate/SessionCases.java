package uk.schoolaccess.auditor.ingest.generate;

import java.time.Instant;

/** Planted SESS-2 cases: a teacher's unlocked session is still open when someone else logs on there. */
final class SessionCases {
    private SessionCases() {
    }

    static void exposedDesk(SchoolDay day, CaseBook.Case c, DayTrace trace) {
        Workstation host = trace.desk().host();
        Instant on = trace.lunchStart().plusSeconds(300 + day.rnd.nextInt(600));
        String user;
        String who;
        if (c.scenario() == Scenario.DESK_EXPOSED_TO_PUPIL) {
            Pupil p = day.school.pupils.get(day.rnd.nextInt(day.school.pupils.size()));
            user = p.windowsUser();
            who = "pupil account " + StaffMember.DOMAIN + "\\" + user;
        } else {
            StaffMember tech = day.school.withRole("it").get(0);
            user = tech.logins().windowsUser();
            who = "another staff member (" + tech.windowsAccount() + ")";
        }
        Desk.Session visitor = day.desk.logOn(on, host, user, StaffMember.DOMAIN);
        Instant off = on.plusSeconds(600 + day.rnd.nextInt(600));
        day.desk.logOff(off, visitor);
        Violations.label(day, c, c.who().windowsAccount(), on, off, "teacher left " + host.name()
                + " unlocked over lunch (no 4800) and " + who + " logged on there while the teacher's session was open");
    }
}
