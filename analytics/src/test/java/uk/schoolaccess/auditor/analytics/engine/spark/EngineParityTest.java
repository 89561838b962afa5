package uk.schoolaccess.auditor.analytics.engine.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import uk.schoolaccess.auditor.analytics.audit.AuditResult;
import uk.schoolaccess.auditor.analytics.detect.Finding;
import uk.schoolaccess.auditor.analytics.engine.Row;

/**
 * The two engines agree: two generated schools audited on DuckDB, then exported to one Parquet
 * folder and audited per school on Spark SQL (local[2]), give the same findings: ids, detectors,
 * people, times, severities, summaries and subjects equal, scores within 1e-9, and the same
 * explanation coverage. The schools and both audits are {@link SparkTrust}'s (shared with
 * TrustAuditTest); North's roster misses 15% of its teaching groups, so the explanations learned
 * from activity (registers, teaching records, groups, cover of classes seen) are compared too.
 */
class EngineParityTest {

    static SparkTrust trust;
    static SparkEngine engine;

    @BeforeAll
    static void audit() throws Exception {
        trust = SparkTrust.get();
        engine = trust.engine;
    }

    @Test
    void both_engines_give_the_same_findings() {
        sameFindings("NORTH", trust.duckNorth, trust.sparkOf("NORTH"));
        sameFindings("SOUTH", trust.duckSouth, trust.sparkOf("SOUTH"));
        assertTrue(trust.duckNorth.findings().size() + trust.duckSouth.findings().size() > 20,
                "the schools have findings to compare");
        assertTrue(trust.duckNorth.coverage().fromActivity() > 0,
                "activity explains accesses: " + trust.duckNorth.coverage());
    }

    private static void sameFindings(String schoolId, AuditResult duck, AuditResult spark) {
        assertEquals(duck.period(), spark.period(), schoolId + ": period from the stored events");
        assertEquals(duck.perDetector(), spark.perDetector(), schoolId + ": findings per detector");
        assertTrue(duck.findings().size() > 10, schoolId + " has findings to compare: " + duck.findings().size());
        assertEquals(keys(duck.findings()), keys(spark.findings()), schoolId);
        for (int i = 0; i < duck.findings().size(); i++) {
            Finding d = duck.findings().get(i);
            Finding s = spark.findings().get(i);
            assertEquals(d.score(), s.score(), 1e-9, d.findingId() + " score");
            assertEquals(d.evidence().events(), s.evidence().events(), d.findingId() + " evidence events");
            assertEquals(d.summary(), s.summary(), d.findingId() + " summary");
            assertEquals(schoolId, s.schoolId());
        }
        assertEquals(duck.coverage(), spark.coverage(), schoolId + ": explanation coverage");
    }

    @Test
    void account_key_is_the_same_rule_on_both_engines() throws Exception {
        engine.scope("NORTH");
        List<String> accounts = List.of("NORTHFIELD\\JSmith", "jsmith@northfield.sch.uk", " JSmith ", "a\\b\\c@d@e");
        for (String a : accounts) {
            String sql = "SELECT account_key(" + uk.schoolaccess.auditor.analytics.engine.Sql.text(a) + ") AS k";
            List<Row> d = new uk.schoolaccess.auditor.analytics.engine.DuckDbEngine(trust.north.store.connection()).query(sql);
            List<Row> s = engine.query(sql);
            assertEquals(d.get(0).text("k"), s.get(0).text("k"), a);
        }
        assertEquals(count("SELECT count(*) AS n FROM account_directory", true),
                count("SELECT count(*) AS n FROM account_directory", false));
        assertEquals(count("SELECT count(*) AS n FROM relationship_pupils", true),
                count("SELECT count(*) AS n FROM relationship_pupils", false));
    }

    private static long count(String sql, boolean duckdb) {
        return (duckdb ? new uk.schoolaccess.auditor.analytics.engine.DuckDbEngine(trust.north.store.connection()) : engine)
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
