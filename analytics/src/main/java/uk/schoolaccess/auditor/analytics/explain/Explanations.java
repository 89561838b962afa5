package uk.schoolaccess.auditor.analytics.explain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import uk.schoolaccess.auditor.analytics.audit.AuditContext;
import uk.schoolaccess.auditor.analytics.audit.AuditPeriod;
import uk.schoolaccess.auditor.analytics.engine.Row;
import uk.schoolaccess.auditor.analytics.engine.SqlResource;

/**
 * Explanation-based auditing: each pupil-level access of the period is matched to the
 * relationship that explains it (detectors/access_explained.sql) into the temporary table
 * {@code access_explained}, which the out-of-role detector, the coverage figure and the
 * dashboard read. Built once per audit.
 */
public final class Explanations {

    /** What each explanation means, in a DPO's words; also the list of what was looked for. */
    public static final Map<String, String> MEANINGS = withActivity(
            Map.entry("incident_author", "wrote the incident"),
            Map.entry("incident_assigned", "is assigned to the incident"),
            Map.entry("incident_alerted", "was alerted to the incident"),
            Map.entry("incident_actioned", "actioned the incident"),
            Map.entry("pupil_incident_author", "wrote an incident about the pupil"),
            Map.entry("pupil_incident_assigned", "is assigned to an incident about the pupil"),
            Map.entry("pupil_incident_alerted", "was alerted to an incident about the pupil"),
            Map.entry("pupil_incident_actioned", "actioned an incident about the pupil"),
            Map.entry("teaches", "teaches the pupil"),
            Map.entry("form_tutor", "is the pupil's form tutor"),
            Map.entry("head_of_year", "is the pupil's head of year"),
            Map.entry("senco_caseload", "has the pupil on their SEN caseload"),
            Map.entry("keyworker", "is the pupil's keyworker"),
            Map.entry("senco_sen_pupil", "is the SENCo and the pupil has SEN"),
            Map.entry("safeguarding_lead", "is the DSL or a deputy (safeguarding system, or a pupil with an incident)"),
            Map.entry("role_remit", "the record area is in their role's remit (office, welfare, senior leaders)"),
            Map.entry("cover_register", "took a register for the pupil's class (cover)"));

    @SafeVarargs
    private static Map<String, String> withActivity(Map.Entry<String, String>... roster) {
        Map<String, String> all = new java.util.HashMap<>(Map.ofEntries(roster));
        all.putAll(ActivityTeaching.MEANINGS);
        return Map.copyOf(all);
    }

    private Explanations() {
    }

    public static void build(AuditContext context) {
        Map<String, String> params = merge(context.standardParams(), Map.of("role_areas", roleAreas(context),
                "judged_actions", AuditContext.quotedList(AccessExplanation.JUDGED_ACTIONS)));
        params = merge(params, ActivityTeaching.params(context,
                new uk.schoolaccess.auditor.analytics.detect.OutOfRoleAccessDetector().info()));
        java.time.Instant liveFrom = liveFrom(context);
        params = merge(params, Map.of("live_from", AuditPeriod.sql(liveFrom)));
        boolean kept = KeptTeaching.applies(context, params);
        // Planned before pupil_accesses: the kept history is read only where the learning does not read accesses.
        KeptTeaching.Plan teaching = kept ? KeptTeaching.plan(context, params) : null;
        KeptHistory.Plan history = kept && KeptHistory.available(context) ? KeptHistory.plan(context, liveFrom, teaching) : null;
        params = merge(params, Map.of("kept_from", AuditPeriod.sql(history == null ? liveFrom : history.keptFrom()),
                "kept_to", AuditPeriod.sql(history == null ? liveFrom : history.keptTo())));
        String sql = SqlResource.fill(SqlResource.load("access_explained"), params);
        for (String statement : SqlResource.statements(sql)) {
            // On DuckDB the teaching seen from activity is learned from the store's kept activity.
            if (kept && statement.contains("TEMP TABLE teaching_activity AS")) {
                KeptTeaching.build(context, params, statement, teaching);
            } else if (!(kept && statement.contains("TEMP TABLE activity_seen AS"))) {
                context.engine().execute(statement);
            }
            // ... and the baseline history's whole UTC days from kept_from, from its kept rows and counts.
            if (history != null && statement.contains("TEMP TABLE pupil_accesses AS")) {
                KeptHistory.keep(context.engine(), history);
                KeptHistory.addAccesses(context.engine(), history);
            } else if (history != null && statement.contains("TEMP TABLE history_roster_days AS")) {
                KeptHistory.addCounts(context.engine(), history);
            }
        }
    }

    /**
     * Where access_explained.sql starts reading the accesses whole (event ids, every explanation):
     * the start of the UTC day of the period's first moment, when the baseline history's
     * explanations are all kept already (DuckDB; the same test {@link #keep} makes, so nothing
     * would be kept for the history anyway), else the start of the history (every access, as on
     * Spark or a store no audit has explained). Before it, the out-of-role baseline needs only each
     * day's unexplained pupils: the accesses a roster relationship explains are counted, not
     * explained again. A whole UTC day: the detector judges a day of the period with all its
     * unexplained accesses (the period starts at a local midnight, inside a UTC day).
     */
    static java.time.Instant liveFrom(AuditContext context) {
        java.time.Instant historyFrom = context.historyFrom();
        java.time.Instant dayStart = context.period().from().truncatedTo(java.time.temporal.ChronoUnit.DAYS);
        if (!(context.engine() instanceof uk.schoolaccess.auditor.analytics.engine.DuckDbEngine)
                || !dayStart.isAfter(historyFrom) || context.engine().query("SELECT count(*) AS n FROM "
                + "information_schema.tables WHERE table_name = 'access_explanations' AND table_schema = 'main'")
                .get(0).number("n") == 0) {
            return historyFrom;
        }
        String history = "ts >= " + AuditPeriod.sql(historyFrom) + " AND ts < " + context.standardParams().get("from");
        Row counts = context.engine().query("SELECT (SELECT count(*) FROM record_access WHERE " + history
                + " AND action IN " + AuditContext.quotedList(AccessExplanation.JUDGED_ACTIONS)
                + " AND (pupil_id IS NOT NULL OR incident_id IS NOT NULL)) AS accesses, "
                + "(SELECT count(*) FROM access_explanations WHERE " + history + ") AS kept").get(0);
        return counts.number("kept") < counts.number("accesses") ? historyFrom : dayStart;
    }

    /** Share of pupil-level accesses in the period that a relationship explains. */
    public static Coverage coverage(AuditContext context) {
        List<Row> rows = context.engine().query("SELECT count(*) AS accesses, "
                + "count(explained_by) AS explained, " + FROM_ACTIVITY + " AS from_activity FROM access_explained WHERE staff_id IS NOT NULL "
                + "AND coalesce(conflict, '') <> 'after_leaving' AND ts >= "
                + context.standardParams().get("from") + " AND ts < " + context.standardParams().get("to"));
        Row r = rows.get(0);
        return new Coverage(r.number("accesses"), r.number("explained"), r.number("from_activity"));
    }

    /**
     * Keeps each access's explanation in the store (access_explanations) for subject access
     * look-ups and investigations: a re-audit replaces the explanations of the period's accesses.
     * An access of the baseline history before the period keeps the explanation its own audit
     * stored (the audit that judged it); one no audit has explained yet (loaded late, or never
     * audited) is given this audit's. A whole-store audit's history is empty, so it keeps every
     * explanation it made, as before. Rewriting the history's explanations was most of this
     * step's time in a weekly audit (eight baseline weeks for one week judged).
     */
    public static void keep(AuditContext context) {
        String historyFrom = context.standardParams().get("history_from");
        String from = context.standardParams().get("from");
        String to = context.standardParams().get("to");
        String period = "ts >= " + from + " AND ts < " + to;
        context.engine().execute("DELETE FROM access_explanations WHERE " + period
                + " AND event_id IN (SELECT event_id FROM access_explained WHERE " + period + ")");
        context.engine().execute("INSERT INTO access_explanations (event_id, explained_by, conflict, ts) "
                + "SELECT event_id, explained_by, conflict, ts FROM access_explained WHERE " + period);
        // The history's accesses no audit has explained: only looked for when the history's kept
        // explanations are fewer than its accesses (each access is kept once, so when they are as
        // many every one is there), which spares a join of the history's ids in most weekly runs.
        String history = "ts >= " + historyFrom + " AND ts < " + from;
        // (history_roster_days counts the history's accesses access_explained leaves out: see liveFrom)
        List<Row> counts = context.engine().query("SELECT (SELECT count(*) FROM access_explained WHERE " + history
                + ") + (SELECT coalesce(sum(accesses), 0) FROM history_roster_days) AS accesses, "
                + "(SELECT count(*) FROM access_explanations WHERE " + history + ") AS kept");
        if (counts.get(0).number("kept") < counts.get(0).number("accesses")) {
            context.engine().execute("INSERT INTO access_explanations (event_id, explained_by, conflict, ts) "
                    + "SELECT a.event_id, a.explained_by, a.conflict, a.ts FROM (SELECT * FROM access_explained WHERE "
                    + history + ") a ANTI JOIN (SELECT event_id FROM access_explanations WHERE " + history
                    + ") e ON e.event_id = a.event_id");
        }
        // The teaching seen from activity, with its evidence, for roster health and look-ups: the
        // latest audit's view replaces the last one.
        context.engine().execute("DELETE FROM inferred_relationships");
        context.engine().execute("INSERT INTO inferred_relationships (staff_id, pupil_id, kind, weekday, slot_start, "
                + "days, first_day, last_day, group_id, group_known, group_size, in_roster, period_from, period_to) "
                + "SELECT staff_id, pupil_id, kind, weekday, slot_start, days, "
                + "CAST(DATE '1970-01-01' + CAST(first_day AS INTEGER) AS DATE), "
                + "CAST(DATE '1970-01-01' + CAST(last_day AS INTEGER) AS DATE), group_id, group_known, group_size, "
                + "in_roster, " + context.standardParams().get("from") + ", " + context.standardParams().get("to")
                + " FROM activity_teaching");
    }

    /** Accesses explained by teaching seen from activity rather than by the roster (SQL over access_explained). */
    static final String FROM_ACTIVITY = "count(CASE WHEN explained_by LIKE 'activity_%' THEN 1 END)";

    /** Coverage per UTC day of the period: rows of day, accesses, explained, from_activity. */
    public static List<Row> daily(AuditContext context) {
        return context.engine().query("SELECT to_date(ts) AS day, count(*) AS accesses, count(explained_by) AS explained, "
                + FROM_ACTIVITY + " AS from_activity "
                + "FROM access_explained WHERE staff_id IS NOT NULL AND coalesce(conflict, '') <> 'after_leaving' "
                + "AND ts >= " + context.standardParams().get("from") + " AND ts < " + context.standardParams().get("to")
                + " GROUP BY to_date(ts)");
    }

    /**
     * Explained and total pupil-level accesses, and how many of the explained ones only teaching
     * seen from activity explains (the rest the roster, remits and cover registers);
     * {@link #share()} is NaN when there were none.
     */
    public record Coverage(long accesses, long explained, long fromActivity) {
        public double share() {
            return accesses == 0 ? Double.NaN : (double) explained / accesses;
        }

        /** Share explained by the roster, remits and cover registers. */
        public double rosterShare() {
            return accesses == 0 ? Double.NaN : (double) (explained - fromActivity) / accesses;
        }

        /** Share explained only by teaching seen from activity. */
        public double activityShare() {
            return accesses == 0 ? Double.NaN : (double) fromActivity / accesses;
        }
    }

    /** The role remits of the configuration as a SQL row source (role, area), for any step that judges remit. */
    public static String roleAreas(AuditContext context) {
        List<String> pairs = new ArrayList<>();
        context.settings().roleRemits().areas().forEach((role, areas) -> areas.forEach(area ->
                pairs.add("('" + role.replace("'", "''") + "', '" + area.replace("'", "''") + "')")));
        if (pairs.isEmpty()) {
            pairs.add("('', '')");
        }
        return "SELECT * FROM (VALUES " + String.join(", ", pairs) + ") AS t(role, area)";
    }

    private static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
        var m = new java.util.HashMap<>(a);
        m.putAll(b);
        return m;
    }
}
