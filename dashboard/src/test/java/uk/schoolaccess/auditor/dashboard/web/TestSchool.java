package uk.schoolaccess.auditor.dashboard.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import uk.schoolaccess.auditor.analytics.audit.Audit;
import uk.schoolaccess.auditor.analytics.audit.AuditContext;
import uk.schoolaccess.auditor.analytics.audit.AuditPeriod;
import uk.schoolaccess.auditor.analytics.audit.AuditResult;
import uk.schoolaccess.auditor.analytics.config.AuditSettings;
import uk.schoolaccess.auditor.analytics.detect.Detectors;
import uk.schoolaccess.auditor.analytics.engine.DuckDbEngine;
import uk.schoolaccess.auditor.dashboard.web.auth.Role;
import uk.schoolaccess.auditor.dashboard.web.auth.Users;
import uk.schoolaccess.auditor.ingest.store.BatchResult;
import uk.schoolaccess.auditor.ingest.IngestSummary;
import uk.schoolaccess.auditor.ingest.Ingestor;
import uk.schoolaccess.auditor.ingest.ReadContext;
import uk.schoolaccess.auditor.ingest.Readers;
import uk.schoolaccess.auditor.ingest.source.SourceFile;
import uk.schoolaccess.auditor.ingest.config.ConfigFile;
import uk.schoolaccess.auditor.ingest.config.IngestSettings;
import uk.schoolaccess.auditor.ingest.generate.GeneratorOptions;
import uk.schoolaccess.auditor.ingest.generate.SchoolGenerator;
import uk.schoolaccess.auditor.ingest.store.Store;

/**
 * A generated school (300 pupils, 40 staff, 3 weeks), ingested and audited once per test JVM,
 * with one dashboard user per role, shared by the web tests. Lives under target/, so a build
 * clean removes it; nothing about it is real.
 */
final class TestSchool {

    /** Every dashboard user's password in the tests (never a real one). */
    static final String PASSWORD = "correct horse battery";
    static final List<String> FOLDERS = List.of("roster", "mis", "cpoms", "entra", "google", "windows");

    private static TestSchool shared;

    final Path samples;
    final Store store;
    final ConfigFile config;
    final AuditSettings settings;
    final ZoneId zone;
    final Db db;

    private TestSchool(Path dir) throws Exception {
        samples = dir.resolve("samples");
        SchoolGenerator.generate(new GeneratorOptions(samples, 300, 40, 3, LocalDate.parse("2026-09-07"), 42,
                GeneratorOptions.defaults(samples).schoolId()));
        Path storeFile = dir.resolve("store").resolve("audit.duckdb");
        Files.createDirectories(storeFile.getParent());
        Path yaml = samples.resolve("auditor.yaml");
        if (Files.isRegularFile(yaml)) {
            Files.copy(yaml, storeFile.resolveSibling("auditor.yaml"));
        }
        config = ConfigFile.locate(null, storeFile);
        settings = AuditSettings.from(config);
        zone = IngestSettings.from(config).zoneOf(null);
        store = Store.open(storeFile);
        List<String> problems = new ArrayList<>();
        IngestSummary summary = new Ingestor(store, Readers.builtIn(), new ReadContext(IngestSettings.from(config)),
                new Ingestor.Listener() {
                    @Override
                    public void finished(BatchResult result) {
                    }

                    @Override
                    public void unrecognised(SourceFile file, List<String> headersSeen) {
                        problems.add("unrecognised " + file);
                    }

                    @Override
                    public void failed(SourceFile file, String reason) {
                        problems.add(file + ": " + reason);
                    }
                }).run(FOLDERS.stream().map(samples::resolve).filter(Files::isDirectory).toList(), null);
        if (!problems.isEmpty() || !summary.complete()) {
            throw new IllegalStateException("the generated school did not ingest cleanly: " + problems);
        }
        db = new Db(store.connection());
        audit();
        Users users = new Users(store.connection());
        for (Role r : Role.values()) {
            users.add(r.label(), r, PASSWORD.toCharArray());
        }
    }

    /** The shared school, built on first use. */
    static synchronized TestSchool get() throws Exception {
        if (shared == null) {
            Path dir = Path.of("target", "test-school");
            deleteTree(dir);
            Files.createDirectories(dir);
            shared = new TestSchool(dir);
            Runtime.getRuntime().addShutdownHook(new Thread(shared.store::close));
        }
        return shared;
    }

    /** Runs every detector over the whole store, as 'auditor audit' does. */
    AuditResult audit() throws SQLException {
        synchronized (db) {
            DuckDbEngine duck = new DuckDbEngine(store.connection());
            AuditPeriod whole = Audit.wholeStore(new AuditContext(duck, new AuditPeriod(java.time.Instant.EPOCH,
                    java.time.Instant.EPOCH.plusSeconds(1)), settings, zone));
            return Audit.run(new AuditContext(duck, whole, settings, zone), Detectors.all(), store.connection());
        }
    }

    /** A new dashboard server on this school, with its own sessions and throttle. */
    WebServer server(java.time.Clock clock) {
        return new WebServer(db, settings, zone, clock);
    }

    /** The id of some finding of a detector. */
    String findingOf(String detector) {
        Object id = db.scalar("SELECT min(finding_id) FROM findings WHERE detector = ?", detector);
        if (id == null) {
            throw new IllegalStateException("the generated school has no " + detector + " finding");
        }
        return (String) id;
    }

    /** Some value of a query, which must have one. */
    Object one(String sql, Object... params) {
        Object v = db.scalar(sql, params);
        if (v == null) {
            throw new IllegalStateException("the generated school has nothing for: " + sql);
        }
        return v;
    }

    List<Map<String, Object>> rows(String sql, Object... params) {
        return db.rows(sql, params);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
