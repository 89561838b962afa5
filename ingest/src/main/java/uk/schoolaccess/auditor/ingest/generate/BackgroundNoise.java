package uk.schoolaccess.auditor.ingest.generate;

import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Events that are not staff at a keyboard but fill every real Security log: computers starting
 * (SYSTEM, machine accounts), pupils in the IT suite, the technician's visits to classrooms and
 * termly password changes. Detectors must see through all of it.
 */
final class BackgroundNoise {
    private static final String SYSTEM_LOGON_ID = "0x3e7";

    private BackgroundNoise() {
    }

    static void computersStartUp(SchoolDay day) {
        SplittableRandom rnd = day.rnd;
        Workstation dc = day.school.campus.domainController();
        for (Workstation pc : day.school.campus.desktops()) {
            Instant boot = day.between(6, 50, 7, 20);
            day.windows.logonWithId(boot, pc, "SYSTEM", "NT AUTHORITY", 5, "-", "-", SYSTEM_LOGON_ID);
            String id = day.windows.logon(boot.plusSeconds(20 + rnd.nextInt(40)), dc, pc.machineAccount(), StaffMember.DOMAIN,
                    3, pc.ip(), "-");
            day.windows.logoff(boot.plusSeconds(70 + rnd.nextInt(60)), dc, pc.machineAccount(), StaffMember.DOMAIN, id, 3);
        }
    }

    /** Two or three IT-suite lessons a day: each pupil logs on to a PC and off at the bell. */
    static void pupilsInItSuite(SchoolDay day) {
        SplittableRandom rnd = day.rnd;
        List<Workstation> suite = day.school.campus.itSuite();
        int lessons = 2 + rnd.nextInt(2);
        for (int l = 0; l < lessons; l++) {
            int period = SimsWork.PERIODS[rnd.nextInt(SimsWork.PERIODS.length)];
            int year = 7 + rnd.nextInt(5);
            String form = year + String.valueOf(PupilBuilder.FORM_LETTERS.charAt(rnd.nextInt(PupilBuilder.formsPerYear(day.school.pupils.size()))));
            int seat = 0;
            for (Pupil p : day.school.pupils) {
                if (!p.form().equals(form) || seat >= suite.size()) continue;
                Workstation pc = suite.get(seat++);
                Instant on = SchoolClock.at(day.date, period * 60 + 120 + rnd.nextInt(300));
                if (rnd.nextInt(15) == 0) day.windows.failed(on.minusSeconds(20), pc, p.windowsUser(), StaffMember.DOMAIN);
                Desk.Session session = day.desk.logOn(on, pc, p.windowsUser(), StaffMember.DOMAIN);
                day.desk.logOff(SchoolClock.at(day.date, period * 60 + 55 * 60 + rnd.nextInt(200)), session);
            }
        }
    }

    /** The technician logs on to a few classroom PCs to fix them, never touching SIMS there. */
    static void itVisits(SchoolDay day, StaffMember tech, Instant arrive, Instant leave) {
        SplittableRandom rnd = day.rnd;
        int visits = 1 + rnd.nextInt(3);
        for (int v = 0; v < visits; v++) {
            Workstation pc = day.school.campus.office(8 + rnd.nextInt(4));
            Instant on = day.between(10, 50, 11, 5).plusSeconds(v * 3600L);
            Desk.Session session = day.desk.logOn(on, pc, tech.logins().windowsUser(), StaffMember.DOMAIN);
            Instant off = on.plusSeconds(300 + rnd.nextInt(600));
            day.desk.logOff(off, session);
            day.findings.benign(day, "technician-visit", "shared_credentials", tech, tech.windowsAccount(), on, off,
                    "IT technician logged on to spare office PC " + pc.name() + " while their own desk PC stayed logged on (no SIMS use)");
        }
    }

    /**
     * SLT, office and welfare staff change their password in the first week of each term (every
     * 13 school weeks), as CRED-3 asks.
     */
    static void passwordChanges(SchoolDay day) {
        if (day.week() % 13 != 1) return;
        for (StaffMember s : day.school.staff) {
            if (!s.privileged() || !s.worksOn(day.date) || day.book.skipsPasswordChange(s)) continue;
            if ((s.id().hashCode() & 0x7fffffff) % 5 != day.weekday()) continue;
            Instant t = day.between(8, 35, 8, 55);
            day.windows.passwordChanged(t, day.school.campus.domainController(), s.logins().windowsUser(), StaffMember.DOMAIN);
        }
    }
}
