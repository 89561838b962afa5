package uk.schoolaccess.auditor.analytics.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.schoolaccess.auditor.analytics.audit.AuditPeriod;
import uk.schoolaccess.auditor.analytics.config.AuditSettings;

class StalePrivilegedPasswordDetectorTest {

    static final AuditPeriod PERIOD = DetectorFixture.days("2026-09-07", "2026-10-02");
    static final List<String> DAYS = List.of("2026-09-07", "2026-09-14", "2026-09-21", "2026-09-28", "2026-10-02");

    @TempDir
    Path dir;
    DetectorFixture school;
    int seq;

    @BeforeEach
    void roster() {
        school = new DetectorFixture(dir)
                .staff("S1", "Mark Jessop", "slt", null)
                .staff("S5", "Rosie Tinker", "office", null)
                .staff("S6", "Emma Ibbotson", "welfare", null)
                .staff("S8", "Ian Tech", "it", null)
                .staff("S9", "Tara Teach", "teacher", null);
    }

    @AfterEach
    void close() {
        school.close();
    }

    /** Interactive Windows logons on each of DAYS, so the person is seen at a keyboard. */
    private void atKeyboard(String staff) {
        for (String d : DAYS) {
            school.sql("INSERT INTO logon_events (event_id, source, ts, account, staff_id, workstation, kind, "
                    + "logon_type, interactive) VALUES ('l" + (seq++) + "', 'windows', TIMESTAMP '" + d + " 07:30:00', "
                    + "'SCHOOL\\" + staff + "', '" + staff + "', 'PC-" + staff + "', 'logon', 2, true)");
        }
    }

    private void passwordChange(String id, String ts, String staff) {
        school.sql("INSERT INTO logon_events (event_id, source, ts, account, staff_id, workstation, kind, interactive) "
                + "VALUES ('" + id + "', 'windows', TIMESTAMP '" + ts + "', 'SCHOOL\\" + staff + "', '" + staff
                + "', 'DC01', 'password_change', true)");
    }

    private void everyoneAtKeyboard() {
        List.of("S1", "S5", "S6", "S8", "S9").forEach(this::atKeyboard);
    }

    @Test
    void flags_an_office_account_with_no_change_while_its_peers_changed_theirs() {
        everyoneAtKeyboard();
        passwordChange("p1", "2026-09-08 07:48:21", "S1");
        passwordChange("p6", "2026-09-09 07:48:31", "S6");
        List<Finding> found = school.run(new StalePrivilegedPasswordDetector(), PERIOD, DetectorFixture.school());
        assertEquals(1, found.size());
        Finding f = found.get(0);
        assertEquals("S5", f.staffId());
        assertEquals("CRED-3", f.aupClause());
        assertEquals(Severity.MEDIUM, f.severity());
        assertEquals(Instant.parse("2026-09-07T07:30:00Z"), f.firstSeen());
        assertEquals(Instant.parse("2026-10-02T07:30:00Z"), f.lastSeen());
        assertEquals(2, f.evidenceCount(), "first and last logon in the period; no earlier change on record");
        assertTrue(f.summary().startsWith("Rosie Tinker (S5), office, made no password change from 2026-09-07 to "
                + "2026-10-02"), f.summary());
        assertTrue(f.summary().contains("2 of the 3 SLT, office and welfare staff"), f.summary());
    }

    @Test
    void names_the_last_change_on_record_and_raises_severity_when_it_is_two_windows_old() {
        everyoneAtKeyboard();
        passwordChange("p1", "2026-09-08 07:48:21", "S1");
        passwordChange("p6", "2026-09-09 07:48:31", "S6");
        passwordChange("old", "2026-06-01 08:00:00", "S5");
        school.sql("INSERT INTO logon_events (event_id, source, ts, account, staff_id, kind, interactive) VALUES "
                + "('first', 'windows', TIMESTAMP '2026-05-01 07:00:00', 'SCHOOL\\S5', 'S5', 'logon', true)");
        AuditSettings settings = new AuditSettings(null, null, null, null, null, null, null,
                Map.of(StalePrivilegedPasswordDetector.ID, Map.of("window_weeks", 6.0)));
        Finding f = school.run(new StalePrivilegedPasswordDetector(), PERIOD, settings).get(0);
        assertEquals(Severity.HIGH, f.severity());
        assertEquals("old", f.evidence().events().get(0));
        assertEquals(Instant.parse("2026-06-01T08:00:00Z"), f.firstSeen());
        assertTrue(f.summary().contains("their last change on record was on 2026-06-01"), f.summary());
    }

    @Test
    void leaves_alone_those_who_changed_other_roles_and_people_never_seen_at_a_keyboard() {
        atKeyboard("S1");
        atKeyboard("S8");
        atKeyboard("S9");
        passwordChange("p1", "2026-09-08 07:48:21", "S1");
        assertEquals(List.of(), school.run(new StalePrivilegedPasswordDetector(), PERIOD, DetectorFixture.school()),
                "S5 and S6 have no logons; IT and teachers are not covered by CRED-3");
    }

    @Test
    void judges_nobody_when_the_log_shows_no_password_changes_at_all() {
        everyoneAtKeyboard();
        assertEquals(List.of(), school.run(new StalePrivilegedPasswordDetector(), PERIOD, DetectorFixture.school()));
    }

    @Test
    void judges_nobody_on_less_than_the_minimum_window_of_windows_log() {
        everyoneAtKeyboard();
        passwordChange("p1", "2026-09-08 07:48:21", "S1");
        AuditPeriod lastWeek = DetectorFixture.days("2026-09-28", "2026-10-02");
        school.sql("DELETE FROM logon_events WHERE ts < TIMESTAMP '2026-09-21 00:00:00'");
        passwordChange("p2", "2026-09-29 07:48:21", "S1");
        assertEquals(List.of(), school.run(new StalePrivilegedPasswordDetector(), lastWeek, DetectorFixture.school()));
    }

    @Test
    void uses_the_configured_term_and_is_low_while_the_term_is_still_running() {
        everyoneAtKeyboard();
        passwordChange("p1", "2026-09-08 07:48:21", "S1");
        passwordChange("p6", "2026-09-09 07:48:31", "S6");
        AuditSettings terms = DetectorFixture.school(List.of(
                new AuditSettings.Term("Autumn 2026", LocalDate.parse("2026-09-03"), LocalDate.parse("2026-12-18"))));
        List<Finding> found = school.run(new StalePrivilegedPasswordDetector(), PERIOD, terms);
        assertEquals(1, found.size());
        assertEquals(Severity.LOW, found.get(0).severity());
        assertTrue(found.get(0).summary().contains("(Autumn 2026)"), found.get(0).summary());
        assertTrue(found.get(0).summary().contains("the term has not ended yet"), found.get(0).summary());
    }

    @Test
    void a_change_in_an_earlier_term_does_not_count_for_this_one() {
        everyoneAtKeyboard();
        passwordChange("p1", "2026-09-08 07:48:21", "S1");
        passwordChange("p5", "2026-09-02 08:00:00", "S5");
        passwordChange("p6", "2026-09-09 07:48:31", "S6");
        AuditSettings terms = DetectorFixture.school(List.of(
                new AuditSettings.Term("Summer 2026", LocalDate.parse("2026-04-20"), LocalDate.parse("2026-09-02")),
                new AuditSettings.Term("Autumn 2026", LocalDate.parse("2026-09-03"), LocalDate.parse("2026-10-02"))));
        List<Finding> found = school.run(new StalePrivilegedPasswordDetector(), PERIOD, terms);
        assertEquals(1, found.size());
        assertEquals("S5", found.get(0).staffId());
        assertEquals(Severity.MEDIUM, found.get(0).severity(), "the term ended with the period");
    }

    @Test
    void a_shorter_audit_ending_the_same_day_states_the_same_window_count_and_dates() {
        everyoneAtKeyboard();
        passwordChange("p1", "2026-09-08 07:48:21", "S1");
        passwordChange("p6", "2026-09-09 07:48:31", "S6");
        Finding whole = school.run(new StalePrivilegedPasswordDetector(), PERIOD, DetectorFixture.school()).get(0);
        Finding lastWeek = school.run(new StalePrivilegedPasswordDetector(),
                DetectorFixture.days("2026-09-28", "2026-10-02"), DetectorFixture.school()).get(0);
        // the sentence states 2026-09-07 to 2026-10-02: its count covers those days, not the week audited
        assertTrue(lastWeek.summary().contains("from 2026-09-07 to 2026-10-02, 25 days of Windows logs in which they "
                + "logged on 5 time(s)"), lastWeek.summary());
        assertEquals(whole.findingId(), lastWeek.findingId());
        assertEquals(whole.summary(), lastWeek.summary());
        assertEquals(Instant.parse("2026-09-07T07:30:00Z"), lastWeek.firstSeen(), "the first logon in the window");
        assertEquals(whole.lastSeen(), lastWeek.lastSeen());
    }

    @Test
    void reads_nothing_before_the_stores_purge_cutoff() {
        everyoneAtKeyboard();
        passwordChange("p1", "2026-09-08 07:48:21", "S1");
        passwordChange("p6", "2026-09-09 07:48:31", "S6");
        // a purge cut at 2026-09-21, keeping what open findings cite (here, as if, everything before it)
        Instant cutoff = Instant.parse("2026-09-21T00:00:00Z");
        List<Finding> found = school.run(new StalePrivilegedPasswordDetector(), DetectorFixture.days("2026-09-21",
                "2026-10-02"), DetectorFixture.school(), cutoff);
        assertEquals(List.of(), found, "the log held from the cut-off (12 days) is shorter than min_window_days, "
                + "and the changes of S1 and S6 before it are not read");
        assertEquals(List.of("S5"), school.run(new StalePrivilegedPasswordDetector(), DetectorFixture.days(
                "2026-09-21", "2026-10-02"), DetectorFixture.school()).stream().map(Finding::staffId).toList(),
                "with no purge the whole log is read");
    }
}
