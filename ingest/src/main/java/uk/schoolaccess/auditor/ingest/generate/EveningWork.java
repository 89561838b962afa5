package uk.schoolaccess.auditor.ingest.generate;

import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Marking and planning at home on a school evening: the school laptop (managed, compliant)
 * over home broadband with MFA, sometimes SIMS for the pupils they teach; and phones that move
 * from home wifi to mobile data in the same town.
 */
final class EveningWork {
    private EveningWork() {
    }

    static void maybe(SchoolDay day, StaffMember s) {
        SplittableRandom rnd = day.rnd;
        if (!(s.teaches() || s.has("slt")) || day.isFriday()) return;
        if (rnd.nextInt(100) < 20) laptop(day, s, rnd);
        if (rnd.nextInt(100) < 8) phone(day, s, rnd);
    }

    private static void laptop(SchoolDay day, StaffMember s, SplittableRandom rnd) {
        Origin home = Origin.home(s);
        Device laptop = Device.schoolLaptop(s);
        String session = day.entra.newSession();
        Instant t = day.between(19, 0, 21, 30);
        if (rnd.nextInt(5) == 0) {
            day.entra.write(day.entra.at(t.minusSeconds(25), s, EntraApp.OFFICE_HOME, home, laptop, session).interrupted());
        }
        day.entra.write(day.entra.at(t, s, EntraApp.OFFICE_HOME, home, laptop, session).mfaCompleted());
        day.entra.write(day.entra.at(t.plusSeconds(20 + rnd.nextInt(60)), s, EntraApp.EXCHANGE, home, laptop, session).mfaByClaim());
        List<TeachingGroup> groups = day.school.groupsOf(s);
        if (groups.isEmpty() || rnd.nextBoolean()) return;
        Instant in = t.plusSeconds(300 + rnd.nextInt(900));
        day.entra.write(day.entra.at(in, s, EntraApp.SIMS_ID, home, laptop, session).mfaByClaim());
        day.sims.login(in.plusSeconds(10), s, s.laptopName());
        TeachingGroup g = groups.get(rnd.nextInt(groups.size()));
        Instant v = in.plusSeconds(60);
        for (int i = 0; i < 3 + rnd.nextInt(6); i++) {
            v = v.plusSeconds(30 + rnd.nextInt(240));
            day.sims.student(v, s, s.laptopName(), "Assessment", rnd.nextBoolean() ? "Edit" : "View",
                    day.school.pupil(g.pupilIds().get(rnd.nextInt(g.pupilIds().size()))));
        }
        day.sims.logout(v.plusSeconds(60 + rnd.nextInt(300)), s, s.laptopName());
        day.findings.benign(day, "managed-laptop-home", "unapproved_access_path", s, s.logins().email(), in, v,
                "SIMS ID from the school-issued laptop (Azure AD joined, compliant, managed) over home broadband, with MFA");
    }

    private static void phone(SchoolDay day, StaffMember s, SplittableRandom rnd) {
        Origin home = Origin.home(s);
        Origin mobile = Origin.mobile(s.home(), rnd);
        Device phone = Device.personalPhone();
        String session = day.entra.newSession();
        Instant t = day.between(18, 0, 20, 0);
        Instant later = t.plusSeconds(600 + rnd.nextInt(1800));
        day.entra.write(day.entra.at(t, s, EntraApp.EXCHANGE, home, phone, session).mfaCompleted());
        day.entra.write(day.entra.at(later, s, EntraApp.EXCHANGE, mobile, phone, session).mfaByClaim());
        day.findings.benign(day, "same-city-ip-change", "shared_credentials", s, s.logins().email(), t, later,
                "phone moved from home broadband to mobile data in " + s.home().city() + " (same session, same town)");
    }
}
