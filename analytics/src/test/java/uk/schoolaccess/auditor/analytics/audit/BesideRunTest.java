package uk.schoolaccess.auditor.analytics.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.schoolaccess.auditor.analytics.config.AuditSettings;
import uk.schoolaccess.auditor.analytics.detect.Detector;
import uk.schoolaccess.auditor.analytics.detect.DetectorInfo;
import uk.schoolaccess.auditor.analytics.detect.Detectors;
import uk.schoolaccess.auditor.analytics.detect.Finding;
import uk.schoolaccess.auditor.analytics.engine.DuckDbEngine;
import uk.schoolaccess.auditor.analytics.engine.Engine;
import uk.schoolaccess.auditor.analytics.engine.EngineException;

/**
 * An audit on DuckDB runs the sessions and the detectors that never read the explanations on a
 * second connection while its own builds the explanations. On a generated school: the findings,
 * every detector's count and their order are those of the same audit run in turn on one
 * connection (whole store, and weeks audited one after another with what audits keep between
 * runs); a detector failing on either side fails the audit with its own exception, after which
 * neither connection holds a derived table, the second connection is closed, and the next audit
 * finds what an audit in turn finds.
 */
class BesideRunTest {

    private static final ZoneId ZONE = ZoneId.of("Europe/London");
    private static final LocalDate FIRST_MONDAY = LocalDate.parse("2026-09-07");

    @TempDir
    static Path dir;
    static GeneratedSchoolAudit school;
    static AuditSettings settings;

    static long threadsSetting;

    @BeforeAll
    static void school() throws Exception {
        school = GeneratedSchoolAudit.create(dir, 11, 400, 45, 5);
        // Two or more, as on any machine with a second core to use (the test sets it so).
        school.execute("SET threads = 3");
        threadsSetting = school.scalar("SELECT current_setting('threads')");
        settings = school.withBaseline(3);
    }

    @AfterAll
    static void close() {
        school.store.close();
    }

    @Test
    void the_whole_store_gives_the_findings_counts_and_order_of_an_audit_in_turn() throws Exception {
        AuditResult inTurn = Audit.runInOrder(context(null), Detectors.all(), null, "NFS");
        AuditResult beside = Audit.run(context(null), Detectors.all(), null, "NFS");

        assertTrue(inTurn.findings().size() > 20, "a school's worth of findings: " + inTurn.perDetector());
        assertTrue(inTurn.perDetector().get("out_of_role_access") > 0 && inTurn.perDetector().get("shared_credentials") > 0,
                "findings from both sides: " + inTurn.perDetector());
        assertEquals(List.copyOf(inTurn.perDetector().entrySet()), List.copyOf(beside.perDetector().entrySet()),
                "every detector's count, in the registered order");
        assertEquals(inTurn.findings(), beside.findings(), "the same findings (evidence included) in the same order");
        assertEquals(inTurn.coverage(), beside.coverage());
        assertNoDerivedTables();
    }

    @Test
    void weeks_audited_in_turn_and_beside_find_the_same_and_keep_the_same() throws Exception {
        for (int week = 2; week <= 4; week++) {
            LocalDate monday = FIRST_MONDAY.plusWeeks(week);
            AuditResult inTurn = Audit.runInOrder(context(monday), Detectors.all(), school.store.connection(), "NFS");
            List<List<Object>> keptInTurn = kept();
            AuditResult beside = Audit.run(context(monday), Detectors.all(), school.store.connection(), "NFS");
            assertEquals(List.copyOf(inTurn.perDetector().entrySet()), List.copyOf(beside.perDetector().entrySet()));
            assertEquals(inTurn.findings(), beside.findings(), "week from " + monday);
            assertEquals(keptInTurn, kept(), "the week's kept sessions, teaching and explanations");
            assertNoDerivedTables();
        }
    }

    @Test
    void a_detector_failing_beside_the_explanations_fails_the_audit_with_its_own_error_and_leaves_nothing_behind()
            throws Exception {
        AtomicReference<Engine> ranOn = new AtomicReference<>();
        EngineException failure = new EngineException("missing_logout failed (test)", null);
        LocalDate monday = FIRST_MONDAY.plusWeeks(3);

        AuditContext context = context(monday);

        EngineException thrown = assertThrows(EngineException.class, () -> Audit.run(context,
                replacing("missing_logout", failing(failure, ranOn, false)), school.store.connection(), "NFS"));

        assertSame(failure, thrown, "the detector's own exception, from the other thread");
        assertNotNull(ranOn.get());
        assertNotSame(context.engine(), ranOn.get(), "it ran on the second connection");
        assertThrows(EngineException.class, () -> ranOn.get().query("SELECT 1"), "the second connection is closed");
        assertNoDerivedTables();
        assertAuditsAgreeAfterwards(monday);
    }

    @Test
    void a_detector_failing_after_the_explanations_fails_the_audit_once_the_other_side_has_stopped() throws Exception {
        AtomicReference<Engine> ranOn = new AtomicReference<>();
        EngineException failure = new EngineException("out_of_role_access failed (test)", null);
        LocalDate monday = FIRST_MONDAY.plusWeeks(4);

        AuditContext context = context(monday);

        EngineException thrown = assertThrows(EngineException.class, () -> Audit.run(context,
                replacing("out_of_role_access", failing(failure, ranOn, true)), school.store.connection(), "NFS"));

        assertSame(failure, thrown);
        // It ran on the audit's own connection, which is still open and holds nothing of the audit.
        assertSame(context.engine(), ranOn.get());
        assertEquals(1L, ranOn.get().query("SELECT 1 AS one").get(0).number("one"));
        assertNoDerivedTables();
        assertAuditsAgreeAfterwards(monday);
    }

    @Test
    void the_second_connection_reads_the_catalog_the_audit_uses_as_for_an_attached_encrypted_store() throws Exception {
        // An encrypted store is attached to an in-memory database and made the default with USE.
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:");
             java.sql.Statement st = c.createStatement()) {
            st.execute("ATTACH '" + dir.resolve("attached.duckdb") + "' AS auditor_store");
            st.execute("USE auditor_store");
            st.execute("CREATE TABLE staff_days AS SELECT 7 AS n");
            DuckDbEngine second = new DuckDbEngine(c).beside();
            try {
                assertEquals(7L, second.query("SELECT n FROM staff_days").get(0).number("n"));
            } finally {
                second.closeBeside();
            }
        }
    }

    /** After a failed audit, one beside the explanations and one in turn find and keep the same. */
    private static void assertAuditsAgreeAfterwards(LocalDate monday) throws SQLException {
        AuditResult beside = Audit.run(context(monday), Detectors.all(), school.store.connection(), "NFS");
        List<List<Object>> keptBeside = kept();
        AuditResult inTurn = Audit.runInOrder(context(monday), Detectors.all(), school.store.connection(), "NFS");
        assertEquals(inTurn.findings(), beside.findings());
        assertEquals(keptBeside, kept());
    }

    private static AuditContext context(LocalDate monday) {
        DuckDbEngine engine = new DuckDbEngine(school.store.connection());
        return new AuditContext(engine, school.weekOrWholeStore(engine, monday, settings), settings, ZONE);
    }

    /** Also: DuckDB's threads, fewer while both sides run, are the database's own again. */
    private static void assertNoDerivedTables() throws SQLException {
        assertEquals(threadsSetting, school.scalar("SELECT current_setting('threads')"), "the threads setting put back");
        assertEquals(0L, school.scalar("SELECT count(*) FROM duckdb_tables() WHERE temporary"));
        assertEquals(0L, school.scalar("SELECT count(*) FROM duckdb_views() WHERE temporary AND NOT internal "
                + "AND database_name = 'temp'"));
    }

    /** What audits keep between runs, in a stable order. */
    private static List<List<Object>> kept() throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        for (String t : List.of("kept_sessions", "kept_sessions_state", "kept_teaching", "kept_teaching_state",
                "kept_explain_counts", "kept_explain_days", "kept_explain_state", "access_explanations",
                "inferred_relationships")) {
            rows.add(List.of(t));
            rows.addAll(school.rows("SELECT * FROM " + t + " ORDER BY ALL"));
        }
        return rows;
    }

    private static List<Detector> replacing(String id, Detector with) {
        return Detectors.all().stream().map(d -> d.info().id().equals(id) ? with : d).toList();
    }

    /** A detector that fails with {@code failure}, noting the engine it was given. */
    private static Detector failing(EngineException failure, AtomicReference<Engine> ranOn, boolean readsExplanations) {
        String id = failure.getMessage().split(" ")[0];
        DetectorInfo info = Detectors.byId(id).orElseThrow().info();
        return new Detector() {
            @Override
            public DetectorInfo info() {
                return info;
            }

            @Override
            public List<Finding> detect(AuditContext context) {
                ranOn.set(context.engine());
                throw failure;
            }

            @Override
            public boolean readsExplanations() {
                return readsExplanations;
            }
        };
    }
}
