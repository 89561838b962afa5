package uk.schoolaccess.auditor.ingest.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * (CommitAhead): what that adds beside loading one file after another (FileByFileTest) is a
 * batch already staged when the commit before it fails, and an id expected at the staging that
 * another writer took before the merge.
 */
class CommitAheadTest extends FreshStore {

    @AfterEach
    void noFault() {
        BatchWriter.commitFault = null;
        Store.shareFault = null;
    }

    @Test
    void without_a_second_connection_the_files_load_one_after_another() throws IOException {
        Path first = Fixtures.copy("mis/sims-audit-week-01.csv", dir, "a-sims-week-01.csv");
        Path second = shifted("b-sims-week-05.csv", "14/10/2026");
        Path cpoms = Fixtures.copy("cpoms/cpoms-audit-week-01.csv", dir, "c-cpoms-week-01.csv");
        Store.shareFault = "Out of Memory Error: could not allocate block";
        Fixtures.Recorder r = new Fixtures.Recorder();
        IngestSummary s = Fixtures.ingest(store, r, first, second, cpoms);

        assertTrue(s.complete(), r.failed.toString());
        assertEquals(List.of("a-sims-week-01.csv", "b-sims-week-05.csv", "c-cpoms-week-01.csv"), r.finished.stream()
                .map(b -> Path.of(b.path()).getFileName().toString()).toList());
        long a = r.finished.get(0).batchId();
        assertEquals(List.of(a, a + 1, a + 2), r.finished.stream().map(BatchResult::batchId).toList());
        assertEquals(List.of(12L, 12L), r.finished.subList(0, 2).stream().map(BatchResult::added).toList());
        assertTrue(r.finished.get(2).added() > 0);
        assertEquals(0L, stagingTables());
        // the store's own connection, lent to the run, is still open
        assertEquals(3L, store.count("ingest_batches"));
        Store.shareFault = null;
        Fixtures.Recorder again = new Fixtures.Recorder();
        assertEquals(0L, Fixtures.ingest(store, again, first, second, cpoms).batches().stream()
                .mapToLong(BatchResult::added).sum(), "loading them again adds nothing");
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
        Listening listener = new Listening(file -> {
            if (file.name().startsWith("b-")) {
                secondBegun.countDown();
            }
        });
        Fixtures.Recorder r = listener.recorder;
        List<String> heard = listener.heard;
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

    @Test
    void a_file_committed_while_the_loading_thread_is_interrupted_is_told_as_stored() throws IOException {
        // A server shutting down interrupts the thread running its ingest: the commit already under
        // way on the committer thread still stores its file, which must not be told as failed (the
        // inbox would record a stored file as failed and never look at it again).
        Path first = Fixtures.copy("mis/sims-audit-week-01.csv", dir, "a-sims-week-01.csv");
        Path second = shifted("b-sims-week-05.csv", "14/10/2026");
        BatchWriter.commitFault = p -> {
            if (p.endsWith("a-sims-week-01.csv")) {
                try {
                    Thread.sleep(300); // still committing when the loading thread is interrupted
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        Listening listener = new Listening(file -> {
            if (file.name().startsWith("b-")) {
                Thread.currentThread().interrupt();
            }
        });
        Fixtures.Recorder r = listener.recorder;
        try {
            new Ingestor(store, Readers.builtIn(), new ReadContext(IngestSettings.defaults()), listener)
                    .run(List.of(first, second), null);
        } finally {
            Thread.interrupted();
        }
        assertEquals(List.of("a-sims-week-01.csv"), r.finished.stream().map(b -> Path.of(b.path()).getFileName().toString())
                .toList(), r.failed.toString());
        assertEquals(12L, r.finished.get(0).added());
        long a = r.finished.get(0).batchId();
        assertEquals(List.of(List.of(a)), rows(store, "SELECT batch_id FROM ingest_batches"));
        assertEquals(12L, scalar(store, "SELECT (SELECT count(*) FROM record_access WHERE batch_id = " + a
                + ") + (SELECT count(*) FROM logon_events WHERE batch_id = " + a + ")"));
    }

    @Test
    void a_listener_that_throws_ends_the_run_after_every_file_handed_on_is_told() throws IOException {
        // The files after the first are staged while the first commits, and may be committed by the
        // time the first is told: each must still be told as stored, not left untold or told failed
        // (how many are begun before the failure is seen depends on timing; none is after it).
        Path first = Fixtures.copy("mis/sims-audit-week-01.csv", dir, "a-sims-week-01.csv");
        Path second = shifted("b-sims-week-05.csv", "14/10/2026");
        Path third = Fixtures.copy("cpoms/cpoms-audit-week-01.csv", dir, "c-cpoms-week-01.csv");
        IllegalStateException thrown = new IllegalStateException("the listener's own failure");
        Fixtures.Recorder r = new Fixtures.Recorder();
        Ingestor.Listener throwing = new Ingestor.Listener() {
            @Override
            public void finished(BatchResult result) {
                r.finished(result);
                if (result.path().endsWith("a-sims-week-01.csv")) {
                    throw thrown;
                }
            }

            @Override
            public void unrecognised(SourceFile file, List<String> headersSeen) {
                r.unrecognised(file, headersSeen);
            }

            @Override
            public void failed(SourceFile file, String reason) {
                r.failed(file, reason);
            }
        };
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> new Ingestor(store, Readers.builtIn(), new ReadContext(IngestSettings.defaults()), throwing)
                        .run(List.of(first, second, third), null));
        assertEquals(thrown, e);
        assertEquals(List.of(), r.failed, "no stored file is told as failed");
        assertEquals(rows(store, "SELECT batch_id FROM ingest_batches ORDER BY 1"),
                r.finished.stream().map(b -> List.<Object>of(b.batchId())).toList(), "every stored file is told");
        assertEquals(0L, stagingTables());
    }

    @Test
    void no_file_is_begun_after_a_listener_throws() throws IOException {
        Path unknown = Files.writeString(dir.resolve("a-notes.csv"), "Colour,Shape\nred,square\n");
        Path sims = Fixtures.copy("mis/sims-audit-week-01.csv", dir, "b-sims-week-01.csv");
        Path cpoms = Fixtures.copy("cpoms/cpoms-audit-week-01.csv", dir, "c-cpoms-week-01.csv");
        Error thrown = new AssertionError("the listener's own failure");
        List<String> started = new ArrayList<>();
        Ingestor.Listener throwing = new Ingestor.Listener() {
            @Override
            public void started(SourceFile file, String format) {
                started.add(file.name());
            }

            @Override
            public void finished(BatchResult result) {
            }

            @Override
            public void unrecognised(SourceFile file, List<String> headersSeen) {
                throw thrown;
            }

            @Override
            public void failed(SourceFile file, String reason) {
            }
        };
        Error e = org.junit.jupiter.api.Assertions.assertThrows(Error.class,
                () -> new Ingestor(store, Readers.builtIn(), new ReadContext(IngestSettings.defaults()), throwing)
                        .run(List.of(unknown, sims, cpoms), null));
        assertEquals(thrown, e);
        assertEquals(List.of(), started);
        assertEquals(0L, store.count("ingest_batches"));
        assertEquals(0L, stagingTables());
    }

    /** Records what the run told, in order, and does something as each file starts. */
    private static final class Listening implements Ingestor.Listener {
        final Fixtures.Recorder recorder = new Fixtures.Recorder();
        final List<String> heard = new ArrayList<>();
        private final java.util.function.Consumer<SourceFile> onStart;

        Listening(java.util.function.Consumer<SourceFile> onStart) {
            this.onStart = onStart;
        }

        @Override
        public void started(SourceFile file, String format) {
            heard.add("started " + file.name());
            onStart.accept(file);
        }

        @Override
        public void finished(BatchResult result) {
            recorder.finished(result);
        }

        @Override
        public void unrecognised(SourceFile file, List<String> headersSeen) {
            recorder.unrecognised(file, headersSeen);
        }

        @Override
        public void failed(SourceFile file, String reason) {
            heard.add("failed " + file.name());
            recorder.failed(file, reason);
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
