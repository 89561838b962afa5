package uk.schoolaccess.auditor.analytics.engine.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import uk.schoolaccess.auditor.analytics.audit.Audit;
import uk.schoolaccess.auditor.analytics.audit.AuditContext;
import uk.schoolaccess.auditor.analytics.audit.AuditPeriod;
import uk.schoolaccess.auditor.analytics.audit.AuditResult;
import uk.schoolaccess.auditor.analytics.detect.Detectors;
import uk.schoolaccess.auditor.analytics.detect.Finding;
import uk.schoolaccess.auditor.analytics.engine.DuckDbEngine;
import uk.schoolaccess.auditor.ingest.store.Store;

/**
 * After a retention purge neither engine audits, or learns a baseline from, anything before the
 * store's purge cut-off: a Spark audit saving into a store whose purge_log records one starts
 * there and finds exactly what the DuckDB audit with the same cut-off finds.
 */
class PurgeCutoffParityTest {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    @Test
    void both_engines_start_at_the_purge_cutoff_and_agree() throws Exception {
        SparkTrust trust = SparkTrust.get();
        DuckDbEngine north = new DuckDbEngine(trust.north.store.connection());
        AuditPeriod whole = Audit.wholeStore(new AuditContext(north, new AuditPeriod(Instant.EPOCH,
                Instant.EPOCH.plusSeconds(1)), trust.north.settings, LONDON));
        Instant cutoff = whole.from().plus(Duration.ofDays(14)).truncatedTo(ChronoUnit.DAYS);
        try (Store saved = Store.open(trust.dir.resolve("purged.duckdb"))) {
            try (PreparedStatement p = saved.connection().prepareStatement("INSERT INTO purge_log VALUES (1, "
                    + "now(), 'test', 'events: logon_events', 'logon_events', '13 months', ?, 120, 8)")) {
                p.setObject(1, LocalDateTime.ofInstant(cutoff, ZoneOffset.UTC));
                p.executeUpdate();
            }
            SparkAudit.TrustResult spark = SparkAudit.run(new SparkEngine(SharedSpark.get(),
                    trust.dir.resolve("north-only")), trust.north.settings, LONDON, null, null, Detectors.all(), false,
                    saved.connection());
            assertEquals(cutoff, spark.period().from(), "from the cut-off, not the first stored event");
            AuditResult duck = Audit.run(new AuditContext(north, new AuditPeriod(cutoff, whole.to()),
                    trust.north.settings, LONDON, cutoff), Detectors.all(), null, "NORTH");
            assertEquals(ids(duck.findings()), ids(spark.findings()));
            assertNotEquals(ids(trust.duckNorth.findings()), ids(duck.findings()), "the cut-off changes the audit");
        }
    }

    private static TreeSet<String> ids(List<Finding> findings) {
        TreeSet<String> s = new TreeSet<>();
        findings.forEach(f -> s.add(f.findingId() + " " + f.firstSeen() + " " + f.summary()));
        return s;
    }
}
