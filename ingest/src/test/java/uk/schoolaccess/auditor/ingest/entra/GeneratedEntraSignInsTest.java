package uk.schoolaccess.auditor.ingest.entra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.schoolaccess.auditor.ingest.Fixtures.scalar;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.schoolaccess.auditor.ingest.Fixtures;
import uk.schoolaccess.auditor.ingest.IngestSummary;
import uk.schoolaccess.auditor.ingest.generate.GeneratorOptions;
import uk.schoolaccess.auditor.ingest.generate.SchoolGenerator;
import uk.schoolaccess.auditor.ingest.store.BatchResult;
import uk.schoolaccess.auditor.ingest.store.Store;

/** The sample school's Entra downloads load whole: every row read, every account someone's. */
class GeneratedEntraSignInsTest {

    @TempDir
    Path dir;

    @Test
    void ingests_the_generated_admin_centre_downloads_completely_with_every_account_resolved() throws IOException {
        Path school = dir.resolve("school");
        SchoolGenerator.generate(new GeneratorOptions(school, 200, 30, 1, LocalDate.of(2026, 9, 7), 7L, "NFS"));
        try (Store store = Store.open(dir.resolve("audit.duckdb"))) {
            Fixtures.Recorder heard = new Fixtures.Recorder();
            Fixtures.ingest(store, heard, school.resolve("roster"));
            IngestSummary s = Fixtures.ingest(store, heard, school.resolve("entra"));
            assertEquals(List.of(), heard.unrecognised);
            assertEquals(List.of(), heard.failed);
            assertTrue(s.complete());
            assertEquals(1, s.batches().size());
            BatchResult b = s.batches().get(0);
            assertEquals("entra-admin-csv", b.format());
            assertTrue(b.rowsRead() > 100, "rows read: " + b.rowsRead());
            assertEquals(0, b.quarantined());
            assertEquals(b.rowsRead(), b.added());
            assertEquals(0, b.unresolvedAccounts());
            assertEquals(0L, scalar(store, "SELECT count(*) FROM signins WHERE staff_id IS NULL"));
            assertTrue((Long) scalar(store, "SELECT count(*) FROM signins WHERE success AND auth_requirement = "
                    + "'multi_factor' AND mfa_result = 'MFA requirement satisfied by claim in the token'") > 0);
            assertEquals(0, Fixtures.ingest(store, school.resolve("entra")).added());
        }
    }
}
