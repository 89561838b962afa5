package uk.schoolaccess.auditor.ingest.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.schoolaccess.auditor.ingest.Fixtures.path;
import static uk.schoolaccess.auditor.ingest.Fixtures.rows;
import static uk.schoolaccess.auditor.ingest.Fixtures.scalar;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import uk.schoolaccess.auditor.ingest.Fixtures;
import uk.schoolaccess.auditor.ingest.FreshStore;
import uk.schoolaccess.auditor.ingest.IngestSummary;

/**
 * A run of several files leaves the store as loading them one run each does: what a file before
 * it did (a roster that changes whom accounts resolve to) or what became of it (a broken file,
 * which still took a batch id) reaches the next file exactly. A guard for any way of loading
 * files side by side (session 11 tried staging one file while the one before it committed).
 */
class FileByFileTest extends FreshStore {

    private static final String EVENTS = "SELECT event_id, staff_id, batch_id, line_no FROM record_access "
            + "ORDER BY batch_id, line_no, event_id";
    private static final String BATCHES = "SELECT batch_id, path, rows_read, rows_ok, rows_duplicate, rows_quarantined, "
            + "unresolved_accounts FROM ingest_batches ORDER BY batch_id";

    @Test
    void a_roster_between_event_files_resolves_accounts_as_one_file_at_a_time() throws IOException {
        Path before = Fixtures.copy("mis/sims-audit-week-01.csv", dir, "a-sims-week-01.csv");
        Path staff = Fixtures.copy("roster/staff.csv", dir, "b-staff.csv");
        Path after = shifted("c-sims-week-05.csv", "14/10/2026");
        Path later = shifted("d-sims-week-09.csv", "11/11/2026");

        Fixtures.Recorder together = new Fixtures.Recorder();
        Fixtures.ingest(store, together, before, staff, after, later);
        try (Store apart = Store.open(dir.resolve("apart.duckdb"))) {
            List<BatchResult> alone = oneRunEach(apart, before, staff, after, later).stream()
                    .flatMap(r -> r.finished.stream()).toList();
            assertEquals(rows(apart, EVENTS), rows(store, EVENTS));
            assertEquals(rows(apart, BATCHES), rows(store, BATCHES));
            assertEquals(alone.stream().map(BatchResult::unresolvedAccounts).toList(),
                    together.finished.stream().map(BatchResult::unresolvedAccounts).toList());
        }
        assertEquals(List.of(4L, 0L, 1L, 1L), together.finished.stream().map(BatchResult::unresolvedAccounts).toList(),
                "before the roster its accounts are unknown; after it only ZUnknown is");
        assertEquals(3L, scalar(store, "SELECT count(*) FROM record_access WHERE staff_id IS NULL"),
                "the weeks after the roster resolved as they were read, the week before it once the roster came");
    }

    @Test
    void a_file_failing_after_another_leaves_nothing_and_the_ids_stay_in_file_order()
            throws IOException {
        Path first = Fixtures.copy("mis/sims-audit-week-01.csv", dir, "a-sims-week-01.csv");
        String page = Files.readString(path("entra/graph-signins-page.json"));
        Path broken = Files.writeString(dir.resolve("b-graph-signins.json"),
                page.substring(0, page.indexOf("\"createdDateTime\"", page.indexOf("\"createdDateTime\"") + 1) + 40));
        Path damaged = Fixtures.copy("mis/sims-audit-damaged.csv", dir, "c-sims-damaged.csv");
        Path last = shifted("d-sims-week-05.csv", "14/10/2026");

        Fixtures.Recorder together = new Fixtures.Recorder();
        IngestSummary s = Fixtures.ingest(store, together, first, broken, damaged, last);
        assertFalse(s.complete());
        assertEquals(1, together.failed.size(), together.failed.toString());
        assertTrue(together.failed.get(0).startsWith("b-graph-signins.json: line "), together.failed.toString());
        assertEquals(0L, store.count("signins"));
        try (Store apart = Store.open(dir.resolve("apart.duckdb"))) {
            List<String> failed = oneRunEach(apart, first, broken, damaged, last).stream()
                    .flatMap(r -> r.failed.stream()).toList();
            assertEquals(failed, together.failed);
            assertEquals(rows(apart, EVENTS), rows(store, EVENTS));
            assertEquals(rows(apart, BATCHES), rows(store, BATCHES), "the broken file took its id as before");
            String quarantine = "SELECT batch_id, path, line_no, raw, reason FROM quarantine ORDER BY batch_id, line_no";
            assertEquals(rows(apart, quarantine), rows(store, quarantine));
        }
        assertEquals(0L, stagingTables(), "no staging table is left on the store's connection");
    }

    private static List<Fixtures.Recorder> oneRunEach(Store apart, Path... files) throws IOException {
        List<Fixtures.Recorder> heard = new ArrayList<>();
        for (Path p : files) {
            Fixtures.Recorder r = new Fixtures.Recorder();
            Fixtures.ingest(apart, r, p);
            heard.add(r);
        }
        return heard;
    }

    private Path shifted(String name, String date) throws IOException {
        String week = Files.readString(path("mis/sims-audit-week-01.csv"));
        return Files.writeString(dir.resolve(name), week.replace("14/09/2026", date));
    }

    private long stagingTables() {
        return (Long) scalar(store, "SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE '%stage%'");
    }
}
