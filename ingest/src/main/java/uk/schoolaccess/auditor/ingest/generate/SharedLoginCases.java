package uk.schoolaccess.auditor.ingest.generate;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Planted CRED-1 cases where a second person works with someone's login: in SIMS from a home
 * computer while the owner works at school, and at an absent colleague's classroom PC while the
 * owner's own desk PC is in use.
 */
final class SharedLoginCases {
    private SharedLoginCases() {
    }

    /**
     * Someone at home signs in to SIMS ID with the owner's login and works in SIMS on a family
     * computer (never in the school's Windows logs), while the owner works in SIMS at school.
     * Variant 0: the remote session began before the owner logged on at school.
     */
    static void remoteMisWhileAtDesk(SchoolDay day, CaseBook.Case c, DayTrace trace) {
        SplittableRandom rnd = day.rnd;
        StaffMember s = c.who();
        Place far = c.variant() == 0 ? Place.LEEDS : Place.NOTTINGHAM;
        Origin home = new Origin("203.0.113." + (150 + rnd.nextInt(100)), far, 5089);
        // Home computers carry whatever name their owner or Windows gave them.
        String ws = c.variant() == 0 ? "DESKTOP-" + Ids.hexOf(rnd.nextLong(), 7).toUpperCase(Locale.ROOT)
                : "FAMILY-PC" + (1 + rnd.nextInt(3));
        Instant signIn = c.variant() == 0 ? trace.desk().start().minusSeconds(900 + rnd.nextInt(900))
                : day.between(10, 20, 11, 0);
        day.entra.write(day.entra.at(signIn, s, EntraApp.SIMS_ID, home, Device.homeComputer(), day.entra.newSession())
                .mfaCompleted());
        day.sims.login(signIn.plusSeconds(20), s, ws);
        Instant t = signIn.plusSeconds(30);
        Instant until = c.variant() == 0 ? trace.desk().start().plusSeconds(1800 + rnd.nextInt(1800))
                : signIn.plusSeconds(1800 + rnd.nextInt(1200));
        while (t.isBefore(until)) {
            t = t.plusSeconds(90 + rnd.nextInt(240));
            day.sims.student(t, s, ws, rnd.nextBoolean() ? "Student Details" : "Assessment", "View",
                    CredentialCases.taughtPupil(day, s));
        }
        day.sims.logout(t.plusSeconds(60), s, ws);
        CredentialCases.deskWork(day, s, trace, c.variant() == 0 ? trace.desk().start() : signIn, 6);
        String note = "SIMS used from home computer " + ws + " (never in the school's Windows logs; SIMS ID sign-in from "
                + home.ip() + ", " + far.city() + ") while the same person worked in SIMS at " + trace.workstation()
                + (c.variant() == 0 ? "; the remote session began before they logged on at school" : "");
        Violations.label(day, c, s.logins().email(), signIn, t, note);
        // The same sign-in is an unapproved access path (DATA-1) in its own right.
        day.findings.label("unapproved_access_path", s, s.logins().email(), signIn, t.plusSeconds(60),
                "SIMS ID from an unmanaged home computer while its owner was at school (see shared_credentials)");
    }

    /**
     * An absent colleague's classroom PC is logged on with the owner's Windows account (someone
     * covering the lesson without a login of their own), while the owner keeps working in SIMS at
     * their own desk. Variant 0 takes the class register in SIMS there; variant 1 only shows slides.
     */
    static void twoPcsOwnerAbsent(SchoolDay day, CaseBook.Case c, DayTrace trace) {
        SplittableRandom rnd = day.rnd;
        StaffMember s = c.who();
        StaffMember absent = day.book.absencesOn(day.date).stream().filter(a -> a.coveredBy().id().equals(s.id())
                && a.planted()).findFirst().orElseThrow().absent();
        Workstation room = absent.desk();
        int period = SimsWork.PERIODS[1 + rnd.nextInt(2)];
        Instant on = SchoolClock.at(day.date, period * 60 + rnd.nextInt(180));
        Desk.Session session = day.desk.logOn(on, room, s.logins().windowsUser(), StaffMember.DOMAIN);
        Instant t = on.plusSeconds(120 + rnd.nextInt(120));
        if (c.variant() == 0) {
            List<TeachingGroup> groups = day.school.groupsOf(absent);
            if (!groups.isEmpty()) {
                day.sims.login(t, s, room.name());
                TeachingGroup g = groups.get(rnd.nextInt(groups.size()));
                for (String id : g.pupilIds()) {
                    t = t.plusSeconds(2 + rnd.nextInt(5));
                    day.sims.student(t, s, room.name(), "Attendance", "Edit", day.school.pupil(id));
                }
                day.sims.logout(t.plusSeconds(30), s, room.name());
            }
        }
        Instant off = on.plusSeconds(2700 + rnd.nextInt(600));
        CredentialCases.deskWork(day, s, trace, on.plusSeconds(300), 4);
        day.desk.logOff(off, session);
        Violations.label(day, c, s.windowsAccount(), on, off, "logged on at " + room.name() + " (the room of "
                + absent.id() + ", absent that day) while the same account was in use at " + trace.workstation()
                + (c.variant() == 0 ? "; register taken there" : "; no SIMS there"));
    }
}
