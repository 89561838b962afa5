package uk.schoolaccess.auditor.ingest.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.schoolaccess.auditor.ingest.Fixtures.path;
import static uk.schoolaccess.auditor.ingest.Fixtures.rows;
import static uk.schoolaccess.auditor.ingest.Fixtures.scalar;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import uk.schoolaccess.auditor.ingest.FreshStore;
import uk.schoolaccess.auditor.ingest.Fixtures;
import uk.schoolaccess.auditor.ingest.IngestSummary;
import uk.schoolaccess.auditor.ingest.generate.GeneratorOptions;
import uk.schoolaccess.auditor.ingest.generate.SchoolGenerator;
import uk.schoolaccess.auditor.ingest.store.BatchResult;
import uk.schoolaccess.auditor.ingest.store.Store;

/** Winlogbeat / NXLog NDJSON (FORMATS §3a): the hand-made fixture, the real OTRF files and the generator's logs. */
class SecurityLogNdjsonReaderTest extends FreshStore {

    private static final String FIXTURE = "windows/security-ndjson-quirks.ndjson";
    private static final Path REAL = Path.of(System.getProperty("auditor.repo.root", ".."))
            .resolve("../shared/samples/real/windows");

    @Test
    void keeps_security_logon_events_ignores_other_events_and_quarantines_the_record_without_a_utc_time()
            throws IOException {
        BatchResult b = Fixtures.ingest(store, path(FIXTURE)).batches().get(0);
        assertEquals("windows-security-ndjson", b.format());
        assertEquals(List.of(18L, 15L, 2L, 1L), List.of(b.rowsRead(), b.added(), b.ignored(), b.quarantined()));
        assertEquals(List.of(List.of(15L, "missing time: no 'TimeCreated' or '@timestamp' (local 'EventTime' is not used)")),
                rows(store, "SELECT line_no, reason FROM quarantine"));
        assertEquals(List.of(List.of("disconnect", 0L), List.of("failed", 1L), List.of("lock", 1L),
                        List.of("logoff", 3L), List.of("logon", 7L), List.of("password_change", 1L),
                        List.of("reconnect", 1L), List.of("unlock", 1L)),
                rows(store, "SELECT k, count(e.kind) FROM (VALUES ('disconnect'), ('failed'), ('lock'), ('logoff'), "
                        + "('logon'), ('password_change'), ('reconnect'), ('unlock')) v(k) "
                        + "LEFT JOIN logon_events e ON e.kind = k GROUP BY k ORDER BY k"));
        assertEquals("windows", scalar(store, "SELECT DISTINCT source FROM logon_events"));
    }

    @Test
    void reads_utc_from_at_timestamp_or_time_created_never_the_local_event_time() throws IOException {
        Fixtures.ingest(store, path(FIXTURE));
        // line 5: EventTime 08:41:03 is BST; @timestamp is the UTC time the collector wrote
        assertEquals(Timestamp.valueOf("2026-09-14 07:41:05.517"), scalar(store,
                "SELECT ts FROM logon_events WHERE line_no = 5"));
        // line 16: TimeCreated is when the logon happened; @timestamp is when it was shipped
        assertEquals(Timestamp.valueOf("2026-09-14 07:50:12.345"), scalar(store,
                "SELECT ts FROM logon_events WHERE line_no = 16"));
    }

    @Test
    void accepts_the_channel_written_in_lower_case() throws IOException {
        Fixtures.ingest(store, path(FIXTURE));
        assertEquals(8L, scalar(store, "SELECT count(*) FROM logon_events WHERE line_no IN (2, 3, 4, 5, 9, 10, 11, 12)"));
    }

    @Test
    void a_logon_pairs_with_its_logoff_whatever_the_hex_case_of_the_logon_id() throws IOException {
        Fixtures.ingest(store, path(FIXTURE));
        assertEquals(List.of(List.of("NFS-RM12-PC03.northfield.local", "0x72029c6", 2L),
                        List.of("NFS-RM12-PC03.northfield.local", "0x1a2f3", 1L)),
                rows(store, "SELECT i.workstation, i.logon_id, count(*) FROM logon_events i JOIN logon_events o "
                        + "ON o.kind = 'logoff' AND (o.workstation, o.logon_id) = (i.workstation, i.logon_id) "
                        + "WHERE i.kind = 'logon' GROUP BY ALL ORDER BY 3 DESC"));
        assertEquals(List.of("0xe2697"), rows(store, "SELECT DISTINCT logon_id FROM logon_events "
                + "WHERE workstation = 'nfs-office-pc01'").stream().map(r -> r.get(0)).toList(),
                "the short, lower-case host name is kept as given; lock and unlock pair with the logon");
        assertEquals("0x72a1b4", scalar(store, "SELECT logon_id FROM logon_events WHERE line_no = 6"));
    }

    @Test
    void marks_machine_window_manager_font_driver_system_and_network_logons_as_not_interactive() throws IOException {
        Fixtures.ingest(store, path(FIXTURE));
        assertEquals(List.of(
                        Arrays.asList(2L, "NT AUTHORITY\\SYSTEM", 5, null, false),
                        Arrays.asList(3L, "Font Driver Host\\UMFD-0", 2, null, false),
                        Arrays.asList(4L, "Window Manager\\DWM-1", 2, null, false),
                        Arrays.asList(5L, "NORTHFIELD\\acarter", 2, null, true),
                        Arrays.asList(6L, "NORTHFIELD.LOCAL\\acarter", 3, "10.20.12.103", false),
                        Arrays.asList(7L, "NORTHFIELD.LOCAL\\NFS-RM12-PC03$", 3, "10.20.12.103", false),
                        Arrays.asList(9L, "NORTHFIELD\\cevans", 2, null, true),
                        Arrays.asList(10L, "NORTHFIELD\\acarter", null, null, true),
                        Arrays.asList(12L, "Window Manager\\DWM-1", 2, null, false),
                        Arrays.asList(14L, "NORTHFIELD\\cevans", null, "81.2.69.160", true),
                        Arrays.asList(16L, "NORTHFIELD\\bdunn", 11, null, true)),
                rows(store, "SELECT line_no, account, logon_type, ip, interactive FROM logon_events "
                        + "WHERE line_no IN (2, 3, 4, 5, 6, 7, 9, 10, 12, 14, 16) ORDER BY line_no"));
    }

    @Test
    void resolves_staff_accounts_when_the_roster_is_loaded_first() throws IOException {
        Fixtures.ingest(store, path("roster"));
        BatchResult b = Fixtures.ingest(store, path(FIXTURE)).batches().get(0);
        assertEquals(0, b.unresolvedAccounts());
        assertEquals(List.of(List.of("S0001"), List.of("S0002"), List.of("S0003"), List.of("S0004")),
                rows(store, "SELECT DISTINCT staff_id FROM logon_events WHERE interactive ORDER BY 1"));
    }

    @Test
    void reingesting_the_fixture_adds_nothing() throws IOException {
        Fixtures.ingest(store, path(FIXTURE));
        IngestSummary again = Fixtures.ingest(store, path(FIXTURE));
        assertEquals(0, again.added());
        assertEquals(15, store.count("logon_events"));
    }

    @Test
    void the_covenant_sample_stores_two_logons_and_two_logoffs_of_506_records() throws IOException {
        Path zip = real("covenant_copy_smb_CreateRequest.zip");
        IngestSummary s = Fixtures.ingest(store, zip);
        assertTrue(s.complete(), s.toString());
        BatchResult b = s.batches().get(0);
        assertEquals("windows-security-ndjson", b.format());
        assertEquals(List.of(506L, 4L, 502L, 0L), List.of(b.rowsRead(), b.added(), b.ignored(), b.quarantined()));
        assertEquals(List.of(List.of("logoff", 2L), List.of("logon", 2L)),
                rows(store, "SELECT kind, count(*) FROM logon_events GROUP BY kind ORDER BY kind"));
        // the workstation writes its channel "security"; the domain controller "Security"
        assertEquals(List.of(List.of("MORDORDC.theshire.local", "0x7b90596", "MORDORDC$"),
                        List.of("WORKSTATION6.theshire.local", "0x4e13b2e", "pgustavo")),
                rows(store, "SELECT i.workstation, i.logon_id, i.account[position('\\' IN i.account) + 1:] "
                        + "FROM logon_events i JOIN logon_events o ON o.kind = 'logoff' "
                        + "AND (o.workstation, o.logon_id) = (i.workstation, i.logon_id) WHERE i.kind = 'logon' ORDER BY 1"));
        assertEquals(Timestamp.valueOf("2020-09-22 18:53:32.34"), scalar(store,
                "SELECT ts FROM logon_events WHERE kind = 'logon' AND logon_id = '0x4e13b2e'"),
                "@timestamp (UTC), not EventTime 14:53:30 (UTC-4)");
        assertEquals(0L, scalar(store, "SELECT count(*) FROM logon_events WHERE interactive"),
                "network logons and a machine account");
        assertEquals(0, Fixtures.ingest(store, zip).added(), "re-ingesting adds nothing");
    }

    @Test
    void the_auditpol_sample_stores_four_logons_one_failure_and_one_logoff_of_13645_records() throws IOException {
        Path zip = real("auditpol_system_user_auditpolicy_modification.zip");
        IngestSummary s = Fixtures.ingest(store, zip);
        assertTrue(s.complete(), s.toString());
        BatchResult b = s.batches().get(0);
        assertEquals(List.of(13_645L, 6L, 13_639L, 0L), List.of(b.rowsRead(), b.added(), b.ignored(), b.quarantined()));
        assertEquals(List.of(List.of("failed", 1L), List.of("logoff", 1L), List.of("logon", 4L)),
                rows(store, "SELECT kind, count(*) FROM logon_events GROUP BY kind ORDER BY kind"));
        assertEquals(List.of(List.of("pedro-computer", "0xde2c49", 2)),
                rows(store, "SELECT i.workstation, i.logon_id, i.logon_type FROM logon_events i JOIN logon_events o "
                        + "ON o.kind = 'logoff' AND (o.workstation, o.logon_id) = (i.workstation, i.logon_id) "
                        + "WHERE i.kind = 'logon'"));
        assertEquals(List.of(List.of("NT AUTHORITY\\SYSTEM", false, 2L), List.of("PEDRO-COMPUTER\\pedro-admin", true, 4L)),
                rows(store, "SELECT account, interactive, count(*) FROM logon_events GROUP BY ALL ORDER BY 1"));
        assertEquals(0L, scalar(store, "SELECT count(*) FROM logon_events WHERE ip IS NOT NULL"),
                "'-' and the loopback ::1 carry no client address");
        assertEquals(0, Fixtures.ingest(store, zip).added(), "re-ingesting adds nothing");
    }

    @Test
    @Timeout(120)
    void the_generated_school_windows_logs_ingest_completely_and_staff_logons_resolve() throws IOException {
        Path school = dir.resolve("school");
        // 200 pupils: with the 50 the options allow, the generator never finds a pupil unrelated to a teacher
        SchoolGenerator.generate(new GeneratorOptions(school, 200, 30, 1, LocalDate.of(2026, 9, 7), 7L, "NFS"));
        Fixtures.ingest(store, school.resolve("roster"));
        Fixtures.Recorder heard = new Fixtures.Recorder();
        IngestSummary s = Fixtures.ingest(store, heard, school.resolve("windows"));
        assertTrue(s.complete(), heard.unrecognised + " " + heard.failed);
        assertTrue(s.batches().stream().allMatch(b -> b.format().equals("windows-security-ndjson")));
        assertEquals(0, s.quarantined());
        assertEquals(0, s.ignored(), "the generator writes only kept Security events");
        assertEquals(s.rowsRead(), store.count("logon_events"));
        assertEquals(0L, scalar(store, "SELECT count(*) FROM logon_events e JOIN staff_accounts a "
                + "ON a.system = 'windows' AND account_key(a.account) = account_key(e.account) "
                + "WHERE e.interactive AND e.staff_id IS NULL"), "every staff member's interactive logon resolves");
        assertTrue((Long) scalar(store, "SELECT count(*) FROM logon_events WHERE interactive AND staff_id IS NOT NULL") > 0);
        assertEquals(0L, scalar(store, "SELECT count(*) FROM logon_events WHERE NOT interactive AND staff_id IS NOT NULL "
                + "AND (account LIKE '%$' OR account LIKE '%\\DWM-%' OR account LIKE '%\\UMFD-%')"));
        assertEquals(0L, scalar(store, "SELECT count(*) FROM logon_events o WHERE kind = 'logoff' AND NOT EXISTS "
                + "(SELECT 1 FROM logon_events i WHERE i.kind = 'logon' AND (i.workstation, i.logon_id) = "
                + "(o.workstation, o.logon_id))"), "every logoff finds its logon, whatever the computer's hex case");
    }

    private static Path real(String name) {
        Path p = REAL.resolve(name);
        Assumptions.assumeTrue(Files.isRegularFile(p), "shared real samples not present: " + p);
        return p;
    }
}
