package uk.schoolaccess.auditor.analytics.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.schoolaccess.auditor.analytics.config.AuditSettings;

/**
 * Teaching seen from the school's own activity (ActivityTeaching): each rule that learns a
 * relationship, and each rule that keeps it from explaining what it must not. T1 teaches a class
 * (P01-P12) that the roster export leaves out; the audited week is 28 September to 2 October
 * 2026, the three Tuesdays before it are history.
 */
class ActivityTeachingTest {

    static final String FROM = "2026-09-28T00:00:00Z";
    static final String TO = "2026-10-03T00:00:00Z";
    static final List<String> HISTORY_TUESDAYS = List.of("2026-09-08", "2026-09-15", "2026-09-22");

    @TempDir
    Path dir;
    SchoolFixture school;

    @BeforeEach
    void school() {
        school = new SchoolFixture(dir)
                .staff("T1", "['teacher']", null).staff("T2", "['teacher']", null).staff("T9", "['teacher']", null)
                .staff("DSL", "['dsl', 'slt']", null);
        for (int i = 1; i <= 40; i++) {
            school.pupil(pupil(i), 7 + i % 3, i <= 20 ? "7A" : "8B", false, null);
        }
        school.sql("INSERT INTO incidents (incident_id, pupil_id, category, author_staff_id, author_account) VALUES "
                        + "('I1', 'P05', 'Child Protection', 'DSL', 'DSL')",
                "INSERT INTO incident_involvement VALUES ('I1', 'DSL', 'DSL', 'author')");
    }

    @AfterEach
    void close() {
        school.close();
    }

    @Test
    void a_register_taken_in_the_same_slot_week_after_week_is_teaching() {
        registers("T1", HISTORY_TUESDAYS, 1, 12);
        views("T1", "2026-09-29", "student_details", 1, 12);
        assertEquals(List.of(), audit());
        assertEquals(List.of("activity_register"), explainedBy("T1", "student_details"));
    }

    @Test
    void a_one_off_register_is_not_teaching_and_a_curious_look_stays_found() {
        registers("T1", List.of("2026-09-22"), 1, 12);
        views("T1", "2026-09-29", "student_details", 1, 12);
        List<Finding> f = audit();
        assertEquals(List.of("T1"), f.stream().map(Finding::staffId).toList(), f.toString());
        assertEquals(List.of(""), explainedBy("T1", "student_details"));
    }

    @Test
    void a_teacher_at_work_for_two_weeks_only_is_learned_from_both() {
        registers("T1", List.of("2026-09-22", "2026-09-29"), 1, 12); // joined on 21 September
        views("T1", "2026-09-29", "student_details", 1, 12);
        assertEquals(List.of(), audit());
        assertEquals(List.of("activity_register"), explainedBy("T1", "student_details"));
    }

    @Test
    void teaching_records_opened_in_the_same_slot_week_after_week_are_teaching() {
        for (String day : HISTORY_TUESDAYS) {
            for (int i = 21; i <= 28; i++) {
                school.access("T2", day + " 13:" + (10 + i) + ":00", "view", i % 2 == 0 ? "behaviour" : "assessment",
                        pupil(i), null, "sims");
            }
        }
        views("T2", "2026-09-30", "student_details", 21, 28);
        assertEquals(List.of(), audit());
        assertEquals(List.of("activity_records"), explainedBy("T2", "student_details"));
    }

    @Test
    void records_opened_once_at_the_same_time_of_day_are_not_teaching() {
        for (int i = 21; i <= 28; i++) {
            school.access("T2", "2026-09-22 13:" + (10 + i) + ":00", "view", "behaviour", pupil(i), null, "sims");
        }
        views("T2", "2026-09-30", "student_details", 21, 28);
        assertEquals(List.of("T2"), audit().stream().map(Finding::staffId).toList());
    }

    @Test
    void the_rest_of_a_group_mostly_taught_is_taught_too() {
        for (int i = 1; i <= 10; i++) {
            school.sql("INSERT INTO relationships (relationship_id, staff_id, kind, pupil_id, group_id) VALUES ('g" + i
                    + "', 'T9', 'teaches', '" + pupil(i) + "', '7MA1')");
        }
        registers("T1", HISTORY_TUESDAYS, 1, 9); // nine of 7MA1's ten pupils, and never P10
        views("T1", "2026-09-29", "student_details", 10, 10);
        audit();
        assertEquals(List.of("activity_group"), explainedBy("T1", "student_details"));
        assertEquals("teaches most of 7MA1 (9 of its 10 pupils, by the roster or from activity)",
                evidence("T1", "P10"));
    }

    @Test
    void a_small_part_of_a_group_does_not_bring_the_rest() {
        for (int i = 1; i <= 30; i++) {
            school.sql("INSERT INTO relationships (relationship_id, staff_id, kind, pupil_id, group_id) VALUES ('g" + i
                    + "', 'T9', 'teaches', '" + pupil(i) + "', '7MA1')");
        }
        registers("T1", HISTORY_TUESDAYS, 1, 12); // 12 of 30: not most of it
        views("T1", "2026-09-29", "student_details", 13, 30);
        List<Finding> f = audit();
        assertEquals(List.of("T1"), f.stream().map(Finding::staffId).toList());
    }

    @Test
    void never_explains_a_safeguarding_incident_or_a_safeguarding_record() {
        registers("T1", HISTORY_TUESDAYS, 1, 12);
        school.access("T1", "2026-09-29 12:00:00", "view", "incident", "P05", "I1", "cpoms");
        school.access("T1", "2026-09-29 12:00:20", "view", "student_details", "P05", null, "cpoms");
        List<Finding> f = audit();
        assertEquals(1, f.size(), f.toString());
        assertEquals("ACC-2", f.get(0).aupClause(), "ACC-2 keeps its own people");
        assertEquals(List.of("", ""), school.rows("SELECT coalesce(explained_by, '') AS e FROM access_explained "
                + "WHERE staff_id = 'T1' AND source = 'cpoms'"));
    }

    @Test
    void never_explains_a_medical_record() {
        registers("T1", HISTORY_TUESDAYS, 1, 12);
        views("T1", "2026-09-29", "medical", 1, 12);
        List<Finding> f = audit();
        assertEquals(List.of("T1"), f.stream().map(Finding::staffId).toList(), "a medical record needs a remit");
        assertTrue(f.get(0).summary().contains("medical"), f.get(0).summary());
    }

    @Test
    void learning_from_activity_can_be_turned_off_and_tuned() {
        registers("T1", HISTORY_TUESDAYS, 1, 12);
        views("T1", "2026-09-29", "student_details", 1, 12);
        assertEquals(List.of("T1"), audit(Map.of("activity_min_weeks", 0.0)).stream().map(Finding::staffId).toList());
        assertEquals(List.of("T1"), audit(Map.of("activity_min_weeks", 4.0)).stream().map(Finding::staffId).toList());
        assertEquals(List.of("T1"), audit(Map.of("activity_min_register", 13.0)).stream().map(Finding::staffId).toList());
        assertEquals(List.of(), audit(Map.of("activity_min_weeks", 3.0)));
    }

    @Test
    void evidence_says_what_was_seen_and_when() {
        registers("T1", HISTORY_TUESDAYS, 1, 12);
        views("T1", "2026-09-29", "student_details", 1, 12);
        audit();
        assertEquals("took the register for them on Tuesdays at 10:00-10:30 on 3 school days (2026-09-08 to 2026-09-22)",
                evidence("T1", "P01"));
        assertEquals(List.of("false"), school.rows("SELECT DISTINCT CAST(in_roster AS VARCHAR) AS r FROM activity_teaching"));
    }

    private List<Finding> audit() {
        return school.run(new OutOfRoleAccessDetector(), FROM, TO);
    }

    private List<Finding> audit(Map<String, Double> thresholds) {
        AuditSettings d = AuditSettings.defaults();
        return school.run(new OutOfRoleAccessDetector(), FROM, TO, new AuditSettings(d.networks(), d.apps(),
                d.schoolDay(), d.terms(), d.privilegedRoles(), d.baseline(), d.roleRemits(),
                Map.of(OutOfRoleAccessDetector.ID, thresholds)));
    }

    /** A register of pupils from..to at 10:05 (BST) on each day, a few seconds apart. */
    private void registers(String staff, List<String> days, int from, int to) {
        for (String day : days) {
            for (int i = from; i <= to; i++) {
                school.access(staff, day + " 09:05:" + String.format("%02d", 2 * i), "edit", "attendance", pupil(i), null,
                        "sims");
            }
        }
    }

    private void views(String staff, String day, String area, int from, int to) {
        for (int i = from; i <= to; i++) {
            school.access(staff, day + " 14:" + String.format("%02d", i) + ":00", "view", area, pupil(i), null, "sims");
        }
    }

    private List<String> explainedBy(String staff, String area) {
        return school.rows("SELECT DISTINCT coalesce(explained_by, '') AS e FROM access_explained WHERE staff_id = '"
                + staff + "' AND area = '" + area + "' AND ts >= TIMESTAMP '2026-09-28 00:00:00'");
    }

    private String evidence(String staff, String pupil) {
        return uk.schoolaccess.auditor.analytics.explain.ActivityTeaching.evidence(new uk.schoolaccess.auditor.analytics
                .engine.DuckDbEngine(school.store.connection()).query("SELECT * FROM activity_teaching WHERE staff_id = '"
                + staff + "' AND pupil_id = '" + pupil + "'").get(0));
    }

    private static String pupil(int i) {
        return String.format("P%02d", i);
    }
}
