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

class NonMfaSessionDetectorTest {

    static final AuditPeriod WEEK = DetectorFixture.days("2026-09-21", "2026-09-25");

    @TempDir
    Path dir;
    DetectorFixture school;

    @BeforeEach
    void roster() {
        school = new DetectorFixture(dir)
                .staff("S1", "Ella Osei", "teacher", null)
                .staff("S2", "Tom Oldroyd", "teacher, slt, dsl", null)
                .staff("S3", "Amy Carter", "office", null);
    }

    @AfterEach
    void close() {
        school.close();
    }

    private void signin(String id, String ts, String staff, String app, String source, String requirement,
                        String mfaResult, boolean success) {
        school.sql("INSERT INTO signins (event_id, source, ts, account, staff_id, app, ip, auth_requirement, mfa_result,"
                + " success) VALUES ('" + id + "', '" + source + "', TIMESTAMP '" + ts + "', '" + staff.toLowerCase()
                + "@school.uk', '" + staff + "', '" + app + "', '" + DetectorFixture.SCHOOL_IP + "', "
                + (requirement == null ? "NULL" : "'" + requirement + "'") + ", "
                + (mfaResult == null ? "NULL" : "'" + mfaResult + "'") + ", " + success + ")");
    }

    private void login(String id, String ts, String staff, String source, Boolean mfa) {
        school.sql("INSERT INTO logon_events (event_id, source, ts, account, staff_id, kind, ip, mfa, interactive) "
                + "VALUES ('" + id + "', '" + source + "', TIMESTAMP '" + ts + "', '" + staff + "', '" + staff
                + "', 'logon', '" + DetectorFixture.SCHOOL_IP + "', " + mfa + ", true)");
    }

    @Test
    void flags_a_single_factor_sims_sign_in_as_mfa_1_of_medium_severity_for_a_teacher() {
        signin("e1", "2026-09-22 12:15:41", "S1", "SIMS ID", "entra", "single_factor", "Previously satisfied", true);
        List<Finding> found = school.run(new NonMfaSessionDetector(), WEEK, DetectorFixture.school());
        assertEquals(1, found.size());
        Finding f = found.get(0);
        assertEquals("S1", f.staffId());
        assertEquals("MFA-1", f.aupClause());
        assertEquals(Severity.MEDIUM, f.severity());
        assertEquals(List.of("e1"), f.evidence().events());
        assertEquals(Instant.parse("2026-09-22T12:15:41Z"), f.firstSeen());
        assertTrue(f.summary().startsWith("Ella Osei (S1) signed in to SIMS ID without a second factor"), f.summary());
        assertTrue(f.summary().contains("12:15 UTC"), f.summary());
    }

    @Test
    void flags_cpoms_without_its_two_factor_as_mfa_2_and_high_for_a_privileged_role() {
        login("c1", "2026-09-24 12:35:56", "S2", "cpoms", false);
        signin("e2", "2026-09-23 12:47:16", "S3", "cpoms staffsafe", "entra", "single_factor", null, true);
        List<Finding> found = school.run(new NonMfaSessionDetector(), WEEK, DetectorFixture.school());
        assertEquals(2, found.size());
        Finding office = found.stream().filter(f -> f.staffId().equals("S3")).findFirst().orElseThrow();
        Finding dsl = found.stream().filter(f -> f.staffId().equals("S2")).findFirst().orElseThrow();
        assertEquals("MFA-2", office.aupClause(), "app names match whatever their case");
        assertEquals(Severity.HIGH, office.severity());
        assertEquals("MFA-2", dsl.aupClause());
        assertEquals(Severity.HIGH, dsl.severity());
        assertEquals("CPOMS", dsl.subject());
    }

    @Test
    void flags_an_arbor_password_sign_in_from_its_login_history() {
        signin("a1", "2026-09-21 08:45:00", "S1", "Arbor", "arbor", "single_factor", null, true);
        List<Finding> found = school.run(new NonMfaSessionDetector(), WEEK, DetectorFixture.school());
        assertEquals(1, found.size());
        assertEquals("MFA-1", found.get(0).aupClause());
    }

    @Test
    void groups_a_persons_single_factor_sign_ins_of_one_day_into_one_finding_with_a_stable_id() {
        signin("e1", "2026-09-22 09:00:00", "S1", "SIMS ID", "entra", "single_factor", null, true);
        signin("e2", "2026-09-22 13:00:00", "S1", "SIMS ID", "entra", "single_factor", null, true);
        signin("e3", "2026-09-23 13:00:00", "S1", "SIMS ID", "entra", "single_factor", null, true);
        List<Finding> first = school.run(new NonMfaSessionDetector(), WEEK, DetectorFixture.school());
        assertEquals(2, first.size());
        assertEquals(List.of("e1", "e2"), first.get(0).evidence().events());
        assertEquals(Instant.parse("2026-09-22T13:00:00Z"), first.get(0).lastSeen());
        assertEquals(first, school.run(new NonMfaSessionDetector(), WEEK, DetectorFixture.school()));
    }

    @Test
    void leaves_alone_saml_claims_in_the_token_failed_sign_ins_other_apps_and_two_factor_logins() {
        signin("g1", "2026-09-21 06:46:01", "S1", "Google Workspace", "google", null, null, true);
        signin("m1", "2026-09-21 12:12:19", "S2", "SIMS ID", "entra", "multi_factor",
                "MFA requirement satisfied by claim in the token", true);
        signin("f1", "2026-09-22 08:00:00", "S1", "SIMS ID", "entra", "single_factor", null, false);
        signin("t1", "2026-09-22 08:05:00", "S1", "Microsoft Teams", "entra", "single_factor", null, true);
        signin("a1", "2026-09-22 08:10:00", "S3", "Arbor", "arbor", null, "checked by GOOGLE", true);
        login("c1", "2026-09-23 10:00:00", "S2", "cpoms", true);
        login("s1", "2026-09-23 10:05:00", "S1", "sims", null);
        login("w1", "2026-09-23 10:06:00", "S1", "windows", false);
        assertEquals(List.of(), school.run(new NonMfaSessionDetector(), WEEK, DetectorFixture.school()));
    }

    @Test
    void ignores_sign_ins_outside_the_period() {
        signin("e1", "2026-09-18 12:00:00", "S1", "SIMS ID", "entra", "single_factor", null, true);
        assertEquals(List.of(), school.run(new NonMfaSessionDetector(), WEEK, DetectorFixture.school()));
    }
}
