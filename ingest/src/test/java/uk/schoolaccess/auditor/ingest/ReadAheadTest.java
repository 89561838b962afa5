package uk.schoolaccess.auditor.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.schoolaccess.auditor.ingest.Fixtures.path;
import static uk.schoolaccess.auditor.ingest.Fixtures.rows;
import static uk.schoolaccess.auditor.ingest.Fixtures.scalar;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import uk.schoolaccess.auditor.ingest.config.IngestSettings;
import uk.schoolaccess.auditor.ingest.rows.IncidentRow;
import uk.schoolaccess.auditor.ingest.rows.InvolvementRow;
import uk.schoolaccess.auditor.ingest.rows.LogonEventRow;
import uk.schoolaccess.auditor.ingest.rows.PupilAccountRow;
import uk.schoolaccess.auditor.ingest.rows.PupilRow;
import uk.schoolaccess.auditor.ingest.rows.RecordAccessRow;
import uk.schoolaccess.auditor.ingest.rows.RelationshipRow;
import uk.schoolaccess.auditor.ingest.rows.SigninRow;
import uk.schoolaccess.auditor.ingest.rows.StaffAccountRow;
import uk.schoolaccess.auditor.ingest.rows.StaffRow;
import uk.schoolaccess.auditor.ingest.source.Sniff;
import uk.schoolaccess.auditor.ingest.source.SourceFile;

/**
 * Files are recognised and parsed on a second thread while the loading thread stores the ones
 * before them (ReadAhead): what reaches each batch, and what a broken file leaves, must be exactly
 * what reading it on the loading thread gives.
 */
class ReadAheadTest extends FreshStore {

    private static final ReadContext CONTEXT = new ReadContext(IngestSettings.defaults());

    @Test
    void a_file_that_breaks_off_while_read_ahead_is_reported_with_its_line_and_leaves_nothing() throws IOException {
        Path staff = Fixtures.copy("roster/staff.csv", dir, "a-staff.csv");
        // A Graph sign-ins page cut off inside its third record: its first two records reach the
        // batch before the reader finds the document broken.
        String page = Files.readString(path("entra/graph-signins-page.json"));
        int third = nthIndexOf(page, "\"createdDateTime\"", 3);
        Path broken = Files.writeString(dir.resolve("b-graph-signins.json"), page.substring(0, third + 40));
        Path sims = Fixtures.copy("mis/sims-audit-week-01.csv", dir, "c-sims-audit-week-01.csv");
        Path damaged = Fixtures.copy("mis/sims-audit-damaged.csv", dir, "d-sims-audit-damaged.csv");
        // times outside the plausible window: the batch quarantines them with their raw text,
        // which the reading thread keeps for any event it is not sure of
        Path implausible = Files.writeString(dir.resolve("e-sims-audit-odd-years.csv"),
                "Date,Time,User Name,Workstation,Module,Activity,Record Type,Record ID,Records\n"
                        + "14/09/1999,08:45,ACarter,NFS-RM12-PC03,Attendance,Edit,Student,P00101,1\n"
                        + "14/09/2026,08:46,ACarter,NFS-RM12-PC03,Attendance,Edit,Student,P00102,1\n"
                        + "14/09/2099,08:47,ACarter,NFS-RM12-PC03,Attendance,Edit,Student,P00103,1\n");

        String direct = directFailure(broken);
        assertTrue(direct.startsWith("line "), direct);

        Fixtures.Recorder r = new Fixtures.Recorder();
        IngestSummary s = Fixtures.ingest(store, r, staff, broken, sims, damaged, implausible);

        assertFalse(s.complete());
        assertEquals(List.of("b-graph-signins.json: " + direct), r.failed, "the reader's own message, line and all");
        assertEquals(0L, store.count("signins"), "nothing of the broken file is kept");
        assertEquals(0L, scalar(store, "SELECT count(*) FROM ingest_batches WHERE path LIKE '%b-graph%'"));
        assertEquals(0L, scalar(store, "SELECT count(*) FROM quarantine WHERE path LIKE '%b-graph%'"));
        // the files after it load, in file order, against the roster committed before them
        assertEquals(List.of("a-staff.csv", "c-sims-audit-week-01.csv", "d-sims-audit-damaged.csv",
                        "e-sims-audit-odd-years.csv"),
                r.finished.stream().map(b -> Path.of(b.path()).getFileName().toString()).toList());
        List<List<Object>> batches = rows(store, "SELECT batch_id FROM ingest_batches ORDER BY batch_id");
        assertEquals(4, batches.size());
        for (int i = 1; i < r.finished.size(); i++) {
            assertTrue(r.finished.get(i - 1).batchId() < r.finished.get(i).batchId(), "batch ids follow the files");
        }
        assertEquals(List.of(List.of(2L, "14/09/1999,08:45,ACarter,NFS-RM12-PC03,Attendance,Edit,Student,P00101,1"),
                        List.of(4L, "14/09/2099,08:47,ACarter,NFS-RM12-PC03,Attendance,Edit,Student,P00103,1")),
                rows(store, "SELECT line_no, raw FROM quarantine WHERE path LIKE '%odd-years%' ORDER BY line_no"));
        assertEquals(1L, scalar(store, "SELECT count(*) FROM record_access WHERE staff_id IS NULL"),
                "only ZUnknown has no owner: the week resolved against the staff file before it");
        // the damaged week's rows are quarantined with file, line, raw text and reason, as before
        List<List<Object>> q = rows(store, "SELECT path, line_no, raw, reason FROM quarantine "
                + "WHERE path LIKE '%damaged%' ORDER BY line_no");
        assertEquals(5, q.size(), q.toString());
        assertTrue(q.stream().allMatch(row -> row.get(0).toString().endsWith("d-sims-audit-damaged.csv")));
        assertEquals(List.of(4L, 5L, 6L, 7L, 8L), q.stream().map(row -> ((Number) row.get(1)).longValue()).toList());
        assertTrue(q.get(1).get(2).toString().startsWith("31/09/2026,08:46,ACarter"), q.toString());

        long accesses = store.count("record_access");
        Fixtures.Recorder again = new Fixtures.Recorder();
        IngestSummary second = Fixtures.ingest(store, again, staff, broken, sims, damaged, implausible);
        assertEquals(0, second.added(), "loading the same files again adds nothing");
        assertEquals(accesses, store.count("record_access"));
        assertEquals(7L, store.count("quarantine"), "the same bad records are not kept twice");
        assertEquals(r.failed, again.failed);
    }

    @Test
    void rows_handed_over_through_a_small_room_are_the_calls_the_reader_made_in_order() throws IOException {
        List<Path> files = List.of(path("mis/sims-audit-damaged.csv"), path("mis/sims-audit-week-01.csv"),
                path("mis/sims-autumn-clock-change.csv"), path("windows/security-ndjson-quirks.ndjson"),
                path("roster/staff.csv"), path("entra/graph-signins-page.json"));
        List<SourceFile> sources = files.stream().map(SourceFile::of).toList();
        // A room of one unit and three calls per handover: the reader thread waits for the loading
        // thread at nearly every record, across the files' ends.
        try (ReadAhead ahead = new ReadAhead(sources, Readers::builtIn, null, CONTEXT, 1, 3, 2)) {
            for (int i = 0; i < sources.size(); i++) {
                Recording replayed = new Recording();
                ahead.get(i).replay(replayed);
                assertEquals(direct(sources.get(i)).withoutEventRaws(), replayed.withoutEventRaws(),
                        files.get(i).toString());
                assertEquals(direct(sources.get(i)).quarantined(), replayed.quarantined(), "raw text of bad records");
                assertTrue(replayed.calls.size() > 3, files.get(i) + " spans several handovers");
            }
        }
    }

    @Test
    void a_file_not_loaded_after_all_frees_its_room_for_the_next() {
        List<SourceFile> sources = List.of(SourceFile.of(path("mis/sims-audit-week-01.csv")),
                SourceFile.of(path("mis/sims-autumn-clock-change.csv")));
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try (ReadAhead ahead = new ReadAhead(sources, Readers::builtIn, null, CONTEXT, 1, 2, 2)) {
                ahead.get(0).discard(); // as when its hash fails or its batch cannot begin
                Recording next = new Recording();
                ahead.get(1).replay(next);
                assertEquals(direct(sources.get(1)).withoutEventRaws(), next.withoutEventRaws());
            }
        });
    }

    @Test
    void a_batch_failing_on_a_row_of_the_last_handover_leaves_nothing_to_wait_for() {
        List<SourceFile> sources = List.of(SourceFile.of(path("mis/sims-audit-week-01.csv")),
                SourceFile.of(path("mis/sims-autumn-clock-change.csv")));
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try (ReadAhead ahead = new ReadAhead(sources, Readers::builtIn, null, CONTEXT, 1 << 20, 1024, 2)) {
                Recording failing = new Recording() {
                    @Override
                    public void recordAccess(Origin o, RecordAccessRow row) {
                        throw new IllegalStateException("the store refused a row"); // as BatchWriter's StoreException
                    }
                };
                ReadAhead.Prepared first = ahead.get(0);
                assertThrows(IllegalStateException.class, () -> first.replay(failing));
                first.discard(); // as the loop does after any failure: must not wait
                Recording next = new Recording();
                ahead.get(1).replay(next);
                assertEquals(direct(sources.get(1)).withoutEventRaws(), next.withoutEventRaws());
            }
        });
    }

    @Test
    void a_file_whose_end_cannot_be_handed_over_fails_alone_instead_of_leaving_the_run_waiting() throws IOException {
        // The reading thread's own handover of the file's end fails (here: it is interrupted while
        // it waits for room; in life, memory running out in end()), so no end ever arrives.
        Path first = Fixtures.copy("mis/sims-audit-week-01.csv", dir, "a-end-lost.csv");
        Path second = Fixtures.copy("mis/sims-autumn-clock-change.csv", dir, "b-sims-autumn.csv");
        Readers readers = Readers.of(List.of(new EndLost(Readers.builtIn().detect(Sniff.of(SourceFile.of(first)))
                .orElseThrow())));
        Fixtures.Recorder r = new Fixtures.Recorder();
        IngestSummary s = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> new Ingestor(store, readers, CONTEXT, r).run(List.of(first, second), null));

        assertFalse(s.complete());
        assertEquals(1, r.failed.size(), r.failed.toString());
        assertTrue(r.failed.get(0).startsWith("a-end-lost.csv: ") && r.failed.get(0).contains("reading it stopped "
                + "before its end"), r.failed.toString());
        assertEquals(0L, scalar(store, "SELECT count(*) FROM ingest_batches WHERE path LIKE '%a-end-lost%'"),
                "nothing of the file is kept");
        assertEquals(List.of("b-sims-autumn.csv"),
                r.finished.stream().map(b -> Path.of(b.path()).getFileName().toString()).toList());
        assertEquals(scalar(store, "SELECT count(*) FROM record_access"),
                scalar(store, "SELECT count(*) FROM record_access r JOIN ingest_batches b USING (batch_id) "
                        + "WHERE b.path LIKE '%b-sims-autumn%'"), "the file after it loads whole");
    }

    @Test
    void a_reading_thread_that_died_is_noticed_by_the_loading_thread() {
        List<SourceFile> sources = List.of(SourceFile.of(path("mis/sims-audit-week-01.csv")));
        // The readers cannot even be made: the one reading thread ends before it takes the file.
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try (ReadAhead ahead = new ReadAhead(sources, () -> {
                throw new OutOfMemoryError("as if");
            }, null, CONTEXT, 1 << 20, 1024, 1)) {
                ReadAhead.Prepared p = ahead.get(0);
                assertThrows(Throwable.class, p::sniff);
                assertThrows(Throwable.class, () -> p.replay(new Recording()));
                p.discard();
            }
        });
    }

    @Test
    void a_run_closed_while_its_readers_are_being_made_prints_no_stack_trace() throws InterruptedException {
        // As when the store will not open (a key without the extension it needs): the run is closed
        // while the reading threads still wait for the readers, and the wait ends interrupted.
        List<SourceFile> sources = List.of(SourceFile.of(path("mis/sims-audit-week-01.csv")),
                SourceFile.of(path("mis/sims-autumn-clock-change.csv")));
        List<Throwable> uncaught = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.add(e));
        try {
            java.util.concurrent.CountDownLatch waiting = new java.util.concurrent.CountDownLatch(1);
            ReadAhead ahead = new ReadAhead(sources, () -> {
                waiting.countDown();
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                return Readers.builtIn();
            }, null, CONTEXT, 1 << 20, 1024, 2);
            assertTrue(waiting.await(30, java.util.concurrent.TimeUnit.SECONDS));
            ahead.close();
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (readingThreadsAlive() && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertFalse(readingThreadsAlive());
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(before);
        }
        assertEquals(List.of(), uncaught);
    }

    private static boolean readingThreadsAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.isAlive() && t.getName().startsWith("auditor-read-ahead-"));
    }

    /** A SIMS reader whose thread is interrupted once a file is read, so the file's end cannot be handed over. */
    private record EndLost(SourceReader sims) implements SourceReader {
        @Override
        public String format() {
            return sims.format();
        }

        @Override
        public String description() {
            return sims.description();
        }

        @Override
        public int recognises(Sniff sniff) {
            return sims.recognises(sniff);
        }

        @Override
        public void read(SourceFile file, ReadContext context, RowSink sink) throws IOException {
            sims.read(file, context, sink);
            if (file.displayName().contains("end-lost")) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void an_unknown_forced_format_is_refused_by_the_run_before_anything_is_read() {
        Ingestor ingestor = new Ingestor(store, Readers.builtIn(), CONTEXT, new Fixtures.Recorder());
        assertThrows(IllegalArgumentException.class,
                () -> ingestor.run(List.of(path("mis/sims-audit-week-01.csv")), "no-such-format"));
        assertEquals(0L, scalar(store, "SELECT count(*) FROM ingest_batches"));
    }

    private static String directFailure(Path file) {
        IOException e = assertThrows(IOException.class, () -> direct(SourceFile.of(file)));
        return e.getMessage();
    }

    /** The file read on this thread straight into a recording sink, as the loop did before. */
    private static Recording direct(SourceFile file) throws IOException {
        SourceReader reader = Readers.builtIn().detect(Sniff.of(file)).orElseThrow();
        Recording r = new Recording();
        reader.read(file, CONTEXT, r);
        return r;
    }

    private static int nthIndexOf(String text, String what, int n) {
        int at = -1;
        for (int i = 0; i < n; i++) {
            at = text.indexOf(what, at + 1);
        }
        assertTrue(at > 0);
        return at;
    }

    /** Every call a reader makes, with its line, raw text and values. */
    private static class Recording implements RowSink {
        final List<String> calls = new ArrayList<>();
        final List<String> callsWithoutEventRaws = new ArrayList<>();
        final List<String> quarantined = new ArrayList<>();

        private void add(String call, Origin o, Object value) {
            calls.add(call + " " + o.line() + "/" + o.part() + " " + o.raw() + " -> " + value);
            // what the batch never quarantines, or only for a time outside the plausible window
            boolean event = value instanceof RecordAccessRow || value instanceof LogonEventRow
                    || value instanceof SigninRow || value instanceof RelationshipRow || value instanceof InvolvementRow
                    || call.equals("ignored") || call.equals("ambiguous");
            callsWithoutEventRaws.add(call + " " + o.line() + "/" + o.part() + " " + (event ? "" : o.raw())
                    + " -> " + value);
            if (call.equals("quarantine")) {
                quarantined.add(o.line() + " " + o.raw() + " " + value);
            }
        }

        /** Events with plausible times (and other calls the batch never quarantines) reach it without their raw text. */
        List<String> withoutEventRaws() {
            return callsWithoutEventRaws;
        }

        List<String> quarantined() {
            return quarantined;
        }

        @Override
        public void recordAccess(Origin o, RecordAccessRow row) {
            add("access", o, row);
        }

        @Override
        public void logonEvent(Origin o, LogonEventRow row) {
            add("logon", o, row);
        }

        @Override
        public void signin(Origin o, SigninRow row) {
            add("signin", o, row);
        }

        @Override
        public void staff(Origin o, StaffRow row) {
            add("staff", o, row);
        }

        @Override
        public void staffAccount(Origin o, StaffAccountRow row) {
            add("staff account", o, row);
        }

        @Override
        public void pupil(Origin o, PupilRow row) {
            add("pupil", o, row);
        }

        @Override
        public void pupilAccount(Origin o, PupilAccountRow row) {
            add("pupil account", o, row);
        }

        @Override
        public void relationship(Origin o, RelationshipRow row) {
            add("relationship", o, row);
        }

        @Override
        public void incident(Origin o, IncidentRow row) {
            add("incident", o, row);
        }

        @Override
        public void involvement(Origin o, InvolvementRow row) {
            add("involvement", o, row);
        }

        @Override
        public void ignored(Origin o) {
            add("ignored", o, null);
        }

        @Override
        public void quarantine(Origin o, String reason) {
            add("quarantine", o, reason);
        }

        @Override
        public void ambiguousTime(Origin o) {
            add("ambiguous", o, null);
        }
    }
}
