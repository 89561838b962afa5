package uk.schoolaccess.auditor.analytics.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.schoolaccess.auditor.analytics.audit.AuditPeriod;

class BulkExportDetectorTest {

    static final AuditPeriod PERIOD = DetectorFixture.days("2026-09-07", "2026-10-02");
    static final List<String> FRIDAYS = List.of("2026-09-11", "2026-09-18", "2026-09-25", "2026-10-02");

    @TempDir
    Path dir;
    DetectorFixture school;
    int seq;

    @BeforeEach
    void roster() {
        school = new DetectorFixture(dir)
                .staff("S2", "Tom Oldroyd", "teacher, slt, dsl", null)
                .staff("S4", "Sara Kowalski", "office", null)
                .staff("S5", "Rosie Tinker", "office", null)
                .staff("S30", "Ivy Mellor", "teacher", null)
                .staff("S32", "Arthur Varley", "teacher", null);
    }

    @AfterEach
    void close() {
        school.close();
    }

    /** A SIMS export: one row with the number of records. */
    private void simsExport(String ts, String staff, String area, int rows) {
        school.sql("INSERT INTO record_access (event_id, source, ts, account, staff_id, action, area, row_count) VALUES "
                + "('s" + (seq++) + "', 'sims', TIMESTAMP '" + ts + "', '" + staff + "', '" + staff + "', 'export', '"
                + area + "', " + rows + ")");
    }

    /** A CPOMS report: one "Exported report" row per incident, all in the same second. */
    private void cpomsExport(String ts, String staff, int incidents) {
        for (int i = 0; i < incidents; i++) {
            school.sql("INSERT INTO record_access (event_id, source, ts, account, staff_id, action, area, pupil_id, "
                    + "incident_id) VALUES ('c" + (seq++) + "', 'cpoms', TIMESTAMP '" + ts + "', '" + staff + "', '"
                    + staff + "', 'export', 'report', 'P" + (100 + i) + "', 'I" + (200 + i) + "')");
        }
    }

    private void routines() {
        int[] dslSizes = {2, 5, 1, 4};
        for (int i = 0; i < FRIDAYS.size(); i++) {
            simsExport(FRIDAYS.get(i) + " 13:00:00", "S4", "report", 500);
            cpomsExport(FRIDAYS.get(i) + " 14:07:38", "S2", dslSizes[i]);
        }
    }

    @Test
    void flags_a_teachers_whole_school_export_with_no_precedent() {
        routines();
        simsExport("2026-09-23 14:40:00", "S30", "medical", 500);
        List<Finding> found = school.run(new BulkExportDetector(), PERIOD, DetectorFixture.school());
        assertEquals(1, found.size());
        Finding f = found.get(0);
        assertEquals("S30", f.staffId());
        assertEquals("DATA-2", f.aupClause());
        assertEquals(Severity.HIGH, f.severity(), "medical records");
        assertEquals(Scores.CAP, f.score());
        assertNotNull(f.evidence().baseline());
        assertEquals(500, f.evidence().baseline().value());
        assertTrue(f.summary().startsWith("Ivy Mellor (S30) exported 500 records (medical) from sims on 2026-09-23 at "
                + "14:40 UTC"), f.summary());
    }

    @Test
    void treats_the_cpoms_rows_of_one_minute_as_one_export_sized_by_its_rows() {
        routines();
        cpomsExport("2026-09-22 14:32:07", "S32", 9);
        List<Finding> found = school.run(new BulkExportDetector(), PERIOD, DetectorFixture.school());
        assertEquals(1, found.size());
        Finding f = found.get(0);
        assertEquals("S32", f.staffId());
        assertEquals(9, f.evidenceCount());
        assertEquals(9, f.evidence().baseline().value());
        assertEquals(f.firstSeen(), f.lastSeen());
    }

    @Test
    void flags_an_export_far_above_the_persons_and_roles_usual_size() {
        routines();
        cpomsExport("2026-09-30 15:00:00", "S2", 12);
        List<Finding> found = school.run(new BulkExportDetector(), PERIOD, DetectorFixture.school());
        assertEquals(1, found.size());
        Finding f = found.get(0);
        assertEquals("S2", f.staffId());
        assertEquals(3.0, f.evidence().baseline().details().get("own_median"));
        assertTrue(f.score() > 2 && f.score() < Scores.CAP, "judged against a real baseline: " + f.score());
        assertTrue(f.summary().contains("usual for them: median 3 over 4 exports"), f.summary());
    }

    @Test
    void leaves_alone_the_offices_weekly_attendance_export_and_the_dsls_friday_export() {
        routines();
        assertEquals(List.of(), school.run(new BulkExportDetector(), PERIOD, DetectorFixture.school()));
    }

    @Test
    void a_whole_school_export_is_usual_for_the_office_when_its_role_does_it_every_week() {
        routines();
        simsExport("2026-09-29 10:00:00", "S5", "attendance", 500);
        assertEquals(List.of(), school.run(new BulkExportDetector(), PERIOD, DetectorFixture.school()));
    }

    @Test
    void leaves_alone_exports_and_prints_below_the_minimum_size() {
        simsExport("2026-09-23 10:00:00", "S30", "student_details", 4);
        school.sql("INSERT INTO record_access (event_id, source, ts, account, staff_id, action, area, pupil_id) VALUES "
                + "('p1', 'sims', TIMESTAMP '2026-09-23 11:00:00', 'S30', 'S30', 'print', 'student_details', 'P1')");
        assertEquals(List.of(), school.run(new BulkExportDetector(), PERIOD, DetectorFixture.school()));
    }

    @Test
    void records_no_own_median_when_there_is_no_precedent() {
        simsExport("2026-09-23 14:40:00", "S30", "student_details", 500);
        Finding f = school.run(new BulkExportDetector(), PERIOD, DetectorFixture.school()).get(0);
        assertNull(f.evidence().baseline().details().get("own_median"));
        assertEquals(0, f.evidence().baseline().details().get("own_exports"));
    }

    /** Year 9 (P9001..P9240) and year 10 (P1001..P1240); S40 is head of year 9. */
    private void yearGroups() {
        school.staff("S40", "Priya Nair", "teacher, head_of_year", null)
                .sql("INSERT INTO pupils (pupil_id, year_group) SELECT 'P9' || lpad(CAST(i AS VARCHAR), 3, '0'), 9 "
                                + "FROM range(1, 241) t(i)",
                        "INSERT INTO pupils (pupil_id, year_group) SELECT 'P1' || lpad(CAST(i AS VARCHAR), 3, '0'), 10 "
                                + "FROM range(1, 241) t(i)",
                        "INSERT INTO relationships (relationship_id, staff_id, kind, year_group) VALUES "
                                + "('r1', 'S40', 'head_of_year', 9)");
    }

    /** A contact list exported as one row per pupil, all in one minute. */
    private void perPupilExport(String ts, String staff, String prefix, int pupils) {
        school.sql("INSERT INTO record_access (event_id, source, ts, account, staff_id, action, area, pupil_id) "
                + "SELECT 'x" + (seq++) + "-' || i, 'sims', TIMESTAMP '" + ts + "', '" + staff + "', '" + staff
                + "', 'export', 'contacts', '" + prefix + "' || lpad(CAST(i AS VARCHAR), 3, '0') FROM range(1, "
                + (pupils + 1) + ") t(i)");
    }

    @Test
    void a_head_of_year_exporting_their_own_year_group_raises_nothing() {
        routines();
        yearGroups();
        perPupilExport("2026-09-23 14:40:00", "S40", "P9", 240);
        assertEquals(List.of(), school.run(new BulkExportDetector(), PERIOD, DetectorFixture.school()));
    }

    @Test
    void the_same_head_of_year_exporting_another_year_group_is_flagged_as_outside_their_remit() {
        routines();
        yearGroups();
        perPupilExport("2026-09-23 14:40:00", "S40", "P1", 240);
        List<Finding> found = school.run(new BulkExportDetector(), PERIOD, DetectorFixture.school());
        assertEquals(1, found.size(), found.toString());
        Finding f = found.get(0);
        assertEquals(Severity.HIGH, f.severity(), "contacts, mostly outside remit: no learning cap");
        assertEquals(0.0, f.evidence().facts().get("remit_share"));
        assertTrue(f.summary().contains("outside their remit: 0 of the 240 pupils it names"), f.summary());
    }

    @Test
    void an_export_repeated_on_the_same_weekday_at_the_same_time_is_learnt_as_routine() {
        routines();
        for (String wednesday : List.of("2026-09-16", "2026-09-23", "2026-09-30")) {
            simsExport(wednesday + " 15:0" + wednesday.charAt(9) + ":00", "S30", "report", 60);
        }
        assertEquals(List.of(), school.run(new BulkExportDetector(), PERIOD, DetectorFixture.school()));
    }

    @Test
    void a_person_with_little_history_is_judged_as_learning_capped_at_medium_and_scored_lower() {
        routines();
        yearGroups();
        school.sql("INSERT INTO relationships (relationship_id, staff_id, kind, pupil_id) SELECT 't' || i, 'S30', "
                + "'teaches', 'P9' || lpad(CAST(i AS VARCHAR), 3, '0') FROM range(1, 11) t(i)");
        perPupilExport("2026-09-23 14:40:00", "S30", "P9", 15);
        Finding f = school.run(new BulkExportDetector(), PERIOD, DetectorFixture.school()).get(0);
        assertEquals(Severity.MEDIUM, f.severity(), "contacts would be high");
        assertEquals(true, f.evidence().facts().get("learning"));
        assertTrue(f.summary().contains("learning: 0 week(s) of history"), f.summary());
        assertTrue(f.score() < 3, "scaled down while learning: " + f.score());

        uk.schoolaccess.auditor.analytics.config.AuditSettings noLearning = new uk.schoolaccess.auditor.analytics.config
                .AuditSettings(DetectorFixture.school().networks(), null, null, null, null, null, null,
                java.util.Map.of("bulk_export", java.util.Map.of("learning_weeks", 0.0)));
        Finding learnt = school.run(new BulkExportDetector(), PERIOD, noLearning).get(0);
        assertEquals(Severity.HIGH, learnt.severity());
        assertEquals(Scores.CAP, learnt.score());
    }
}
