package uk.schoolaccess.auditor.ingest.generate;

import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/** Planted CRED-1 and CRED-2 cases: one account used in two places, and a leaver's account still in use. */
final class CredentialCases {
    private CredentialCases() {
    }

    /** The owner works in SIMS at their desk while someone else uses their Microsoft 365 login off site. */
    static void offsiteWhileAtDesk(SchoolDay day, CaseBook.Case c, DayTrace trace) {
        SplittableRandom rnd = day.rnd;
        StaffMember s = c.who();
        Instant t = day.between(10, 0, 10, 30);
        Origin away = Origin.elsewhere(Place.LEEDS, 2856, rnd);
        Device pc = Device.homeComputer();
        String session = day.entra.newSession();
        day.entra.write(day.entra.at(t, s, EntraApp.OFFICE_HOME, away, pc, session).mfaCompleted());
        Instant last = t;
        for (EntraApp app : List.of(EntraApp.EXCHANGE, EntraApp.TEAMS, EntraApp.EXCHANGE)) {
            last = last.plusSeconds(120 + rnd.nextInt(400));
            day.entra.write(day.entra.at(last, s, app, away, pc, session).mfaByClaim());
        }
        deskWork(day, s, trace, t.minusSeconds(300), 6);
        Violations.label(day, c, s.logins().email(), t, last, "Entra sign-ins from " + away.ip() + " (" + Place.LEEDS.city()
                + ") while the same person was logged on to " + trace.workstation() + " using SIMS at school");
    }

    /** Sheffield, then a sign-in from another continent within 40 minutes. */
    static void impossibleTravel(SchoolDay day, CaseBook.Case c, DayTrace trace) {
        StaffMember s = c.who();
        Instant here = trace.lunchEnd().plusSeconds(300 + day.rnd.nextInt(600));
        day.entra.write(day.entra.at(here, s, EntraApp.EXCHANGE, trace.schoolOrigin(), Device.schoolPc(trace.desk().host()),
                trace.browserSession()));
        Place far = c.variant() == 0 ? Place.LAGOS : Place.SAO_PAULO;
        Origin away = Origin.elsewhere(far, c.variant() == 0 ? 29465 : 28573, day.rnd);
        Instant there = here.plusSeconds(25 * 60 + day.rnd.nextInt(13 * 60));
        day.entra.write(day.entra.at(there, s, EntraApp.EXCHANGE, away, Device.homeComputer(), day.entra.newSession()));
        Violations.label(day, c, s.logins().email(), here, there, "Entra sign-in from Sheffield then from " + far.city()
                + ", " + far.countryCode() + " (" + away.ip() + ") " + java.time.Duration.between(here, there).toMinutes()
                + " minutes later");
    }

    /** The account is logged on at a spare classroom PC, using SIMS, while its owner works at their own desk. */
    static void twoPcsAtOnce(SchoolDay day, CaseBook.Case c, DayTrace trace) {
        SplittableRandom rnd = day.rnd;
        StaffMember s = c.who();
        Workstation other = day.school.campus.classroom(day.school.campus.classroomCount() - 1 - c.variant());
        Instant on = day.between(10, 0, 10, 10);
        Desk.Session session = day.desk.logOn(on, other, s.logins().windowsUser(), StaffMember.DOMAIN);
        String browser = day.entra.newSession();
        day.entra.write(day.entra.at(on.plusSeconds(60), s, EntraApp.SIMS_ID, Origin.school(rnd), Device.schoolPc(other),
                browser).mfaCompleted());
        day.sims.login(on.plusSeconds(80), s, other.name());
        Instant t = on.plusSeconds(120);
        for (int i = 0; i < 8; i++) {
            t = t.plusSeconds(60 + rnd.nextInt(180));
            day.sims.student(t, s, other.name(), "Student Details", "View", taughtPupil(day, s));
        }
        day.sims.logout(t.plusSeconds(60), s, other.name());
        Instant off = t.plusSeconds(120);
        day.desk.logOff(off, session);
        deskWork(day, s, trace, on, 5);
        Violations.label(day, c, s.windowsAccount(), on, off, "interactive logon on " + other.name() + " with SIMS use while "
                + "the same account was logged on and using SIMS at " + trace.workstation());
    }

    /** After their last day, the leaver's account (and the laptop they kept) signs in from home. */
    static void leaverStillSigningIn(SchoolDay day, CaseBook.Case c) {
        SplittableRandom rnd = day.rnd;
        StaffMember s = c.who();
        Origin home = Origin.home(s);
        Device laptop = Device.schoolLaptop(s);
        String session = day.entra.newSession();
        Instant t = day.between(18, 30, 20, 0);
        day.entra.write(day.entra.at(t, s, EntraApp.OFFICE_HOME, home, laptop, session).mfaCompleted());
        day.entra.write(day.entra.at(t.plusSeconds(60), s, EntraApp.SIMS_ID, home, laptop, session).mfaByClaim());
        day.sims.login(t.plusSeconds(75), s, s.laptopName());
        Instant v = t.plusSeconds(90);
        for (int i = 0; i < 5; i++) {
            v = v.plusSeconds(40 + rnd.nextInt(200));
            day.sims.student(v, s, s.laptopName(), "Student Details", "View", taughtPupil(day, s));
        }
        day.sims.logout(v.plusSeconds(60), s, s.laptopName());
        Instant cp = v.plusSeconds(120);
        day.entra.write(day.entra.at(cp, s, EntraApp.CPOMS, home, laptop, session).mfaByClaim());
        day.cpoms.loggedIn(cp.plusSeconds(10), s, home.ip(), true);
        List<Incident> known = day.school.incidentsBefore(cp);
        Instant end = cp.plusSeconds(60);
        for (int i = 0; i < 2 && !known.isEmpty(); i++) {
            end = end.plusSeconds(60 + rnd.nextInt(120));
            day.cpoms.incident(end, s, "Viewed incident", known.get(rnd.nextInt(known.size())), home.ip());
        }
        day.cpoms.loggedOut(end.plusSeconds(60), s, home.ip());
        Violations.label(day, c, s.logins().email(), t, end.plusSeconds(60), "leaver (last day " + s.leaveDate()
                + ") signed in to Entra, SIMS and CPOMS from home on the laptop they did not return");
    }

    /** A few routine SIMS look-ups at the person's own desk, so their presence there is visible. */
    static void deskWork(SchoolDay day, StaffMember s, DayTrace trace, Instant from, int count) {
        Instant t = from;
        for (int i = 0; i < count; i++) {
            t = t.plusSeconds(180 + day.rnd.nextInt(300));
            day.sims.student(t, s, trace.workstation(), "Student Details", "View", taughtPupil(day, s));
        }
    }

    static Pupil taughtPupil(SchoolDay day, StaffMember s) {
        List<TeachingGroup> groups = day.school.groupsOf(s);
        if (groups.isEmpty()) return day.school.pupils.get(day.rnd.nextInt(day.school.pupils.size()));
        TeachingGroup g = groups.get(day.rnd.nextInt(groups.size()));
        return day.school.pupil(g.pupilIds().get(day.rnd.nextInt(g.pupilIds().size())));
    }
}
