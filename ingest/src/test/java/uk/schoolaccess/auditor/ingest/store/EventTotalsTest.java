package uk.schoolaccess.auditor.ingest.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

import uk.schoolaccess.auditor.ingest.Fixtures;
import uk.schoolaccess.auditor.ingest.FreshStore;

/** event_totals (what status reports per source) stays equal to counting the events themselves. */
class EventTotalsTest extends FreshStore {

    /** Rows of event_totals and of a count of the events that are not in both (0 when they agree). */
    static final String DIFFERENCES = """
            WITH counted AS (
                SELECT 'record_access' AS tbl, source, true AS counted, count(*) AS events, min(ts) AS first_ts,
                       max(ts) AS last_ts FROM record_access GROUP BY ALL
                UNION ALL SELECT 'logon_events', source, coalesce(interactive, false), count(*), min(ts), max(ts)
                FROM logon_events GROUP BY ALL
                UNION ALL SELECT 'signins', source, true, count(*), min(ts), max(ts) FROM signins GROUP BY ALL
            )
            SELECT (SELECT count(*) FROM (SELECT * FROM event_totals EXCEPT ALL SELECT * FROM counted))
                 + (SELECT count(*) FROM (SELECT * FROM counted EXCEPT ALL SELECT * FROM event_totals))""";

    @Test
    void ingest_adds_each_files_new_events_and_nothing_for_a_file_read_again_or_rejected() throws Exception {
        Fixtures.ingest(store, Fixtures.path("roster/staff.csv"), Fixtures.path("mis/sims-audit-week-01.csv"),
                Fixtures.path("windows/security-ndjson-quirks.ndjson"), Fixtures.path("entra/admin-centre-signins.csv"));
        assertTrue(rows() >= 3, "totals for each table that has events");
        assertEquals(0, differences());
        // Another week's file into a store that has events, then everything again (duplicates only).
        Fixtures.ingest(store, Fixtures.path("mis/sims-autumn-clock-change.csv"), Fixtures.path("cpoms/cpoms-audit-week-01.csv"),
                Fixtures.path("google/reports-api-activities.ndjson"), Fixtures.path("mis/sims-audit-damaged.csv"));
        Fixtures.ingest(store, Fixtures.path("mis/sims-audit-week-01.csv"), Fixtures.path("entra/admin-centre-signins.csv"));
        assertEquals(0, differences());
    }

    /**
     * A batch records the first and last of the events it stored, over every event table it fills
     * (SIMS: accesses and logons; Google: logons and sign-ins); a roster file and a file read again
     * record none. Windows times carry fractions of a second, kept to the microsecond.
     */
    @Test
    void each_batch_records_the_first_and_last_event_it_stored() throws Exception {
        Fixtures.ingest(store, Fixtures.path("roster/staff.csv"), Fixtures.path("mis/sims-audit-week-01.csv"),
                Fixtures.path("windows/security-ndjson-quirks.ndjson"), Fixtures.path("google/reports-api-activities.ndjson"),
                Fixtures.path("entra/admin-centre-signins.csv"), Fixtures.path("mis/sims-audit-week-01.csv"));
        assertEquals(6L, Fixtures.scalar(store, "SELECT count(*) FROM ingest_batches"));
        assertEquals(2L, Fixtures.scalar(store, "SELECT count(*) FROM ingest_batches WHERE first_event IS NULL "
                + "AND last_event IS NULL"));
        assertEquals(4L, Fixtures.scalar(store, "SELECT count(*) FROM ingest_batches WHERE first_event IS NOT NULL"));
        assertEquals(0L, Fixtures.scalar(store, """
                WITH stored AS (
                    SELECT batch_id, ts FROM record_access UNION ALL SELECT batch_id, ts FROM logon_events
                    UNION ALL SELECT batch_id, ts FROM signins)
                SELECT count(*) FROM ingest_batches b
                LEFT JOIN (SELECT batch_id, min(ts) AS f, max(ts) AS l FROM stored GROUP BY ALL) e USING (batch_id)
                WHERE b.first_event IS DISTINCT FROM e.f OR b.last_event IS DISTINCT FROM e.l"""));
        assertTrue((Long) Fixtures.scalar(store, "SELECT count(*) FROM logon_events WHERE microsecond(ts) % 1000000 <> 0") > 0,
                "times with fractions of a second");
        assertEquals(0, differences());
    }

    @Test
    void rebuilding_after_events_are_deleted_and_the_migration_agree_with_the_events() throws Exception {
        Fixtures.ingest(store, Fixtures.path("mis/sims-audit-week-01.csv"), Fixtures.path("entra/admin-centre-signins.csv"));
        try (Statement s = store.connection().createStatement()) {
            s.execute("DELETE FROM record_access WHERE ts < (SELECT min(ts) + INTERVAL 2 DAY FROM record_access)");
            EventTotals.rebuild(s, "record_access");
            assertEquals(0, differences());
            // The migration's own statements (a store from before V017) give the same totals.
            s.execute("DELETE FROM event_totals");
            for (String statement : Migrations.statements(new String(Migrations.class
                    .getResourceAsStream("migrations/V017__event_totals.sql").readAllBytes()))) {
                s.execute(statement);
            }
            assertEquals(0, differences());
        }
    }

    private long differences() throws Exception {
        try (Statement s = store.connection().createStatement(); ResultSet rs = s.executeQuery(DIFFERENCES)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private long rows() {
        return store.count("event_totals");
    }
}
