package uk.schoolaccess.auditor.ingest.generate;

import java.time.Instant;
import java.util.SplittableRandom;

/**
 * One person's ordinary school day: log on at their desk on arrival, Microsoft 365 on the PC
 * and often the phone, SIMS (through SIMS ID, with MFA), Google for teachers, lock the screen
 * over lunch, role work in SIMS and CPOMS, then log out of SIMS and Windows when they leave.
 */
final class StaffDay {
    private final SchoolDay day;
    private final StaffMember s;
    private final DayTwist twist;
    private final CpomsWork cpoms;
    private final SplittableRandom rnd;

    StaffDay(SchoolDay day, StaffMember s, DayTwist twist, CpomsWork cpoms) {
        this.day = day;
        this.s = s;
        this.twist = twist;
        this.cpoms = cpoms;
        this.rnd = day.rnd;
    }

    DayTrace run() {
        boolean office = s.has("office") || s.has("welfare");
        Instant arrive = office ? day.between(7, 55, 8, 30) : s.has("slt") ? day.between(7, 10, 7, 50) : day.between(7, 30, 8, 30);
        Instant leave = office ? day.between(16, 0, 16, 45) : day.between(16, 0, 18, 0);
        Workstation host = s.desk();
        if (rnd.nextInt(40) == 0) day.windows.failed(arrive.minusSeconds(25), host, s.logins().windowsUser(), StaffMember.DOMAIN);
        Desk.Session session = day.desk.logOn(arrive, host, s.logins().windowsUser(), StaffMember.DOMAIN);
        Origin school = Origin.school(rnd);
        String browser = day.entra.newSession();
        Instant m365 = arrive.plusSeconds(40 + rnd.nextInt(60));
        if (rnd.nextInt(30) == 0) {
            day.entra.write(day.entra.at(m365.minusSeconds(20), s, EntraApp.OFFICE_HOME, school, Device.schoolPc(host), browser)
                    .failed(50126, "Invalid username or password or Invalid on-premise username or password."));
        }
        day.entra.write(day.entra.at(m365, s, EntraApp.OFFICE_HOME, school, Device.schoolPc(host), browser));
        day.entra.write(day.entra.at(m365.plusSeconds(5 + rnd.nextInt(20)), s, EntraApp.EXCHANGE, school, Device.schoolPc(host), browser));
        day.entra.write(day.entra.at(m365.plusSeconds(30 + rnd.nextInt(60)), s, EntraApp.TEAMS, school, Device.teamsOn(host),
                day.entra.newSession()));
        if (rnd.nextInt(10) < 6) phoneOnSchoolWifi(m365, school);

        boolean usesSims = !s.has("it");
        Instant simsLogin = null;
        if (usesSims) {
            Instant signIn = m365.plusSeconds(120 + rnd.nextInt(180));
            day.entra.write(day.entra.at(signIn, s, EntraApp.SIMS_ID, school, Device.schoolPc(host), browser).mfaCompleted());
            simsLogin = signIn.plusSeconds(15);
            if (rnd.nextInt(40) == 0) day.sims.loginFailed(simsLogin.minusSeconds(8), s, host.name());
            day.sims.login(simsLogin, s, host.name());
        }
        if (s.logins().google() != null) googleClassroom(m365.plusSeconds(200 + rnd.nextInt(600)), school);
        if (s.has("office") && rnd.nextInt(3) == 0) {
            day.entra.write(day.entra.at(m365.plusSeconds(900), s, EntraApp.ARBOR, school, Device.schoolPc(host), browser).mfaByClaim());
        }

        Instant lunchStart = day.between(12, 12, 12, 20);
        Instant lunchEnd = day.between(12, 45, 12, 58);
        if (!twist.stayUnlockedAtLunch()) {
            day.desk.lock(lunchStart, session);
            day.desk.unlock(lunchEnd, session);
            day.findings.benign(day, "lunch-lock", "missing_logout", s, s.windowsAccount(), lunchStart, lunchEnd,
                    "screen locked over lunch on " + host.name() + " and unlocked by its owner (4800/4801)");
        }
        if (usesSims) {
            new SimsWork(day, s, host.name()).run(simsLogin, leave, lunchStart, lunchEnd);
            if (rnd.nextInt(2) == 0) {
                Instant again = lunchEnd.plusSeconds(300 + rnd.nextInt(1800));
                day.entra.write(day.entra.at(again, s, EntraApp.SIMS_ID, school, Device.schoolPc(host), browser).mfaByClaim());
                day.findings.benign(day, "claim-in-token", "non_mfa_session", s, s.logins().email(), again, again,
                        "SIMS ID sign-in, multiFactorAuthentication satisfied by claim in the token from this morning's MFA");
            }
        }
        cpoms.workFor(s, host, school, browser, usesSims);
        if (rnd.nextInt(12) == 0) LookAlikes.phoneOnMobileData(day, s, day.between(9, 30, 14, 30));
        if (s.has("it")) BackgroundNoise.itVisits(day, s, arrive, leave);

        if (usesSims && !twist.leaveSimsOpen()) day.sims.logout(leave.minusSeconds(60 + rnd.nextInt(120)), s, host.name());
        if (s.logins().google() != null && rnd.nextInt(3) == 0) day.google.logout(leave.minusSeconds(40), s, school.ip());
        DayTrace trace = new DayTrace(s, session, school, browser, simsLogin, lunchStart, lunchEnd, leave);
        if (s.teaches() && s == day.movesRoomToday()) {
            LookAlikes.afterSchoolElsewhere(day, s, trace, day.school.campus.classroom(
                    day.school.campus.classroomCount() - 3));
        }
        if (!twist.leaveWindowsOpen()) day.desk.logOff(leave, session);
        return trace;
    }

    /** A personal phone picks up mail on the school wifi, often in the same minute as the PC. */
    private void phoneOnSchoolWifi(Instant pcSignIn, Origin school) {
        Instant t = pcSignIn.plusSeconds(rnd.nextInt(50));
        day.entra.write(day.entra.at(t, s, EntraApp.EXCHANGE, school, Device.personalPhone(), day.entra.newSession()).mfaByClaim());
        day.findings.benign(day, "laptop-and-phone", "shared_credentials", s, s.logins().email(), pcSignIn, t,
                "desk PC and personal phone signed in together from the school network " + school.ip());
    }

    private void googleClassroom(Instant t, Origin school) {
        if (rnd.nextInt(60) == 0) day.google.failure(t.minusSeconds(30), s, school.ip());
        if (rnd.nextInt(5) < 4) {
            day.google.success(t, s, school.ip(), "saml", "saml");
            day.findings.benign(day, "google-saml", "non_mfa_session", s, s.logins().google(), t, t,
                    "Google login_type saml: the factor was checked by Entra, not single-factor");
        } else {
            day.google.verification(t, s, school.ip(), "google_authenticator");
            day.google.success(t.plusSeconds(1), s, school.ip(), "google_password", "password", "google_authenticator");
        }
    }
}
