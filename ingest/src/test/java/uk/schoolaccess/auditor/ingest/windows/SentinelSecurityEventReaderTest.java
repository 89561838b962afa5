package uk.schoolaccess.auditor.ingest.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static uk.schoolaccess.auditor.ingest.Fixtures.path;
import static uk.schoolaccess.auditor.ingest.Fixtures.rows;
import static uk.schoolaccess.auditor.ingest.Fixtures.scalar;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import uk.schoolaccess.auditor.ingest.FreshStore;
import uk.schoolaccess.auditor.ingest.Fixtures;
import uk.schoolaccess.auditor.ingest.store.BatchResult;
import uk.schoolaccess.auditor.ingest.store.Store;

/**
 * Sentinel {@code SecurityEvent} exported to CSV (FORMATS §3b). The fixture has 26 of the real
 * columns in Microsoft's order, a BOM and CRLF, EventData XML over several lines, US-locale and
 * ISO times, {@code #NAME?} where Excel mangled {@code -\-}, and one row whose time a
 * spreadsheet turned into a serial day number.
 */
class SentinelSecurityEventReaderTest extends FreshStore {

    private static final String FIXTURE = "windows/sentinel-securityevent.csv";

    @Test
    void keeps_logon_events_ignores_other_events_and_quarantines_the_row_with_a_damaged_time() throws IOException {
        BatchResult b = Fixtures.ingest(store, path(FIXTURE)).batches().get(0);
        assertEquals("windows-security-sentinel-csv", b.format());
        assertEquals(List.of(9L, 7L, 1L, 1L), List.of(b.rowsRead(), b.added(), b.ignored(), b.quarantined()));
        assertEquals(List.of(List.of(12L, "unparsable time in 'TimeGenerated [UTC]' (found 10 characters: digits and symbols)")),
                rows(store, "SELECT line_no, reason FROM quarantine"));
    }

    @Test
    void reads_us_locale_and_iso_times_as_utc_and_keeps_line_numbers_across_multi_line_event_data()
            throws IOException {
        Fixtures.ingest(store, path(FIXTURE));
        assertEquals(List.of(List.of(2L, Timestamp.valueOf("2026-09-14 07:41:03.517")),
                        List.of(8L, Timestamp.valueOf("2026-09-14 07:41:01.9")),
                        List.of(13L, Timestamp.valueOf("2026-09-14 13:05:00"))),
                rows(store, "SELECT line_no, ts FROM logon_events WHERE line_no IN (2, 8, 13) ORDER BY line_no"));
    }

    @Test
    void name_damage_in_account_columns_does_not_stop_the_row() throws IOException {
        Fixtures.ingest(store, path(FIXTURE));
        assertEquals(List.of(List.of(10L, "logoff", "NORTHFIELD\\acarter"), List.of(11L, "failed", "NORTHFIELD\\cevans")),
                rows(store, "SELECT line_no, kind, account FROM logon_events WHERE line_no IN (10, 11) ORDER BY 1"));
    }

    @Test
    void applies_the_shared_rules_for_logon_ids_addresses_and_interactive_accounts() throws IOException {
        Fixtures.ingest(store, path(FIXTURE));
        assertEquals(List.of(
                        Arrays.asList(2L, "logon", "0x72029c6", 2, null, true),
                        Arrays.asList(8L, "logon", "0x1a2f3", 2, null, false),
                        Arrays.asList(10L, "logoff", "0x72029c6", 2, null, true),
                        Arrays.asList(11L, "failed", null, 2, null, true),
                        Arrays.asList(13L, "logon", "0x5d21a0", 10, "10.20.40.7", true),
                        Arrays.asList(14L, "logon", "0x5c0ffee", 3, "10.20.12.103", false),
                        Arrays.asList(15L, "unlock", "0x72029c6", null, null, true)),
                rows(store, "SELECT line_no, kind, logon_id, logon_type, ip, interactive FROM logon_events ORDER BY line_no"));
        assertEquals(2L, scalar(store, "SELECT count(*) FROM logon_events i JOIN logon_events o ON o.kind IN ('logoff', "
                + "'unlock') AND (o.workstation, o.logon_id) = (i.workstation, i.logon_id) WHERE i.kind = 'logon'"),
                "the logoff and the unlock pair with the logon written 0x72029C6");
    }

    @Test
    void resolves_staff_accounts_when_the_roster_is_loaded_first() throws IOException {
        Fixtures.ingest(store, path("roster"));
        BatchResult b = Fixtures.ingest(store, path(FIXTURE)).batches().get(0);
        assertEquals(0, b.unresolvedAccounts());
        assertEquals(List.of(List.of("S0001"), List.of("S0002"), List.of("S0003")),
                rows(store, "SELECT DISTINCT staff_id FROM logon_events WHERE interactive ORDER BY 1"));
    }

    @Test
    void reingesting_the_fixture_adds_nothing() throws IOException {
        Fixtures.ingest(store, path(FIXTURE));
        assertEquals(0, Fixtures.ingest(store, path(FIXTURE)).added());
        assertEquals(7, store.count("logon_events"));
    }
}
