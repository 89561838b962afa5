package uk.schoolaccess.auditor.dashboard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.schoolaccess.auditor.dashboard.service.Invocation;
import uk.schoolaccess.auditor.ingest.store.Store;

/**
 * An ingest handed to a server whose caller went away (Ctrl+C in the terminal that typed it):
 * alone, Ctrl+C ends the process; through a server, the run begins no further file, and what it
 * loaded before stays, each file whole.
 */
class IngestCallerGoneTest {

    @TempDir
    Path dir;

    @Test
    void no_file_is_begun_after_the_caller_went_away() throws Exception {
        Path mis = Path.of(System.getProperty("auditor.repo.root", "..")).resolve("data-samples").resolve("mis");
        Path store = dir.resolve("audit.duckdb");
        AtomicInteger asked = new AtomicInteger();
        // Gone from the second file's start on: the first file is loaded, the other two are not.
        Invocation caller = new Invocation(dir, new ByteArrayInputStream(new byte[0]), null, "test",
                () -> asked.incrementAndGet() > 1);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = caller.run(() -> AuditorMain.run(new String[] {"ingest", "--db", store.toString(), mis.toString()},
                new PrintWriter(out, true), new PrintWriter(err, true)));
        assertNotEquals(0, exit, out + "\n" + err);
        assertTrue(err.toString().contains("the caller went away"), err.toString());
        try (Store s = Store.openExisting(store)) {
            assertEquals(1, s.count("ingest_batches"), "one file loaded, none begun after: " + out);
        }
        Cli again = Cli.run("ingest", "--db", store.toString(), mis.toString());
        assertEquals(0, again.exit(), "the rest loads when run again: " + again);
        assertTrue(again.out().contains("sims-audit-week-01.csv.gz: sims, read") && again.out().contains("added 0,"),
                "the first file was loaded whole the first time: " + again);
        try (Store s = Store.openExisting(store)) {
            assertEquals(4, s.count("ingest_batches"), "the first run's file, and each of the three of the second");
        }
    }
}
