package uk.schoolaccess.auditor.analytics.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.schoolaccess.auditor.analytics.audit.AuditPeriod;

class UnapprovedAccessPathDetectorTest {

    static final AuditPeriod WEEK = DetectorFixture.days("2026-09-28", "2026-10-02");

    @TempDir
    Path dir;
    DetectorFixture school;

    @BeforeEach
    void roster() {
        school = new DetectorFixture(dir)
                .staff("S28", "Mia Okafor", "teacher", null)
                .staff("S14", "Noah Walsh", "teacher, deputy_dsl", null);
    }

    @AfterEach
    void close() {
        school.close();
    }

    private void signin(String id, String ts, String staff, String app, String ip, String deviceId, Boolean managed,
                        Boolean compliant, boolean success) {
        school.sql("INSERT INTO signins (event_id, source, ts, account, staff_id, app, ip, city, country, device_id, "
                + "device_managed, device_compliant, auth_requirement, success) VALUES ('" + id + "', 'entra', "
                + "TIMESTAMP '" + ts + "', '" + staff + "@school.uk', '" + staff + "', '" + app + "', '" + ip
                + "', 'Barnsley', 'GB', " + (deviceId == null ? "NULL" : "'" + deviceId + "'") + ", " + managed + ", "
                + compliant + ", 'multi_factor', " + success + ")");
    }

    @Test
    void flags_sims_from_an_unmanaged_home_computer() {
        signin("e1", "2026-10-01 19:30:13", "S28", "SIMS ID", DetectorFixture.HOME_IP, null, false, false, true);
        List<Finding> found = school.run(new UnapprovedAccessPathDetector(), WEEK, DetectorFixture.school());
        assertEquals(1, found.size());
        Finding f = found.get(0);
        assertEquals("S28", f.staffId());
        assertEquals("DATA-1", f.aupClause());
        assertEquals(Severity.MEDIUM, f.severity());
        assertEquals(List.of("e1"), f.evidence().events());
        assertEquals(Instant.parse("2026-10-01T19:30:13Z"), f.firstSeen());
        assertTrue(f.summary().startsWith("Mia Okafor (S28) signed in to SIMS ID from a device (not managed, not "
                + "compliant, no device id) at 203.0.113.28 (Barnsley, GB)"), f.summary());
    }

    @Test
    void flags_the_safeguarding_system_from_a_non_compliant_device_as_high() {
        signin("e1", "2026-09-30 19:34:06", "S14", "CPOMS StaffSafe", DetectorFixture.HOME_IP, "dev-9", true, false,
                true);
        List<Finding> found = school.run(new UnapprovedAccessPathDetector(), WEEK, DetectorFixture.school());
        assertEquals(1, found.size());
        assertEquals(Severity.HIGH, found.get(0).severity());
    }

    @Test
    void leaves_alone_the_school_laptop_at_home_phones_at_school_the_vpn_other_apps_and_failures() {
        signin("laptop", "2026-09-28 19:46:45", "S28", "SIMS ID", DetectorFixture.HOME_IP, "dev-1", true, true, true);
        signin("phone", "2026-09-29 12:00:00", "S28", "SIMS ID", DetectorFixture.SCHOOL_IP, null, false, false, true);
        signin("vpn", "2026-09-29 20:00:00", "S28", "CPOMS StaffSafe", DetectorFixture.VPN_IP, null, false, false, true);
        signin("mail", "2026-09-29 21:00:00", "S28", "Office 365 Exchange Online", DetectorFixture.HOME_IP, null, false,
                false, true);
        signin("failed", "2026-09-30 21:00:00", "S28", "SIMS ID", DetectorFixture.HOME_IP, null, false, false, false);
        school.sql("INSERT INTO signins (event_id, source, ts, account, staff_id, app, ip, auth_requirement, success) "
                + "VALUES ('arbor', 'arbor', TIMESTAMP '2026-09-30 20:00:00', 'S28', 'S28', 'Arbor', NULL, "
                + "'single_factor', true)");
        assertEquals(List.of(), school.run(new UnapprovedAccessPathDetector(), WEEK, DetectorFixture.school()));
    }

    @Test
    void groups_one_persons_day_into_one_finding() {
        signin("e1", "2026-10-01 19:30:13", "S28", "SIMS ID", DetectorFixture.HOME_IP, null, false, false, true);
        signin("e2", "2026-10-01 20:10:00", "S28", "SIMS ID", DetectorFixture.HOME_IP, null, false, false, true);
        List<Finding> found = school.run(new UnapprovedAccessPathDetector(), WEEK, DetectorFixture.school());
        assertEquals(1, found.size());
        assertEquals(List.of("e1", "e2"), found.get(0).evidence().events());
        assertEquals(Instant.parse("2026-10-01T20:10:00Z"), found.get(0).lastSeen());
    }
}
