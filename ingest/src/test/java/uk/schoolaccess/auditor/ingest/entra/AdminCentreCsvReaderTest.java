package uk.schoolaccess.auditor.ingest.entra;

import static java.util.Arrays.asList;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static uk.schoolaccess.auditor.ingest.Fixtures.path;
import static uk.schoolaccess.auditor.ingest.Fixtures.rows;
import static uk.schoolaccess.auditor.ingest.Fixtures.scalar;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.List;

import org.junit.jupiter.api.Test;

import uk.schoolaccess.auditor.ingest.FreshStore;
import uk.schoolaccess.auditor.ingest.Fixtures;
import uk.schoolaccess.auditor.ingest.store.BatchResult;
import uk.schoolaccess.auditor.ingest.store.Store;

class AdminCentreCsvReaderTest extends FreshStore {

    private static final String PUBLISHED = "entra/admin-centre-signins.csv";
    private static final String OLDER = "entra/admin-centre-signins-older-download.csv";

    @Test
    void reads_the_published_header_with_its_trailing_and_double_spaces_and_repeated_column() throws IOException {
        BatchResult b = Fixtures.ingest(store, path(PUBLISHED)).batches().get(0);
        assertEquals("entra-admin-csv", b.format());
        assertEquals(7, b.rowsRead());
        assertEquals(6, b.added());
        assertEquals(List.of(List.of(Timestamp.valueOf("2026-09-14 07:41:09"), "a.carter@northfield.sch.uk", "SIMS ID",
                        "198.51.100.11", "GB", "Sheffield", "3589c0a6-2e71-4407-8b7c-f5e2abf1a1da", "Browser", true, true,
                        "0c9d6a51-7f1e-4b8a-9d3c-2e5f1a7b8c90", "entra")),
                rows(store, "SELECT ts, account, app, ip, country, city, device_id, client_app, device_compliant, "
                        + "device_managed, session_id, source FROM signins ORDER BY ts LIMIT 1"));
        assertEquals(asList(null, null, null), rows(store, "SELECT lat, lon, device_name FROM signins LIMIT 1").get(0),
                "the admin centre gives neither coordinates nor a device name");
        assertEquals(6L, scalar(store, "SELECT count(*) FROM signins WHERE user_agent LIKE 'Mozilla/5.0 %'"));
        assertEquals(List.of(List.of("GB", 5L), List.of("NG", 1L)),
                rows(store, "SELECT country, count(*) FROM signins GROUP BY country ORDER BY country"));
        assertEquals(0L, scalar(store, "SELECT count(*) FROM signins WHERE city IS NULL AND country IS NULL"));
    }

    @Test
    void applies_the_mfa_rule_to_admin_centre_rows() throws IOException {
        Fixtures.ingest(store, path(PUBLISHED));
        assertEquals(List.of(
                        asList("SIMS ID", "multi_factor", "MFA successfully completed", true, "0"),
                        asList("CPOMS StaffSafe", "multi_factor", "MFA requirement satisfied by claim in the token", true, "0"),
                        asList("Office 365 Exchange Online", "single_factor", null, true, "0"),
                        asList("Microsoft Teams", "single_factor", null, true, "0"),
                        asList("CPOMS StaffSafe", "multi_factor", null, false, "50074"),
                        asList("OfficeHome", "single_factor", null, false, "50126")),
                rows(store, "SELECT app, auth_requirement, mfa_result, success, error_code FROM signins ORDER BY ts"));
        assertEquals(2L, scalar(store, "SELECT count(*) FROM signins WHERE success AND auth_requirement = 'multi_factor'"),
                "the interrupted multi-factor attempt is not an MFA sign-in");
    }

    @Test
    void quarantines_a_row_with_a_date_that_is_not_iso_by_its_line() throws IOException {
        Fixtures.ingest(store, path(PUBLISHED));
        assertEquals(List.of(List.of(5L, "unparsable time in 'Date (UTC)' (found 16 characters: digits, spaces and symbols)")),
                rows(store, "SELECT line_no, reason FROM quarantine"));
    }

    @Test
    void reads_an_older_download_that_lacks_the_newer_columns() throws IOException {
        BatchResult b = Fixtures.ingest(store, path(OLDER)).batches().get(0);
        assertEquals("entra-admin-csv", b.format());
        assertEquals(4, b.rowsRead());
        assertEquals(3, b.added());
        assertEquals(List.of(List.of(4L, "wrong column count: 12 fields, the header has 34")),
                rows(store, "SELECT line_no, reason FROM quarantine"));
        assertEquals(List.of(
                        asList("a.carter@northfield.sch.uk", "multi_factor", true, "MFA requirement satisfied by claim in the token", true, null, null),
                        asList("b.dunn@northfield.sch.uk", "single_factor", true, null, null, null, null),
                        asList("e.grant@northfield.sch.uk", "single_factor", false, null, null, null, null)),
                rows(store, "SELECT account, auth_requirement, success, mfa_result, device_compliant, session_id, "
                        + "user_agent FROM signins ORDER BY ts"));
    }

    @Test
    void resolves_accounts_to_staff_when_the_roster_is_loaded_first() throws IOException {
        Fixtures.ingest(store, path("roster"));
        BatchResult b = Fixtures.ingest(store, path(PUBLISHED)).batches().get(0);
        assertEquals(0, b.unresolvedAccounts());
        assertEquals(List.of(List.of("S0001", 2L), List.of("S0002", 1L), List.of("S0003", 2L), List.of("S0004", 1L)),
                rows(store, "SELECT staff_id, count(*) FROM signins GROUP BY staff_id ORDER BY staff_id"));
    }

    @Test
    void reingesting_either_download_adds_nothing() throws IOException {
        assertReingestAddsNothing("signins", path(PUBLISHED), path(OLDER));
    }

    @Test
    void stores_no_display_names_from_the_user_column() throws IOException {
        Fixtures.ingest(store, path(PUBLISHED));
        assertEquals(0L, scalar(store, "SELECT count(*) FROM signins "
                + "WHERE list_contains(list_value(COLUMNS(*)::VARCHAR), 'Alex Carter')"));
    }
}
