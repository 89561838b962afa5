package uk.schoolaccess.auditor.analytics.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.schoolaccess.auditor.analytics.audit.AuditPeriod;
import uk.schoolaccess.auditor.analytics.config.AuditSettings;

class LeaverAccountDetectorTest {

    static final AuditPeriod PERIOD = DetectorFixture.days("2026-09-14", "2026-09-25");

    @TempDir
    Path dir;
    DetectorFixture school;

    @BeforeEach
    void roster() {
        school = new DetectorFixture(dir)
                .staff("S48", "Harry Holroyd", "teacher", "2026-09-18")
                .staff("S1", "Ella Osei", "teacher", null);
    }

    @AfterEach
    void close() {
        school.close();
    }

    private void signin(String id, String ts, String staff, boolean success) {
        school.sql("INSERT INTO signins (event_id, source, ts, account, staff_id, app, ip, success) VALUES ('" + id
                + "', 'entra', TIMESTAMP '" + ts + "', '" + staff + "@school.uk', '" + staff + "', 'SIMS ID', '"
                + DetectorFixture.HOME_IP + "', " + success + ")");
    }

    private void logon(String id, String ts, String staff, String kind, boolean interactive) {
        school.sql("INSERT INTO logon_events (event_id, source, ts, account, staff_id, workstation, kind, interactive) "
                + "VALUES ('" + id + "', 'windows', TIMESTAMP '" + ts + "', 'SCHOOL\\" + staff + "', '" + staff
                + "', 'LAPTOP-48', '" + kind + "', " + interactive + ")");
    }

    private void view(String id, String ts, String staff) {
        school.sql("INSERT INTO record_access (event_id, source, ts, account, staff_id, action, area, pupil_id) VALUES ('"
                + id + "', 'sims', TIMESTAMP '" + ts + "', '" + staff + "', '" + staff + "', 'view', "
                + "'student_details', 'P00001')");
    }

    @Test
    void flags_sign_ins_logons_and_record_access_after_the_leave_date_one_finding_per_day() {
        signin("e1", "2026-09-23 17:55:50", "S48", true);
        logon("l1", "2026-09-23 17:56:30", "S48", "logon", true);
        view("r1", "2026-09-23 17:58:00", "S48");
        view("r2", "2026-09-24 09:00:00", "S48");
        List<Finding> found = school.run(new LeaverAccountDetector(), PERIOD, DetectorFixture.school());
        assertEquals(2, found.size());
        Finding f = found.get(0);
        assertEquals("S48", f.staffId());
        assertEquals(Severity.HIGH, f.severity());
        assertEquals("CRED-2", f.aupClause());
        assertEquals(List.of("e1", "l1", "r1"), f.evidence().events());
        assertEquals(Instant.parse("2026-09-23T17:55:50Z"), f.firstSeen());
        assertEquals(Instant.parse("2026-09-23T17:58:00Z"), f.lastSeen());
        assertTrue(f.summary().startsWith("Harry Holroyd (S48) left the school on 2026-09-18 but their accounts were "
                + "used on 2026-09-23, 5 day(s) later"), f.summary());
        assertEquals(List.of("r2"), found.get(1).evidence().events());
    }

    @Test
    void reads_the_day_after_the_leave_date_in_the_schools_zone() {
        signin("late", "2026-09-18 22:30:00", "S48", true);
        signin("next", "2026-09-18 23:30:00", "S48", true);
        List<Finding> found = school.run(new LeaverAccountDetector(), PERIOD, DetectorFixture.school());
        assertEquals(1, found.size(), "23:30 BST on the leave date is still the last day; 00:30 BST is not");
        assertEquals(List.of("next"), found.get(0).evidence().events());
    }

    @Test
    void leaves_alone_the_last_day_failed_sign_ins_non_interactive_logons_and_current_staff() {
        signin("d1", "2026-09-18 15:00:00", "S48", true);
        view("d2", "2026-09-18 15:05:00", "S48");
        signin("f1", "2026-09-21 09:00:00", "S48", false);
        logon("n1", "2026-09-21 09:00:00", "S48", "logon", false);
        logon("x1", "2026-09-21 09:01:00", "S48", "failed", true);
        signin("c1", "2026-09-21 09:00:00", "S1", true);
        view("c2", "2026-09-21 09:01:00", "S1");
        assertEquals(List.of(), school.run(new LeaverAccountDetector(), PERIOD, DetectorFixture.school()));
    }

    @Test
    void waits_the_configured_grace_days() {
        signin("e1", "2026-09-21 09:00:00", "S48", true);
        signin("e2", "2026-09-23 09:00:00", "S48", true);
        AuditSettings settings = new AuditSettings(null, null, null, null, null, null,
                null, Map.of(LeaverAccountDetector.ID, Map.of("grace_days", 3.0)));
        List<Finding> found = school.run(new LeaverAccountDetector(), PERIOD, settings);
        assertEquals(1, found.size());
        assertEquals(List.of("e2"), found.get(0).evidence().events());
    }
}
