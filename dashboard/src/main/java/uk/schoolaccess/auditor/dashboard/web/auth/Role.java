package uk.schoolaccess.auditor.dashboard.web.auth;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Who may see what, enforced on the server for every request (docs/dashboard.md):
 * the DPO sees everything; the DSL browsing and safeguarding findings and investigations; the
 * head teacher summaries and findings; IT sign-in, MFA and logout findings, without pupil data.
 */
public enum Role {
    DPO, DSL, HEAD, IT;

    private static final Set<String> IT_DETECTORS = Set.of("shared_credentials", "leaver_account",
            "stale_privileged_password", "missing_logout", "non_mfa_session", "unapproved_access_path");
    private static final Set<String> DSL_DETECTORS = Set.of("out_of_role_access", "bulk_export");

    public static Role parse(String s) {
        try {
            return valueOf(s.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("role must be one of dpo, dsl, head, it (was '" + s + "')");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether this role may see findings of a detector. */
    public boolean seesDetector(String detector) {
        return switch (this) {
            case DPO, HEAD -> true;
            case DSL -> DSL_DETECTORS.contains(detector);
            case IT -> IT_DETECTORS.contains(detector);
        };
    }

    /** Pupil ids, pupil-level evidence and record areas. */
    public boolean seesPupilData() {
        return this == DPO || this == DSL;
    }

    public boolean canTriage() {
        return this == DPO || this == DSL;
    }

    public boolean canSubjectAccess() {
        return this == DPO;
    }

    public boolean canInvestigate() {
        return this == DPO || this == DSL;
    }

    /** The Jobs page: the routine's runs, "Run now" and uploads into the inbox. */
    public boolean runsJobs() {
        return this == DPO || this == IT;
    }

    public boolean seesAccessLog() {
        return this == DPO;
    }

    public static List<String> labels() {
        return List.of("dpo", "dsl", "head", "it");
    }
}
