package uk.schoolaccess.auditor.dashboard.cli;

import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import uk.schoolaccess.auditor.analytics.audit.Audit;
import uk.schoolaccess.auditor.analytics.audit.AuditContext;
import uk.schoolaccess.auditor.analytics.audit.AuditPeriod;
import uk.schoolaccess.auditor.analytics.audit.AuditResult;
import uk.schoolaccess.auditor.analytics.audit.PurgeCutoff;
import uk.schoolaccess.auditor.analytics.config.AuditSettings;
import uk.schoolaccess.auditor.analytics.detect.Detectors;
import uk.schoolaccess.auditor.analytics.engine.DuckDbEngine;
import uk.schoolaccess.auditor.analytics.findings.FindingsCsv;
import uk.schoolaccess.auditor.analytics.findings.FindingsJson;
import uk.schoolaccess.auditor.dashboard.web.SchoolTime;
import uk.schoolaccess.auditor.ingest.config.ConfigFile;
import uk.schoolaccess.auditor.ingest.config.IngestSettings;
import uk.schoolaccess.auditor.ingest.store.Store;

@Command(name = "audit", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Run every detector over the stored events and save the findings (a re-run finds the same "
                + "findings again and keeps their triage status; an untriaged finding no longer found is withdrawn, "
                + "with the reason, never deleted). Prints a count per detector, how many were new and withdrawn, "
                + "and the share of record accesses a relationship explains.", ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the audit ran (whether or not it found anything)",
                "1:findings could not be produced", "2:bad usage or an unusable store or config"})
final class AuditCommand implements Callable<Integer>, uk.schoolaccess.auditor.dashboard.service.Forwardable {

    /** The Spark engine reads Parquet, not the store, and runs where it is typed. */
    @Override
    public boolean runsOnServer() {
        return !"spark".equals(engine);
    }


    @Mixin
    StoreOptions store;

    @Option(names = "--from", paramLabel = "DATE", description = "First day audited, yyyy-MM-dd in the school's zone "
            + "(default: the first stored event). Never before the store's purge cut-off: an earlier date is moved "
            + "to it, with a note (docs/retention.md).")
    LocalDate from;

    @Option(names = "--to", paramLabel = "DATE", description = "Last day audited, inclusive (default: the last "
            + "stored event).")
    LocalDate to;

    @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "duckdb",
            description = "Where the detectors' SQL runs: duckdb (default; the store), or spark (Spark SQL over "
                    + "--input, a folder written by 'auditor export --parquet'; every school in it).")
    String engine;

    @Option(names = "--input", paramLabel = "PARQUET_DIR", description = "With --engine spark: the Parquet folder "
            + "(one school or a trust's).")
    Path input;

    @Option(names = "--master", paramLabel = "URL", defaultValue = "local[*]", description = "With --engine spark: "
            + "local[*] (default), local[N], or a cluster, spark://HOST:PORT.")
    String master;

    @Option(names = "--memory-limit", paramLabel = "SIZE", description = "With the duckdb engine: the most memory "
            + "DuckDB may use for this audit, e.g. 4GB; beyond it DuckDB spills to a folder beside the store "
            + "(default: store.memory_limit from the configuration, else 512MB).")
    String memoryLimit;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the findings to FILE.csv (the columns of "
            + "docs/cli.md) or FILE.json (with evidence).")
    Path out;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        uk.schoolaccess.auditor.analytics.engine.EngineTrace.sinceProcessStart("from the process's start to the audit command");
        if (!"duckdb".equals(engine) && !"spark".equals(engine)) {
            throw new IllegalArgumentException("--engine " + engine + ": duckdb or spark");
        }
        if (out != null && !(out.toString().endsWith(".csv") || out.toString().endsWith(".json"))) {
            throw new IllegalArgumentException("--out " + out + ": the file name must end in .csv or .json");
        }
        if ("spark".equals(engine)) {
            if (memoryLimit != null) {
                throw new IllegalArgumentException("--memory-limit is for the duckdb engine; Spark's memory is set "
                        + "with -Dspark.driver.memory / -Dspark.executor.memory (docs/scale-out.md)");
            }
            return SparkRun.run(this);
        }
        if (input != null) {
            throw new IllegalArgumentException("--input is for --engine spark; the duckdb engine reads --db");
        }
        if (memoryLimit != null && !memoryLimit.strip().matches("(?i)\\d+(\\.\\d+)?\\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)")) {
            throw new IllegalArgumentException("--memory-limit " + memoryLimit + ": a size such as 512MB or 4GB");
        }
        long opening = uk.schoolaccess.auditor.analytics.engine.EngineTrace.start();
        long closing;
        try (Store s = store.openExisting()) {
            uk.schoolaccess.auditor.analytics.engine.EngineTrace.phase("opening the store", opening);
            if (memoryLimit != null) {
                try (java.sql.Statement st = s.connection().createStatement()) {
                    st.execute("SET memory_limit = '" + memoryLimit.strip() + "'");
                }
            }
            runAndPrint(spec.commandLine().getOut(), s, store.configFile(), from, to, out);
            closing = uk.schoolaccess.auditor.analytics.engine.EngineTrace.start();
        }
        // closing writes the audit's changes into the store file (DuckDB's checkpoint)
        uk.schoolaccess.auditor.analytics.engine.EngineTrace.phase("closing the store", closing);
        return AuditorMain.OK;
    }

    /**
     * Runs every detector over the store and prints the counts; shared with demo and the server.
     * Never before the store's purge cut-off ({@link PurgeCutoff}): null when all of the period lies before it.
     */
    static AuditResult runAndPrint(java.io.PrintWriter w, Store s, ConfigFile config, LocalDate from, LocalDate to,
                                   Path out) throws Exception {
        long before = uk.schoolaccess.auditor.analytics.engine.EngineTrace.start();
        AuditPeriod.requireInOrder(from, to);
        ZoneId zone = IngestSettings.from(config).zoneOf(null);
        AuditSettings settings = AuditSettings.from(config);
        DuckDbEngine duck = new DuckDbEngine(s.connection());
        AuditContext probe = new AuditContext(duck, new AuditPeriod(java.time.Instant.EPOCH,
                java.time.Instant.EPOCH.plusSeconds(1)), settings, zone);
        // The whole store's first and last events (a scan of every event table) only when a date is missing.
        AuditPeriod whole = from != null && to != null ? null : Audit.wholeStore(probe);
        AuditPeriod asked = new AuditPeriod(
                from == null ? whole.from() : from.atStartOfDay(zone).toInstant(),
                to == null ? whole.to() : to.plusDays(1).atStartOfDay(zone).toInstant());
        SchoolTime time = new SchoolTime(zone);
        java.util.Optional<java.time.Instant> cutoff = PurgeCutoff.of(s.connection());
        java.util.Optional<AuditPeriod> clamped = PurgeCutoff.clamp(asked, cutoff);
        if (clamped.isEmpty()) {
            // "Findings:" first: the scheduled job's history keeps that line
            w.printf(Locale.UK, "Findings: none, nothing audited: %s .. %s lies before the purge cut-off of %s; "
                    + "what a purge kept from before it is evidence of findings, not data to audit "
                    + "(docs/retention.md).%n", time.format(asked.from()), time.format(asked.to()),
                    time.format(cutoff.get()));
            w.flush();
            return null;
        }
        AuditPeriod period = clamped.get();
        if (!period.equals(asked)) {
            w.printf(Locale.UK, "Note: audited from the purge cut-off, %s, not %s: events before it were purged, "
                    + "and those kept there are evidence of findings, not data to audit (docs/retention.md).%n",
                    time.format(period.from()), time.format(asked.from()));
        }
        String school = uk.schoolaccess.auditor.ingest.store.ParquetExport.schoolOf(s,
                IngestSettings.from(config).school().id());
        uk.schoolaccess.auditor.analytics.engine.EngineTrace.phase("settings, period and school", before);
        AuditResult result = Audit.run(new AuditContext(duck, period, settings, zone, cutoff.orElse(null)),
                Detectors.all(), s.connection(), school);
        w.printf(Locale.UK, "Audit of %s .. %s (%s), config %s%n", time.format(period.from()), time.format(period.to()),
                zone.getId(), config.origin());
        result.perDetector().forEach((id, n) -> w.printf(Locale.UK, "  %-26s %,6d finding(s)%n", id, n));
        var c = result.coverage();
        w.printf(Locale.UK, "Findings: %,d (%,d new%s). Withdrawn: %,d (no longer found; kept with their reason, "
                        + "see /findings?status=withdrawn). Explanation coverage: %s of %,d pupil-level accesses "
                        + "explained by a relationship%s. %.1f s.%n", result.findings().size(), result.newFindings(),
                result.reopened() == 0 ? "" : String.format(Locale.UK, ", %,d re-opened", result.reopened()),
                result.withdrawn(),
                Double.isNaN(c.share()) ? "n/a" : String.format(Locale.UK, "%.1f%%", 100 * c.share()), c.accesses(),
                split(c), result.elapsed().toMillis() / 1000.0);
        writeOut(w, result.findings(), out, zone);
        return result;
    }

    /** " (98.1% by the roster, 1.6% only from activity)": how much rests on teaching seen from activity. */
    static String split(uk.schoolaccess.auditor.analytics.explain.Explanations.Coverage c) {
        return Double.isNaN(c.share()) ? "" : String.format(Locale.UK, " (%.1f%% by the roster, %.1f%% only from "
                + "activity)", 100 * c.rosterShare(), 100 * c.activityShare());
    }

    static void writeOut(java.io.PrintWriter w, java.util.List<uk.schoolaccess.auditor.analytics.detect.Finding> findings,
                         Path out) throws java.io.IOException {
        writeOut(w, findings, out, null);
    }

    /** The findings file; JSON gets each time's school-local twin when the zone is known (the CSV's columns are fixed). */
    static void writeOut(java.io.PrintWriter w, java.util.List<uk.schoolaccess.auditor.analytics.detect.Finding> findings,
                         Path out, ZoneId zone) throws java.io.IOException {
        if (out != null) {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            // Findings name staff and cite pupils: for the service's user only (docs/security.md).
            try (Writer file = new java.io.BufferedWriter(new java.io.OutputStreamWriter(
                    uk.schoolaccess.auditor.ingest.store.PrivateFiles.newOutputStream(out),
                    java.nio.charset.StandardCharsets.UTF_8))) {
                if (out.toString().endsWith(".json")) {
                    FindingsJson.write(findings, file, zone);
                } else {
                    FindingsCsv.write(findings, file);
                }
            }
            w.println("Wrote " + out);
        }
        w.flush();
    }
}
