package uk.schoolaccess.auditor.analytics.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import uk.schoolaccess.auditor.analytics.detect.Detector;
import uk.schoolaccess.auditor.analytics.detect.Detectors;
import uk.schoolaccess.auditor.analytics.detect.Finding;
import uk.schoolaccess.auditor.analytics.engine.DuckDbEngine;
import uk.schoolaccess.auditor.analytics.engine.EngineTrace;
import uk.schoolaccess.auditor.analytics.engine.Row;
import uk.schoolaccess.auditor.analytics.explain.Explanations;
import uk.schoolaccess.auditor.analytics.findings.AuditScope;
import uk.schoolaccess.auditor.analytics.findings.FindingStore;

/**
 * One audit: build the derived tables (explanations, sessions), run every detector over the
 * period, and save the findings so triage decisions survive (findings no longer produced are
 * withdrawn, never deleted).
 */
public final class Audit {

    private Audit() {
    }

    /** The period covered by the stored events, when none is given. */
    public static AuditPeriod wholeStore(AuditContext probe) {
        List<Row> r = probe.engine().query("SELECT min(ts) AS first, max(ts) AS last FROM (SELECT ts FROM record_access "
                + "UNION ALL SELECT ts FROM logon_events UNION ALL SELECT ts FROM signins)");
        Instant first = r.get(0).instant("first");
        Instant last = r.get(0).instant("last");
        if (first == null) {
            throw new IllegalArgumentException("the store holds no events yet: ingest some exports first");
        }
        return new AuditPeriod(first, last.plusSeconds(1));
    }

    /** Runs the audit; {@code store} null: findings are returned, not saved (the caller saves them). */
    public static AuditResult run(AuditContext context, List<Detector> detectors, Connection store) throws SQLException {
        return run(context, detectors, store, null);
    }

    /**
     * The same, each finding marked with the school it was found at (null: unknown). On DuckDB the
     * sessions and the detectors that do not read the explanations run on a second connection
     * while the explanations are built (most of their statements are small and use one core);
     * Spark runs everything in turn ({@link #runInOrder}). Either way the findings, their counts
     * and their order are the same.
     */
    public static AuditResult run(AuditContext context, List<Detector> detectors, Connection store, String school)
            throws SQLException {
        return run(context, detectors, store, school, context.engine() instanceof DuckDbEngine);
    }

    /** The audit with every step in turn on the context's one connection (what Spark does). */
    public static AuditResult runInOrder(AuditContext context, List<Detector> detectors, Connection store, String school)
            throws SQLException {
        return run(context, detectors, store, school, false);
    }

    private static AuditResult run(AuditContext context, List<Detector> detectors, Connection store, String school,
                                   boolean beside) throws SQLException {
        try {
            return detectAndSave(context, detectors, store, school, beside);
        } catch (RuntimeException | Error | SQLException e) {
            dropQuietly(context, e);
            throw e;
        }
    }

    private static AuditResult detectAndSave(AuditContext context, List<Detector> detectors, Connection store,
                                             String school, boolean beside) throws SQLException {
        Instant started = Instant.now();
        Map<Detector, List<Finding>> byDetector = beside ? BesideRun.detect(context, detectors)
                : inOrder(context, detectors);
        List<Finding> all = new ArrayList<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Detector d : detectors) {
            List<Finding> found = byDetector.get(d);
            counts.put(d.info().id(), found.size());
            found.forEach(f -> all.add(school == null ? f : f.withSchool(school)));
        }
        all.sort(Comparator.comparing(Finding::firstSeen).thenComparing(Finding::detector)
                .thenComparing(Finding::findingId));
        long t = EngineTrace.start();
        FindingStore.Saved saved = store == null ? new FindingStore.Saved(0, all.size(), 0, 0)
                : FindingStore.save(store, all, new AuditScope(context.engine().name(),
                        detectors.stream().map(d -> d.info().id()).toList(), context.period().from(),
                        context.period().to(), context.settings(), context.zone()));
        EngineTrace.phase("saving the findings", t);
        t = EngineTrace.start();
        if (store != null) {
            FindingStore.saveCoverage(store, Explanations.daily(context));
        }
        EngineTrace.phase("saving the coverage", t);
        t = EngineTrace.start();
        if (store != null && context.engine().name().equals("duckdb")) {
            // Kept for the dashboard's subject access look-ups, which read the DuckDB store.
            Explanations.keep(context);
        }
        EngineTrace.phase("keeping the explanations", t);
        t = EngineTrace.start();
        Explanations.Coverage coverage = Explanations.coverage(context);
        context.engine().dropDerived();
        EngineTrace.phase("coverage and dropping the derived tables", t);
        // what a purge deleted is found again from the evidence it kept, but not saved: nor reported
        return new AuditResult(context.period(), all, counts, saved.fresh(), coverage,
                Duration.between(started, Instant.now()), saved.reopened(), saved.withdrawn()).without(saved.purged());
    }

    /** Explanations, sessions, then every detector in its registered order, on one connection. */
    private static Map<Detector, List<Finding>> inOrder(AuditContext context, List<Detector> detectors) {
        long t = EngineTrace.start();
        Explanations.build(context);
        EngineTrace.phase("explanations", t);
        t = EngineTrace.start();
        uk.schoolaccess.auditor.analytics.session.Sessions.build(context);
        EngineTrace.phase("sessions", t);
        Map<Detector, List<Finding>> found = new IdentityHashMap<>();
        long[] detectorStarted = {EngineTrace.start()};
        Detectors.run(context, detectors, (d, f) -> {
            EngineTrace.phase("detector " + d.info().id(), detectorStarted[0]);
            found.put(d, f);
            detectorStarted[0] = EngineTrace.start();
        });
        return found;
    }

    /** A failed audit leaves no derived tables on a connection that outlives it (the server's). */
    static void dropQuietly(AuditContext context, Throwable failure) {
        try {
            context.engine().dropDerived();
        } catch (RuntimeException | Error e) {
            failure.addSuppressed(e);
        }
    }
}
