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
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import uk.schoolaccess.auditor.ingest.Fixtures;
import uk.schoolaccess.auditor.ingest.FreshStore;
import uk.schoolaccess.auditor.ingest.IngestSummary;
import uk.schoolaccess.auditor.ingest.Ingestor;
import uk.schoolaccess.auditor.ingest.ReadContext;
import uk.schoolaccess.auditor.ingest.Readers;
import uk.schoolaccess.auditor.ingest.config.IngestSettings;
import uk.schoolaccess.auditor.ingest.source.SourceFile;

/**
 * A file is staged on a second connection while the one before it is merged and committed
 * (CommitAhead): the store must end as loading the files one run at a time leaves it, whatever
 * the file before was (a roster), whatever became of it (a broken file, a failed commit).
 */
class CommitAheadTest extends FreshStore {

    private static final String EVENTS = "SELECT event_id, staff_id, batch_id, line_no FROM record_access "
            + "ORDER BY batch_id, line_no, event_id";
    private static final String BATCHES = "SELECT batch_id, path, rows_read, rows_ok, rows_duplicate, rows_quarantined, "
            + "unresolved_accounts FROM ingest_batches ORDER BY batch_id";

    @AfterEach
    void noFault() {
        BatchWriter.commitFault = null;
    }

    @Test
    void a_roster_between_event_files_resolves_accounts_as_one_file_at_a_time() throws IOException {
        Path before = Fixtures.copy("mis/sims-audit-week-01.csv", dir, "a-sims-week-01.csv");
        Path staff = Fixtures.copy("roster/staff.csv", dir, "b-staff.csv");
        Path after = shifted("c-sims-week-05.csv", "14/10/2026");
        Path later = shifted("d-sims-week-09.csv", "11/11/2026");

        Fixtures.Recorder together = new Fixtures.Recorder();
        Fixtures.ingest(store, together, before, staff, after, later);
        try (Store apart = Store.open(dir.resolve("apart.duckdb"))) {
            List<BatchResult> alone = new ArrayList<>();
            for (Path p : List.of(before, staff, after, later)) {
                Fixtures.Recorder r = new Fixtures.Recorder();
                Fixtures.ingest(apart, r, p);
                alone.addAll(r.finished);
            }
            assertEquals(rows(apart, EVENTS), rows(store, EVENTS));
            assertEquals(rows(apart, BATCHES), rows(store, BATCHES));
            assertEquals(alone.stream().map(BatchResult::unresolvedAccounts).toList(),
                    together.finished.stream().map(BatchResult::unresolvedAccounts).toList());
        }
        assertEquals(List.of(4L, 0L, 1L, 1L), together.finished.stream().map(BatchResult::unresolvedAccounts).toList(),
                "before the roster its accounts are unknown; after it only ZUnknown is");
        assertEquals(3L, scalar(store, "SELECT count(*) FROM record_access WHERE staff_id IS NULL"),
                "the weeks after the roster resolved at staging, the week before it once the roster came");
    }

    @Test
    void a_file_failing_beside_an_earlier_files_commit_leaves_nothing_and_the_ids_stay_in_file_order()
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
            List<String> failed = new ArrayList<>();
            for (Path p : List.of(first, broken, damaged, last)) {
                Fixtures.Recorder r = new Fixtures.Recorder();
                Fixtures.ingest(apart, r, p);
                failed.addAll(r.failed);
            }
            assertEquals(failed, together.failed);
            assertEquals(rows(apart, EVENTS), rows(store, EVENTS));
            assertEquals(rows(apart, BATCHES), rows(store, BATCHES), "the broken file took its id as before");
            String quarantine = "SELECT batch_id, path, line_no, raw, reason FROM quarantine ORDER BY batch_id, line_no";
            assertEquals(rows(apart, quarantine), rows(store, quarantine));
        }
        assertEquals(0L, stagingTables(), "no staging table is left on the store's connection");
    }

    @Test
    void a_commit_failing_while_the_next_file_is_staged_rolls_that_file_back_and_stops() throws Exception {
        Path first = Fixtures.copy("mis/sims-audit-week-01.csv", dir, "a-sims-week-01.csv");
        Path second = shifted("b-sims-week-05.csv", "14/10/2026");
        Path cpoms = Fixtures.copy("cpoms/cpoms-audit-week-01.csv", dir, "c-cpoms-week-01.csv");
        CountDownLatch secondBegun = new CountDownLatch(1);
        BatchWriter.commitFault = p -> {
            if (p.endsWith("a-sims-week-01.csv")) {
                try {
                    // the next file is staged on the other connection meanwhile
                    assertTrue(secondBegun.await(30, TimeUnit.SECONDS));
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new SQLException("IO Error: No space left on device");
            }
        };
        List<String> heard = new ArrayList<>();
        Fixtures.Recorder r = new Fixtures.Recorder();
        Ingestor.Listener listener = new Ingestor.Listener() {
            @Override
            public void started(SourceFile file, String format) {
                heard.add("started " + file.name());
                if (file.name().startsWith("b-")) {
                    secondBegun.countDown();
                }
            }

            @Override
            public void finished(BatchResult result) {
                r.finished(result);
            }

            @Override
            public void unrecognised(SourceFile file, List<String> headersSeen) {
                r.unrecognised(file, headersSeen);
            }

            @Override
            public void failed(SourceFile file, String reason) {
                heard.add("failed " + file.name());
                r.failed(file, reason);
            }
        };
        IngestSummary s = new Ingestor(store, Readers.builtIn(), new ReadContext(IngestSettings.defaults()), listener)
                .run(List.of(first, second, cpoms), null);

        assertEquals(3, s.failed());
        assertEquals(List.of("a-sims-week-01.csv: the store could not save it (IO Error: No space left on device); "
                        + "it was rolled back and the run stops here",
                "b-sims-week-05.csv: not attempted: the store could not save an earlier file (above); run the same "
                        + "ingest again once that is fixed",
                "c-cpoms-week-01.csv: not attempted: the store could not save an earlier file (above); run the same "
                        + "ingest again once that is fixed"), r.failed);
        assertEquals(List.of("failed a-sims-week-01.csv", "failed b-sims-week-05.csv", "failed c-cpoms-week-01.csv"),
                heard.stream().filter(h -> h.startsWith("failed")).toList());
        assertEquals(0L, store.count("record_access"), "neither the failed file nor the one staged after it is kept");
        assertEquals(0L, store.count("ingest_batches"));
        assertEquals(0L, stagingTables());

        BatchWriter.commitFault = null;
        Fixtures.Recorder again = new Fixtures.Recorder();
        IngestSummary rerun = Fixtures.ingest(store, again, first, second, cpoms);
        assertTrue(rerun.complete(), again.failed.toString());
        assertEquals(List.of(12L, 12L), rerun.batches().subList(0, 2).stream().map(BatchResult::added).toList());
    }

    @Test
    void a_batch_whose_expected_id_was_taken_meanwhile_is_given_the_next_with_its_rows_and_quarantine()
            throws IOException {
        Path first = Fixtures.copy("mis/sims-audit-week-01.csv", dir, "a-sims-week-01.csv");
        Path damaged = Fixtures.copy("mis/sims-audit-damaged.csv", dir, "b-sims-damaged.csv");
        try (Store other = Store.shareOf(store)) {
            BatchWriter.commitFault = p -> {
                if (p.endsWith("a-sims-week-01.csv")) {
                    try (Statement st = other.connection().createStatement()) {
                        st.execute("SELECT nextval('ingest_batch_ids')"); // another writer's batch
                    }
                }
            };
            Fixtures.Recorder r = new Fixtures.Recorder();
            Fixtures.ingest(store, r, first, damaged);
            assertEquals(2, r.finished.size(), r.failed.toString());
            long a = r.finished.get(0).batchId();
            long b = r.finished.get(1).batchId();
            assertEquals(a + 2, b, "the id taken meanwhile is skipped");
            assertEquals(List.of(List.of(a), List.of(b)), rows(store, "SELECT batch_id FROM ingest_batches ORDER BY 1"));
            assertEquals(List.of(List.of(a), List.of(b)),
                    rows(store, "SELECT DISTINCT batch_id FROM record_access ORDER BY 1"));
            assertEquals(List.of(List.of(b, 5L)), rows(store, "SELECT batch_id, count(*) FROM quarantine GROUP BY 1"));
        }
    }

    private Path shifted(String name, String date) throws IOException {
        String week = Files.readString(path("mis/sims-audit-week-01.csv"));
        return Files.writeString(dir.resolve(name), week.replace("14/09/2026", date));
    }

    private long stagingTables() {
        return (Long) scalar(store, "SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE '%stage%'");
    }
}
