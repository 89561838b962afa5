package uk.schoolaccess.auditor.analytics.detect;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

import uk.schoolaccess.auditor.analytics.audit.AuditContext;
import uk.schoolaccess.auditor.analytics.baseline.DailyCountBaseline;
import uk.schoolaccess.auditor.analytics.engine.Row;
import uk.schoolaccess.auditor.analytics.engine.Sql;
import uk.schoolaccess.auditor.analytics.explain.AccessExplanation;
import uk.schoolaccess.auditor.analytics.explain.ActivityTeaching;
import uk.schoolaccess.auditor.analytics.explain.Explanations;

/**
 * ACC-1 and ACC-2: pupil and safeguarding records opened with no legitimate reason. Each access
 * is first explained by a relationship (Explanations). What is left is judged three ways:
 * <ul>
 * <li>browsing: a day's unexplained pupils against the person's own history and their role
 * peers (Poisson upper tail; Benjamini-Hochberg across all staff-days), so cover lessons and
 * the odd look-up stay quiet while a session of browsing does not;</li>
 * <li>relatives: any look at a pupil of the member of staff's own family (a conflict no role
 * explains);</li>
 * <li>incidents: a safeguarding incident opened by someone who is not its author, assignee,
 * alerted, or a DSL/deputy, worse when several such people open the same incident (a
 * curiosity cluster).</li>
 * </ul>
 */
public final class OutOfRoleAccessDetector implements Detector {

    public static final String ID = "out_of_role_access";
    private static final DateTimeFormatter HM = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
    private static final List<String> SENSITIVE = List.of("medical", "sen", "child_protection", "contacts", "incident");

    private static final DetectorInfo INFO = new DetectorInfo(ID, "Records opened with no legitimate reason",
            List.of("ACC-1", "ACC-2"),
            "high: 3x the minimum or more, sensitive areas (medical, SEN, contacts), a relative's records, or an "
                    + "incident in a curiosity cluster; otherwise medium; browsing by a person with less than learning_weeks of "
                    + "history is capped at medium",
            withActivity(new DetectorInfo.Threshold("fdr", 0.01,
                            "false-discovery rate across all staff-days (Benjamini-Hochberg)"),
                    new DetectorInfo.Threshold("min_unexplained", 6,
                            "fewest unexplained pupils in a day worth reporting"),
                    new DetectorInfo.Threshold("min_own_days", 5,
                            "days of own history needed before it is used as a baseline"),
                    new DetectorInfo.Threshold("relative_min_areas", 3, "record areas of a relative opened in a day "
                            + "that are reported even when the person's role would explain each one"),
                    new DetectorInfo.Threshold("cluster_size", 3,
                            "uninvolved staff opening one incident that make a curiosity cluster"),
                    new DetectorInfo.Threshold("cluster_days", 2, "days within which a curiosity cluster forms"),
                    LearningPeriod.threshold(4)),
            List.of("a form tutor viewing their form", "the SENCo viewing pupils with SEN",
                    "office staff on attendance and contacts", "a teacher taking a cover register",
                    "the DSL or a deputy opening any incident",
                    "a teacher teaching a group the roster export leaves out (seen from activity)"));

    /** The browsing thresholds, then those of learning teaching from activity (ActivityTeaching). */
    private static List<DetectorInfo.Threshold> withActivity(DetectorInfo.Threshold... own) {
        List<DetectorInfo.Threshold> all = new ArrayList<>(List.of(own));
        all.addAll(ActivityTeaching.THRESHOLDS);
        return List.copyOf(all);
    }

    @Override
    public DetectorInfo info() {
        return INFO;
    }

    /** It judges accesses by access_explained (and history_roster_days), built with the explanations. */
    @Override
    public boolean readsExplanations() {
        return true;
    }

    @Override
    public List<Finding> detect(AuditContext context) {
        People people = People.of(context);
        List<Finding> out = new ArrayList<>(browsing(context, people));
        out.addAll(relatives(context, people));
        out.addAll(incidents(context, people));
        return out;
    }

    /**
     * access_explained leaves out the account (a long string written for nine weeks of accesses):
     * a finding's accesses take theirs from record_access, by event id (and time, so only the
     * store's row groups of those times are read).
     */
    private static final String WITH_ACCOUNT = "JOIN record_access r ON r.event_id = a.event_id AND r.ts = a.ts";
    private static final String ACCOUNT = "r.account";

    /**
     * The accesses of access_explained that match where, with their accounts (WITH_ACCOUNT), in order.
     * Found first, into a temporary table: joined straight to record_access, DuckDB could not tell
     * how few they are and built the join's hash table on every stored access instead (3.8 M rows on
     * a whole year: 1.5 to 2 s for a dozen relatives' accesses).
     */
    private static List<Row> withAccounts(AuditContext context, String select, String where, String orderBy) {
        context.engine().execute("CREATE OR REPLACE TEMP TABLE out_of_role_found AS SELECT * FROM access_explained a WHERE "
                + where);
        List<Row> rows;
        try {
            rows = context.engine().query("SELECT " + select + " FROM out_of_role_found a " + WITH_ACCOUNT
                    + " ORDER BY " + orderBy);
        } catch (RuntimeException e) {
            // dropped here too, but never hiding why the query failed
            try {
                context.engine().execute("DROP TABLE IF EXISTS out_of_role_found");
            } catch (RuntimeException dropFailed) {
                e.addSuppressed(dropFailed);
            }
            throw e;
        }
        context.engine().execute("DROP TABLE IF EXISTS out_of_role_found");
        return rows;
    }

    private List<Finding> browsing(AuditContext context, People people) {
        List<Row> days = context.query(ID, Map.of("unexplained", AccessExplanation.unexplainedBrowsingWhere("")));
        double q = context.threshold(INFO, "fdr");
        double min = context.threshold(INFO, "min_unexplained");
        LearningPeriod learning = LearningPeriod.of(context, INFO);
        List<Finding> out = new ArrayList<>();
        for (StaffDayCounts.Flagged f : StaffDayCounts.flagged(context, people, days, "unexplained_pupils", true,
                context.threshold(INFO, "min_own_days"), q, min)) {
            out.add(browsingFinding(context, people, f.row(), f.baseline(), q, min, f.tests(), learning));
        }
        return out;
    }

    private Finding browsingFinding(AuditContext context, People people, Row d, DailyCountBaseline.Judgement b,
                                    double q, double min, int tests, LearningPeriod learning) {
        String staff = d.text("staff_id");
        LocalDate day = d.date("day");
        List<Row> events = context.engine().query("SELECT a.event_id, " + ACCOUNT + ", a.area, a.year_group, a.pupil_id, "
                + "a.ts FROM access_explained a " + WITH_ACCOUNT + " WHERE a.staff_id = " + Sql.text(staff)
                + " AND to_date(a.ts) = " + Sql.date(day) + " AND " + AccessExplanation.unexplainedBrowsingWhere("a.")
                + " ORDER BY a.ts, a.event_id");
        long u = d.number("unexplained_pupils");
        TreeSet<String> areas = events.stream().map(e -> e.text("area")).filter(a -> a != null)
                .collect(Collectors.toCollection(TreeSet::new));
        TreeSet<Long> years = events.stream().filter(e -> e.get("year_group") != null)
                .map(e -> e.number("year_group")).collect(Collectors.toCollection(TreeSet::new));
        boolean sensitive = areas.stream().anyMatch(SENSITIVE::contains);
        Severity severity = u >= 3 * min || sensitive ? Severity.HIGH : Severity.MEDIUM;
        People.Person person = people.get(staff);
        // Browsing is judged against a baseline: a person (or a store) with little history is not judged with top confidence.
        boolean stillLearning = learning.learning(staff, d.instant("first_ts"));
        double score = Scores.surprise(b.pValue());
        if (stillLearning) {
            severity = learning.cap(severity);
            score = learning.scale(score, staff, d.instant("first_ts"));
        }
        String summary = String.format(Locale.UK, "%s viewed the records of %d pupils that no relationship explains "
                        + "(%s; %s) on %s, %s-%s UTC; usual for them %.1f a day, for %s peers %.1f.",
                person.label(), u, years.isEmpty() ? "year unknown" : "Years " + years.stream().map(String::valueOf)
                        .collect(Collectors.joining(", ")), String.join(", ", areas), day,
                HM.format(d.instant("first_ts")), HM.format(d.instant("last_ts")), b.ownMean(), person.peerGroup(), b.peerMean())
                + (stillLearning ? " Evidence: " + learning.note(staff, d.instant("first_ts")) + "." : "");
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("own_days", b.ownDays());
        details.put("own_mean", b.ownMean());
        details.put("peer_days", b.peerDays());
        details.put("peer_mean", b.peerMean());
        details.put("p_value", b.pValue());
        details.put("tests", tests);
        details.put("min_unexplained", min);
        Evidence.Baseline baseline = new Evidence.Baseline(context.settings().baseline().weeks() + " weeks before "
                + "and during the period", person.peerGroup(), "Poisson upper tail of unexplained pupils a day, "
                + "own and peer means; Benjamini-Hochberg at q=" + q, u, min, details);
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("looked_for", Explanations.MEANINGS.keySet().stream().sorted().toList());
        facts.put("areas", List.copyOf(areas));
        facts.put("year_groups", List.copyOf(years));
        facts.put("pupils", events.stream().map(e -> e.text("pupil_id")).distinct().sorted().toList());
        facts.put("learning", stillLearning);
        if (stillLearning) {
            facts.put("evidence", List.of("unexplained pupils far above own and peer means",
                    learning.note(staff, d.instant("first_ts"))));
        }
        return new Finding(FindingIds.of(ID, "browsing", staff, day), ID, staff, events.get(0).text("account"),
                "pupil records", events.get(0).instant("ts"), events.get(events.size() - 1).instant("ts"), severity,
                score, "ACC-1", summary,
                new Evidence(events.stream().map(e -> e.text("event_id")).toList(), baseline, facts));
    }

    private List<Finding> relatives(AuditContext context, People people) {
        List<Row> rows = withAccounts(context, "a.staff_id, to_date(a.ts) AS day, a.pupil_id, a.event_id, "
                + ACCOUNT + ", a.ts, a.area, a.explained_by", "a.conflict = 'relative' AND a.ts >= "
                + context.standardParams().get("from") + " AND a.ts < " + context.standardParams().get("to"),
                "a.staff_id, a.ts, a.event_id");
        Map<String, List<Row>> byStaffDay = new LinkedHashMap<>();
        rows.forEach(r -> byStaffDay.computeIfAbsent(r.text("staff_id") + "|" + r.date("day"), k -> new ArrayList<>()).add(r));
        List<Finding> out = new ArrayList<>();
        double minAreas = context.threshold(INFO, "relative_min_areas");
        for (List<Row> evs : byStaffDay.values()) {
            Row f = evs.get(0);
            boolean unexplained = evs.stream().anyMatch(e -> e.get("explained_by") == null);
            long areaCount = evs.stream().map(e -> e.text("area")).distinct().count();
            if (!unexplained && areaCount < minAreas) {
                continue; // the office opening a relative's contacts once, in its remit: not a finding
            }
            String pupils = evs.stream().map(e -> e.text("pupil_id")).distinct().sorted().collect(Collectors.joining(", "));
            String areas = evs.stream().map(e -> e.text("area")).filter(a -> a != null).distinct().sorted()
                    .collect(Collectors.joining(", "));
            String summary = String.format(Locale.UK, "%s opened %d record(s) of a pupil in their own family (%s; %s) "
                    + "on %s: a conflict of interest no role explains.", people.label(f.text("staff_id")), evs.size(),
                    pupils, areas, f.date("day"));
            out.add(new Finding(FindingIds.of(ID, "relative", f.text("staff_id"), f.date("day")), ID, f.text("staff_id"),
                    f.text("account"), pupils, f.instant("ts"), evs.get(evs.size() - 1).instant("ts"), Severity.HIGH,
                    evs.size(), "ACC-1", summary, new Evidence(evs.stream().map(e -> e.text("event_id")).toList(), null,
                    Map.of("rule", "staff.family_key equals pupils.family_key", "areas_opened", areaCount,
                            "unexplained_by_role", unexplained))));
        }
        return out;
    }

    private List<Finding> incidents(AuditContext context, People people) {
        int clusterSize = (int) context.threshold(INFO, "cluster_size");
        int clusterDays = (int) context.threshold(INFO, "cluster_days");
        String period = " AND a.ts >= " + context.standardParams().get("from") + " AND a.ts < "
                + context.standardParams().get("to");
        List<Row> opens = withAccounts(context, "a.staff_id, " + ACCOUNT + ", a.incident_id, to_date(a.ts) AS day, "
                + "a.ts, a.event_id", "a.incident_id IS NOT NULL AND " + AccessExplanation.unexplainedWhere("a.") + period,
                "a.staff_id, a.ts, a.event_id");
        List<Row> clusters = context.engine().query("SELECT a.incident_id, a.ts, count(DISTINCT b.staff_id) AS openers "
                + "FROM access_explained a JOIN access_explained b ON b.incident_id = a.incident_id "
                + "AND " + AccessExplanation.unexplainedWhere("b.") + " "
                + "AND unix_timestamp(b.ts) BETWEEN unix_timestamp(a.ts) AND unix_timestamp(a.ts) + " + clusterDays * 86400
                + " WHERE a.incident_id IS NOT NULL AND " + AccessExplanation.unexplainedWhere("a.")
                + " GROUP BY a.incident_id, a.event_id, a.ts");
        Map<String, Long> clusterOpeners = new LinkedHashMap<>();
        clusters.forEach(c -> clusterOpeners.merge(c.text("incident_id"), c.number("openers"), Math::max));
        Map<String, List<Row>> byStaffDay = new LinkedHashMap<>();
        opens.forEach(r -> byStaffDay.computeIfAbsent(r.text("staff_id") + "|" + r.date("day"), k -> new ArrayList<>()).add(r));
        Map<String, List<Long>> ownOpenings = new LinkedHashMap<>();
        opens.forEach(r -> ownOpenings.computeIfAbsent(r.text("staff_id") + "|" + r.text("incident_id"),
                k -> new ArrayList<>()).add(r.instant("ts").getEpochSecond()));
        List<Finding> out = new ArrayList<>();
        for (List<Row> evs : byStaffDay.values()) {
            Row f = evs.get(0);
            List<String> ids = evs.stream().map(e -> e.text("incident_id")).distinct().sorted().toList();
            List<String> clustered = ids.stream().filter(i -> clusterOpeners.getOrDefault(i, 0L) >= clusterSize).toList();
            long most = ids.stream().mapToLong(i -> clusterOpeners.getOrDefault(i, 1L)).max().orElse(1);
            long others = clustered.stream().mapToLong(i -> otherOpeners(clusters, i,
                    ownOpenings.getOrDefault(f.text("staff_id") + "|" + i, List.of()), clusterDays)).max().orElse(0);
            String summary = String.format(Locale.UK, "%s opened safeguarding incident(s) %s on %s without being their "
                            + "author, assignee, alerted, or a DSL/deputy%s.", people.label(f.text("staff_id")),
                    String.join(", ", ids), f.date("day"), clustered.isEmpty() ? ""
                            : String.format(Locale.UK, "; %s was also opened by %d other uninvolved staff within %d "
                            + "days (a curiosity cluster)", String.join(", ", clustered), others, clusterDays));
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("incidents", ids);
            facts.put("curiosity_cluster", clustered);
            facts.put("uninvolved_openers", most);
            facts.put("looked_for", List.of("incident author", "assigned", "alerted", "actioned", "DSL", "deputy DSL"));
            out.add(new Finding(FindingIds.of(ID, "incident", f.text("staff_id"), f.date("day")), ID, f.text("staff_id"),
                    f.text("account"), "incident " + String.join(", ", ids), f.instant("ts"),
                    evs.get(evs.size() - 1).instant("ts"), clustered.isEmpty() ? Severity.MEDIUM : Severity.HIGH,
                    ids.size() + most, "ACC-2", summary,
                    new Evidence(evs.stream().map(e -> e.text("event_id")).toList(), null, facts)));
        }
        return out;
    }

    /**
     * The most uninvolved staff other than this person who opened the incident within one
     * cluster window: a window's openers count this person too when one of their own openings
     * lies in it (the cluster's count, kept as uninvolved_openers, is everyone's).
     */
    private static long otherOpeners(List<Row> clusters, String incident, List<Long> own, int clusterDays) {
        long most = 0;
        for (Row w : clusters) {
            if (!incident.equals(w.text("incident_id"))) {
                continue;
            }
            long start = w.instant("ts").getEpochSecond();
            boolean theirs = own.stream().anyMatch(t -> t >= start && t <= start + clusterDays * 86400L);
            most = Math.max(most, w.number("openers") - (theirs ? 1 : 0));
        }
        return most;
    }
}
