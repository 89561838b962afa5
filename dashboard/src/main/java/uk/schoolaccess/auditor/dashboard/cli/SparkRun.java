package uk.schoolaccess.auditor.dashboard.cli;

import java.util.Locale;

import org.apache.spark.sql.SparkSession;

import uk.schoolaccess.auditor.analytics.config.AuditSettings;
import uk.schoolaccess.auditor.analytics.config.TrustSettings;
import uk.schoolaccess.auditor.analytics.detect.Detectors;
import uk.schoolaccess.auditor.analytics.engine.spark.SparkAudit;
import uk.schoolaccess.auditor.analytics.engine.spark.SparkEngine;
import uk.schoolaccess.auditor.ingest.config.ConfigFile;
import uk.schoolaccess.auditor.ingest.config.IngestSettings;
import uk.schoolaccess.auditor.ingest.store.Store;

/**
 * {@code audit --engine spark}: the only place the application starts Spark (serving pages and
 * every other command never do). Findings go to --out, and into the --db store when one is given.
 */
final class SparkRun {

    private SparkRun() {
    }

    static int run(AuditCommand c) throws Exception {
        if (c.input == null) {
            throw new IllegalArgumentException("--engine spark needs --input PARQUET_DIR (written by 'auditor export "
                    + "--parquet')");
        }
        boolean saveToDb = c.spec.commandLine().getParseResult().hasMatchedOption("--db");
        // The config: --config, else auditor.yaml beside --db, else beside the Parquet folder.
        ConfigFile config = ConfigFile.locate(c.store.config, saveToDb ? c.store.db : c.input.resolve("audit.duckdb"));
        var zone = IngestSettings.from(config).zoneOf(null);
        AuditSettings settings = AuditSettings.from(config);
        TrustSettings trust = TrustSettings.from(config);
        var w = c.spec.commandLine().getOut();
        long t0 = System.nanoTime();
        SparkSession spark = SparkAudit.session(c.master);
        try (Store store = saveToDb ? c.store.open() : null) {
            double startup = (System.nanoTime() - t0) / 1e9;
            SparkEngine engine = new SparkEngine(spark, c.input);
            SparkAudit.TrustResult r = SparkAudit.run(engine, settings, zone, c.from, c.to, Detectors.all(),
                    trust.trustWide(), store == null ? null : store.connection());
            w.printf(Locale.UK, "Audit on Spark (%s) of %s .. %s (UTC), %d school(s)%s, config %s%n", c.master,
                    r.period().from(), r.period().to(), r.schools().size(), trust.trustWide() ? " as one trust" : "",
                    config.origin());
            for (SparkAudit.SchoolAudit s : r.schools()) {
                if (s.school() != null && r.schools().size() > 1) {
                    w.printf(Locale.UK, "  school %-10s %,6d finding(s)%n", s.school(), s.result().findings().size());
                }
            }
            r.perDetector().forEach((id, n) -> w.printf(Locale.UK, "  %-26s %,6d finding(s)%n", id, n));
            var cov = r.coverage();
            w.printf(Locale.UK, "Findings: %,d (%,d new)%s. Explanation coverage: %s of %,d pupil-level accesses "
                            + "explained by a relationship%s. %.1f s (Spark start %.1f s).%n", r.findings().size(),
                    r.newFindings(), store == null ? ", not saved (no --db)" : ", saved to " + store.path()
                            + String.format(Locale.UK, "; withdrawn: %,d", r.withdrawn()),
                    Double.isNaN(cov.share()) ? "n/a" : String.format(Locale.UK, "%.1f%%", 100 * cov.share()),
                    cov.accesses(), AuditCommand.split(cov), r.elapsed().toMillis() / 1000.0, startup);
            AuditCommand.writeOut(w, r.findings(), c.out);
            return AuditorMain.OK;
        } finally {
            spark.stop();
        }
    }

}
