package uk.schoolaccess.auditor.analytics.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.schoolaccess.auditor.analytics.config.AuditSettings;
import uk.schoolaccess.auditor.analytics.detect.OutOfRoleAccessDetector;
import uk.schoolaccess.auditor.analytics.engine.DuckDbEngine;
import uk.schoolaccess.auditor.analytics.engine.SqlResource;
import uk.schoolaccess.auditor.analytics.explain.AccessExplanation;
import uk.schoolaccess.auditor.analytics.explain.Explanations;

/**
 * The teaching activity an audit keeps in the store (V020) gives the explanations a fresh
 * computation gives: on a generated school with gaps in its roster (so activity explains
 * accesses), audited whole and then a week at a time, and after a late file adds register marks
 * to days already kept.
 */
class KeptTeachingTest {

    private static final ZoneId ZONE = ZoneId.of("Europe/London");
    private static final LocalDate FIRST_MONDAY = LocalDate.parse("2026-09-07");

    @TempDir
    static Path dir;
    static GeneratedSchoolAudit school;
    static AuditSettings settings;

    @BeforeAll
    static void school() throws Exception {
        school = GeneratedSchoolAudit.create(dir, 11, 400, 40, 6, 0.15);
        settings = school.withBaseline(4);
    }

    @AfterAll
    static void close() {
        school.store.close();
    }

    @Test
    void kept_activity_explains_as_a_fresh_computation_does_and_a_late_file_is_learned_again() throws Exception {
        audit(null);
        assertEquals(0, school.scalar("SELECT count(*) FROM kept_teaching_days"),
                "a whole-store audit (a period longer than its baseline) learns from the accesses and keeps nothing");
        audit(FIRST_MONDAY.plusWeeks(4));
        long keptDays = school.scalar("SELECT count(*) FROM kept_teaching_days");
        assertEquals(35, keptDays, "a week's audit keeps every day of its window (four weeks' baseline and the week)");
        LocalDate monday = FIRST_MONDAY.plusWeeks(5);

        // Reused: nothing learned again, the same explanations and teaching as from the accesses.
        List<List<Object>> fresh = computed(monday, false);
        assertTrue(fresh.stream().anyMatch(r -> String.valueOf(r.get(1)).startsWith("activity_")),
                "activity explains some accesses of this school");
        assertEquals(fresh, computed(monday, true));
        // The week's days after the store's last access were not in the whole audit: kept now.
        keptDays = school.scalar("SELECT count(*) FROM kept_teaching_days");
        String state = school.rows("SELECT made_with, last_batch FROM kept_teaching_state").toString();
        assertEquals(fresh, computed(monday, true));
        assertEquals(keptDays, school.scalar("SELECT count(*) FROM kept_teaching_days"), "no day learned again");
        assertEquals(state, school.rows("SELECT made_with, last_batch FROM kept_teaching_state").toString());

        // A late file: another member of staff took one class's register on three Tuesdays already kept.
        List<List<Object>> register = school.rows("SELECT staff_id, CAST(ts AS DATE) FROM record_access "
                + "WHERE area = 'attendance' AND action = 'edit' AND staff_id IS NOT NULL AND pupil_id IS NOT NULL "
                + "AND ts >= TIMESTAMP '" + monday.minusWeeks(1).plusDays(1) + " 00:00:00' AND ts < TIMESTAMP '"
                + monday.minusWeeks(1).plusDays(2) + " 00:00:00' GROUP BY ALL HAVING count(*) >= 10 ORDER BY 1 LIMIT 1");
        assertFalse(register.isEmpty(), "a class register on that Tuesday");
        String teacher = register.get(0).get(0).toString();
        String cover = school.rows("SELECT staff_id FROM staff WHERE staff_id <> '" + teacher + "' ORDER BY staff_id LIMIT 1")
                .get(0).get(0).toString();
        school.execute("INSERT INTO ingest_batches (batch_id, path, sha256, format, rows_read, rows_ok, rows_duplicate, "
                + "rows_ignored, rows_quarantined, ambiguous_times, unresolved_accounts, started_at, finished_at) "
                + "VALUES (nextval('ingest_batch_ids'), 'late/sims-audit-late.csv', 'late', 'sims-audit', 0, 0, 0, 0, 0, 0, 0, "
                + "TIMESTAMP '2027-01-01 00:00:00', TIMESTAMP '2027-01-01 00:00:01')");
        school.execute("INSERT INTO record_access SELECT r.* REPLACE (r.event_id || '-late-' || CAST(w.w AS VARCHAR) AS event_id, "
                + "r.ts - w.w * INTERVAL 7 DAY AS ts, '" + cover + "' AS staff_id, "
                + "(SELECT max(batch_id) FROM ingest_batches) AS batch_id, NULL AS natural_id) "
                + "FROM record_access r CROSS JOIN (VALUES (0), (1), (2)) w(w) WHERE staff_id = '" + teacher
                + "' AND area = 'attendance' AND action = 'edit' AND pupil_id IS NOT NULL AND CAST(ts AS DATE) = DATE '"
                + register.get(0).get(1) + "'");
        List<List<Object>> late = computed(monday, false);
        assertTrue(taught(late, cover) > taught(fresh, cover), "the late register marks teach the cover teacher a class");
        assertEquals(late, computed(monday, true), "the days the late file touched are learned again");

        // The whole audit of the following weeks keeps extending the same rows, with the same results.
        audit(monday);
        assertEquals(late, computed(monday, false));
        assertEquals(late, computed(monday, true));
    }

    /**
     * access_explained (the period's), the out-of-role staff-day counts and activity_teaching of the
     * week's audit: with the kept rows, or computed from the accesses alone (the kept tables out of
     * sight, as on a store without them).
     */
    private static List<List<Object>> computed(LocalDate monday, boolean kept) throws SQLException {
        if (!kept) {
            school.execute("ALTER TABLE kept_teaching_state RENAME TO kept_teaching_state_hidden");
        }
        try {
            DuckDbEngine engine = new DuckDbEngine(school.store.connection());
            AuditContext context = new AuditContext(engine, AuditPeriod.ofDates(monday, monday.plusDays(6), ZONE), settings,
                    ZONE);
            Explanations.build(context);
            // The explanations from the period's first UTC day (the history before it is read whole only
            // while its explanations are not all kept: Explanations.liveFrom), and what the out-of-role
            // baseline reads of the whole window: each staff-day's accesses and unexplained pupils.
            String dayStart = AuditPeriod.sql(context.period().from().truncatedTo(java.time.temporal.ChronoUnit.DAYS));
            List<List<Object>> out = school.rows("SELECT event_id, explained_by, conflict, ts FROM access_explained "
                    + "WHERE ts >= " + dayStart + " ORDER BY event_id");
            out.addAll(school.rows("SELECT * FROM (" + SqlResource.fill(SqlResource.load(OutOfRoleAccessDetector.ID),
                    Map.of("unexplained", AccessExplanation.unexplainedBrowsingWhere(""))) + "\n) d ORDER BY ALL"));
            out.addAll(school.rows("SELECT staff_id, pupil_id, kind, weekday, slot_start, days, first_day, last_day, group_id "
                    + "FROM activity_teaching ORDER BY ALL"));
            engine.dropDerived();
            return out;
        } finally {
            if (!kept) {
                school.execute("ALTER TABLE kept_teaching_state_hidden RENAME TO kept_teaching_state");
            }
        }
    }

    /** Rows of activity_teaching (nine columns, after access_explained's four) for this member of staff. */
    private static long taught(List<List<Object>> computed, String staffId) {
        return computed.stream().filter(r -> r.size() == 9 && staffId.equals(r.get(0))).count();
    }

    private static void audit(LocalDate monday) throws SQLException {
        school.auditWeek(monday, settings);
    }
}
