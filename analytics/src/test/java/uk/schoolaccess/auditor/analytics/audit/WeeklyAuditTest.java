package uk.schoolaccess.auditor.analytics.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.schoolaccess.auditor.analytics.config.AuditSettings;
import uk.schoolaccess.auditor.analytics.engine.DuckDbEngine;
import uk.schoolaccess.auditor.analytics.explain.Explanations;

/**
 * What a weekly audit keeps of its explanations, on a generated school audited whole and then one
 * week at a time, as a school runs the auditor: the week's accesses get this audit's explanation
 * (what the audit computed for them); an access of the week's baseline history keeps the one its
 * own audit stored, and one no audit has explained yet is given this audit's.
 */
class WeeklyAuditTest {

    private static final ZoneId ZONE = ZoneId.of("Europe/London");
    private static final LocalDate FIRST_MONDAY = LocalDate.parse("2026-09-07");

    @TempDir
    static Path dir;
    static GeneratedSchoolAudit school;
    static AuditSettings settings;

    @BeforeAll
    static void school() throws Exception {
        school = GeneratedSchoolAudit.create(dir, 7, 500, 50, 6);
        // Three weeks of baseline, so a week's history is a part of the store.
        settings = school.withBaseline(3);
    }

    @AfterAll
    static void close() {
        school.store.close();
    }

    @Test
    void a_week_replaces_its_own_explanations_and_leaves_its_history_to_the_audits_that_judged_it() throws Exception {
        // The whole store: every access explained, as the audit computed it.
        List<List<Object>> whole = computed(null, "true");
        audit(null);
        assertEquals(whole, kept("true"), "a whole-store audit keeps every explanation it made");

        LocalDate monday = FIRST_MONDAY.plusWeeks(4);
        String week = inRange(monday, monday.plusDays(7));
        String lateDay = inRange(monday.minusWeeks(2).plusDays(2), monday.minusWeeks(2).plusDays(3));
        String judgedDay = inRange(monday.minusWeeks(1).plusDays(1), monday.minusWeeks(1).plusDays(2));
        // A history day no audit explained (loaded late), and one whose kept explanations must stay.
        school.execute("DELETE FROM access_explanations WHERE " + lateDay);
        school.execute("UPDATE access_explanations SET explained_by = 'by the audit that judged it' WHERE " + judgedDay);
        List<List<Object>> before = kept("NOT (" + week + ") AND NOT (" + lateDay + ")");
        List<List<Object>> weekComputed = computed(monday, week);
        List<List<Object>> lateComputed = computed(monday, lateDay);
        assertTrue(weekComputed.size() > 1000 && lateComputed.size() > 100, "a school week and day of accesses");

        audit(monday);

        assertEquals(weekComputed, kept(week), "the week's accesses: this audit's explanations");
        assertEquals(lateComputed, kept(lateDay), "a history access no audit explained: this audit's");
        assertEquals(before, kept("NOT (" + week + ") AND NOT (" + lateDay + ")"),
                "every other access keeps its explanation, the history's too");
        assertTrue(kept(judgedDay).stream().allMatch(r -> "by the audit that judged it".equals(r.get(1))));
        assertEquals(0L, school.scalar("SELECT count(*) - count(DISTINCT event_id) FROM access_explanations"),
                "one explanation per access");
        assertEquals(school.scalar("SELECT count(*) FROM record_access WHERE action IN ('view', 'edit', 'search', 'print') "
                + "AND (pupil_id IS NOT NULL OR incident_id IS NOT NULL)"),
                school.scalar("SELECT count(*) FROM access_explanations"), "every judged access explained once");

        // The following week: the week just audited is now history and keeps its explanations.
        List<List<Object>> judged = kept(week);
        audit(monday.plusWeeks(1));
        assertEquals(judged, kept(week));
    }

    @Test
    void a_week_whose_history_is_all_explained_counts_it_and_judges_as_if_it_explained_every_access() throws Exception {
        audit(null);
        LocalDate monday = FIRST_MONDAY.plusWeeks(4);
        // Every access of the history has a kept explanation: its roster-explained accesses are only counted.
        List<List<Object>> counted = judged(monday, true);
        // One kept explanation fewer: the history is read and explained whole again.
        String history = inRange(monday.minusWeeks(3), monday);
        List<List<Object>> one = school.rows("SELECT event_id, explained_by, conflict, ts FROM access_explanations WHERE "
                + history + " ORDER BY event_id LIMIT 1");
        school.execute("DELETE FROM access_explanations WHERE event_id = '" + one.get(0).get(0) + "'");
        try {
            assertEquals(counted, judged(monday, false),
                    "the period's explanations and every staff-day's accesses and unexplained pupils");
        } finally {
            audit(null); // explains (and keeps) every access again
        }
    }

    /**
     * What a week's audit judges from access_explained: the period's explanations (from its first UTC
     * day) and the out-of-role staff-day counts over its whole window; {@code counted}: whether the
     * history's roster-explained accesses were only counted (Explanations.liveFrom).
     */
    private static List<List<Object>> judged(LocalDate monday, boolean counted) throws SQLException {
        DuckDbEngine engine = new DuckDbEngine(school.store.connection());
        AuditContext context = new AuditContext(engine, period(engine, monday), settings, ZONE);
        Explanations.build(context);
        assertEquals(counted, school.scalar("SELECT count(*) FROM history_roster_days") > 0);
        String dayStart = AuditPeriod.sql(context.period().from().truncatedTo(java.time.temporal.ChronoUnit.DAYS));
        List<List<Object>> rows = school.rows("SELECT event_id, explained_by, conflict, ts FROM access_explained "
                + "WHERE ts >= " + dayStart + " ORDER BY event_id");
        rows.addAll(school.rows("SELECT * FROM (" + uk.schoolaccess.auditor.analytics.engine.SqlResource.fill(
                uk.schoolaccess.auditor.analytics.engine.SqlResource.load("out_of_role_access"), java.util.Map.of(
                        "unexplained", uk.schoolaccess.auditor.analytics.explain.AccessExplanation
                                .unexplainedBrowsingWhere(""))) + "\n) d ORDER BY ALL"));
        engine.dropDerived();
        return rows;
    }

    /** access_explained as the audit of that week (null: the whole store) computes it, rows in {@code where}. */
    private static List<List<Object>> computed(LocalDate monday, String where) throws SQLException {
        DuckDbEngine engine = new DuckDbEngine(school.store.connection());
        Explanations.build(new AuditContext(engine, period(engine, monday), settings, ZONE));
        List<List<Object>> rows = school.rows("SELECT event_id, explained_by, conflict, ts FROM access_explained WHERE "
                + where + " ORDER BY event_id");
        engine.dropDerived();
        return rows;
    }

    private static List<List<Object>> kept(String where) throws SQLException {
        return school.rows("SELECT event_id, explained_by, conflict, ts FROM access_explanations WHERE " + where
                + " ORDER BY event_id");
    }

    private static void audit(LocalDate monday) throws SQLException {
        school.auditWeek(monday, settings);
    }

    private static AuditPeriod period(DuckDbEngine engine, LocalDate monday) {
        return school.weekOrWholeStore(engine, monday, settings);
    }

    /** ts within [from, to), local dates in the school's zone. */
    private static String inRange(LocalDate from, LocalDate to) {
        return "ts >= " + AuditPeriod.sql(from.atStartOfDay(ZONE).toInstant()) + " AND ts < "
                + AuditPeriod.sql(to.atStartOfDay(ZONE).toInstant());
    }
}
