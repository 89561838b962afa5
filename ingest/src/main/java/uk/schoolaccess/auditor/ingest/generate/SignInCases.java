package uk.schoolaccess.auditor.ingest.generate;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/** Planted MFA-1/MFA-2 cases (single-factor MIS or CPOMS sign-ins) and DATA-1 cases (unmanaged home device). */
final class SignInCases {
    private SignInCases() {
    }

    /** SIMS ID or CPOMS StaffSafe signed in with a password only, from a second browser at school. */
    static void singleFactor(SchoolDay day, CaseBook.Case c, DayTrace trace) {
        StaffMember s = c.who();
        EntraApp app = c.scenario() == Scenario.SIMS_SINGLE_FACTOR ? EntraApp.SIMS_ID : EntraApp.CPOMS;
        Instant t = trace.lunchEnd().plusSeconds(1200 + day.rnd.nextInt(2400));
        EntraSignIns.SignIn signIn = day.entra.at(t, s, app, trace.schoolOrigin(), Device.schoolPc(trace.desk().host()),
                day.entra.newSession());
        day.entra.write(c.variant() == 1 ? signIn.previouslySatisfied() : signIn);
        Violations.label(day, c, s.logins().email(), t, t, app.displayName + " sign-in with singleFactorAuthentication"
                + (c.variant() == 1 ? " (first factor 'Previously satisfied')" : "") + " from " + trace.workstation());
    }

    /** A safeguarding lead logs in to CPOMS without the second factor and reads incidents. */
    static void cpomsWithoutTwoFactor(SchoolDay day, CaseBook.Case c) {
        StaffMember s = c.who();
        DayTrace trace = day.traceOf(s);
        if (trace == null) return;
        SplittableRandom rnd = day.rnd;
        String ip = trace.schoolOrigin().ip();
        Instant in = day.between(13, 10, 14, 30);
        day.cpoms.loggedIn(in, s, ip, false);
        Instant t = readIncidents(day, s, in, ip, 3, rnd);
        day.cpoms.loggedOut(t.plusSeconds(90), s, ip);
        Violations.label(day, c, s.logins().cpoms(), in, t.plusSeconds(90), "CPOMS Logged in with Two Factor = No at school ("
                + ip + "), then incidents opened");
    }

    /** SIMS ID or CPOMS StaffSafe from the family computer at home: unmanaged, not compliant, off the school network. */
    static void unmanagedHomeDevice(SchoolDay day, CaseBook.Case c) {
        StaffMember s = c.who();
        if (!s.worksOn(day.date)) return;
        SplittableRandom rnd = day.rnd;
        Origin home = Origin.home(s);
        Device pc = Device.homeComputer();
        String session = day.entra.newSession();
        Instant t = day.between(19, 30, 21, 0);
        Instant end;
        if (c.variant() == 0) {
            String ws = "DESKTOP-" + Ids.hexOf(rnd.nextLong(), 7).toUpperCase(Locale.ROOT);
            day.entra.write(day.entra.at(t, s, EntraApp.SIMS_ID, home, pc, session).mfaCompleted());
            day.sims.login(t.plusSeconds(15), s, ws);
            end = t.plusSeconds(30);
            for (int i = 0; i < 4; i++) {
                end = end.plusSeconds(60 + rnd.nextInt(200));
                day.sims.student(end, s, ws, "Assessment", "View", CredentialCases.taughtPupil(day, s));
            }
            day.sims.logout(end.plusSeconds(60), s, ws);
        } else {
            day.entra.write(day.entra.at(t, s, EntraApp.CPOMS, home, pc, session).mfaCompleted());
            day.cpoms.loggedIn(t.plusSeconds(15), s, home.ip(), true);
            end = readIncidents(day, s, t.plusSeconds(15), home.ip(), 3, rnd);
            day.cpoms.loggedOut(end.plusSeconds(60), s, home.ip());
        }
        Violations.label(day, c, s.logins().email(), t, end.plusSeconds(60), (c.variant() == 0 ? "SIMS ID" : "CPOMS StaffSafe")
                + " from an unmanaged, non-compliant home computer (no device id) over home broadband " + home.ip());
    }

    private static Instant readIncidents(SchoolDay day, StaffMember s, Instant from, String ip, int count, SplittableRandom rnd) {
        List<Incident> known = day.school.incidentsBefore(from);
        Instant t = from;
        for (int i = 0; i < count && !known.isEmpty(); i++) {
            t = t.plusSeconds(45 + rnd.nextInt(200));
            day.cpoms.incident(t, s, "Viewed incident", known.get(rnd.nextInt(known.size())), ip);
        }
        return t;
    }
}
