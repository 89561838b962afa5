package uk.schoolaccess.auditor.analytics.detect;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.apache.commons.math3.distribution.NormalDistribution;

import uk.schoolaccess.auditor.analytics.audit.AuditContext;
import uk.schoolaccess.auditor.analytics.audit.AuditPeriod;
import uk.schoolaccess.auditor.analytics.baseline.RobustSpread;
import uk.schoolaccess.auditor.analytics.engine.Row;
import uk.schoolaccess.auditor.analytics.engine.Sql;

/**
 * DATA-2: exports and prints covering many pupils at once. Each export (one person, one system,
 * one minute) is judged first against the exporter's remit: the share of the pupils it names that
 * their relationships and role remit explain (bulk_export_remit.sql), or, for a report that names
 * no pupils, its size against the pupils their remit covers. A recurring export (same person and
 * system, same weekday and time of day, similar size, in other weeks) is learnt as routine and
 * never reported. An export within remit is reported only when far larger than the person's own
 * exports (low). One outside remit is reported when unusual against both the person's own exports
 * and their role's: more than {@code ratio} times the median and at least {@code z} robust
 * deviations above it, or with fewer than {@code min_baseline} exports to compare (no precedent).
 * While the person's own history is shorter than {@code learning_weeks}, findings that rest on
 * the baseline (not mostly outside remit) say "learning", are capped at medium and scored lower.
 */
public final class BulkExportDetector implements Detector {

    public static final String ID = "bulk_export";
    private static final DateTimeFormatter HM = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
    private static final List<String> SENSITIVE = List.of("medical", "sen", "child_protection", "contacts", "incident");
    private static final NormalDistribution NORMAL = new NormalDistribution(null, 0, 1);

    private static final DetectorInfo INFO = new DetectorInfo(ID, "Exports covering many pupils at once",
            List.of("DATA-2"),
            "high when the export covers a sensitive area (medical, SEN, child protection, contacts, incidents), comes "
                    + "from the safeguarding system, or covers high_rows records or more; otherwise medium. Score: "
                    + "-log10 of the one-sided normal tail of the smaller robust z (own, role), capped at 12; 12 when "
                    + "neither has a precedent",
            List.of(new DetectorInfo.Threshold("min_rows", 5, "fewest records an export must cover to be judged"),
                    new DetectorInfo.Threshold("ratio", 3, "times the usual (median) size an export must exceed"),
                    new DetectorInfo.Threshold("z", 3.5,
                            "robust z (median / scaled MAD) an export's size must reach above the usual size"),
                    new DetectorInfo.Threshold("min_baseline", 3,
                            "exports needed before a person's or a role's sizes count as a usual size; fewer is "
                                    + "no precedent"),
                    new DetectorInfo.Threshold("high_rows", 100, "records from which an unusual export is high"),
                    new DetectorInfo.Threshold("remit_share", 0.95, "share of the exported pupils the exporter's "
                            + "relationships and role remit must explain for the export to be within remit"),
                    new DetectorInfo.Threshold("routine_min", 2, "other exports of the same person, system, weekday "
                            + "and time of day, of similar size, that make an export a routine"),
                    new DetectorInfo.Threshold("routine_hours", 2, "routine: how far apart in time of day (school "
                            + "zone) two exports may be"),
                    new DetectorInfo.Threshold("routine_size_ratio", 2, "routine: how many times larger or smaller "
                            + "than this export another may be and still be similar"),
                    LearningPeriod.threshold(4)),
            List.of("the office's weekly whole-school attendance export (its role's and its own routine)",
                    "the DSL's routine Friday CPOMS export of the week's incidents",
                    "a head of year exporting their own year group (every pupil within their remit)",
                    "any export repeated by the same person on the same weekday at about the same time and size",
                    "small exports and prints (a class list, one pupil's record) below min_rows"));

    /** How far an export lies within its exporter's remit (bulk_export_remit.sql). */
    private record Remit(long named, long explained, boolean wholeSchool, long remitSize) {
        /** Share of the export explained: of the pupils it names, else of its size by the remit's size. */
        double share(long size) {
            if (named > 0) {
                return (double) explained / named;
            }
            return wholeSchool || size <= 0 ? 1.0 : Math.min(1.0, (double) remitSize / size);
        }

        String describe(long size) {
            if (named > 0) {
                return String.format(Locale.UK, "%d of the %d pupils it names are within their relationships or role "
                        + "remit", explained, named);
            }
            return wholeSchool ? "the area is in their role's remit for every pupil"
                    : String.format(Locale.UK, "it names no pupils; their relationships cover %d pupils against %d "
                            + "records exported", remitSize, size);
        }
    }

    /** One export: the rows of one person in one system within one minute. */
    private record Export(String source, String person, String staffId, String account, long slot, Instant first,
                          Instant last, long rows, long size, String peerGroup) {
        boolean same(Export o) {
            return source.equals(o.source) && person.equals(o.person) && slot == o.slot;
        }
    }

    /** How an export compares with one baseline. */
    private record Judgement(RobustSpread spread, boolean precedent, boolean unusual, double z, double bound) {
        String describe() {
            return precedent ? String.format(Locale.UK, "median %.0f over %d exports", spread.median(), spread.n())
                    : spread.n() == 0 ? "no exports to compare" : "only " + spread.n() + " export(s) to compare";
        }
    }

    @Override
    public DetectorInfo info() {
        return INFO;
    }

    @Override
    public List<Finding> detect(AuditContext context) {
        People people = People.of(context);
        List<Export> all = new ArrayList<>();
        for (Row r : context.query(ID, Map.of())) {
            String staff = r.text("staff_id");
            all.add(new Export(r.text("source"), r.text("person"), staff, r.text("account"), r.number("minute_slot"),
                    r.instant("first_ts"), r.instant("last_ts"), r.number("rows_logged"), r.number("size"),
                    staff == null ? "unknown" : people.get(staff).peerGroup()));
        }
        double minRows = context.threshold(INFO, "min_rows");
        Map<String, Remit> remits = remits(context);
        LearningPeriod learning = LearningPeriod.of(context, INFO);
        List<Finding> out = new ArrayList<>();
        for (Export e : all) {
            if (e.first().isBefore(context.period().from()) || e.size() < minRows) {
                continue;
            }
            List<Export> routine = routine(context, e, all);
            if (routine.size() >= context.threshold(INFO, "routine_min")) {
                continue; // learnt as this person's routine
            }
            Judgement own = judge(context, e, all.stream().filter(o -> !o.same(e) && o.source().equals(e.source())
                    && o.person().equals(e.person())).mapToDouble(Export::size).toArray());
            Judgement role = judge(context, e, all.stream().filter(o -> !o.same(e) && o.source().equals(e.source())
                    && o.peerGroup().equals(e.peerGroup())).mapToDouble(Export::size).toArray());
            Remit remit = remits.getOrDefault(e.source() + "|" + e.person() + "|" + e.slot(), new Remit(0, 0, false, 0));
            boolean inRemit = e.staffId() != null && remit.share(e.size()) >= context.threshold(INFO, "remit_share");
            if (inRemit ? own.precedent() && own.unusual() : own.unusual() && role.unusual()) {
                out.add(finding(context, people, e, own, role, remit, inRemit, routine.size(), learning));
            }
        }
        return out;
    }

    private static Map<String, Remit> remits(AuditContext context) {
        Map<String, String> params = new java.util.HashMap<>(context.standardParams());
        params.put("role_areas", uk.schoolaccess.auditor.analytics.explain.Explanations.roleAreas(context));
        uk.schoolaccess.auditor.analytics.engine.SqlResource.statements(uk.schoolaccess.auditor.analytics.engine.SqlResource
                .fill(uk.schoolaccess.auditor.analytics.engine.SqlResource.load(ID + "_remit"), params))
                .forEach(context.engine()::execute);
        Map<String, Remit> out = new java.util.HashMap<>();
        for (Row r : context.engine().query("SELECT * FROM export_remit")) {
            out.put(r.text("source") + "|" + r.text("person") + "|" + r.number("minute_slot"), new Remit(
                    r.number("pupils_named"), r.number("pupils_explained"), r.number("whole_school") > 0,
                    r.number("remit_size")));
        }
        return out;
    }

    /** The person's other exports in the system on the same weekday, at about the same time and size, in other weeks. */
    private List<Export> routine(AuditContext context, Export e, List<Export> all) {
        double hours = context.threshold(INFO, "routine_hours");
        double ratio = context.threshold(INFO, "routine_size_ratio");
        java.time.ZonedDateTime at = e.first().atZone(context.zone());
        return all.stream().filter(o -> !o.same(e) && o.source().equals(e.source()) && o.person().equals(e.person()))
                .filter(o -> {
                    java.time.ZonedDateTime t = o.first().atZone(context.zone());
                    double apart = Math.abs(t.toLocalTime().toSecondOfDay() - at.toLocalTime().toSecondOfDay()) / 3600.0;
                    return t.getDayOfWeek() == at.getDayOfWeek() && !t.toLocalDate().equals(at.toLocalDate())
                            && apart <= hours && o.size() * ratio >= e.size() && o.size() <= e.size() * ratio;
                }).toList();
    }

    private Judgement judge(AuditContext context, Export e, double[] sizes) {
        RobustSpread s = RobustSpread.of(sizes);
        if (s.n() < context.threshold(INFO, "min_baseline")) {
            return new Judgement(s, false, true, Double.POSITIVE_INFINITY, 0);
        }
        double ratio = context.threshold(INFO, "ratio");
        double z = context.threshold(INFO, "z");
        double robustZ = s.robustZ(e.size());
        double sd = Math.max(s.mad() * RobustSpread.MAD_TO_SD, 1.0);
        double bound = Math.max(ratio * s.median(), s.median() + z * sd);
        return new Judgement(s, true, e.size() > ratio * s.median() && robustZ >= z, robustZ, bound);
    }

    private Finding finding(AuditContext context, People people, Export e, Judgement own, Judgement role, Remit remit,
                            boolean inRemit, int similar, LearningPeriod learning) {
        List<Row> events = context.engine().query("SELECT event_id, ts, action, area, pupil_id, incident_id, workstation "
                + "FROM record_access WHERE source = " + Sql.text(e.source()) + " AND coalesce(staff_id, account) = "
                + Sql.text(e.person()) + " AND action IN ('export', 'print') AND ts >= " + AuditPeriod.sql(e.first())
                + " AND ts <= " + AuditPeriod.sql(e.last()) + " ORDER BY ts, event_id");
        TreeSet<String> areas = events.stream().map(r -> r.text("area")).filter(a -> a != null)
                .collect(Collectors.toCollection(TreeSet::new));
        TreeSet<String> actions = events.stream().map(r -> r.text("action"))
                .collect(Collectors.toCollection(TreeSet::new));
        boolean safeguarding = NonMfaSessionDetector.SAFEGUARDING_SYSTEMS.contains(e.source());
        boolean sensitive = safeguarding || areas.stream().anyMatch(SENSITIVE::contains);
        Severity severity = inRemit ? Severity.LOW : sensitive || e.size() >= context.threshold(INFO, "high_rows")
                ? Severity.HIGH : Severity.MEDIUM;
        double z = inRemit ? own.z() : Math.min(own.z(), role.z());
        double score = Double.isInfinite(z) ? Scores.CAP : Scores.surprise(NORMAL.cumulativeProbability(-z));
        boolean outOfRemitMostly = !inRemit && remit.share(e.size()) < 0.5;
        // Mostly outside the remit is evidence with no history needed; the rest rests on the baseline.
        boolean stillLearning = !outOfRemitMostly && e.staffId() != null && learning.learning(e.staffId(), e.first());
        if (stillLearning) {
            severity = learning.cap(severity);
            score = learning.scale(score, e.staffId(), e.first());
        }
        List<String> evidence = new ArrayList<>();
        evidence.add(inRemit ? "within their remit (" + remit.describe(e.size()) + "), but far larger than their own "
                + "exports" : "outside their remit: " + remit.describe(e.size()));
        evidence.add("not a routine of theirs (" + similar + " export(s) on the same weekday, time and size)");
        if (stillLearning) {
            evidence.add(learning.note(e.staffId(), e.first()));
        }
        String unit = safeguarding ? "incidents" : "records";
        String summary = String.format(Locale.UK, "%s %s %d %s (%s) from %s on %s at %s UTC in one go; usual for them: "
                        + "%s; for %s staff: %s.", people.label(e.staffId()),
                actions.contains("print") && !actions.contains("export") ? "printed" : "exported", e.size(), unit,
                areas.isEmpty() ? "area not logged" : String.join(", ", areas), e.source(),
                e.first().atOffset(ZoneOffset.UTC).toLocalDate(), HM.format(e.first()), own.describe(), e.peerGroup(),
                role.describe()) + " Evidence: " + String.join("; ", evidence) + ".";
        Map<String, Object> details = new LinkedHashMap<>();
        put(details, "own", own);
        put(details, "role", role);
        details.put("ratio", context.threshold(INFO, "ratio"));
        details.put("z", context.threshold(INFO, "z"));
        details.put("min_baseline", context.threshold(INFO, "min_baseline"));
        double threshold = Math.max(context.threshold(INFO, "min_rows"), Math.max(own.bound(), role.bound()));
        Evidence.Baseline baseline = new Evidence.Baseline(context.settings().baseline().weeks()
                + " weeks before and during the period, exports from " + e.source(), e.peerGroup(),
                "export size against the person's own and the role's median / MAD; unusual above ratio x median and "
                        + "z robust deviations, or with fewer than min_baseline exports to compare",
                e.size(), threshold, details);
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("evidence", evidence);
        facts.put("remit_share", remit.share(e.size()));
        facts.put("within_remit", inRemit);
        facts.put("pupils_named", remit.named());
        facts.put("pupils_explained", remit.explained());
        facts.put("remit_size", remit.remitSize());
        facts.put("learning", stillLearning);
        facts.put("system", e.source());
        facts.put("size", e.size());
        facts.put("rows_logged", e.rows());
        facts.put("areas", List.copyOf(areas));
        facts.put("pupils", events.stream().map(r -> r.text("pupil_id")).filter(p -> p != null).distinct().sorted()
                .toList());
        facts.put("incidents", events.stream().map(r -> r.text("incident_id")).filter(i -> i != null).distinct()
                .sorted().toList());
        return new Finding(FindingIds.of(ID, e.source(), e.person(), e.slot()), ID, e.staffId(), e.account(),
                e.source() + " " + (areas.isEmpty() ? "export" : String.join(", ", areas)), e.first(), e.last(), severity,
                score, "DATA-2", summary, new Evidence(events.stream().map(r -> r.text("event_id")).toList(), baseline,
                facts));
    }

    private static void put(Map<String, Object> details, String which, Judgement j) {
        details.put(which + "_exports", j.spread().n());
        if (j.precedent()) {
            details.put(which + "_median", j.spread().median());
            details.put(which + "_mad", j.spread().mad());
            details.put(which + "_robust_z", j.z());
        }
    }
}
