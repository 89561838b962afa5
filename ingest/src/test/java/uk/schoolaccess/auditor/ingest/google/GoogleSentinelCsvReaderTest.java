package uk.schoolaccess.auditor.ingest.google;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static uk.schoolaccess.auditor.ingest.Fixtures.path;
import static uk.schoolaccess.auditor.ingest.Fixtures.rows;
import static uk.schoolaccess.auditor.ingest.Fixtures.scalar;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import uk.schoolaccess.auditor.ingest.FreshStore;
import uk.schoolaccess.auditor.ingest.Fixtures;
import uk.schoolaccess.auditor.ingest.IngestSummary;
import uk.schoolaccess.auditor.ingest.Readers;
import uk.schoolaccess.auditor.ingest.source.Sniff;
import uk.schoolaccess.auditor.ingest.source.SourceFile;
import uk.schoolaccess.auditor.ingest.store.BatchResult;
import uk.schoolaccess.auditor.ingest.store.Store;

/**
 * The hand-made fixture copies the real sample's quirks: its 133-column header, CRLF without a
 * final newline, IdTime with seven fractional digits beside a US-locale TimeGenerated (and one
 * row with only the latter), IdUniqueQualifier in Excel's scientific notation, a quoted Etag,
 * JSON held in strings, TRUE/FALSE in sparse columns, rows out of time order with a success and
 * its verification apart, an empty {} for passkey_enrolled, and one ActorEmail on every row
 * while ResourceDetails names who signed in.
 */
class GoogleSentinelCsvReaderTest extends FreshStore {

    private static final String SMALL = "google/google-workspace-flattened-small.csv";

    private static Path realSample() {
        Path real = Path.of(System.getProperty("auditor.repo.root", "..")).resolve("../shared/samples/real")
                .resolve("google/google-workspace-asim-flattened.csv");
        assumeTrue(Files.isRegularFile(real), "the shared real samples are not here: " + real);
        return real;
    }

    @Test
    void stores_the_person_named_in_resource_details_not_the_placeholder_actor() throws IOException {
        Fixtures.ingest(store, path("roster"));
        BatchResult b = Fixtures.ingest(store, path(SMALL)).batches().get(0);
        assertEquals("google-flattened-csv", b.format());
        assertEquals(11, b.rowsRead());
        assertEquals(0, b.unresolvedAccounts());
        assertEquals(List.of(List.of("S0001", 2L), List.of("S0002", 2L), List.of("S0003", 1L), List.of("S0004", 1L),
                        List.of("S0005", 1L)),
                rows(store, "SELECT staff_id, count(*) FROM signins GROUP BY staff_id ORDER BY staff_id"));
        assertEquals(List.of("c.evans@northfield.sch.uk", "S0003", "logoff", "198.51.100.4"),
                rows(store, "SELECT account, staff_id, kind, ip FROM logon_events").get(0));
    }

    @Test
    void applies_the_same_second_factor_rules_as_the_api_shape() throws IOException {
        Fixtures.ingest(store, path(SMALL));
        assertEquals(List.of(
                        Arrays.asList(3L, null, GoogleLoginAudit.AT_IDP),
                        List.of(4L, "multi_factor", "passkey; second factor verified (login_verification)"),
                        List.of(5L, "single_factor", "none"),
                        List.of(6L, "multi_factor", "password + idv_preregistered_phone")),
                rows(store, "SELECT line_no, auth_requirement, mfa_result FROM signins WHERE success "
                        + "AND mfa_result NOT LIKE 'verification step%' ORDER BY line_no"));
        assertEquals(List.of(List.of(2L, "verification step: saml, passed"),
                        List.of(7L, "verification step: passkey, second factor, passed")),
                rows(store, "SELECT line_no, mfa_result FROM signins WHERE mfa_result LIKE 'verification step%' "
                        + "ORDER BY line_no"));
        assertEquals(Arrays.asList(false, null, "login_failure", "203.0.113.50"),
                rows(store, "SELECT success, auth_requirement, error_code, ip FROM signins WHERE line_no = 8").get(0));
    }

    @Test
    void reads_iso_idtime_and_falls_back_to_the_us_locale_time_generated() throws IOException {
        Fixtures.ingest(store, path(SMALL));
        assertEquals(Timestamp.valueOf("2026-09-14 07:45:10.123"), scalar(store, "SELECT ts FROM signins WHERE line_no = 3"));
        assertEquals(Timestamp.valueOf("2026-09-15 12:30:00.001"), scalar(store, "SELECT ts FROM signins WHERE line_no = 5"),
                "this row has no IdTime");
        assertEquals("GB", scalar(store, "SELECT DISTINCT country FROM signins"));
    }

    @Test
    void ignores_enrolments_and_risky_actions_and_quarantines_broken_event_parameters_by_line() throws IOException {
        BatchResult b = Fixtures.ingest(store, path(SMALL)).batches().get(0);
        assertEquals(2, b.ignored());
        assertEquals(1, b.quarantined());
        assertEquals(List.of(List.of(12L, "EventParameters is not valid JSON")),
                rows(store, "SELECT line_no, reason FROM quarantine"));
        assertEquals(7, store.count("signins"));
        assertEquals(1, store.count("logon_events"));
    }

    @Test
    void reingesting_the_fixture_adds_no_rows() throws IOException {
        Fixtures.ingest(store, path(SMALL));
        IngestSummary again = Fixtures.ingest(store, path(SMALL));
        assertEquals(0, again.added());
        assertEquals(8, again.duplicates());
        assertEquals(7, store.count("signins"));
    }

    @Test
    void the_real_sentinel_sample_reads_all_101_rows_with_nothing_quarantined() throws IOException {
        Path real = realSample();
        BatchResult b = Fixtures.ingest(store, real).batches().get(0);
        assertEquals("google-flattened-csv", b.format());
        assertEquals(101, b.rowsRead());
        assertEquals(0, b.quarantined());
        assertEquals(4, b.ignored(), "passkey_enrolled x3 and risky_sensitive_action_allowed x1");
        assertEquals(97, b.added());
        assertEquals(1, store.count("logon_events"), "logout x1");
        assertEquals(List.of(List.of("login_failure", 4L), List.of("login_success", 67L),
                        List.of("login_verification", 25L)),
                rows(store, "SELECT CASE WHEN mfa_result LIKE 'verification step%' THEN 'login_verification' "
                        + "WHEN success = false AND error_code = 'login_failure' THEN 'login_failure' "
                        + "ELSE 'login_success' END AS event, count(*) FROM signins GROUP BY event ORDER BY event"));
        assertEquals(Arrays.asList(Arrays.asList(null, 8L), List.of("multi_factor", 16L), List.of("single_factor", 43L)),
                rows(store, "SELECT auth_requirement, count(*) FROM signins WHERE success "
                        + "AND mfa_result NOT LIKE 'verification step%' GROUP BY 1 ORDER BY 1 NULLS FIRST"));
        assertEquals(29L, scalar(store, "SELECT count(DISTINCT account) FROM signins"),
                "ResourceDetails names 29 people although ActorEmail is one placeholder");
        assertEquals(List.of(Timestamp.valueOf("2026-07-03 18:52:57.794"), "user000001@test.com", "10.0.0.1", "US",
                        "verification step: saml, passed"),
                rows(store, "SELECT ts, account, ip, country, mfa_result FROM signins WHERE line_no = 2").get(0));
        assertEquals(Arrays.asList("user000002@test.com", "reauth", null, GoogleLoginAudit.AT_IDP),
                rows(store, "SELECT account, client_app, auth_requirement, mfa_result FROM signins WHERE line_no = 3").get(0));
        assertEquals(Timestamp.valueOf("2026-06-29 12:25:11.728"), scalar(store, "SELECT ts FROM logon_events"));
        assertEquals(1L, scalar(store, "SELECT count(*) FROM signins WHERE error_code = 'incorrect_answer_entered'"));
        IngestSummary again = Fixtures.ingest(store, real);
        assertEquals(0, again.added());
        assertEquals(97, store.count("signins") + store.count("logon_events"));
    }

    @Test
    void recognises_the_flattened_csv_and_nothing_else() throws IOException {
        GoogleSentinelCsvReader reader = new GoogleSentinelCsvReader();
        assertTrue(reader.recognises(Sniff.of(SourceFile.of(path(SMALL)))) >= 8);
        assertEquals("google-flattened-csv", Readers.builtIn().detect(Sniff.of(SourceFile.of(path(SMALL)))).get().format());
        for (String other : List.of("roster/staff.csv", "roster/incidents.csv", "mis/sims-audit-week-01.csv",
                "cpoms/cpoms-audit-week-01.csv", "neutral/record-access.csv", "google/reports-api-items.json",
                "google/reports-api-activities.ndjson", "arbor/arbor-login-history.csv")) {
            assertEquals(0, reader.recognises(Sniff.of(SourceFile.of(path(other)))), other);
        }
    }

    @Test
    void the_real_samples_of_other_families_are_not_claimed_and_the_real_google_one_is() throws IOException {
        Path real = realSample();
        Path entra = real.getParent().getParent().resolve("entra/signinlogs-loganalytics-adelete.csv");
        GoogleSentinelCsvReader csv = new GoogleSentinelCsvReader();
        GoogleReportsApiReader json = new GoogleReportsApiReader();
        assertEquals(0, csv.recognises(Sniff.of(SourceFile.of(entra))));
        assertEquals(0, json.recognises(Sniff.of(SourceFile.of(entra))));
        assertEquals(0, json.recognises(Sniff.of(SourceFile.of(real))));
        assertEquals("google-flattened-csv", Readers.builtIn().detect(Sniff.of(SourceFile.of(real))).get().format());
    }
}
