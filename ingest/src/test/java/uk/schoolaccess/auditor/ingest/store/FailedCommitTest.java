package uk.schoolaccess.auditor.ingest.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.schoolaccess.auditor.ingest.Fixtures.path;
import static uk.schoolaccess.auditor.ingest.Fixtures.scalar;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import uk.schoolaccess.auditor.ingest.Fixtures;
import uk.schoolaccess.auditor.ingest.FreshStore;
import uk.schoolaccess.auditor.ingest.IngestSummary;

/**
 * A full disk at the moment a batch commits: the batch is rolled back, the report says so, no
 * staging table is left in the store, and running the same ingest again loads the rest.
 * DuckDB is made to fail exactly where a full disk fails it, in place of the commit.
 */
class FailedCommitTest extends FreshStore {

    @AfterEach
    void noFault() {
        BatchWriter.commitFault = null;
    }

    @Test
    void a_failed_commit_rolls_back_stops_the_run_and_a_rerun_loads_everything() throws IOException {
        Path roster = path("roster/staff.csv");
        Path sims = path("mis/sims-audit-week-01.csv");
        Path cpoms = path("cpoms/cpoms-audit-week-01.csv");
        BatchWriter.commitFault = p -> {
            if (p.endsWith("sims-audit-week-01.csv")) {
                throw new SQLException("TransactionContext Error: Failed to commit: Could not write file "
                        + "\"audit.duckdb.wal\": No space left on device");
            }
        };

        Fixtures.Recorder r = new Fixtures.Recorder();
        IngestSummary first = Fixtures.ingest(store, r, roster, sims, cpoms);

        assertEquals(1, first.batches().size(), "the roster before it was stored");
        assertEquals(2, first.failed());
        assertEquals(List.of("sims-audit-week-01.csv: the store could not save it (TransactionContext Error: "
                        + "Failed to commit: Could not write file \"audit.duckdb.wal\": No space left on device); it was "
                        + "rolled back and the run stops here",
                "cpoms-audit-week-01.csv: not attempted: the store could not save an earlier file (above); run the "
                        + "same ingest again once that is fixed"), r.failed);
        assertEquals(0, store.count("record_access"), "nothing of the failed file is visible");
        assertEquals(0, store.count("logon_events"));
        assertEquals(1L, scalar(store, "SELECT count(*) FROM ingest_batches"));
        assertEquals(0L, scalar(store, "SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE '%stage%'"),
                "no staging table is left, in the store or in this session");

        BatchWriter.commitFault = null;
        Fixtures.Recorder again = new Fixtures.Recorder();
        IngestSummary rerun = Fixtures.ingest(store, again, roster, sims, cpoms);
        assertTrue(rerun.complete(), again.failed.toString());
        assertEquals(12, rerun.batches().get(1).added(), "the failed file loads whole");
        assertEquals(12, store.count("record_access") + store.count("logon_events") - cpomsEvents());
    }

    @Test
    void the_store_survives_reopening_after_a_failed_commit() throws IOException {
        BatchWriter.commitFault = p -> {
            throw new SQLException("IO Error: No space left on device");
        };
        Fixtures.ingest(store, path("mis/sims-audit-week-01.csv"));
        BatchWriter.commitFault = null;
        store.close();
        store = Store.open(dir.resolve("audit.duckdb"));
        IngestSummary s = Fixtures.ingest(store, path("mis/sims-audit-week-01.csv"));
        assertTrue(s.complete());
        assertEquals(12, s.added());
    }

    @Test
    void staging_tables_an_older_auditor_left_in_the_store_do_not_block_ingest() throws Exception {
        try (Statement s = store.connection().createStatement()) {
            // What a commit that failed on a full disk left behind before staging tables were temporary.
            s.execute("CREATE TABLE _stage_record_access AS SELECT * FROM record_access LIMIT 0");
            s.execute("CREATE TABLE _stage_quarantine AS SELECT * FROM quarantine LIMIT 0");
        }
        Fixtures.Recorder r = new Fixtures.Recorder();
        IngestSummary s = Fixtures.ingest(store, r, path("mis/sims-audit-week-01.csv"));
        assertTrue(s.complete(), r.failed.toString());
        assertEquals(8, store.count("record_access"));
        assertEquals(0L, scalar(store, "SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE '%stage%'"));
    }

    private long cpomsEvents() {
        return (Long) scalar(store, "SELECT (SELECT count(*) FROM record_access WHERE source = 'cpoms') "
                + "+ (SELECT count(*) FROM logon_events WHERE source = 'cpoms')");
    }
}
