package uk.schoolaccess.auditor.ingest.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import uk.schoolaccess.auditor.ingest.Origin;
import uk.schoolaccess.auditor.ingest.RowRejected;
import uk.schoolaccess.auditor.ingest.RowSink;
import uk.schoolaccess.auditor.ingest.rows.IncidentRow;
import uk.schoolaccess.auditor.ingest.rows.InvolvementRow;
import uk.schoolaccess.auditor.ingest.rows.LogonEventRow;
import uk.schoolaccess.auditor.ingest.rows.PupilRow;
import uk.schoolaccess.auditor.ingest.rows.RecordAccessRow;
import uk.schoolaccess.auditor.ingest.rows.RelationshipRow;
import uk.schoolaccess.auditor.ingest.rows.SigninRow;
import uk.schoolaccess.auditor.ingest.rows.StaffAccountRow;
import uk.schoolaccess.auditor.ingest.rows.StaffRow;

/** The event rules both Windows readers share, one by one. Each shape's test checks them again on its fixture. */
class SecurityEventsTest {

    private static final Instant T = Instant.parse("2026-09-14T07:41:03Z");

    @Test
    void logon_ids_in_either_hex_case_or_with_leading_zeros_read_the_same() {
        assertEquals("0x72029c6", SecurityEvents.logonId("0x72029C6"));
        assertEquals("0x72029c6", SecurityEvents.logonId("0x72029c6"));
        assertEquals("0x72029c6", SecurityEvents.logonId("0X0000000072029C6"));
        assertEquals("0x0", SecurityEvents.logonId("0x0000"));
        assertNull(SecurityEvents.logonId(null));
    }

    @Test
    void rejects_a_logon_id_that_is_not_hex_naming_the_column() {
        RowRejected e = assertThrows(RowRejected.class, () -> SecurityEvents.logonId("72029c6"));
        assertEquals("not a hex logon id in 'TargetLogonId' (found 7 characters: letters and digits)", e.getMessage());
    }

    @Test
    void qualifies_the_account_with_its_domain_unless_already_qualified() {
        assertEquals("NORTHFIELD\\acarter", SecurityEvents.account("acarter", "NORTHFIELD"));
        assertEquals("acarter", SecurityEvents.account("acarter", null));
        assertEquals("acarter@northfield.sch.uk", SecurityEvents.account("acarter@northfield.sch.uk", "NORTHFIELD"));
        assertEquals("NORTHFIELD\\acarter", SecurityEvents.account("NORTHFIELD\\acarter", "NORTHFIELD"));
    }

    @Test
    void drops_no_value_and_loopback_addresses_and_keeps_real_ones() {
        assertNull(SecurityEvents.ip(null));
        assertNull(SecurityEvents.ip("::1"));
        assertNull(SecurityEvents.ip("127.0.0.1"));
        assertEquals("10.20.12.103", SecurityEvents.ip("::ffff:10.20.12.103"));
        assertEquals("172.18.39.5", SecurityEvents.ip("172.18.39.5"));
        assertEquals("fe80::1c2a:9f3", SecurityEvents.ip("fe80::1c2a:9f3"));
        assertNull(SecurityEvents.value("-"), "Windows writes '-' for no value");
        assertNull(SecurityEvents.value("  "));
    }

    @Test
    void marks_machine_service_and_window_manager_accounts_as_not_interactive() {
        for (String user : List.of("NFS-RM12-PC03$", "SYSTEM", "LOCAL SERVICE", "NETWORK SERVICE", "ANONYMOUS LOGON",
                "DWM-1", "UMFD-0", "dwm-3", "NT AUTHORITY\\SYSTEM")) {
            assertFalse(SecurityEvents.interactive(user, 2), user);
            assertFalse(SecurityEvents.interactive(user, null), user + " on an event without a logon type");
        }
        assertTrue(SecurityEvents.interactive("acarter", 2));
        assertTrue(SecurityEvents.interactive("acarter", 10), "remote desktop is a person at a keyboard");
        assertTrue(SecurityEvents.interactive("acarter", 11));
        assertTrue(SecurityEvents.interactive("acarter", null), "a 4647 logoff has no logon type");
    }

    @Test
    void marks_network_and_service_logons_as_not_interactive_for_anyone() {
        assertFalse(SecurityEvents.interactive("acarter", 3));
        assertFalse(SecurityEvents.interactive("acarter", 5));
    }

    @Test
    void maps_each_kept_event_id_to_its_kind_and_ignores_the_rest() {
        Map<Integer, String> expected = Map.of(4624, "logon", 4625, "failed", 4634, "logoff", 4647, "logoff",
                4800, "lock", 4801, "unlock", 4778, "reconnect", 4779, "disconnect", 4723, "password_change",
                4724, "password_change");
        expected.forEach((id, kind) -> {
            Sink sink = new Sink();
            SecurityEvents.send(event(id), T, "Security", new Origin(1, "raw"), sink);
            assertEquals(kind, sink.rows.get(0).kind(), "event " + id);
        });
        for (int id : List.of(4688, 4672, 5156, 4719, 1, 13)) {
            Sink sink = new Sink();
            SecurityEvents.send(event(id), T, "Security", new Origin(1, "raw"), sink);
            assertEquals(1, sink.ignored, "event " + id);
            assertTrue(sink.rows.isEmpty());
        }
    }

    @Test
    void ignores_a_kept_event_id_from_another_channel_and_accepts_security_in_any_case() {
        Sink sink = new Sink();
        SecurityEvents.send(event(4624), T, "Microsoft-Windows-Sysmon/Operational", new Origin(1, "raw"), sink);
        assertEquals(1, sink.ignored);
        SecurityEvents.send(event(4624), T, "security", new Origin(2, "raw"), sink);
        SecurityEvents.send(event(4624), T, "SECURITY", new Origin(3, "raw"), sink);
        SecurityEvents.send(event(4624), T, null, new Origin(4, "raw"), sink);
        assertEquals(3, sink.rows.size());
    }

    @Test
    void reads_reconnects_from_the_account_fields_remote_desktop_events_use() {
        Map<String, String> f = Map.of("EventID", "4778", "Computer", "NFS-TS01", "AccountName", "cevans",
                "AccountDomain", "NORTHFIELD", "LogonID", "0x5D21A0", "ClientAddress", "81.2.69.160");
        Sink sink = new Sink();
        SecurityEvents.send(f::get, T, "Security", new Origin(1, "raw"), sink);
        LogonEventRow r = sink.rows.get(0);
        assertEquals(List.of("NORTHFIELD\\cevans", "NFS-TS01", "0x5d21a0", "reconnect", "81.2.69.160"),
                List.of(r.account(), r.workstation(), r.logonId(), r.kind(), r.ip()));
        assertTrue(r.interactive());
    }

    @Test
    void rejects_a_kept_event_without_computer_or_account_and_an_unreadable_event_id() {
        Map<String, String> noHost = Map.of("EventID", "4624", "TargetUserName", "acarter");
        assertEquals("missing computer name in 'Hostname' / 'Computer'", assertThrows(RowRejected.class,
                () -> SecurityEvents.send(noHost::get, T, "Security", new Origin(1, "raw"), new Sink())).getMessage());
        Map<String, String> noUser = Map.of("EventID", "4634", "Computer", "PC1");
        assertEquals("missing account in 'TargetUserName'", assertThrows(RowRejected.class,
                () -> SecurityEvents.send(noUser::get, T, "Security", new Origin(1, "raw"), new Sink())).getMessage());
        Map<String, String> badId = Map.of("EventID", "46x24");
        assertEquals("not a whole number in 'EventID' (found 5 characters: letters and digits)", assertThrows(RowRejected.class,
                () -> SecurityEvents.send(badId::get, T, "Security", new Origin(1, "raw"), new Sink())).getMessage());
    }

    private static SecurityEvents.EventFields event(int id) {
        Map<String, String> f = Map.of("EventID", Integer.toString(id), "Computer", "PC1", "TargetUserName", "acarter",
                "TargetDomainName", "NORTHFIELD", "TargetLogonId", "0x1F", "LogonType", "2");
        return f::get;
    }

    /** Collects what the rules send on. */
    private static final class Sink implements RowSink {
        final List<LogonEventRow> rows = new ArrayList<>();
        int ignored;

        public void logonEvent(Origin origin, LogonEventRow row) {
            rows.add(row);
        }

        public void ignored(Origin origin) {
            ignored++;
        }

        public void recordAccess(Origin origin, RecordAccessRow row) {
            throw new AssertionError();
        }

        public void signin(Origin origin, SigninRow row) {
            throw new AssertionError();
        }

        public void staff(Origin origin, StaffRow row) {
            throw new AssertionError();
        }

        public void staffAccount(Origin origin, StaffAccountRow row) {
            throw new AssertionError();
        }

        public void pupil(Origin origin, PupilRow row) {
            throw new AssertionError();
        }

        public void pupilAccount(Origin origin, uk.schoolaccess.auditor.ingest.rows.PupilAccountRow row) {
            throw new AssertionError();
        }

        public void relationship(Origin origin, RelationshipRow row) {
            throw new AssertionError();
        }

        public void incident(Origin origin, IncidentRow row) {
            throw new AssertionError();
        }

        public void involvement(Origin origin, InvolvementRow row) {
            throw new AssertionError();
        }

        public void quarantine(Origin origin, String reason) {
            throw new AssertionError(reason);
        }

        public void ambiguousTime(Origin origin) {
            throw new AssertionError();
        }
    }
}
