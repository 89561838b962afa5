package uk.schoolaccess.auditor.analytics.explain;

import java.util.List;
import java.util.Map;

/**
 * The one meaning of "unexplained", for every view of record accesses: the incident page, the
 * subject access look-up and its CSV, the DSL's investigations, the incident's export, the
 * out_of_role_access detector's evidence and the notebooks. The audit decides what explains each
 * access (access_explained.sql, kept in access_explanations); this class turns that into one
 * verdict per access, so no view re-decides it with its own SQL. A cache or a materialised table
 * of verdicts can wrap {@link #judgedAccesses()}: it is the only place the verdict is computed
 * from the store.
 *
 * <p>The verdicts, in the order they are decided:
 * <ol>
 * <li>{@code not_judged}: not a record opening (an export is judged by the bulk-export check);</li>
 * <li>{@code not_audited}: no audit has looked at it yet (loaded since the last audit);</li>
 * <li>{@code unexplained}: by a known member of staff, before any leave date, and nothing the
 * audit looked for explains it;</li>
 * <li>{@code unknown_account}: made by an account nobody owns (listed by {@code status});</li>
 * <li>{@code after_leaving}: after the member of staff's leave date (the leaver check's);</li>
 * <li>{@code explained}: a relationship, the incident's own people, a safeguarding role, a role's
 * remit, a cover register or teaching seen from activity explains it ({@link #explainedBy}).</li>
 * </ol>
 * A relative's records keep their conflict whatever the verdict: the detector reports them apart.
 */
public final class AccessExplanation {

    public static final String EXPLAINED = "explained";
    public static final String UNEXPLAINED = "unexplained";
    public static final String NOT_AUDITED = "not_audited";
    public static final String NOT_JUDGED = "not_judged";
    public static final String UNKNOWN_ACCOUNT = "unknown_account";
    public static final String AFTER_LEAVING = "after_leaving";

    /** The record actions the audit judges one by one (exports are judged by bulk_export). */
    public static final List<String> JUDGED_ACTIONS = List.of("view", "edit", "search", "print");

    /** Each verdict in a DPO's words, when it is not "explained". */
    public static final Map<String, String> WORDS = Map.of(
            UNEXPLAINED, "nothing explains it",
            NOT_AUDITED, "not audited yet",
            NOT_JUDGED, "not judged one by one (an export: see the bulk export check)",
            UNKNOWN_ACCOUNT, "an account nobody owns",
            AFTER_LEAVING, "after they left (see the leaver check)");

    /** What kind of reason each explanation is, for summaries: the kinds access_explained.sql gives. */
    private static final Map<String, String> KINDS = Map.ofEntries(
            Map.entry("teaches", "teaching group"),
            Map.entry("form_tutor", "tutor or pastoral relationship"),
            Map.entry("head_of_year", "tutor or pastoral relationship"),
            Map.entry("senco_caseload", "tutor or pastoral relationship"),
            Map.entry("keyworker", "tutor or pastoral relationship"),
            Map.entry("senco_sen_pupil", "role (SENCo)"),
            Map.entry("safeguarding_lead", "safeguarding role (DSL or deputy)"),
            Map.entry("role_remit", "role remit"),
            Map.entry("cover_register", "cover register"));

    private AccessExplanation() {
    }

    /**
     * The rule, as a SQL condition over an audited, judged access's staff_id, explained_by and
     * conflict (alias: the table's alias with its dot, or ""). The detector uses it on the audit's
     * access_explained; {@link #judgedAccesses()} on the stored explanations.
     */
    public static String unexplainedWhere(String alias) {
        return unexplained(alias + "staff_id", alias + "explained_by", alias + "conflict");
    }

    /**
     * The same condition over a staff-browsing day: unexplained, and not judged apart (a relative's
     * records and a safeguarding incident have their own rules in the detector).
     */
    public static String unexplainedBrowsingWhere(String alias) {
        return unexplainedWhere(alias) + " AND " + alias + "conflict IS NULL AND " + alias + "incident_id IS NULL";
    }

    private static String unexplained(String staffId, String explainedBy, String conflict) {
        return "(" + explainedBy + " IS NULL AND " + staffId + " IS NOT NULL AND coalesce(" + conflict + ", '') <> '"
                + AFTER_LEAVING + "')";
    }

    /**
     * Every record access in the store with its verdict, as a parenthesised SQL relation (DuckDB)
     * to use after FROM or JOIN: event_id, ts, source, account, staff_id, action, area, workstation,
     * ip, record_pupil_id (the row's own), pupil_id (the row's, or its incident's pupil),
     * incident_id, explained_by, conflict, verdict.
     */
    public static String judgedAccesses() {
        String judged = "r.action IN (" + String.join(", ", JUDGED_ACTIONS.stream().map(a -> "'" + a + "'").toList())
                + ") AND (r.pupil_id IS NOT NULL OR r.incident_id IS NOT NULL)";
        return "(SELECT r.event_id, r.ts, r.source, r.account, r.staff_id, r.action, r.area, r.workstation, r.ip, "
                + "r.pupil_id AS record_pupil_id, coalesce(r.pupil_id, i.pupil_id) AS pupil_id, r.incident_id, "
                + "e.explained_by, e.conflict, CASE "
                + "WHEN NOT (" + judged + ") THEN '" + NOT_JUDGED + "' "
                + "WHEN e.event_id IS NULL THEN '" + NOT_AUDITED + "' "
                + "WHEN " + unexplained("r.staff_id", "e.explained_by", "e.conflict") + " THEN '" + UNEXPLAINED + "' "
                + "WHEN r.staff_id IS NULL THEN '" + UNKNOWN_ACCOUNT + "' "
                + "WHEN e.conflict = '" + AFTER_LEAVING + "' THEN '" + AFTER_LEAVING + "' "
                + "ELSE '" + EXPLAINED + "' END AS verdict "
                + "FROM record_access r LEFT JOIN incidents i ON i.incident_id = r.incident_id "
                + "LEFT JOIN (SELECT event_id, max(explained_by) AS explained_by, max(conflict) AS conflict "
                + "FROM access_explanations GROUP BY event_id) e ON e.event_id = r.event_id)";
    }

    /** What a person reads for one access: the explanation's meaning, or the verdict's words. */
    public static String words(String verdict, String explainedBy) {
        if (EXPLAINED.equals(verdict) && explainedBy != null) {
            return Explanations.MEANINGS.getOrDefault(explainedBy, explainedBy);
        }
        return WORDS.getOrDefault(verdict, verdict == null ? WORDS.get(NOT_AUDITED) : verdict);
    }

    /**
     * The kind of reason behind an explanation: teaching group, tutor or pastoral relationship,
     * inferred relationship (teaching seen from activity), incident involvement (author, assigned,
     * alerted, actioned), safeguarding role, role remit, cover register.
     */
    public static String kindOf(String explainedBy) {
        if (explainedBy == null) {
            return null;
        }
        if (explainedBy.startsWith("activity_")) {
            return "inferred relationship (seen from activity)";
        }
        if (explainedBy.startsWith("incident_") || explainedBy.startsWith("pupil_incident_")) {
            return "incident involvement";
        }
        return KINDS.getOrDefault(explainedBy, explainedBy);
    }
}
