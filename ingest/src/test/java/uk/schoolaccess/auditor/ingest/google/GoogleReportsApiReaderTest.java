package uk.schoolaccess.auditor.ingest.google;

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
import java.util.Map;

import org.junit.jupiter.api.Test;

import uk.schoolaccess.auditor.ingest.FreshStore;
import uk.schoolaccess.auditor.ingest.Fixtures;
import uk.schoolaccess.auditor.ingest.IngestSummary;
import uk.schoolaccess.auditor.ingest.Ingestor;
import uk.schoolaccess.auditor.ingest.ReadContext;
import uk.schoolaccess.auditor.ingest.Readers;
import uk.schoolaccess.auditor.ingest.config.IngestSettings;
import uk.schoolaccess.auditor.ingest.generate.GeneratorOptions;
import uk.schoolaccess.auditor.ingest.generate.SchoolGenerator;
import uk.schoolaccess.auditor.ingest.source.Sniff;
import uk.schoolaccess.auditor.ingest.source.SourceFile;
import uk.schoolaccess.auditor.ingest.store.BatchResult;
import uk.schoolaccess.auditor.ingest.store.Store;

class GoogleReportsApiReaderTest extends FreshStore {

    private static final String ITEMS = "google/reports-api-items.json";
    private static final String NDJSON = "google/reports-api-activities.ndjson";

    @Test
    void reads_an_items_document_into_signins_and_logoffs_resolved_to_staff() throws IOException {
        Fixtures.ingest(store, path("roster"));
        BatchResult b = Fixtures.ingest(store, path(ITEMS)).batches().get(0);
        assertEquals("google-reports-json", b.format());
        assertEquals(11, b.rowsRead());
        assertEquals(1, b.quarantined());
        assertEquals(1, b.ignored(), "passkey_enrolled is not a sign-in");
        assertEquals(0, b.unresolvedAccounts());
        assertEquals(9, store.count("signins"));
        assertEquals(2, store.count("logon_events"));
        assertEquals(List.of("google"), rows(store, "SELECT DISTINCT source FROM signins").get(0));
        assertEquals(List.of("S0001", "Google Workspace", "198.51.100.4", "google_password"),
                rows(store, "SELECT staff_id, app, ip, client_app FROM signins WHERE line_no = 2").get(0));
        assertEquals(Timestamp.valueOf("2026-09-14 07:45:10.12"),
                scalar(store, "SELECT ts FROM signins WHERE line_no = 2"));
    }

    @Test
    void judges_the_second_factor_from_the_methods_or_a_verification_at_the_same_instant() throws IOException {
        Fixtures.ingest(store, path(ITEMS));
        assertEquals(List.of(
                        List.of(2L, "multi_factor", "password + google_authenticator"),
                        List.of(3L, "multi_factor", "passkey; second factor verified (login_verification)"),
                        Arrays.asList(4L, null, GoogleLoginAudit.AT_IDP),
                        List.of(18L, "single_factor", "none; flagged as suspicious by Google")),
                rows(store, "SELECT line_no, auth_requirement, mfa_result FROM signins WHERE success "
                        + "AND mfa_result NOT LIKE 'verification step%' ORDER BY line_no"));
    }

    @Test
    void keeps_challenges_verifications_and_failures_as_signins_that_are_not_sessions() throws IOException {
        Fixtures.ingest(store, path(ITEMS));
        assertEquals(List.of(
                        Arrays.asList(5L, false, null, "challenge step: password, Challenge Failed", "Challenge Failed", "GB"),
                        Arrays.asList(5L, false, null, "password", "login_failure_invalid_password", "GB"),
                        Arrays.asList(8L, true, null, "verification step: passkey, second factor, passed", null, null)),
                rows(store, "SELECT line_no, success, auth_requirement, mfa_result, error_code, country FROM signins "
                        + "WHERE line_no IN (5, 8) ORDER BY line_no, success DESC, mfa_result"));
    }

    @Test
    void suspicious_logins_and_suspicious_cookie_sign_outs_keep_the_suspicion() throws IOException {
        Fixtures.ingest(store, path(ITEMS));
        assertEquals(List.of(
                        Arrays.asList(10L, null, "signed out by Google: suspicious session cookie"),
                        Arrays.asList(17L, null, "suspicious login reported by Google; methods: password")),
                rows(store, "SELECT line_no, success, mfa_result FROM signins WHERE success IS NULL ORDER BY line_no"));
        assertEquals(List.of(List.of(6L, "a.carter@northfield.sch.uk", "logoff"),
                        List.of(10L, "e.grant@northfield.sch.uk", "logoff")),
                rows(store, "SELECT line_no, account, kind FROM logon_events ORDER BY line_no"),
                "events written as one object rather than an array are read too");
    }

    @Test
    void an_unreadable_activity_is_quarantined_with_its_line() throws IOException {
        Fixtures.ingest(store, path(ITEMS));
        assertEquals(List.of(List.of(7L, "unparsable time in 'id.time' (found 18 characters: letters and spaces)")),
                rows(store, "SELECT line_no, reason FROM quarantine"));
    }

    @Test
    void ndjson_reads_line_by_line_and_a_broken_line_costs_only_itself() throws IOException {
        BatchResult b = Fixtures.ingest(store, path(NDJSON)).batches().get(0);
        assertEquals("google-reports-json", b.format());
        assertEquals(4, b.rowsRead());
        assertEquals(1, b.quarantined());
        assertEquals(3L, scalar(store, "SELECT line_no FROM quarantine"));
        assertTrue(((String) scalar(store, "SELECT reason FROM quarantine")).startsWith("not valid JSON"));
        assertEquals(Arrays.asList(false, null, "incorrect_answer_entered"),
                rows(store, "SELECT success, auth_requirement, error_code FROM signins WHERE line_no = 2").get(0));
        assertEquals("single_factor", scalar(store, "SELECT auth_requirement FROM signins WHERE line_no = 4"),
                "a failed verification is no second factor");
    }

    @Test
    void a_time_without_a_zone_is_read_in_googles_configured_zone_and_one_with_z_stays_utc() throws IOException {
        Fixtures.ingest(store, path(NDJSON));
        assertEquals(Timestamp.valueOf("2026-09-16 06:42:00"), scalar(store, "SELECT ts FROM signins WHERE line_no = 4"),
                "07:42 in London (BST) by default");
        assertEquals(Timestamp.valueOf("2026-09-16 07:40:00.25"), scalar(store, "SELECT ts FROM signins WHERE line_no = 1"));
        try (Store other = Store.open(dir.resolve("other.duckdb"))) {
            IngestSettings newYork = new IngestSettings(IngestSettings.School.DEFAULTS,
                    new IngestSettings.Sources(Map.of("google", "America/New_York")));
            IngestSummary s = new Ingestor(other, Readers.builtIn(), new ReadContext(newYork), new Fixtures.Recorder())
                    .run(List.of(path(NDJSON)), null);
            assertEquals(Timestamp.valueOf("2026-09-16 11:42:00"), scalar(other, "SELECT ts FROM signins WHERE line_no = 4"));
            assertEquals(Timestamp.valueOf("2026-09-16 07:40:00.25"), scalar(other, "SELECT ts FROM signins WHERE line_no = 1"));
            assertEquals("America/New_York", scalar(other, "SELECT source_zone FROM ingest_batches"));
            assertEquals(1, s.batches().size());
        }
    }

    @Test
    void reingesting_either_shape_adds_no_rows() throws IOException {
        Fixtures.ingest(store, path(ITEMS), path(NDJSON));
        long signins = store.count("signins");
        long logoffs = store.count("logon_events");
        IngestSummary again = Fixtures.ingest(store, path(ITEMS), path(NDJSON));
        assertEquals(0, again.added());
        assertEquals(signins, store.count("signins"));
        assertEquals(logoffs, store.count("logon_events"));
    }

    @Test
    void the_generated_schools_google_logs_ingest_completely_and_resolve_every_account() throws IOException {
        Path school = dir.resolve("school");
        SchoolGenerator.generate(new GeneratorOptions(school, 200, 30, 1, LocalDate.of(2026, 9, 7), 7L, "NFS"));
        Fixtures.ingest(store, school.resolve("roster"));
        Fixtures.Recorder heard = new Fixtures.Recorder();
        IngestSummary s = Fixtures.ingest(store, heard, school.resolve("google"));
        assertTrue(s.complete(), heard.unrecognised + " " + heard.failed);
        assertEquals(0, s.quarantined());
        assertTrue(s.rowsRead() > 0);
        assertTrue(s.batches().stream().allMatch(b -> b.format().equals("google-reports-json")));
        assertTrue(s.batches().stream().allMatch(b -> b.unresolvedAccounts() == 0));
        assertEquals(0L, scalar(store, "SELECT count(*) FROM signins WHERE staff_id IS NULL"));
        assertEquals(0L, scalar(store, "SELECT count(*) FROM signins WHERE success AND mfa_result NOT LIKE "
                + "'verification step%' AND auth_requirement = 'single_factor'"),
                "the generator's Google logins are SAML or password plus authenticator");
    }

    @Test
    void recognises_reports_api_json_and_nothing_else() throws IOException {
        GoogleReportsApiReader reader = new GoogleReportsApiReader();
        assertTrue(reader.recognises(Sniff.of(SourceFile.of(path(ITEMS)))) >= 5);
        assertTrue(reader.recognises(Sniff.of(SourceFile.of(path(NDJSON)))) >= 5);
        assertEquals("google-reports-json", Readers.builtIn().detect(Sniff.of(SourceFile.of(path(ITEMS)))).get().format());
        for (String other : List.of("roster/staff.csv", "mis/sims-audit-week-01.csv", "cpoms/cpoms-audit-week-01.csv",
                "google/google-workspace-flattened-small.csv", "arbor/arbor-login-history.csv")) {
            assertEquals(0, reader.recognises(Sniff.of(SourceFile.of(path(other)))), other);
        }
        Path drive = dir.resolve("drive.json");
        Files.writeString(drive, "{\"items\":[{\"id\":{\"time\":\"2026-09-14T07:45:10Z\",\"applicationName\":\"drive\"},"
                + "\"actor\":{\"email\":\"x@y\"},\"events\":[{\"type\":\"access\",\"name\":\"view\"}]}]}");
        assertEquals(0, reader.recognises(Sniff.of(SourceFile.of(drive))), "Drive audit is not a login audit");
        Path graph = dir.resolve("graph.json");
        Files.writeString(graph, "{\"value\":[{\"createdDateTime\":\"2026-09-14T07:45:10Z\",\"userPrincipalName\":\"x@y\"}]}");
        assertEquals(0, reader.recognises(Sniff.of(SourceFile.of(graph))));
    }
}
