package uk.schoolaccess.auditor.analytics.engine.spark;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.SparkSession;

import uk.schoolaccess.auditor.analytics.audit.Audit;
import uk.schoolaccess.auditor.analytics.audit.AuditContext;
import uk.schoolaccess.auditor.analytics.audit.AuditPeriod;
import uk.schoolaccess.auditor.analytics.audit.AuditResult;
import uk.schoolaccess.auditor.analytics.audit.PurgeCutoff;
import uk.schoolaccess.auditor.analytics.config.AuditSettings;
import uk.schoolaccess.auditor.analytics.detect.Detector;
import uk.schoolaccess.auditor.analytics.detect.Finding;
import uk.schoolaccess.auditor.analytics.engine.Row;
import uk.schoolaccess.auditor.analytics.explain.Explanations;
import uk.schoolaccess.auditor.analytics.findings.AuditScope;
import uk.schoolaccess.auditor.analytics.findings.FindingStore;

/**
 * An audit on Spark SQL of one school or a whole trust's Parquet folder. Per school (the
 * default) every table is scoped to that school and the ordinary {@link Audit} runs on it, so
 * baselines and peer groups are the school's own; trust-wide ({@code trust.baselines: trust_wide}
 * in auditor.yaml) one audit runs over every school at once (staff ids must then be unique
 * across the trust). Findings carry their school either way.
 */
public final class SparkAudit {

    private SparkAudit() {
    }

    /** One school's audit (school null: the trust-wide audit). */
    public record SchoolAudit(String school, AuditResult result) {
    }

    public record TrustResult(List<SchoolAudit> schools, List<Finding> findings, int newFindings, Duration elapsed,
                              int withdrawn) {
        public Map<String, Integer> perDetector() {
            Map<String, Integer> counts = new LinkedHashMap<>();
            schools.forEach(s -> s.result().perDetector().forEach((k, v) -> counts.merge(k, v, Integer::sum)));
            return counts;
        }

        public Explanations.Coverage coverage() {
            long a = 0;
            long e = 0;
            long activity = 0;
            for (SchoolAudit s : schools) {
                a += s.result().coverage().accesses();
                e += s.result().coverage().explained();
                activity += s.result().coverage().fromActivity();
            }
            return new Explanations.Coverage(a, e, activity);
        }

        public AuditPeriod period() {
            Instant from = schools.stream().map(s -> s.result().period().from()).min(Comparator.naturalOrder()).orElseThrow();
            Instant to = schools.stream().map(s -> s.result().period().to()).max(Comparator.naturalOrder()).orElseThrow();
            return new AuditPeriod(from, to);
        }
    }

    /**
     * A SparkSession for the auditor: {@code local[*]} or {@code spark://host:port}; UTC session
     * zone, java.time values, no UI, driver on the loopback unless SPARK_LOCAL_IP says otherwise.
     * One per JVM (getOrCreate).
     */
    public static SparkSession session(String master) {
        String host = System.getenv().getOrDefault("SPARK_LOCAL_IP", "127.0.0.1");
        SparkSession.Builder b = SparkSession.builder().appName("school-access-auditor").master(master)
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.sql.datetime.java8API.enabled", "true")
                .config("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
                // String literals as DuckDB reads them: a backslash is a backslash (DOMAIN-backslash-user), not an escape.
                .config("spark.sql.parser.escapedStringLiterals", "true")
                .config("spark.sql.shuffle.partitions", System.getProperty("auditor.spark.partitions", "8"))
                .config("spark.ui.enabled", "false")
                // no spark-warehouse/ folder left in the user's current folder
                .config("spark.sql.warehouse.dir", java.nio.file.Path.of(System.getProperty("java.io.tmpdir"),
                        "auditor-spark-warehouse").toUri().toString())
                .config("spark.driver.host", host)
                .config("spark.driver.bindAddress", host);
        for (String key : List.of("spark.executor.memory", "spark.cores.max", "spark.driver.memory")) {
            String v = System.getProperty(key);
            if (v != null) {
                b.config(key, v);
            }
        }
        return b.getOrCreate();
    }

    /**
     * Audits every school in the folder (or the trust at once), and saves the findings into
     * {@code store} when it is not null.
     */
    public static TrustResult run(SparkEngine engine, AuditSettings settings, ZoneId zone, LocalDate from, LocalDate to,
                                  List<Detector> detectors, boolean trustWide, Connection store) throws SQLException {
        Instant started = Instant.now();
        List<SchoolAudit> audits = new ArrayList<>();
        List<String> scopes = new ArrayList<>();
        if (trustWide) {
            scopes.add(null);
        } else {
            scopes.addAll(engine.schools());
        }
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("the Parquet folder holds no events yet: export a school first");
        }
        List<Finding> all = new ArrayList<>();
        AuditPeriod.requireInOrder(from, to);
        // The Parquet folder does not say what was purged; the store the findings go to does.
        java.util.Optional<Instant> cutoff = store == null ? java.util.Optional.empty() : PurgeCutoff.of(store);
        for (String school : scopes) {
            engine.scope(school);
            AuditContext probe = new AuditContext(engine, new AuditPeriod(Instant.EPOCH, Instant.EPOCH.plusSeconds(1)),
                    settings, zone);
            AuditPeriod whole = Audit.wholeStore(probe);
            AuditPeriod asked = new AuditPeriod(from == null ? whole.from() : from.atStartOfDay(zone).toInstant(),
                    to == null ? whole.to() : to.plusDays(1).atStartOfDay(zone).toInstant());
            java.util.Optional<AuditPeriod> period = PurgeCutoff.clamp(asked, cutoff);
            if (period.isEmpty()) {
                continue; // all of it before the store's purge cut-off: nothing to audit
            }
            AuditResult r = Audit.run(new AuditContext(engine, period.get(), settings, zone, cutoff.orElse(null)),
                    detectors, null, school);
            Map<String, String> schoolOfStaff = school == null ? schoolOfStaff(engine) : Map.of();
            List<Finding> tagged = school != null ? r.findings()
                    : r.findings().stream().map(f -> f.withSchool(schoolOfStaff.get(f.staffId()))).toList();
            all.addAll(tagged);
            audits.add(new SchoolAudit(school, new AuditResult(r.period(), tagged, r.perDetector(), r.newFindings(),
                    r.coverage(), r.elapsed())));
        }
        if (audits.isEmpty()) {
            throw new IllegalArgumentException("nothing to audit: every day asked for is before the store's purge "
                    + "cut-off of " + cutoff.orElseThrow() + " (UTC); what is stored before it is evidence of findings "
                    + "(docs/retention.md)");
        }
        all.sort(Comparator.comparing(Finding::firstSeen).thenComparing(Finding::detector).thenComparing(Finding::findingId));
        TrustResult partial = new TrustResult(audits, all, all.size(), Duration.ZERO, 0);
        FindingStore.Saved saved = store == null ? new FindingStore.Saved(0, all.size(), 0, 0)
                : FindingStore.save(store, all, new AuditScope("spark", detectors.stream().map(d -> d.info().id())
                        .toList(), partial.period().from(), partial.period().to(), settings, zone));
        // what a purge deleted is found again from the evidence it kept, but not saved: nor reported
        List<SchoolAudit> reported = audits.stream().map(a -> new SchoolAudit(a.school(),
                a.result().without(saved.purged()))).toList();
        List<Finding> kept = all.stream().filter(f -> !saved.purged().contains(f.findingId())).toList();
        return new TrustResult(reported, kept, saved.fresh(), Duration.between(started, Instant.now()),
                saved.withdrawn());
    }

    private static Map<String, String> schoolOfStaff(SparkEngine engine) {
        Map<String, String> m = new HashMap<>();
        for (Row r : engine.query("SELECT staff_id, min(school_id) AS school_id FROM staff GROUP BY staff_id")) {
            m.put(r.text("staff_id"), r.text("school_id"));
        }
        return m;
    }

    /** Opens the Parquet folder on the session. */
    public static SparkEngine open(SparkSession spark, Path parquet) {
        return new SparkEngine(spark, parquet);
    }
}
