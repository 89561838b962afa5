package uk.schoolaccess.auditor.ingest.arbor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
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
import uk.schoolaccess.auditor.ingest.Readers;
import uk.schoolaccess.auditor.ingest.source.Sniff;
import uk.schoolaccess.auditor.ingest.source.SourceFile;
import uk.schoolaccess.auditor.ingest.store.BatchResult;
import uk.schoolaccess.auditor.ingest.store.Store;

class ArborLoginHistoryReaderTest extends FreshStore {

    private static final String HISTORY = "arbor/arbor-login-history.csv";
    private static final String CLOCKS = "arbor/arbor-login-history-clock-changes.csv";

    @Test
    void reads_staff_sign_ins_in_school_local_time_resolved_to_staff() throws IOException {
        Fixtures.ingest(store, path("roster"));
        BatchResult b = Fixtures.ingest(store, path(HISTORY)).batches().get(0);
        assertEquals("arbor-login-history", b.format());
        assertEquals(7, b.rowsRead());
        assertEquals(4, b.added());
        assertEquals(0, b.unresolvedAccounts());
        assertEquals(List.of(List.of("arbor", Timestamp.valueOf("2026-09-14 07:45:00"), "S0001", "Arbor", true)),
                rows(store, "SELECT source, ts, staff_id, app, success FROM signins WHERE line_no = 2"),
                "08:45 BST is 07:45 UTC");
        assertEquals(Timestamp.valueOf("2026-09-14 07:50:12"), scalar(store, "SELECT ts FROM signins WHERE line_no = 3"));
        assertEquals("Europe/London", scalar(store, "SELECT source_zone FROM ingest_batches WHERE format = 'arbor-login-history'"));
    }

    @Test
    void judges_the_factor_by_2fa_method_and_leaves_google_and_microsoft_to_their_own_logs() throws IOException {
        Fixtures.ingest(store, path(HISTORY));
        assertEquals(List.of(
                        List.of(2L, "single_factor", "no 2FA method"),
                        List.of(3L, "multi_factor", "APP_AUTHENTICATOR"),
                        Arrays.asList(4L, null, "checked by GOOGLE"),
                        Arrays.asList(5L, null, "checked by MICROSOFT")),
                rows(store, "SELECT line_no, auth_requirement, mfa_result FROM signins ORDER BY line_no"));
    }

    @Test
    void students_and_guardians_are_ignored_and_their_names_are_never_stored() throws IOException {
        BatchResult b = Fixtures.ingest(store, path(HISTORY)).batches().get(0);
        assertEquals(2, b.ignored());
        assertEquals(0L, scalar(store, "SELECT count(*) FROM (SELECT * FROM signins) t "
                + "WHERE list_contains(list_value(COLUMNS(*)::VARCHAR), 'Ella Lewis')"));
        assertEquals(0L, scalar(store, "SELECT count(*) FROM quarantine WHERE raw LIKE '%Lewis%'"));
    }

    @Test
    void a_date_that_does_not_exist_is_quarantined_with_its_line() throws IOException {
        BatchResult b = Fixtures.ingest(store, path(HISTORY)).batches().get(0);
        assertEquals(1, b.quarantined());
        assertEquals(List.of(8L, "unparsable time in 'Date & Time', expected dd/MM/yyyy HH:mm[:ss], d MMM yyyy "
                        + "HH:mm or ISO (found 16 characters: digits, spaces and symbols)"),
                rows(store, "SELECT line_no, reason FROM quarantine").get(0));
    }

    @Test
    void separate_date_and_time_columns_go_through_both_clock_changes() throws IOException {
        BatchResult b = Fixtures.ingest(store, path(CLOCKS)).batches().get(0);
        assertEquals(3, b.added());
        assertEquals(1, b.quarantined());
        assertEquals(2, b.ambiguousTimes(), "01:30 and 01:10 on 25 October each happened twice");
        assertEquals(3L, scalar(store, "SELECT line_no FROM quarantine"));
        assertTrue(((String) scalar(store, "SELECT reason FROM quarantine")).contains("does not exist in Europe/London"));
        assertEquals(List.of(List.of(2L, Timestamp.valueOf("2026-03-29 00:30:00")),
                        List.of(4L, Timestamp.valueOf("2026-10-25 00:30:00")),
                        List.of(5L, Timestamp.valueOf("2026-10-25 01:10:00"))),
                rows(store, "SELECT line_no, ts FROM signins ORDER BY line_no"),
                "01:30 BST, then back to 01:10 GMT after the clocks went back");
    }

    @Test
    void reingesting_the_history_adds_no_rows() throws IOException {
        assertReingestAddsNothing("signins", path(HISTORY), path(CLOCKS));
    }

    @Test
    void recognises_the_login_history_under_its_label_variants_and_nothing_else() throws IOException {
        ArborLoginHistoryReader reader = new ArborLoginHistoryReader();
        assertEquals(5, reader.recognises(Sniff.of(SourceFile.of(path(HISTORY)))));
        assertEquals(6, reader.recognises(Sniff.of(SourceFile.of(path(CLOCKS)))));
        Path variant = dir.resolve("login-history.csv");
        Files.writeString(variant, "Date and Time,User Name,Type of User,Identity Provider,Two Factor Method\n"
                + "14 Sep 2026 08:45,a.carter@northfield.sch.uk,Staff Member,ARBOR,APP_AUTHENTICATOR\n");
        assertEquals("arbor-login-history", Readers.builtIn().detect(Sniff.of(SourceFile.of(variant))).get().format());
        Fixtures.ingest(store, variant);
        assertEquals(Timestamp.valueOf("2026-09-14 07:45:00"), scalar(store, "SELECT ts FROM signins"));
        for (String other : List.of("roster/staff.csv", "mis/sims-audit-week-01.csv", "cpoms/cpoms-audit-week-01.csv",
                "neutral/record-access.csv", "google/google-workspace-flattened-small.csv",
                "google/reports-api-items.json")) {
            assertEquals(0, reader.recognises(Sniff.of(SourceFile.of(path(other)))), other);
        }
    }
}
