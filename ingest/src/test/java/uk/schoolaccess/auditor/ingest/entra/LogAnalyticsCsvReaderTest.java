package uk.schoolaccess.auditor.ingest.entra;

import static java.util.Arrays.asList;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static uk.schoolaccess.auditor.ingest.Fixtures.path;
import static uk.schoolaccess.auditor.ingest.Fixtures.rows;
import static uk.schoolaccess.auditor.ingest.Fixtures.scalar;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.List;

import org.junit.jupiter.api.Test;

import uk.schoolaccess.auditor.ingest.FreshStore;
import uk.schoolaccess.auditor.ingest.Fixtures;
import uk.schoolaccess.auditor.ingest.IngestSummary;
import uk.schoolaccess.auditor.ingest.store.BatchResult;
import uk.schoolaccess.auditor.ingest.store.Store;

class LogAnalyticsCsvReaderTest extends FreshStore {

    private static final String PLAIN = "entra/log-analytics-signinlogs-plain.csv";
    /** The layout of the real Sentinel training-lab export, with BOM and CRLF as its public copy has them. */
    private static final String SPLIT = "entra/log-analytics-signinlogs-split.csv";

    static final Path REAL = Path.of(System.getProperty("auditor.repo.root", ".."))
            .resolve("../shared/samples/real/entra/signinlogs-loganalytics-adelete.csv");

    @Test
    void reads_the_plain_layout_with_json_cells_spanning_lines() throws IOException {
        BatchResult b = Fixtures.ingest(store, path(PLAIN)).batches().get(0);
        assertEquals("entra-log-analytics-csv", b.format());
        assertEquals(5, b.rowsRead());
        assertEquals(4, b.added());
        assertEquals(List.of(asList(Timestamp.valueOf("2026-09-14 07:41:09.871"), "a.carter@northfield.sch.uk",
                        "CPOMS StaffSafe", "198.51.100.11", "GB", "Sheffield", 53.38297, -1.4659,
                        "3589c0a6-2e71-4407-8b7c-f5e2abf1a1da", "NFS-RM12-PC03", "Browser", true, true,
                        "0c9d6a51-7f1e-4b8a-9d3c-2e5f1a7b8c90")),
                rows(store, "SELECT ts, account, app, ip, country, city, lat, lon, device_id, device_name, client_app, "
                        + "device_compliant, device_managed, session_id FROM signins ORDER BY ts LIMIT 1"),
                "CreatedDateTime, the sign-in itself, wins over TimeGenerated");
        assertEquals(asList("Rotherham", null, null, null, null), rows(store, "SELECT city, lat, lon, device_id, "
                + "device_name FROM signins WHERE account = 'b.dunn@northfield.sch.uk'").get(0),
                "empty geoCoordinates and an empty deviceId stay empty");
    }

    @Test
    void applies_the_mfa_rule_to_log_analytics_rows() throws IOException {
        Fixtures.ingest(store, path(PLAIN));
        assertEquals(List.of(
                        asList("CPOMS StaffSafe", "multi_factor", "MFA successfully completed", true, "0"),
                        asList("SIMS ID", "multi_factor", "MFA requirement satisfied by claim in the token", true, "0"),
                        asList("Office 365 Exchange Online", "single_factor", null, true, "0"),
                        asList("CPOMS StaffSafe", "multi_factor", "MFA required in Azure AD", false, "50074")),
                rows(store, "SELECT app, auth_requirement, mfa_result, success, error_code FROM signins ORDER BY ts"));
    }

    @Test
    void quarantines_a_cut_off_json_cell_by_the_line_its_record_starts_on() throws IOException {
        Fixtures.ingest(store, path(PLAIN));
        assertEquals(List.of(List.of(53L, "not valid JSON in 'DeviceDetail'")),
                rows(store, "SELECT line_no, reason FROM quarantine"));
        assertEquals(64L, scalar(store, "SELECT line_no FROM signins WHERE error_code = '50074'"),
                "records after the bad one keep their own first lines");
    }

    @Test
    void reads_the_split_dynamic_and_string_layout_of_the_real_export() throws IOException {
        BatchResult b = Fixtures.ingest(store, path(SPLIT)).batches().get(0);
        assertEquals("entra-log-analytics-csv", b.format());
        assertEquals(5, b.rowsRead());
        assertEquals(4, b.added());
        assertEquals(List.of(List.of(34L, "unparsable time in 'CreatedDateTime [UTC]' (found 20 characters: digits, spaces and symbols)")),
                rows(store, "SELECT line_no, reason FROM quarantine"));
        assertEquals(List.of(
                        asList(Timestamp.valueOf("2021-04-28 14:08:45.221"), "Azure Portal", "single_factor", true, "0"),
                        asList(Timestamp.valueOf("2021-04-28 14:27:54.891"), "O365 Suite UX", "single_factor", true, "0"),
                        asList(Timestamp.valueOf("2021-04-28 14:29:08.356"), "Microsoft Teams Web Client", "single_factor",
                                false, "16000"),
                        asList(Timestamp.valueOf("2021-04-28 14:29:16.617"), "Office365 Shell WCSS-Client", "single_factor",
                                false, "50058")),
                rows(store, "SELECT ts, app, auth_requirement, success, error_code FROM signins ORDER BY ts"));
        assertEquals(List.of(asList("IL", "Azor", 32.02956008911133, 34.79964828491211, null, null, null)),
                rows(store, "SELECT DISTINCT country, city, lat, lon, device_id, mfa_result, session_id FROM signins"),
                "location from LocationDetails_dynamic; 'Previously satisfied' first factors are no MFA result");
    }

    @Test
    void reingesting_either_layout_adds_nothing() throws IOException {
        assertReingestAddsNothing("signins", path(PLAIN), path(SPLIT));
    }

    @Test
    void reads_the_real_sentinel_training_lab_export_completely() throws IOException {
        assumeTrue(Files.isRegularFile(REAL), "the shared real samples are not here: " + REAL);
        IngestSummary s = Fixtures.ingest(store, REAL);
        BatchResult b = s.batches().get(0);
        assertEquals("entra-log-analytics-csv", b.format());
        assertEquals(56, b.rowsRead());
        assertEquals(56, b.added());
        assertEquals(0, b.quarantined());
        assertEquals(List.of(List.of("adelev@m365x816222.onmicrosoft.com", "175.45.176.99", "IL", "Azor", "Browser",
                        "single_factor")),
                rows(store, "SELECT DISTINCT account, ip, country, city, client_app, auth_requirement FROM signins"));
        assertEquals(List.of(List.of("0", 53L, true), List.of("16000", 2L, false), List.of("50058", 1L, false)),
                rows(store, "SELECT error_code, count(*), bool_and(success) FROM signins GROUP BY error_code "
                        + "ORDER BY count(*) DESC"));
        assertEquals(16L, scalar(store, "SELECT count(*) FROM signins WHERE app = 'Microsoft Teams Web Client'"));
        assertEquals(15L, scalar(store, "SELECT count(*) FROM signins WHERE app = 'Office365 Shell WCSS-Client'"));
        assertEquals(0L, scalar(store, "SELECT count(*) FROM signins WHERE mfa_result IS NOT NULL OR session_id IS NOT NULL"
                + " OR device_id IS NOT NULL"), "single-factor, no SessionId column, deviceId written as \"\"");
        assertEquals(List.of(List.of(Timestamp.valueOf("2021-04-28 14:08:45.221"), Timestamp.valueOf("2021-04-28 15:19:00"))),
                rows(store, "SELECT min(ts), date_trunc('minute', max(ts)) FROM signins"));
        assertEquals(56L, scalar(store, "SELECT count(*) FROM signins WHERE lat BETWEEN 32.02 AND 32.03 "
                + "AND lon BETWEEN 34.79 AND 34.80"));
        assertEquals(0, Fixtures.ingest(store, REAL).added(), "re-ingesting the file adds nothing");
        assertEquals(56, store.count("signins"));
    }
}
