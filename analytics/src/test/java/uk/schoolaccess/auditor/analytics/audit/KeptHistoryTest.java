package uk.schoolaccess.auditor.analytics.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
 * The baseline history an audit keeps in the store (V022: per UTC day, the staff-day counts of the
 * accesses a roster relationship explains, the accesses none explains and the register marks the
 * cover registers read besides) gives the explanations and out-of-role day counts that reading
 * the history's accesses gives: on a generated school with gaps in its roster (so cover
 * registers, activity and unexplained accesses occur), a week at a time, after a late file lands
 * on a kept day, after kept rows are left by an audit stopped part way, and after a roster file.
 */
class KeptHistoryTest {

    private static final ZoneId ZONE = ZoneId.of("Europe/London");
    private static final LocalDate FIRST_MONDAY = LocalDate.parse("2026-09-07");

    @TempDir
    static Path dir;
    static GeneratedSchoolAudit school;
    static AuditSettings settings;

    @BeforeAll
    static void school() throws Exception {
        school = GeneratedSchoolAudit.create(dir, 23, 400, 40, 6, 0.15);
        settings = school.withBaseline(4);
    }

    @AfterAll
    static void close() {
        school.store.close();
    }

    @Test
    void kept_history_gives_what_reading_the_accesses_gives_and_what_changed_is_kept_again() throws Exception {
        school.auditWeek(FIRST_MONDAY.plusWeeks(4), settings);
        assertTrue(school.scalar("SELECT count(*) FROM kept_explain_days") >= 30,
                "a week's audit keeps the whole UTC days of its window");
        assertEquals(1, school.scalar("SELECT count(*) FROM kept_explain_state"));
        LocalDate monday = FIRST_MONDAY.plusWeeks(5);

        // The next week: its history's days come from the kept rows, with the same results.
        List<List<Object>> fresh = computed(monday, false);
        assertTrue(fresh.stream().anyMatch(r -> "cover_register".equals(r.get(7))), "cover registers explain some accesses");
        assertTrue(fresh.stream().anyMatch(r -> r.size() == 8 && r.get(0) == null && r.get(7) == null),
                "some history accesses are unexplained");
        assertEquals(fresh, computed(monday, true));
        school.execute("UPDATE kept_explain_counts SET accesses = accesses + 7");
        assertNotEquals(fresh, computed(monday, true), "the history's days were taken from the kept rows");
        school.execute("UPDATE kept_explain_counts SET accesses = accesses - 7");
        assertEquals(fresh, computed(monday, true));

        // A late file lands on a kept day of the history: a member of staff opened records of pupils
        // the roster relates them to in no way. The audit of the week keeps their explanations
        // (reading every access, as none is kept yet) and keeps that day's rows again.
        String day = monday.minusWeeks(2).plusDays(2).toString();
        List<List<Object>> rows = school.rows("SELECT staff_id FROM record_access WHERE staff_id IS NOT NULL "
                + "AND CAST(ts AS DATE) = DATE '" + day + "' GROUP BY staff_id ORDER BY count(*) DESC, staff_id LIMIT 1");
        assertFalse(rows.isEmpty());
        String browser = rows.get(0).get(0).toString();
        school.execute("INSERT INTO ingest_batches (batch_id, path, sha256, format, rows_read, rows_ok, rows_duplicate, "
                + "rows_ignored, rows_quarantined, ambiguous_times, unresolved_accounts, started_at, finished_at) "
                + "VALUES (nextval('ingest_batch_ids'), 'late/sims-audit-late.csv', 'late', 'sims-audit', 0, 0, 0, 0, 0, 0, 0, "
                + "TIMESTAMP '2027-01-01 00:00:00', TIMESTAMP '2027-01-01 00:00:01')");
        school.execute("INSERT INTO record_access SELECT r.* REPLACE (r.event_id || '-late' AS event_id, "
                + "TIMESTAMP '" + day + " 11:00:00' + (row_number() OVER (ORDER BY r.event_id)) * INTERVAL 1 MINUTE AS ts, '"
                + browser + "' AS staff_id, (SELECT max(batch_id) FROM ingest_batches) AS batch_id, NULL AS natural_id) "
                + "FROM record_access r WHERE r.action = 'view' AND r.incident_id IS NULL AND r.pupil_id IS NOT NULL "
                + "AND r.area = 'assessment' AND r.pupil_id NOT IN (SELECT pupil_id FROM relationship_pupils WHERE staff_id = '"
                + browser + "') AND CAST(r.ts AS DATE) = DATE '" + day + "' QUALIFY row_number() OVER (PARTITION BY r.pupil_id "
                + "ORDER BY r.event_id) = 1 ORDER BY r.event_id LIMIT 12");
        school.auditWeek(monday, settings);
        List<List<Object>> late = computed(monday, false);
        assertNotEquals(fresh, late, "the late accesses change the history's day counts");
        assertEquals(late, computed(monday, true), "the day the late file touched was kept again");

        // An audit stopped part way: kept rows changed, the state row gone. The next audit keeps again.
        school.execute("UPDATE kept_explain_counts SET accesses = accesses + 7");
        school.execute("DELETE FROM kept_explain_accesses WHERE NOT roster_related");
        school.execute("DELETE FROM kept_explain_state");
        assertEquals(late, computed(monday, true), "rows without a state are not trusted");
        assertEquals(late, computed(monday, true));

        // A roster file: the roster relates pupils otherwise (a teaching group dropped), so every kept row goes.
        school.execute("INSERT INTO ingest_batches (batch_id, path, sha256, format, rows_read, rows_ok, rows_duplicate, "
                + "rows_ignored, rows_quarantined, ambiguous_times, unresolved_accounts, started_at, finished_at) "
                + "VALUES (nextval('ingest_batch_ids'), 'roster/teaching_groups.csv', 'roster', 'roster-teaching-groups', "
                + "0, 0, 0, 0, 0, 0, 0, TIMESTAMP '2027-01-01 00:00:00', TIMESTAMP '2027-01-01 00:00:01')");
        school.execute("DELETE FROM relationships WHERE kind = 'teaches' AND group_id IN (SELECT group_id FROM relationships "
                + "WHERE kind = 'teaches' AND group_id IS NOT NULL GROUP BY group_id ORDER BY group_id LIMIT 3)");
        List<List<Object>> roster = computed(monday, false);
        assertNotEquals(late, roster, "the roster file changes what the roster explains");
        assertEquals(roster, computed(monday, true), "after a roster file the history is kept again");
        assertEquals(roster, computed(monday, true), "and the rows kept again are used");

        // A late register mark carrying an incident (read live, never kept) of a pupil the roster does
        // not relate the marker to opens its slot as any such mark does: the marker's other marks in
        // that slot are kept, so the cover register the kept rows give holds them.
        String markDay = monday.minusWeeks(2).plusDays(3).toString();
        List<List<Object>> mark = school.rows("SELECT event_id, staff_id, ts FROM record_access a WHERE area = 'attendance' "
                + "AND action = 'edit' AND incident_id IS NULL AND staff_id IS NOT NULL AND CAST(ts AS DATE) = DATE '"
                + markDay + "' AND pupil_id IN (SELECT pupil_id FROM relationship_pupils p WHERE p.staff_id = a.staff_id) "
                + "ORDER BY event_id LIMIT 1");
        assertFalse(mark.isEmpty());
        String marker = mark.get(0).get(1).toString();
        String stranger = school.rows("SELECT pupil_id FROM pupils WHERE pupil_id NOT IN (SELECT pupil_id FROM "
                + "relationship_pupils WHERE staff_id = '" + marker + "') ORDER BY pupil_id LIMIT 1").get(0).get(0).toString();
        school.execute("INSERT INTO ingest_batches (batch_id, path, sha256, format, rows_read, rows_ok, rows_duplicate, "
                + "rows_ignored, rows_quarantined, ambiguous_times, unresolved_accounts, started_at, finished_at) "
                + "VALUES (nextval('ingest_batch_ids'), 'late/sims-incident-mark.csv', 'incident-mark', 'sims-audit', 0, 0, 0, "
                + "0, 0, 0, 0, TIMESTAMP '2027-01-02 00:00:00', TIMESTAMP '2027-01-02 00:00:01')");
        school.execute("INSERT INTO record_access SELECT r.* REPLACE (r.event_id || '-incident' AS event_id, 'INC-LATE-1' "
                + "AS incident_id, '" + stranger + "' AS pupil_id, (SELECT max(batch_id) FROM ingest_batches) AS batch_id, "
                + "NULL AS natural_id) FROM record_access r WHERE r.event_id = '" + mark.get(0).get(0) + "'");
        school.auditWeek(monday, settings);
        assertTrue(school.scalar("SELECT count(*) FROM kept_explain_accesses WHERE staff_id = '" + marker
                + "' AND ts = TIMESTAMP '" + mark.get(0).get(2) + "' AND roster_related") > 0,
                "the marker's own marks in the slot the incident mark opens are kept");
        assertEquals(computed(monday, false), computed(monday, true));
    }

    /**
     * What the kept history feeds, for the week's audit: every row of access_explained (the
     * history's without event ids), the out-of-role staff-day counts of the whole window and
     * activity_teaching; with the kept rows (and kept teaching), or from the accesses alone (the
     * kept state out of sight, as on a store without it).
     */
    private static List<List<Object>> computed(LocalDate monday, boolean kept) throws SQLException {
        if (!kept) {
            school.execute("ALTER TABLE kept_explain_state RENAME TO kept_explain_state_hidden");
        }
        try {
            DuckDbEngine engine = new DuckDbEngine(school.store.connection());
            AuditContext context = new AuditContext(engine, AuditPeriod.ofDates(monday, monday.plusDays(6), ZONE), settings,
                    ZONE);
            Explanations.build(context);
            List<List<Object>> out = school.rows("SELECT event_id, source, ts, staff_id, area, pupil_id, conflict, explained_by "
                    + "FROM access_explained ORDER BY ALL");
            out.addAll(school.rows("SELECT * FROM (" + SqlResource.fill(SqlResource.load(OutOfRoleAccessDetector.ID),
                    Map.of("unexplained", AccessExplanation.unexplainedBrowsingWhere(""))) + "\n) d ORDER BY ALL"));
            out.addAll(school.rows("SELECT staff_id, pupil_id, kind, weekday, slot_start, days, first_day, last_day, group_id "
                    + "FROM activity_teaching ORDER BY ALL"));
            engine.dropDerived();
            return out;
        } finally {
            if (!kept) {
                school.execute("ALTER TABLE kept_explain_state_hidden RENAME TO kept_explain_state");
            }
        }
    }
}
