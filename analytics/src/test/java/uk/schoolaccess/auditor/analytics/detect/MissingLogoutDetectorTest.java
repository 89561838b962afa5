package uk.schoolaccess.auditor.analytics.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MissingLogoutDetectorTest {

    static final String FROM = "2026-09-14T00:00:00Z";
    static final String TO = "2026-09-19T00:00:00Z";
    static final String DESK = "NFS-RM01-PC01.northfield.local";

    @TempDir
    Path dir;

    @Test
    void flags_a_windows_session_never_logged_off_before_the_next_days_logon() throws Exception {
        try (SessionFixture f = new SessionFixture(dir)) {
            String on = f.logon("2026-09-14 07:30:00", "S1", "NORTHFIELD\\acarter", DESK, "0x1A2B");
            f.simsUse("2026-09-14 09:00:00", "S1", "NFS-RM01-PC01", 3);
            String next = f.logon("2026-09-15 07:31:00", "S1", "NORTHFIELD\\acarter", DESK, "0x3c4d");
            f.logoff("2026-09-15 16:00:00", "S1", "NORTHFIELD\\acarter", DESK, "0x3C4D");
            List<Finding> found = f.run(new MissingLogoutDetector(), FROM, TO);
            assertEquals(1, found.size(), found.toString());
            Finding x = found.get(0);
            assertEquals("SESS-1", x.aupClause());
            assertEquals(Severity.MEDIUM, x.severity());
            assertEquals(Instant.parse("2026-09-14T07:30:00Z"), x.firstSeen());
            assertEquals(Instant.parse("2026-09-15T07:31:00Z"), x.lastSeen());
            assertEquals(List.of(on, next), x.evidence().events());
            assertTrue(x.summary().startsWith("Alex Carter (S1) left their Windows session on NFS-RM01-PC01 open"),
                    x.summary());
            assertEquals(x.findingId(), f.run(new MissingLogoutDetector(), FROM, TO).get(0).findingId());
        }
    }

    @Test
    void flags_a_sims_login_with_no_logout_even_when_windows_was_logged_off() throws Exception {
        try (SessionFixture f = new SessionFixture(dir)) {
            f.logon("2026-09-14 07:30:00", "S1", "NORTHFIELD\\acarter", DESK, "0x10");
            f.mis("sims", "2026-09-14 07:33:00", "S1", "ACarter", "NFS-RM01-PC01", "logon", null);
            f.logoff("2026-09-14 16:00:00", "S1", "NORTHFIELD\\acarter", DESK, "0x10");
            f.mis("sims", "2026-09-15 07:40:00", "S1", "ACarter", "NFS-RM01-PC01", "logon", null);
            f.mis("sims", "2026-09-15 15:40:00", "S1", "ACarter", "NFS-RM01-PC01", "logoff", null);
            List<Finding> found = f.run(new MissingLogoutDetector(), FROM, TO);
            assertEquals(1, found.size(), found.toString());
            assertEquals(Severity.LOW, found.get(0).severity());
            assertTrue(found.get(0).summary().contains("SIMS session on NFS-RM01-PC01"), found.get(0).summary());
        }
    }

    @Test
    void flags_an_unlocked_session_a_pupil_logged_on_over_as_high_without_naming_the_pupil() throws Exception {
        try (SessionFixture f = new SessionFixture(dir)) {
            f.logon("2026-09-14 07:30:00", "S1", "NORTHFIELD\\acarter", DESK, "0x10");
            f.windows("2026-09-14 11:26:18", null, "Window Manager\\DWM-3", DESK, "0x77", "logon", 2, false);
            String pupil = f.logon("2026-09-14 11:26:21", null, "NORTHFIELD\\25tmensah", DESK, "0x99");
            f.logoff("2026-09-14 11:43:10", null, "NORTHFIELD\\25tmensah", DESK, "0x99");
            f.logoff("2026-09-14 15:04:58", "S1", "NORTHFIELD\\acarter", DESK, "0x10");
            List<Finding> found = f.run(new MissingLogoutDetector(), FROM, TO);
            assertEquals(1, found.size(), found.toString());
            Finding x = found.get(0);
            assertEquals("SESS-2", x.aupClause());
            assertEquals(Severity.HIGH, x.severity());
            assertTrue(x.evidence().events().contains(pupil));
            assertFalse(x.summary().contains("tmensah"), "pupil account names are built from names: " + x.summary());
        }
    }

    @Test
    void names_the_member_of_staff_who_logged_on_over_an_unlocked_session() throws Exception {
        try (SessionFixture f = new SessionFixture(dir)) {
            f.logon("2026-09-14 07:30:00", "S1", "NORTHFIELD\\acarter", DESK, "0x10");
            f.logon("2026-09-14 11:20:00", "S3", "NORTHFIELD\\creed", DESK, "0x20");
            f.logoff("2026-09-14 11:35:00", "S3", "NORTHFIELD\\creed", DESK, "0x20");
            f.logoff("2026-09-14 15:00:00", "S1", "NORTHFIELD\\acarter", DESK, "0x10");
            List<Finding> found = f.run(new MissingLogoutDetector(), FROM, TO);
            assertEquals(1, found.size(), found.toString());
            assertTrue(found.get(0).summary().contains("Cal Reed (S3)"), found.get(0).summary());
        }
    }

    @Test
    void a_screen_locked_over_lunch_and_logged_off_raises_nothing_even_if_someone_else_logs_on_meanwhile()
            throws Exception {
        try (SessionFixture f = new SessionFixture(dir)) {
            f.logon("2026-09-14 07:30:00", "S1", "NORTHFIELD\\acarter", DESK, "0x10");
            f.windows("2026-09-14 11:15:00", "S1", "NORTHFIELD\\acarter", DESK, "0x10", "lock", null, true);
            f.logon("2026-09-14 11:20:00", "S3", "NORTHFIELD\\creed", DESK, "0x20");
            f.logoff("2026-09-14 11:35:00", "S3", "NORTHFIELD\\creed", DESK, "0x20");
            f.windows("2026-09-14 11:50:00", "S1", "NORTHFIELD\\acarter", DESK, "0x55", "logon", 7, true);
            f.windows("2026-09-14 11:50:01", "S1", "NORTHFIELD\\acarter", DESK, "0x10", "unlock", null, true);
            f.windows("2026-09-14 11:50:02", "S1", "NORTHFIELD\\acarter", DESK, "0x55", "logoff", 7, true);
            f.logoff("2026-09-14 15:00:00", "S1", "NORTHFIELD\\acarter", DESK, "0x10");
            f.mis("sims", "2026-09-14 07:33:00", "S1", "ACarter", "NFS-RM01-PC01", "logon", null);
            f.mis("sims", "2026-09-14 14:58:00", "S1", "ACarter", "NFS-RM01-PC01", "logoff", null);
            assertEquals(List.of(), f.run(new MissingLogoutDetector(), FROM, TO));
        }
    }

    @Test
    void overlapping_cpoms_sessions_of_one_account_both_close_with_their_two_logouts() throws Exception {
        try (SessionFixture f = new SessionFixture(dir)) {
            f.mis("cpoms", "2026-09-14 12:40:18", "S1", "a.carter@x", null, "logon", SessionFixture.SCHOOL_IP);
            f.mis("cpoms", "2026-09-14 12:42:27", "S1", "a.carter@x", null, "logon", SessionFixture.SCHOOL_IP);
            f.mis("cpoms", "2026-09-14 12:46:35", "S1", "a.carter@x", null, "logoff", SessionFixture.SCHOOL_IP);
            f.mis("cpoms", "2026-09-14 14:23:36", "S1", "a.carter@x", null, "logoff", SessionFixture.SCHOOL_IP);
            assertEquals(List.of(), f.run(new MissingLogoutDetector(), FROM, TO));
        }
    }

    @Test
    void a_logon_id_reused_after_a_reboot_leaves_the_earlier_session_open() throws Exception {
        try (SessionFixture f = new SessionFixture(dir)) {
            f.logon("2026-09-14 07:30:00", "S1", "NORTHFIELD\\acarter", DESK, "0x10");
            f.logon("2026-09-15 07:30:00", "S2", "NORTHFIELD\\bmoss", DESK, "0x10");
            f.logoff("2026-09-15 15:00:00", "S2", "NORTHFIELD\\bmoss", DESK, "0x10");
            List<Finding> found = f.run(new MissingLogoutDetector(), FROM, TO);
            assertEquals(1, found.size(), found.toString());
            assertEquals("S1", found.get(0).staffId());
            assertEquals("SESS-1", found.get(0).aupClause(), "the next user came the next morning, after a restart");
        }
    }

    @Test
    void a_session_still_running_when_the_export_was_cut_is_not_a_finding() throws Exception {
        try (SessionFixture f = new SessionFixture(dir)) {
            f.logon("2026-09-14 07:30:00", "S1", "NORTHFIELD\\acarter", DESK, "0x10");
            f.simsUse("2026-09-14 09:00:00", "S1", "NFS-RM01-PC01", 2);
            f.logon("2026-09-14 09:20:00", "S2", "NORTHFIELD\\bmoss", "NFS-RM02-PC01", "0x11");
            assertEquals(List.of(), f.run(new MissingLogoutDetector(), FROM, TO));
            f.windows("2026-09-14 10:10:00", null, "NFS-RM02-PC01$", "NFS-DC01", "0x12", "logon", 3, false);
            List<Finding> found = f.run(new MissingLogoutDetector(), FROM, TO);
            assertEquals(List.of("S1"), found.stream().map(Finding::staffId).toList(),
                    "the data runs on over an hour past S1's last SIMS use, but not past S2's logon");
        }
    }
}
