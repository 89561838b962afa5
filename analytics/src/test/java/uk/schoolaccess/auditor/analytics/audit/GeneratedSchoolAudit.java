package uk.schoolaccess.auditor.analytics.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import uk.schoolaccess.auditor.analytics.config.AuditSettings;
import uk.schoolaccess.auditor.analytics.detect.Detector;
import uk.schoolaccess.auditor.analytics.detect.Detectors;
import uk.schoolaccess.auditor.analytics.engine.DuckDbEngine;
import uk.schoolaccess.auditor.analytics.evaluate.LabelScore;
import uk.schoolaccess.auditor.ingest.Ingestor;
import uk.schoolaccess.auditor.ingest.ReadContext;
import uk.schoolaccess.auditor.ingest.Readers;
import uk.schoolaccess.auditor.ingest.config.ConfigFile;
import uk.schoolaccess.auditor.ingest.config.IngestSettings;
import uk.schoolaccess.auditor.ingest.generate.GeneratorOptions;
import uk.schoolaccess.auditor.ingest.generate.SchoolGenerator;
import uk.schoolaccess.auditor.ingest.source.SourceFile;
import uk.schoolaccess.auditor.ingest.store.BatchResult;
import uk.schoolaccess.auditor.ingest.store.Store;

/**
 * Test helper: generate a school, ingest everything the readers recognise, audit it, and score
 * the findings against the school's labels.
 */
public final class GeneratedSchoolAudit {

    public final Path dir;
    public final Store store;
    public final AuditSettings settings;

    private GeneratedSchoolAudit(Path dir, Store store, AuditSettings settings) {
        this.dir = dir;
        this.store = store;
        this.settings = settings;
    }

    public static GeneratedSchoolAudit create(Path dir, long seed, int pupils, int staff, int weeks) throws IOException {
        return create(dir, seed, pupils, staff, weeks, 0.0);
    }

    /** The same, with this share of whole teaching groups left out of teaching_groups.csv. */
    public static GeneratedSchoolAudit create(Path dir, long seed, int pupils, int staff, int weeks, double rosterGaps)
            throws IOException {
        Path school = dir.resolve("school");
        SchoolGenerator.generate(new GeneratorOptions(school, pupils, staff, weeks, LocalDate.parse("2026-09-07"), seed,
                "NFS", rosterGaps));
        Store store = Store.open(dir.resolve("audit.duckdb"));
        Ingestor.Listener quiet = new Ingestor.Listener() {
            public void finished(BatchResult r) {
            }

            public void unrecognised(SourceFile f, List<String> h) {
            }

            public void failed(SourceFile f, String reason) {
                throw new IllegalStateException(f + ": " + reason);
            }
        };
        new Ingestor(store, Readers.builtIn(), new ReadContext(IngestSettings.defaults()), quiet)
                .run(List.of(school), null);
        Path config = school.resolve("auditor.yaml");
        AuditSettings settings = Files.exists(config) ? AuditSettings.from(ConfigFile.load(config))
                : AuditSettings.defaults();
        return new GeneratedSchoolAudit(school, store, settings);
    }

    public AuditResult audit(List<Detector> detectors) throws SQLException {
        return audit(detectors, null);
    }

    /** The audit with its findings placed at a school (as `auditor audit` does when the store names one). */
    public AuditResult audit(List<Detector> detectors, String school) throws SQLException {
        AuditContext probe = new AuditContext(new DuckDbEngine(store.connection()),
                new AuditPeriod(java.time.Instant.EPOCH, java.time.Instant.EPOCH.plusSeconds(1)), settings,
                ZoneId.of("Europe/London"));
        AuditContext context = new AuditContext(probe.engine(), Audit.wholeStore(probe), settings, probe.zone());
        return Audit.run(context, detectors, store.connection(), school);
    }

    /** The school's settings with a baseline of this many weeks (shorter than the store, so a week's history is part of it). */
    public AuditSettings withBaseline(int weeks) {
        return new AuditSettings(settings.networks(), settings.apps(), settings.schoolDay(), settings.terms(),
                settings.privilegedRoles(), new AuditSettings.Baseline(weeks), settings.roleRemits(), settings.detectors());
    }

    /** The week from this Monday in the school's zone, or the whole store when it is null. */
    public AuditPeriod weekOrWholeStore(DuckDbEngine engine, LocalDate monday, AuditSettings settings) {
        ZoneId zone = ZoneId.of("Europe/London");
        return monday == null ? Audit.wholeStore(new AuditContext(engine, new AuditPeriod(java.time.Instant.EPOCH,
                java.time.Instant.EPOCH.plusSeconds(1)), settings, zone))
                : AuditPeriod.ofDates(monday, monday.plusDays(6), zone);
    }

    /** An audit with every detector of the week from this Monday, or of the whole store when it is null. */
    public void auditWeek(LocalDate monday, AuditSettings settings) throws SQLException {
        DuckDbEngine engine = new DuckDbEngine(store.connection());
        Audit.run(new AuditContext(engine, weekOrWholeStore(engine, monday, settings), settings, ZoneId.of("Europe/London")),
                Detectors.all(), store.connection());
    }

    /** The findings no planted case explains. */
    public List<uk.schoolaccess.auditor.analytics.detect.Finding> falseAlarms(AuditResult result) throws IOException {
        return LabelScore.unmatched(result.findings(), LabelScore.read(dir.resolve("labels.csv")));
    }

    public Map<String, LabelScore.Score> score(AuditResult result) throws IOException {
        List<String> ids = new ArrayList<>(result.perDetector().keySet());
        List<LabelScore.Label> labels = LabelScore.read(dir.resolve("labels.csv")).stream()
                .filter(l -> ids.contains(l.detector())).toList();
        return LabelScore.score(result.findings(), labels);
    }

    /** The rows of a query over the store, each value as text (null stays null), for comparing results. */
    public List<List<Object>> rows(String sql) throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        try (Statement s = store.connection().createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    Object v = rs.getObject(i);
                    row.add(v == null ? null : v.toString());
                }
                out.add(row);
            }
        }
        return out;
    }

    public long scalar(String sql) throws SQLException {
        return Long.parseLong(rows(sql).get(0).get(0).toString());
    }

    public void execute(String sql) throws SQLException {
        try (Statement s = store.connection().createStatement()) {
            s.execute(sql);
        }
    }
}
