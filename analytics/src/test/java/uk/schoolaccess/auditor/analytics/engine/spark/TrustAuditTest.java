package uk.schoolaccess.auditor.analytics.engine.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import uk.schoolaccess.auditor.analytics.detect.Detectors;
import uk.schoolaccess.auditor.analytics.detect.Finding;

/**
 * A trust's Parquet folder holding two schools whose staff ids overlap (both rosters start at
 * S0001): audited per school on Spark, each school gets exactly the findings its own DuckDB audit
 * gives, placed at that school, with no id shared between schools; the trust-wide setting runs
 * one audit over the folder and places each finding by its member of staff. The schools and the
 * per-school audits are {@link SparkTrust}'s (shared with EngineParityTest).
 */
class TrustAuditTest {

    static SparkTrust trust;
    static List<Finding> duck = new ArrayList<>();

    @BeforeAll
    static void twoSchools() throws Exception {
        trust = SparkTrust.get();
        duck.addAll(trust.duckNorth.findings());
        duck.addAll(trust.duckSouth.findings());
    }

    @Test
    void each_school_gets_its_own_findings_and_baselines() throws Exception {
        assertEquals(List.of("NORTH", "SOUTH"), trust.engine.schools());
        SparkAudit.TrustResult trust = TrustAuditTest.trust.spark;

        assertEquals(2, trust.schools().size());
        assertTrue(duck.stream().filter(f -> f.schoolId().equals("NORTH")).count() > 10, "north has findings");
        assertTrue(duck.stream().filter(f -> f.schoolId().equals("SOUTH")).count() > 10, "south has findings");
        assertEquals(byId(duck).keySet(), byId(trust.findings()).keySet(), "the same finding ids");
        Map<String, Finding> spark = byId(trust.findings());
        for (Finding d : duck) {
            Finding s = spark.get(d.findingId());
            assertEquals(d.schoolId(), s.schoolId(), d.findingId());
            assertEquals(d.staffId(), s.staffId(), d.findingId());
            assertEquals(d.detector(), s.detector(), d.findingId());
            assertEquals(d.severity(), s.severity(), d.findingId());
            assertEquals(d.firstSeen(), s.firstSeen(), d.findingId());
            assertEquals(d.score(), s.score(), 1e-9, d.findingId());
            assertEquals(d.evidence().events(), s.evidence().events(), d.findingId());
        }
        Set<String> staffInBoth = new HashSet<>();
        trust.findings().stream().filter(f -> f.schoolId().equals("NORTH")).forEach(f -> staffInBoth.add(f.staffId()));
        staffInBoth.retainAll(trust.findings().stream().filter(f -> f.schoolId().equals("SOUTH"))
                .map(Finding::staffId).toList());
        assertTrue(!staffInBoth.isEmpty(), "both schools have findings about a staff id they share, e.g. S0001");
        List<Finding> sorted = new ArrayList<>(trust.findings());
        sorted.sort(Comparator.comparing(Finding::firstSeen).thenComparing(Finding::detector)
                .thenComparing(Finding::findingId));
        assertEquals(sorted, trust.findings(), "one list in time order across the trust");
        assertEquals(0, TrustAuditTest.trust.persistedAfterAudit, "no derived table is left in memory after the audit");
    }

    @Test
    void trust_wide_baselines_place_each_finding_at_its_staff_members_school() throws Exception {
        SparkEngine engine = new SparkEngine(SharedSpark.get(), trust.dir.resolve("north-only"));
        SparkAudit.TrustResult trustWide = SparkAudit.run(engine, trust.north.settings, ZoneId.of("Europe/London"), null,
                null, Detectors.all(), true, null);
        assertEquals(1, trustWide.schools().size());
        assertEquals(null, trustWide.schools().get(0).school(), "one audit over the whole folder");
        assertEquals(byId(duck.stream().filter(f -> f.schoolId().equals("NORTH")).toList()).keySet(),
                byId(trustWide.findings()).keySet(), "one school alone: trust-wide baselines are the school's");
        assertTrue(trustWide.findings().stream().allMatch(f -> "NORTH".equals(f.schoolId())));
    }

    private static Map<String, Finding> byId(List<Finding> findings) {
        Map<String, Finding> m = new TreeMap<>();
        for (Finding f : findings) {
            assertEquals(null, m.put(f.findingId(), f), "finding ids are unique across the trust: " + f.findingId());
        }
        return m;
    }
}
