package uk.schoolaccess.auditor.ingest.generate;

import java.time.Instant;

/** Plants one scheduled case into its day and writes its label. */
final class Violations {
    private Violations() {
    }

    static void plant(SchoolDay day, CaseBook.Case c) {
        DayTrace trace = day.traceOf(c.who());
        switch (c.scenario()) {
            case LEAVER_STILL_SIGNING_IN -> CredentialCases.leaverStillSigningIn(day, c);
            case CPOMS_NO_TWO_FACTOR -> SignInCases.cpomsWithoutTwoFactor(day, c);
            case UNMANAGED_HOME_DEVICE -> SignInCases.unmanagedHomeDevice(day, c);
            case NO_PASSWORD_CHANGE -> { }
            default -> {
                if (trace == null) return; // not in school that day: nothing to bend
                plantOnOrdinaryDay(day, c, trace);
            }
        }
    }

    private static void plantOnOrdinaryDay(SchoolDay day, CaseBook.Case c, DayTrace trace) {
        switch (c.scenario()) {
            case OFFSITE_WHILE_AT_DESK -> CredentialCases.offsiteWhileAtDesk(day, c, trace);
            case IMPOSSIBLE_TRAVEL -> CredentialCases.impossibleTravel(day, c, trace);
            case TWO_PCS_AT_ONCE -> CredentialCases.twoPcsAtOnce(day, c, trace);
            case REMOTE_MIS_WHILE_AT_DESK -> SharedLoginCases.remoteMisWhileAtDesk(day, c, trace);
            case TWO_PCS_OWNER_ABSENT -> SharedLoginCases.twoPcsOwnerAbsent(day, c, trace);
            case WINDOWS_LEFT_OPEN -> label(day, c, c.who().windowsAccount(), trace.desk().start(), trace.leave(),
                    "Windows session on " + trace.workstation() + " never logged off (no 4647/4634); owner left about "
                            + SchoolClock.hourMinute(trace.leave()));
            case SIMS_LEFT_OPEN -> label(day, c, c.who().logins().sims(), trace.simsLogin(), trace.leave(),
                    "SIMS Login on " + trace.workstation() + " with no Logout; Windows was logged off at the end of the day");
            case DESK_EXPOSED_TO_PUPIL, DESK_EXPOSED_TO_STAFF -> SessionCases.exposedDesk(day, c, trace);
            case SIMS_SINGLE_FACTOR, CPOMS_SINGLE_FACTOR -> SignInCases.singleFactor(day, c, trace);
            case BROWSING_UNTAUGHT_PUPILS -> AccessCases.browsingUntaughtPupils(day, c, trace);
            case UNINVOLVED_INCIDENT_VIEW, CURIOSITY_CLUSTER -> AccessCases.uninvolvedIncidentViews(day, c, trace);
            case OWN_CHILD_RECORDS -> AccessCases.ownChild(day, c, trace);
            case WHOLE_SCHOOL_EXPORT -> AccessCases.wholeSchoolExport(day, c, trace);
            case CPOMS_MASS_EXPORT -> AccessCases.cpomsMassExport(day, c, trace);
            default -> throw new IllegalStateException("unplanned scenario " + c.scenario());
        }
    }

    static void label(SchoolDay day, CaseBook.Case c, String account, Instant start, Instant end, String note) {
        day.findings.label(c.scenario().detector, c.who(), account, start, end, note);
    }
}
