package uk.schoolaccess.auditor.ingest.generate;

import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Ordinary days that look like CRED-1 at first sight and must not be flagged: the owner's own
 * phone on mobile data, placed by its carrier in a far city, while they work at a school PC; and
 * a teacher who locks their PC and moves to another room (an absent colleague's, or a free one).
 */
final class LookAlikes {
    private LookAlikes() {
    }

    /** Outlook and Teams on the person's own phone, on mobile data, during the school day. */
    static void phoneOnMobileData(SchoolDay day, StaffMember s, Instant from) {
        SplittableRandom rnd = day.rnd;
        Place gateway = Place.CARRIER_GATEWAYS[rnd.nextInt(Place.CARRIER_GATEWAYS.length)];
        Origin mobile = Origin.mobile(gateway, rnd);
        String session = day.entra.newSession();
        Instant t = from;
        Instant first = t;
        for (EntraApp app : List.of(EntraApp.EXCHANGE, EntraApp.TEAMS, EntraApp.EXCHANGE)) {
            day.entra.write(day.entra.at(t, s, app, mobile, Device.personalPhone(), session).mfaByClaim());
            t = t.plusSeconds(300 + rnd.nextInt(1200));
        }
        day.findings.benign(day, "phone-on-carrier-far-away", "shared_credentials", s, s.logins().email(), first, t,
                "own phone (Outlook, Teams) on mobile data " + mobile.ip() + ", placed in " + gateway.city()
                        + " by the carrier, while working at " + s.desk().name());
    }

    /** Locks the desk PC, teaches a lesson at another room's PC with their own account, comes back and unlocks. */
    static void moveRoomLocked(SchoolDay day, StaffMember s, Desk.Session desk, Workstation room, Instant leaveDesk) {
        SplittableRandom rnd = day.rnd;
        day.desk.lock(leaveDesk, desk);
        Instant on = leaveDesk.plusSeconds(60 + rnd.nextInt(180));
        Desk.Session there = day.desk.logOn(on, room, s.logins().windowsUser(), StaffMember.DOMAIN);
        Instant t = on.plusSeconds(120);
        for (int i = 0; i < 3 + rnd.nextInt(4); i++) {
            t = t.plusSeconds(60 + rnd.nextInt(300));
            day.sims.student(t, s, room.name(), "Student Details", "View", CredentialCases.taughtPupil(day, s));
        }
        Instant off = on.plusSeconds(2100 + rnd.nextInt(300));
        day.desk.logOff(off, there);
        Instant back = off.plusSeconds(120 + rnd.nextInt(300));
        day.desk.unlock(back, desk);
        day.sims.student(back.plusSeconds(60 + rnd.nextInt(120)), s, desk.host().name(), "Student Details", "View",
                CredentialCases.taughtPupil(day, s));
        day.findings.benign(day, "moved-room-pc-locked", "shared_credentials", s, s.windowsAccount(), on, off,
                "locked " + desk.host().name() + " (4800), taught at " + room.name() + ", came back and unlocked it (4801)");
    }

    /**
     * A colleague is off: someone runs an after-school session in their room with their own login,
     * their own PC locked meanwhile (after the last lesson, when their own desk is quiet).
     */
    static void workInAbsentColleaguesRoom(SchoolDay day, CaseBook.Absence a) {
        DayTrace trace = day.traceOf(a.coveredBy());
        if (trace == null) return;
        afterSchoolElsewhere(day, a.coveredBy(), trace, a.absent().desk());
    }

    /** After the last lesson, in another room, when the person stays late enough to come back to their desk. */
    static void afterSchoolElsewhere(SchoolDay day, StaffMember s, DayTrace trace, Workstation room) {
        Instant leaveDesk = day.between(15, 10, 15, 20);
        if (trace.leave().isBefore(leaveDesk.plusSeconds(4200))) return;
        moveRoomLocked(day, s, trace.desk(), room, leaveDesk);
    }
}
