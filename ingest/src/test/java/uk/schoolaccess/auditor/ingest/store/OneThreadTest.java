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

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.schoolaccess.auditor.ingest.Fixtures;
import uk.schoolaccess.auditor.ingest.IngestSummary;

/**
 * A command-line ingest runs DuckDB on its loading thread only ({@link Store#oneThread}); what
 * it stores must be exactly what DuckDB's default threads store: every event, the quarantine
 * (file, line, raw text, reason), the batches in file order, the totals, the roster.
 */
class OneThreadTest {

    @TempDir
    Path dir;

    /** Every table an ingest writes; ingest_batches without its start and finish times. */
    private static final List<String> TABLES = List.of("record_access", "logon_events", "signins", "quarantine",
            "event_totals", "staff", "staff_accounts", "pupils", "pupil_accounts", "relationships", "incidents",
            "incident_involvement", "ingest_batches");

    private static Path[] files() {
        return new Path[] {path("roster"), path("mis/sims-audit-week-01.csv"), path("mis/sims-audit-damaged.csv"),
                path("mis/sims-autumn-clock-change.csv"), path("cpoms/cpoms-audit-week-01.csv"),
                path("entra/admin-centre-signins.csv"), path("entra/graph-signins-page.json"),
                path("google/reports-api-activities.ndjson"), path("windows/security-ndjson-quirks.ndjson")};
    }

    @Test
    void one_thread_stores_exactly_what_duckdbs_default_threads_store() throws IOException, SQLException {
        Path defaults = dir.resolve("defaults.duckdb");
        try (Store s = Store.open(defaults)) {
            assertTrue(((Number) scalar(s, "SELECT current_setting('threads')")).longValue() > 1,
                    "the comparison needs DuckDB's own threads on one side");
            assertTrue(Fixtures.ingest(s, files()).batches().size() > 8);
        }
        try (Store s = Store.open(dir.resolve("one.duckdb"))) {
            s.oneThread();
            assertEquals(1L, ((Number) scalar(s, "SELECT current_setting('threads')")).longValue());
            IngestSummary first = Fixtures.ingest(s, files());
            assertTrue(first.added() > 0);
            assertTrue(((Number) scalar(s, "SELECT count(*) FROM quarantine")).longValue() >= 5, "the damaged SIMS week's rows");
            assertTrue(((Number) scalar(s, "SELECT sum(ambiguous_times) FROM ingest_batches")).longValue() > 0,
                    "the autumn's repeated hour");
            assertEquals(0L, scalar(s, "SELECT count(*) FROM (SELECT row_number() OVER (ORDER BY batch_id) AS n, "
                    + "row_number() OVER (ORDER BY started_at) AS m FROM ingest_batches) WHERE n <> m"),
                    "batch ids in the order the files were loaded");

            try (Statement st = s.connection().createStatement()) {
                st.execute("ATTACH '" + defaults.toString().replace("'", "''") + "' AS defaults (READ_ONLY)");
            }
            for (String t : TABLES) {
                String cols = t.equals("ingest_batches") ? "* EXCLUDE (started_at, finished_at)" : "*";
                long rows = (Long) scalar(s, "SELECT count(*) FROM " + t);
                assertEquals(rows, scalar(s, "SELECT count(*) FROM defaults." + t), t);
                assertEquals(0L, scalar(s, "SELECT count(*) FROM (SELECT " + cols + " FROM " + t
                        + " EXCEPT ALL SELECT " + cols + " FROM defaults." + t + ")"), t + ": rows only with one thread");
                assertEquals(0L, scalar(s, "SELECT count(*) FROM (SELECT " + cols + " FROM defaults." + t
                        + " EXCEPT ALL SELECT " + cols + " FROM " + t + ")"), t + ": rows only with DuckDB's threads");
            }
            try (Statement st = s.connection().createStatement()) {
                st.execute("DETACH defaults");
            }

            long accesses = s.count("record_access");
            IngestSummary again = Fixtures.ingest(s, files());
            assertEquals(0, again.added(), "loading the same files again adds nothing");
            assertEquals(accesses, s.count("record_access"));
        }
    }
}
