package uk.schoolaccess.auditor.analytics.engine.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.stream.Stream;

import uk.schoolaccess.auditor.analytics.audit.AuditResult;
import uk.schoolaccess.auditor.analytics.audit.GeneratedSchoolAudit;
import uk.schoolaccess.auditor.analytics.detect.Detectors;
import uk.schoolaccess.auditor.ingest.store.ParquetExport;

/**
 * Test support: a trust of two generated schools whose staff ids overlap (both rosters start at
 * S0001), each audited on DuckDB, exported into one Parquet folder and audited per school on
 * Spark, once per test JVM: a Spark audit of a school costs about a minute on the 2-core build
 * machine, so EngineParityTest (the engines agree) and TrustAuditTest (each school gets its own
 * findings) read the same audit rather than each running their own. North's roster export misses
 * 15% of its teaching groups, so the explanations learned from activity are compared as well.
 */
final class SparkTrust {

    final Path dir;
    final GeneratedSchoolAudit north;
    final GeneratedSchoolAudit south;
    final AuditResult duckNorth;
    final AuditResult duckSouth;
    final SparkEngine engine;
    final SparkAudit.TrustResult spark;
    /** Derived tables still held by the session right after the audit (none should be). */
    final int persistedAfterAudit;

    private static SparkTrust made;

    private SparkTrust() throws Exception {
        dir = Files.createTempDirectory("spark-trust");
        north = GeneratedSchoolAudit.create(dir.resolve("north"), 3, 300, 30, 3, 0.15);
        south = GeneratedSchoolAudit.create(dir.resolve("south"), 11, 300, 30, 3);
        duckNorth = north.audit(Detectors.all(), "NORTH");
        duckSouth = south.audit(Detectors.all(), "SOUTH");
        ParquetExport.export(north.store, dir.resolve("trust"), "NORTH");
        ParquetExport.export(south.store, dir.resolve("trust"), "SOUTH");
        ParquetExport.export(north.store, dir.resolve("north-only"), "NORTH");
        engine = new SparkEngine(SharedSpark.get(), dir.resolve("trust"));
        spark = SparkAudit.run(engine, north.settings, ZoneId.of("Europe/London"), null, null, Detectors.all(), false,
                null);
        persistedAfterAudit = SharedSpark.get().sparkContext().getPersistentRDDs().size();
    }

    static synchronized SparkTrust get() throws Exception {
        if (made == null) {
            made = new SparkTrust();
            SparkTrust t = made;
            Runtime.getRuntime().addShutdownHook(new Thread(t::close));
        }
        return made;
    }

    /** The Spark audit of one school of the trust. */
    AuditResult sparkOf(String school) {
        return spark.schools().stream().filter(s -> school.equals(s.school())).findFirst().orElseThrow().result();
    }

    private void close() {
        north.store.close();
        south.store.close();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
