package uk.schoolaccess.auditor.analytics.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedCredentialsDetectorTest {

    static final String FROM = "2026-09-14T00:00:00Z";
    static final String TO = "2026-09-19T00:00:00Z";
    static final String DESK = "NFS-RM01-PC01.northfield.local";
    static final String EMAIL = "a.carter@northfield.sch.uk";

    @TempDir
    Path dir;

    /** Alex at their desk all morning, using SIMS, signed in to Microsoft 365 from school. */
    private static void morningAtDesk(SessionFixture f) throws Exception {
        f.logon("2026-09-14 07:30:00", "S1", "NORTHFIELD\\acarter", DESK, "0x10");
        f.signIn("2026-09-14 07:31:00", "S1", EMAIL, "OfficeHome", SessionFixture.SCHOOL_IP, "Sheffield", "GB", "pc");
        f.simsUse("2026-09-14 08:50:00", "S1", "NFS-RM01-PC01", 40);
        f.logoff("2026-09-14 15:00:00", "S1", "NORTHFIELD\\acarter", DESK, "0x10");
    }

    @Test
    void flags_sign_ins_from_leeds_while_the_owner_uses_sims_at_their_desk() throws Exception {
        try (SessionFixture f = new SessionFixture(dir)) {
            morningAtDesk(f);
            f.signIn("2026-09-14 09:10:00", "S1", EMAIL, "OfficeHome", "192.0.2.7", "Leeds", "GB", "away");
            f.signIn("2026-09-14 09:14:00", "S1", EMAIL, "Office 365 Exchange Online", "192.0.2.7", "Leeds", "GB", "away");
            List<Finding> found = f.run(new SharedCredentialsDetector(), FROM, TO);
            assertEquals(1, found.size(), found.toString());
            Finding x = found.get(0);
            assertEquals("CRED-1", x.aupClause());
            assertEquals(Severity.MEDIUM, x.severity());
            assertTrue(x.summary().contains("Leeds"), x.summary());
            assertTrue(x.firstSeen().isBefore(java.time.Instant.parse("2026-09-14T09:10:00Z")));
        }
    }

    @Test
    void flags_one_account_using_sims_on_two_computers_at_once() throws Exception {
        try (SessionFixture f = new SessionFixture(dir)) {
            f.logon("2026-09-14 07:30:00", "S1", "NORTHFIELD\\acarter", DESK, "0x10");
            f.logon("2026-09-14 10:00:00", "S1", "NORTHFIELD\\acarter", "NFS-RM20-PC01", "0x20");
            for (int i = 0; i < 6; i++) {
                f.simsUse("2026-09-14 10:0" + i + ":00", "S1", i % 2 == 0 ? "NFS-RM01-PC01" : "NFS-RM20-PC01", 1);
            }
            f.logoff("2026-09-14 10:30:00", "S1", "NORTHFIELD\\acarter", "NFS-RM20-PC01", "0x20");
            f.logoff("2026-09-14 15:00:00", "S1", "NORTHFIELD\\acarter", DESK, "0x10");
            List<Finding> found = f.run(new SharedCredentialsDetector(), FROM, TO);
            assertEquals(1, found.size(), found.toString());
            assertEquals(Severity.HIGH, found.get(0).severity());
            assertTrue(found.get(0).summary().contains("NFS-RM01-PC01 and NFS-RM20-PC01"), found.get(0).summary());
        }
    }

    @Test
    void flags_a_sign_in_from_lagos_half_an_hour_after_one_from_sheffield() throws Exception {
        try (SessionFixture f = new SessionFixture(dir)) {
            String here = f.signIn("2026-09-14 12:00:00", "S1", EMAIL, "Office 365 Exchange Online",
                    SessionFixture.SCHOOL_IP, "Sheffield", "GB", "s1");
            String there = f.signIn("2026-09-14 12:30:00", "S1", EMAIL, "Office 365 Exchange Online", "192.0.2.95",
                    "Lagos", "NG", "s2");
            List<Finding> found = f.run(new SharedCredentialsDetector(), FROM, TO);
            assertEquals(1, found.size(), found.toString());
            assertEquals(List.of(here, there), found.get(0).evidence().events());
            assertTrue(found.get(0).summary().contains("Lagos, NG"), found.get(0).summary());
        }
    }

    @Test
    void a_desk_pc_and_a_phone_signed_in_together_on_the_school_network_raise_nothing() throws Exception {
        try (SessionFixture f = new SessionFixture(dir)) {
            morningAtDesk(f);
            f.signIn("2026-09-14 07:31:20", "S1", EMAIL, "Office 365 Exchange Online", "198.51.100.9", "Sheffield", "GB",
                    "phone");
            f.signIn("2026-09-14 09:31:20", "S1", EMAIL, "Microsoft Teams", "198.51.100.9", "Sheffield", "GB", "phone");
            assertEquals(List.of(), f.run(new SharedCredentialsDetector(), FROM, TO));
        }
    }

    @Test
    void a_phone_moving_from_home_broadband_to_mobile_data_in_the_same_town_raises_nothing() throws Exception {
        try (SessionFixture f = new SessionFixture(dir)) {
            morningAtDesk(f);
            f.signIn("2026-09-14 17:00:00", "S1", EMAIL, "Office 365 Exchange Online", "203.0.113.9", "Doncaster", "GB",
                    "phone");
            f.signIn("2026-09-14 17:20:00", "S1", EMAIL, "Office 365 Exchange Online", "198.18.4.5", "Doncaster", "GB",
                    "phone");
            assertEquals(List.of(), f.run(new SharedCredentialsDetector(), FROM, TO));
        }
    }

    @Test
    void a_phone_on_mobile_data_near_school_during_the_day_raises_nothing() throws Exception {
        try (SessionFixture f = new SessionFixture(dir)) {
            morningAtDesk(f);
            f.signIn("2026-09-14 09:10:00", "S1", EMAIL, "Office 365 Exchange Online", "198.18.4.5", "Sheffield", "GB",
                    "phone");
            f.signIn("2026-09-14 09:20:00", "S1", EMAIL, "Microsoft Teams", "198.18.4.5", "Sheffield", "GB", "phone");
            assertEquals(List.of(), f.run(new SharedCredentialsDetector(), FROM, TO));
        }
    }

    @Test
    void the_technician_on_a_spare_pc_without_sims_while_their_desk_stays_logged_on_raises_nothing() throws Exception {
        try (SessionFixture f = new SessionFixture(dir)) {
            f.logon("2026-09-14 07:30:00", "S3", "NORTHFIELD\\creed", "NFS-OFF-PC01", "0x10");
            f.simsUse("2026-09-14 09:00:00", "S3", "NFS-OFF-PC01", 30);
            f.logon("2026-09-14 10:00:00", "S3", "NORTHFIELD\\creed", "NFS-OFF-PC09", "0x20");
            f.logoff("2026-09-14 10:10:00", "S3", "NORTHFIELD\\creed", "NFS-OFF-PC09", "0x20");
            f.logoff("2026-09-14 15:00:00", "S3", "NORTHFIELD\\creed", "NFS-OFF-PC01", "0x10");
            assertEquals(List.of(), f.run(new SharedCredentialsDetector(), FROM, TO));
        }
    }

    @Test
    void a_teacher_who_moves_to_another_room_and_back_raises_nothing() throws Exception {
        try (SessionFixture f = new SessionFixture(dir)) {
            f.logon("2026-09-14 07:30:00", "S1", "NORTHFIELD\\acarter", DESK, "0x10");
            f.simsUse("2026-09-14 09:00:00", "S1", "NFS-RM01-PC01", 5);
            f.logon("2026-09-14 10:00:00", "S1", "NORTHFIELD\\acarter", "NFS-RM20-PC01", "0x20");
            f.simsUse("2026-09-14 10:05:00", "S1", "NFS-RM20-PC01", 5);
            f.logoff("2026-09-14 10:55:00", "S1", "NORTHFIELD\\acarter", "NFS-RM20-PC01", "0x20");
            f.simsUse("2026-09-14 11:05:00", "S1", "NFS-RM01-PC01", 5);
            f.logoff("2026-09-14 15:00:00", "S1", "NORTHFIELD\\acarter", DESK, "0x10");
            assertEquals(List.of(), f.run(new SharedCredentialsDetector(), FROM, TO));
        }
    }

    @Test
    void flags_an_account_signing_in_from_many_more_addresses_than_its_owner_and_peers_do() throws Exception {
        try (SessionFixture f = new SessionFixture(dir)) {
            for (int day = 14; day <= 17; day++) {
                f.signIn("2026-09-" + day + " 07:31:00", "S1", EMAIL, "OfficeHome", SessionFixture.SCHOOL_IP, "Sheffield",
                        "GB", "pc");
                f.signIn("2026-09-" + day + " 19:00:00", "S1", EMAIL, "OfficeHome", "203.0.113.10", "Sheffield", "GB",
                        "home");
            }
            for (int i = 1; i <= 10; i++) {
                f.signIn("2026-09-18 1" + (i % 10) + ":05:00", "S1", EMAIL, "OfficeHome", "192.0.2." + (20 + i),
                        "Sheffield", "GB", "d" + i);
            }
            List<Finding> found = f.run(new SharedCredentialsDetector(), FROM, TO);
            List<Finding> spread = found.stream().filter(x -> x.subject().equals("sign-in addresses")).toList();
            assertEquals(1, spread.size(), found.toString());
            assertTrue(spread.get(0).summary().contains("10 different addresses"), spread.get(0).summary());
            assertEquals(10, spread.get(0).evidenceCount());
        }
    }

    @Test
    void a_few_addresses_a_day_home_school_and_phone_are_not_spread() throws Exception {
        try (SessionFixture f = new SessionFixture(dir)) {
            for (int day = 14; day <= 18; day++) {
                f.signIn("2026-09-" + day + " 07:31:00", "S1", EMAIL, "OfficeHome", SessionFixture.SCHOOL_IP, "Sheffield",
                        "GB", "pc");
                f.signIn("2026-09-" + day + " 17:00:00", "S1", EMAIL, "OfficeHome", "198.18.0." + day, "Sheffield", "GB",
                        "phone");
                f.signIn("2026-09-" + day + " 19:00:00", "S1", EMAIL, "OfficeHome", "203.0.113.10", "Sheffield", "GB",
                        "home");
            }
            assertTrue(f.run(new SharedCredentialsDetector(), FROM, TO).stream()
                    .noneMatch(x -> x.subject().equals("sign-in addresses")));
        }
    }

    static final String IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6_1 like Mac OS X) AppleWebKit/605.1.15 "
            + "(KHTML, like Gecko) Mobile/15E148";
    static final String HOME_PC = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/127.0.0.0 Safari/537.36";

    @SuppressWarnings("unchecked")
    private static List<String> evidenceOf(Finding f) {
        return (List<String>) f.evidence().facts().get("evidence");
    }

    @Test
    void flags_sims_work_from_a_home_computer_the_windows_logs_never_show_while_the_owner_works_at_school()
            throws Exception {
        try (SessionFixture f = new SessionFixture(dir)) {
            morningAtDesk(f);
            String signIn = f.signIn("2026-09-14 09:58:00", "S1", EMAIL, "SIMS ID", "203.0.113.40", "Leeds", "GB", "home",
                    HOME_PC);
            f.simsUse("2026-09-14 10:00:00", "S1", "FAMILY-PC", 6);
            List<Finding> found = f.run(new SharedCredentialsDetector(), FROM, TO);
            assertEquals(1, found.size(), found.toString());
            Finding x = found.get(0);
            assertEquals(Severity.HIGH, x.severity());
            assertEquals("FAMILY-PC", x.evidence().facts().get("remote_workstation"));
            assertTrue(x.evidence().events().contains(signIn), "the off-site MIS sign-in is part of the evidence");
            assertTrue(evidenceOf(x).get(0).contains("never appears in the school's Windows logs"), evidenceOf(x).toString());
            assertTrue(evidenceOf(x).stream().anyMatch(e -> e.contains("203.0.113.40 (Leeds, GB)")), evidenceOf(x).toString());
            assertTrue(x.summary().contains("Evidence:"), x.summary());
        }
    }

    @Test
    void flags_remote_sims_work_that_began_before_the_owner_logged_on_at_school() throws Exception {
        try (SessionFixture f = new SessionFixture(dir)) {
            f.signIn("2026-09-14 07:05:00", "S1", EMAIL, "SIMS ID", "203.0.113.40", "Leeds", "GB", "home", HOME_PC);
            f.simsUse("2026-09-14 07:06:00", "S1", "DESKTOP-Q4T7Z2K", 40);
            morningAtDesk(f);
            List<Finding> found = f.run(new SharedCredentialsDetector(), FROM, TO);
            assertEquals(1, found.size(), found.toString());
            assertEquals(true, found.get(0).evidence().facts().get("remote_began_first"));
            assertTrue(found.get(0).firstSeen().isBefore(java.time.Instant.parse("2026-09-14T07:30:00Z")));
        }
    }

    @Test
    void sims_on_the_school_laptop_at_home_in_the_evening_is_not_remote_work_while_at_school() throws Exception {
        try (SessionFixture f = new SessionFixture(dir)) {
            f.logon("2026-09-14 07:30:00", "S1", "NORTHFIELD\\acarter", DESK, "0x10");
            f.simsUse("2026-09-14 08:50:00", "S1", "NFS-RM01-PC01", 40);
            // the desk PC is never logged off (missing_logout's business), but nobody uses it after 09:29
            f.signIn("2026-09-14 19:00:00", "S1", EMAIL, "SIMS ID", "203.0.113.40", "Leeds", "GB", "home");
            f.simsUse("2026-09-14 19:01:00", "S1", "NFS-LT-0012", 10);
            assertEquals(List.of(), f.run(new SharedCredentialsDetector(), FROM, TO));
        }
    }

    @Test
    void the_owners_phone_on_mobile_data_placed_in_a_far_city_while_they_work_at_school_raises_nothing()
            throws Exception {
        try (SessionFixture f = new SessionFixture(dir)) {
            morningAtDesk(f);
            f.signIn("2026-09-14 09:10:00", "S1", EMAIL, "Office 365 Exchange Online", "198.18.40.5", "London", "GB",
                    "phone", IPHONE);
            f.signIn("2026-09-14 09:14:00", "S1", EMAIL, "Microsoft Teams", "198.18.40.5", "London", "GB", "phone", IPHONE);
            f.signIn("2026-09-14 09:40:00", "S1", EMAIL, "Microsoft Teams", "198.18.77.1", "Glasgow", "GB", "phone", IPHONE);
            assertEquals(List.of(), f.run(new SharedCredentialsDetector(), FROM, TO));
        }
    }

    @Test
    void a_phone_that_opens_the_mis_far_away_while_the_owner_uses_it_at_school_is_flagged() throws Exception {
        try (SessionFixture f = new SessionFixture(dir)) {
            morningAtDesk(f);
            f.signIn("2026-09-14 09:10:00", "S1", EMAIL, "SIMS ID", "198.18.40.5", "London", "GB", "phone", IPHONE);
            List<Finding> found = f.run(new SharedCredentialsDetector(), FROM, TO);
            assertEquals(1, found.size(), found.toString());
            assertEquals(Severity.HIGH, found.get(0).severity());
        }
    }

    /** Bea (S2) teaches in RM20 every day; Alex (S1) in RM01. */
    private static void usualRooms(SessionFixture f) throws Exception {
        for (int day = 7; day <= 11; day++) {
            String d = "2026-09-" + String.format("%02d", day);
            f.logon(d + " 07:40:00", "S2", "NORTHFIELD\\bmoss", "NFS-RM20-PC01", "0x3" + day);
            f.logoff(d + " 15:30:00", "S2", "NORTHFIELD\\bmoss", "NFS-RM20-PC01", "0x3" + day);
        }
    }

    @Test
    void flags_one_account_at_two_computers_when_the_second_ones_own_user_is_absent() throws Exception {
        try (SessionFixture f = new SessionFixture(dir)) {
            usualRooms(f);
            f.logon("2026-09-14 07:30:00", "S1", "NORTHFIELD\\acarter", DESK, "0x10");
            f.simsUse("2026-09-14 08:50:00", "S1", "NFS-RM01-PC01", 5);
            f.logon("2026-09-14 09:00:00", "S1", "NORTHFIELD\\acarter", "NFS-RM20-PC01", "0x20");
            f.simsUse("2026-09-14 09:01:00", "S1", "NFS-RM20-PC01", 4);
            f.simsUse("2026-09-14 09:30:00", "S1", "NFS-RM01-PC01", 5);
            f.logoff("2026-09-14 10:00:00", "S1", "NORTHFIELD\\acarter", "NFS-RM20-PC01", "0x20");
            f.logoff("2026-09-14 15:00:00", "S1", "NORTHFIELD\\acarter", DESK, "0x10");
            List<Finding> found = f.run(new SharedCredentialsDetector(), FROM, TO);
            assertEquals(1, found.size(), found.toString());
            Finding x = found.get(0);
            assertEquals(true, x.evidence().facts().get("regular_user_absent"));
            assertEquals("S2", x.evidence().facts().get("second_computer_regular_user"));
            assertTrue(evidenceOf(x).stream().anyMatch(e -> e.contains("Bea Moss (S2), who was absent")), evidenceOf(x).toString());
        }
    }

    @Test
    void the_same_two_computers_raise_nothing_when_the_second_ones_own_user_is_in() throws Exception {
        try (SessionFixture f = new SessionFixture(dir)) {
            usualRooms(f);
            f.logon("2026-09-14 07:20:00", "S2", "NORTHFIELD\\bmoss", "NFS-RM20-PC01", "0x40");
            f.logoff("2026-09-14 08:55:00", "S2", "NORTHFIELD\\bmoss", "NFS-RM20-PC01", "0x40");
            f.logon("2026-09-14 07:30:00", "S1", "NORTHFIELD\\acarter", DESK, "0x10");
            f.simsUse("2026-09-14 08:50:00", "S1", "NFS-RM01-PC01", 5);
            f.logon("2026-09-14 09:00:00", "S1", "NORTHFIELD\\acarter", "NFS-RM20-PC01", "0x20");
            f.simsUse("2026-09-14 09:01:00", "S1", "NFS-RM20-PC01", 4);
            f.simsUse("2026-09-14 09:30:00", "S1", "NFS-RM01-PC01", 5);
            f.logoff("2026-09-14 10:00:00", "S1", "NORTHFIELD\\acarter", "NFS-RM20-PC01", "0x20");
            f.logoff("2026-09-14 15:00:00", "S1", "NORTHFIELD\\acarter", DESK, "0x10");
            assertEquals(List.of(), f.run(new SharedCredentialsDetector(), FROM, TO));
        }
    }

    @Test
    void a_teacher_who_locks_their_pc_and_works_in_an_absent_colleagues_room_raises_nothing() throws Exception {
        try (SessionFixture f = new SessionFixture(dir)) {
            usualRooms(f);
            f.logon("2026-09-14 07:30:00", "S1", "NORTHFIELD\\acarter", DESK, "0x10");
            f.simsUse("2026-09-14 08:30:00", "S1", "NFS-RM01-PC01", 5);
            f.lock("2026-09-14 08:58:00", "S1", "NORTHFIELD\\acarter", DESK, "0x10", true);
            f.logon("2026-09-14 09:00:00", "S1", "NORTHFIELD\\acarter", "NFS-RM20-PC01", "0x20");
            f.simsUse("2026-09-14 09:01:00", "S1", "NFS-RM20-PC01", 30);
            f.logoff("2026-09-14 09:55:00", "S1", "NORTHFIELD\\acarter", "NFS-RM20-PC01", "0x20");
            f.lock("2026-09-14 10:00:00", "S1", "NORTHFIELD\\acarter", DESK, "0x10", false);
            f.simsUse("2026-09-14 10:01:00", "S1", "NFS-RM01-PC01", 5);
            f.logoff("2026-09-14 15:00:00", "S1", "NORTHFIELD\\acarter", DESK, "0x10");
            assertEquals(List.of(), f.run(new SharedCredentialsDetector(), FROM, TO));
        }
    }

    @Test
    void flags_it_too_when_the_absent_colleagues_computer_was_logged_on_first() throws Exception {
        try (SessionFixture f = new SessionFixture(dir)) {
            usualRooms(f);
            f.logon("2026-09-14 07:20:00", "S1", "NORTHFIELD\\acarter", "NFS-RM20-PC01", "0x20");
            f.logon("2026-09-14 07:30:00", "S1", "NORTHFIELD\\acarter", DESK, "0x10");
            f.simsUse("2026-09-14 08:40:00", "S1", "NFS-RM01-PC01", 5);
            f.simsUse("2026-09-14 08:50:00", "S1", "NFS-RM20-PC01", 3);
            f.simsUse("2026-09-14 09:10:00", "S1", "NFS-RM01-PC01", 5);
            f.logoff("2026-09-14 10:00:00", "S1", "NORTHFIELD\\acarter", "NFS-RM20-PC01", "0x20");
            f.logoff("2026-09-14 15:00:00", "S1", "NORTHFIELD\\acarter", DESK, "0x10");
            List<Finding> found = f.run(new SharedCredentialsDetector(), FROM, TO);
            assertEquals(1, found.size(), found.toString());
            assertEquals("nfs-rm20-pc01", found.get(0).evidence().facts().get("absent_colleagues_computer"));
        }
    }
}
