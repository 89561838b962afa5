package uk.schoolaccess.auditor.ingest.generate;

/** The violations the generator plants, each under the detector that should find it. */
enum Scenario {
    OFFSITE_WHILE_AT_DESK("shared_credentials"),
    IMPOSSIBLE_TRAVEL("shared_credentials"),
    TWO_PCS_AT_ONCE("shared_credentials"),
    REMOTE_MIS_WHILE_AT_DESK("shared_credentials"),
    TWO_PCS_OWNER_ABSENT("shared_credentials"),
    LEAVER_STILL_SIGNING_IN("leaver_account"),
    NO_PASSWORD_CHANGE("stale_privileged_password"),
    WINDOWS_LEFT_OPEN("missing_logout", new DayTwist(true, false, false)),
    SIMS_LEFT_OPEN("missing_logout", new DayTwist(false, true, false)),
    DESK_EXPOSED_TO_PUPIL("missing_logout", new DayTwist(false, false, true)),
    DESK_EXPOSED_TO_STAFF("missing_logout", new DayTwist(false, false, true)),
    SIMS_SINGLE_FACTOR("non_mfa_session"),
    CPOMS_SINGLE_FACTOR("non_mfa_session"),
    CPOMS_NO_TWO_FACTOR("non_mfa_session"),
    BROWSING_UNTAUGHT_PUPILS("out_of_role_access"),
    UNINVOLVED_INCIDENT_VIEW("out_of_role_access"),
    CURIOSITY_CLUSTER("out_of_role_access"),
    OWN_CHILD_RECORDS("out_of_role_access"),
    UNMANAGED_HOME_DEVICE("unapproved_access_path"),
    WHOLE_SCHOOL_EXPORT("bulk_export"),
    CPOMS_MASS_EXPORT("bulk_export");

    final String detector;
    final DayTwist twist;

    Scenario(String detector) {
        this(detector, DayTwist.NONE);
    }

    Scenario(String detector, DayTwist twist) {
        this.detector = detector;
        this.twist = twist;
    }
}
