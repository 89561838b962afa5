package uk.schoolaccess.auditor.ingest.entra;

import static java.util.Arrays.asList;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

class AzureMonitorJsonReaderTest extends FreshStore {

    private static final String RECORDS = "entra/azure-monitor-signins.json";

    @Test
    void reads_people_signing_in_and_ignores_service_principals_and_audit_records() throws IOException {
        BatchResult b = Fixtures.ingest(store, path(RECORDS)).batches().get(0);
        assertEquals("entra-azure-monitor-json", b.format());
        assertEquals(8, b.rowsRead());
        assertEquals(5, b.added());
        assertEquals(2, b.ignored(), "a ServicePrincipalSignInLogs and an AuditLogs record");
        assertEquals(1, b.quarantined());
        assertEquals(List.of(3L, 83L, 155L, 340L, 411L),
                rows(store, "SELECT line_no FROM signins ORDER BY line_no").stream().map(r -> r.get(0)).toList(),
                "interactive and non-interactive user sign-ins are both people's");
    }

    @Test
    void applies_the_mfa_rule_to_the_properties_of_each_record() throws IOException {
        Fixtures.ingest(store, path(RECORDS));
        assertEquals(List.of(
                        asList(3L, "multi_factor", "MFA successfully completed", true, "0"),
                        asList(83L, "multi_factor", "MFA requirement satisfied by claim in the token", true, "0"),
                        asList(155L, "single_factor", null, true, "0"),
                        asList(340L, "single_factor", null, false, "50126"),
                        asList(411L, "multi_factor", "MFA successfully completed", true, "0")),
                rows(store, "SELECT line_no, auth_requirement, mfa_result, success, error_code FROM signins "
                        + "ORDER BY line_no"));
    }

    @Test
    void takes_time_ip_and_result_from_the_envelope_when_the_properties_lack_them() throws IOException {
        Fixtures.ingest(store, path(RECORDS));
        assertEquals(List.of(asList(Timestamp.valueOf("2026-09-14 08:10:00.123456"), "198.51.100.11", "0", "Sheffield")),
                rows(store, "SELECT ts, ip, error_code, city FROM signins WHERE line_no = 411"));
    }

    @Test
    void quarantines_a_sign_in_without_a_user_by_its_line() throws IOException {
        Fixtures.ingest(store, path(RECORDS));
        assertEquals(List.of(List.of(270L, "missing value in 'userPrincipalName'")),
                rows(store, "SELECT line_no, reason FROM quarantine"));
    }

    @Test
    void reingesting_the_export_adds_nothing() throws IOException {
        Fixtures.ingest(store, path(RECORDS));
        assertEquals(0, Fixtures.ingest(store, path(RECORDS)).added());
        assertEquals(5, store.count("signins"));
    }
}
