package uk.schoolaccess.auditor.analytics.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.schoolaccess.auditor.analytics.config.AuditSettings;
import uk.schoolaccess.auditor.analytics.detect.Detectors;
import uk.schoolaccess.auditor.analytics.engine.DuckDbEngine;
import uk.schoolaccess.auditor.ingest.store.Store;

/**
 * A school audited week by week, as a school runs the auditor: each audit keeps its days'
 * teaching activity (activity_days) and the next week's audit reuses the days its baseline
 * history shares with the last one's. The same school, audited the same weeks with nothing kept
 * (every day built again from the accesses, as before), must give the same findings, withdrawals,
 * kept explanations and learned relationships, also after a day of the history loses accesses
 * (as a purge or a corrected export would do) between two audits.
 */
class WeeklyAuditTest {

    private static final ZoneId ZONE = ZoneId.of("Europe/London");
    private static final LocalDate FIRST_MONDAY = LocalDate.parse("2026-09-07");

    @TempDir
    static Path dir;
    static Store kept;
    static Store rebuilt;
    static AuditSettings settings;

    @BeforeAll
    static void school() throws Exception {
        GeneratedSchoolAudit school = GeneratedSchoolAudit.create(dir.resolve("a"), 7, 500, 50, 6);
        AuditSettings s = school.settings;
        // Three weeks of baseline, so each window slides over days the last audit kept and drops some.
        settings = new AuditSettings(s.networks(), s.apps(), s.schoolDay(), s.terms(), s.privilegedRoles(),
                new AuditSettings.Baseline(3), s.roleRemits(), s.detectors());
        school.store.close();
        Files.copy(dir.resolve("a/audit.duckdb"), dir.resolve("b.duckdb"));
        kept = Store.open(dir.resolve("a/audit.duckdb"));
        rebuilt = Store.open(dir.resolve("b.duckdb"));
    }

    @AfterAll
    static void close() {
        kept.close();
        rebuilt.close();
    }

    @Test
    void auditing_week_by_week_with_kept_days_gives_what_building_every_day_gives() throws Exception {
        // The whole store first (the school's first audit), then weeks 3 to 6.
        audit(kept, null);
        forget(rebuilt);
        audit(rebuilt, null);
        assertSame("the whole store");
        for (int week = 3; week <= 6; week++) {
            LocalDate monday = FIRST_MONDAY.plusWeeks(week - 1);
            if (week == 4) {
                assertTrue(count(kept, "SELECT count(*) FROM activity_day_keys WHERE local_day >= "
                        + (monday.minusWeeks(3).toEpochDay() + 1) + " AND local_day < " + monday.toEpochDay()) > 0,
                        "the last audit kept days of this week's history");
            }
            if (week == 6) {
                // A kept day of the history loses accesses (a purge, a corrected export): built again.
                long day = monday.minusWeeks(1).plusDays(2).toEpochDay();
                long before = count(kept, "SELECT accesses FROM activity_day_keys WHERE local_day = " + day);
                assertTrue(before > 0, "the day was kept");
                for (Store s : List.of(kept, rebuilt)) {
                    execute(s, "DELETE FROM record_access WHERE CAST(ts AS DATE) = DATE '"
                            + LocalDate.ofEpochDay(day) + "' AND (area = 'attendance' OR hour(ts) BETWEEN 10 AND 12)");
                }
                audit(kept, monday);
                assertNotEquals(before, count(kept, "SELECT accesses FROM activity_day_keys WHERE local_day = " + day));
            } else {
                audit(kept, monday);
            }
            forget(rebuilt);
            audit(rebuilt, monday);
            assertSame("week " + week);
        }
    }

    private static void audit(Store store, LocalDate monday) throws SQLException {
        AuditContext probe = new AuditContext(new DuckDbEngine(store.connection()),
                new AuditPeriod(java.time.Instant.EPOCH, java.time.Instant.EPOCH.plusSeconds(1)), settings, ZONE);
        AuditPeriod period = monday == null ? Audit.wholeStore(probe) : AuditPeriod.ofDates(monday, monday.plusDays(6), ZONE);
        Audit.run(new AuditContext(probe.engine(), period, settings, ZONE), Detectors.all(), store.connection());
    }

    /** Nothing kept: every day is built from the accesses, as before days were kept. */
    private static void forget(Store store) throws SQLException {
        execute(store, "DELETE FROM activity_day_keys");
        execute(store, "DELETE FROM activity_days");
    }

    private static void assertSame(String when) throws SQLException {
        for (String sql : List.of(
                "SELECT finding_id, detector, staff_id, account, subject, first_seen, last_seen, severity, score, "
                        + "aup_clause, summary, CAST(evidence AS VARCHAR), status FROM findings ORDER BY finding_id",
                "SELECT finding_id, reason, reopened_at IS NULL FROM finding_withdrawals ORDER BY finding_id, reason",
                "SELECT event_id, explained_by, conflict, ts FROM access_explanations ORDER BY event_id",
                "SELECT * FROM inferred_relationships ORDER BY ALL",
                "SELECT * FROM coverage_daily ORDER BY day")) {
            List<List<Object>> a = rows(kept, sql);
            assertTrue(!a.isEmpty() || sql.contains("withdrawals"), when + ": rows of " + sql);
            assertEquals(rows(rebuilt, sql), a, when + ": " + sql);
        }
    }

    private static List<List<Object>> rows(Store store, String sql) throws SQLException {
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

    private static long count(Store store, String sql) throws SQLException {
        List<List<Object>> r = rows(store, sql);
        return r.isEmpty() || r.get(0).get(0) == null ? 0 : Long.parseLong(r.get(0).get(0).toString());
    }

    private static void execute(Store store, String sql) throws SQLException {
        Connection c = store.connection();
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
