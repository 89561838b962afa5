package uk.schoolaccess.auditor.analytics.engine.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.schoolaccess.auditor.analytics.audit.AuditResult;
import uk.schoolaccess.auditor.analytics.audit.GeneratedSchoolAudit;
import uk.schoolaccess.auditor.analytics.detect.Detectors;
import uk.schoolaccess.auditor.analytics.detect.Finding;
import uk.schoolaccess.auditor.analytics.engine.Row;
import uk.schoolaccess.auditor.ingest.store.ParquetExport;

/**
 * The two engines agree: a generated school audited on DuckDB, then exported to Parquet and
 * audited on Spark SQL (local[2]), gives the same findings: ids, detectors, people, times,
 * severities and subjects equal, scores within 1e-9.
 */
class EngineParityTest {

    @TempDir
    static Path dir;
    static GeneratedSchoolAudit school;
    static AuditResult duck;
    static SparkAudit.TrustResult spark;
    static SparkEngine engine;
    static String schoolId;

    @BeforeAll
    static void audit() throws Exception {
        // A roster export missing 15% of its teaching groups: the explanations learned from
        // activity (registers, teaching records, groups, cover of classes seen) are compared too.
        school = GeneratedSchoolAudit.create(dir, 7, 500, 50, 4, 0.15);
        schoolId = ParquetExport.schoolOf(school.store, "NFS");
        duck = school.audit(Detectors.all(), schoolId);
        ParquetExport.export(school.store, dir.resolve("parquet"), schoolId);
        engine = new SparkEngine(SharedSpark.get(), dir.resolve("parquet"));
        spark = SparkAudit.run(engine, school.settings, java.time.ZoneId.of("Europe/London"), null, null,
                Detectors.all(), false, null);
    }

    @AfterAll
    static void close() {
        school.store.close();
    }

    @Test
    void both_engines_give_the_same_findings() {
        assertEquals(duck.period(), spark.schools().get(0).result().period(), "period from the stored events");
        assertEquals(duck.perDetector(), spark.perDetector(), "findings per detector");
        assertTrue(duck.findings().size() > 20, "the school has findings to compare: " + duck.findings().size());
        assertEquals(keys(duck.findings()), keys(spark.findings()));
        for (int i = 0; i < duck.findings().size(); i++) {
            Finding d = duck.findings().get(i);
            Finding s = spark.findings().get(i);
            assertEquals(d.score(), s.score(), 1e-9, d.findingId() + " score");
            assertEquals(d.evidence().events(), s.evidence().events(), d.findingId() + " evidence events");
            assertEquals(d.summary(), s.summary(), d.findingId() + " summary");
            assertEquals(schoolId, s.schoolId());
        }
        assertEquals(duck.coverage(), spark.coverage(), "explanation coverage");
        assertTrue(duck.coverage().fromActivity() > 0, "activity explains accesses: " + duck.coverage());
    }

    @Test
    void account_key_is_the_same_rule_on_both_engines() throws Exception {
        List<String> accounts = List.of("NORTHFIELD\\JSmith", "jsmith@northfield.sch.uk", " JSmith ", "a\\b\\c@d@e");
        for (String a : accounts) {
            String sql = "SELECT account_key(" + uk.schoolaccess.auditor.analytics.engine.Sql.text(a) + ") AS k";
            List<Row> d = new uk.schoolaccess.auditor.analytics.engine.DuckDbEngine(school.store.connection()).query(sql);
            List<Row> s = engine.query(sql);
            assertEquals(d.get(0).text("k"), s.get(0).text("k"), a);
        }
        assertEquals(count("SELECT count(*) AS n FROM account_directory", true),
                count("SELECT count(*) AS n FROM account_directory", false));
        assertEquals(count("SELECT count(*) AS n FROM relationship_pupils", true),
                count("SELECT count(*) AS n FROM relationship_pupils", false));
    }

    private static long count(String sql, boolean duckdb) {
        return (duckdb ? new uk.schoolaccess.auditor.analytics.engine.DuckDbEngine(school.store.connection()) : engine)
                .query(sql).get(0).number("n");
    }

    /** Everything but the score, which is compared within 1e-9. */
    private static List<String> keys(List<Finding> findings) {
        List<String> out = new ArrayList<>();
        for (Finding f : findings) {
            out.add(String.join("|", f.findingId(), f.detector(), String.valueOf(f.staffId()), String.valueOf(f.account()),
                    String.valueOf(f.subject()), f.firstSeen().toString(), f.lastSeen().toString(), f.severity().label(),
                    f.aupClause()));
        }
        return out;
    }

}
