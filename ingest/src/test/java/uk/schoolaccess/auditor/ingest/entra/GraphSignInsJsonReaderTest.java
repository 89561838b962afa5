package uk.schoolaccess.auditor.ingest.entra;

import static java.util.Arrays.asList;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.schoolaccess.auditor.ingest.Fixtures.path;
import static uk.schoolaccess.auditor.ingest.Fixtures.rows;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.List;

import org.junit.jupiter.api.Test;

import uk.schoolaccess.auditor.ingest.FreshStore;
import uk.schoolaccess.auditor.ingest.Fixtures;
import uk.schoolaccess.auditor.ingest.store.BatchResult;
import uk.schoolaccess.auditor.ingest.store.Store;

class GraphSignInsJsonReaderTest extends FreshStore {

    private static final String PAGE = "entra/graph-signins-page.json";
    private static final String NDJSON = "entra/graph-signins.ndjson";

    @Test
    void reads_a_saved_graph_page_with_seven_digit_fractions() throws IOException {
        BatchResult b = Fixtures.ingest(store, path(PAGE)).batches().get(0);
        assertEquals("entra-graph-json", b.format());
        assertEquals(5, b.rowsRead());
        assertEquals(4, b.added());
        assertEquals(List.of(asList(Timestamp.valueOf("2026-09-14 07:41:09.871234"), "a.carter@northfield.sch.uk",
                        "CPOMS StaffSafe", "198.51.100.11", "GB", "Sheffield", 53.38297, -1.4659,
                        "3589c0a6-2e71-4407-8b7c-f5e2abf1a1da", "NFS-RM12-PC03", "Browser", true, true,
                        "0c9d6a51-7f1e-4b8a-9d3c-2e5f1a7b8c90")),
                rows(store, "SELECT ts, account, app, ip, country, city, lat, lon, device_id, device_name, client_app, "
                        + "device_compliant, device_managed, session_id FROM signins ORDER BY ts LIMIT 1"),
                "DuckDB keeps microseconds of the seven fractional digits");
        assertEquals(List.of(asList(false, false, null, null)), rows(store, "SELECT device_compliant, device_managed, "
                + "device_id, device_name FROM signins WHERE account = 'b.dunn@northfield.sch.uk'"));
    }

    @Test
    void applies_the_mfa_rule_to_graph_sign_ins() throws IOException {
        Fixtures.ingest(store, path(PAGE));
        assertEquals(List.of(
                        asList("CPOMS StaffSafe", "multi_factor", "MFA successfully completed", true, "0"),
                        asList("SIMS ID", "multi_factor", "MFA requirement satisfied by claim in the token", true, "0"),
                        asList("Office 365 Exchange Online", "single_factor", null, true, "0"),
                        asList("OfficeHome", "single_factor", null, false, "50126")),
                rows(store, "SELECT app, auth_requirement, mfa_result, success, error_code FROM signins ORDER BY ts"));
    }

    @Test
    void quarantines_a_sign_in_with_an_unreadable_time_by_the_line_its_object_starts_on() throws IOException {
        Fixtures.ingest(store, path(PAGE));
        assertEquals(List.of(List.of(173L, "unparsable time in 'createdDateTime' (found 16 characters: letters and spaces)")),
                rows(store, "SELECT line_no, reason FROM quarantine"));
    }

    @Test
    void reads_one_sign_in_a_line_and_quarantines_a_broken_line() throws IOException {
        BatchResult b = Fixtures.ingest(store, path(NDJSON)).batches().get(0);
        assertEquals("entra-graph-json", b.format());
        assertEquals(4, b.rowsRead());
        assertEquals(3, b.added());
        List<List<Object>> q = rows(store, "SELECT line_no, reason FROM quarantine");
        assertEquals(3L, q.get(0).get(0));
        assertTrue(((String) q.get(0).get(1)).startsWith("not valid JSON"), q.toString());
        assertEquals(List.of(List.of(1L, "multi_factor", true), List.of(2L, "single_factor", true),
                        List.of(4L, "single_factor", false)),
                rows(store, "SELECT line_no, auth_requirement, success FROM signins ORDER BY line_no"));
    }

    @Test
    void reingesting_a_page_or_a_line_file_adds_nothing() throws IOException {
        assertReingestAddsNothing("signins", path(PAGE), path(NDJSON));
    }
}
