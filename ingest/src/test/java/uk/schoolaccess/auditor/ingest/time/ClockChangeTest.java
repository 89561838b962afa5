package uk.schoolaccess.auditor.ingest.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.schoolaccess.auditor.ingest.Fixtures.path;
import static uk.schoolaccess.auditor.ingest.Fixtures.rows;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.schoolaccess.auditor.ingest.Fixtures;
import uk.schoolaccess.auditor.ingest.RowRejected;
import uk.schoolaccess.auditor.ingest.store.BatchResult;
import uk.schoolaccess.auditor.ingest.store.Store;

/** The two clock changes of 2026 in Europe/London: 29 March (01:00 skipped) and 25 October (01:00-01:59 twice). */
class ClockChangeTest {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    @TempDir
    Path dir;

    @Test
    void the_repeated_autumn_hour_keeps_both_0130_rows_in_file_order_and_counts_them_as_ambiguous() throws IOException {
        try (Store store = Store.open(dir.resolve("a.duckdb"))) {
            BatchResult b = Fixtures.ingest(store, path("mis/sims-autumn-clock-change.csv")).batches().get(0);
            assertEquals(6, b.added());
            assertEquals(0, b.quarantined());
            assertEquals(4, b.ambiguousTimes(), "01:30, 01:45, 01:10 and 01:30 each happened twice that night");
            // In file order: 00:50 BST, 01:30 BST, 01:45 BST, then back to 01:10 GMT, 01:30 GMT, 02:05 GMT.
            assertEquals(List.of(
                            List.of(2L, Timestamp.valueOf("2026-10-24 23:50:00")),
                            List.of(3L, Timestamp.valueOf("2026-10-25 00:30:00")),
                            List.of(4L, Timestamp.valueOf("2026-10-25 00:45:00")),
                            List.of(5L, Timestamp.valueOf("2026-10-25 01:10:00")),
                            List.of(6L, Timestamp.valueOf("2026-10-25 01:30:00")),
                            List.of(7L, Timestamp.valueOf("2026-10-25 02:05:00"))),
                    rows(store, "SELECT line_no, ts FROM record_access ORDER BY line_no"));
            assertEquals(List.of(List.of(4L)), rows(store, "SELECT ambiguous_times FROM ingest_batches"));
        }
    }

    @Test
    void a_spring_time_that_never_happened_is_quarantined_not_shifted() throws IOException {
        try (Store store = Store.open(dir.resolve("s.duckdb"))) {
            BatchResult b = Fixtures.ingest(store, path("mis/sims-spring-clock-change.csv")).batches().get(0);
            assertEquals(2, b.added());
            assertEquals(1, b.quarantined());
            List<Object> q = rows(store, "SELECT line_no, reason FROM quarantine").get(0);
            assertEquals(3L, q.get(0));
            assertTrue(((String) q.get(1)).contains("does not exist in Europe/London"), q.toString());
            assertEquals(List.of(List.of(Timestamp.valueOf("2026-03-29 00:50:00")),
                            List.of(Timestamp.valueOf("2026-03-29 01:10:00"))),
                    rows(store, "SELECT ts FROM record_access ORDER BY ts"));
        }
    }

    @Test
    void identical_repeated_times_stay_equal_rather_than_being_spread_by_guesswork() {
        LocalTimeResolver r = new LocalTimeResolver(LONDON);
        LocalDateTime t = LocalDateTime.parse("2026-10-25T01:30");
        assertEquals(r.resolve(t).instant(), r.resolve(t).instant());
        assertEquals(Instant.parse("2026-10-25T00:30:00Z"), r.resolve(t).instant());
    }

    @Test
    void ordinary_times_are_not_ambiguous() {
        LocalTimeResolver r = new LocalTimeResolver(LONDON);
        LocalTimeResolver.Resolved summer = r.resolve(LocalDateTime.parse("2026-07-01T09:00"));
        assertFalse(summer.ambiguous());
        assertEquals(Instant.parse("2026-07-01T08:00:00Z"), summer.instant());
        assertEquals(Instant.parse("2026-12-01T09:00:00Z"), r.resolve(LocalDateTime.parse("2026-12-01T09:00")).instant());
    }

    @Test
    void the_next_autumn_starts_again_in_summer_time() {
        LocalTimeResolver r = new LocalTimeResolver(LONDON);
        r.resolve(LocalDateTime.parse("2026-10-25T01:40"));
        r.resolve(LocalDateTime.parse("2026-10-25T01:20"));
        assertEquals(Instant.parse("2027-10-31T00:20:00Z"), r.resolve(LocalDateTime.parse("2027-10-31T01:20")).instant());
    }

    @Test
    void the_spring_gap_is_rejected_with_the_zone_named() {
        RowRejected e = assertThrows(RowRejected.class,
                () -> new LocalTimeResolver(LONDON).resolve(LocalDateTime.parse("2026-03-29T01:30")));
        assertTrue(e.getMessage().contains("2026-03-29T01:30 does not exist in Europe/London"), e.getMessage());
    }

    @Test
    void a_few_seconds_out_of_order_inside_the_first_pass_does_not_jump_to_winter_time() {
        LocalTimeResolver r = new LocalTimeResolver(LONDON);
        r.resolve(LocalDateTime.parse("2026-10-25T01:20:05"));
        assertEquals(Instant.parse("2026-10-25T00:20:03Z"), r.resolve(LocalDateTime.parse("2026-10-25T01:20:03")).instant());
        assertEquals(Instant.parse("2026-10-25T00:40:00Z"), r.resolve(LocalDateTime.parse("2026-10-25T01:40")).instant());
        assertEquals(Instant.parse("2026-10-25T01:05:00Z"), r.resolve(LocalDateTime.parse("2026-10-25T01:05")).instant());
    }

    @Test
    void a_file_listed_newest_first_meets_winter_time_first_then_summer_time() {
        LocalTimeResolver r = new LocalTimeResolver(LONDON);
        assertEquals(Instant.parse("2026-10-25T02:05:00Z"), r.resolve(LocalDateTime.parse("2026-10-25T02:05")).instant());
        assertEquals(Instant.parse("2026-10-25T01:50:00Z"), r.resolve(LocalDateTime.parse("2026-10-25T01:50")).instant());
        assertEquals(Instant.parse("2026-10-25T01:10:02Z"), r.resolve(LocalDateTime.parse("2026-10-25T01:10:02")).instant());
        assertEquals(Instant.parse("2026-10-25T01:10:00Z"), r.resolve(LocalDateTime.parse("2026-10-25T01:10")).instant(),
                "a few seconds out of order stays in the same pass");
        assertEquals(Instant.parse("2026-10-25T00:55:00Z"), r.resolve(LocalDateTime.parse("2026-10-25T01:55")).instant(),
                "the step forward is the clocks going back, read backwards");
        assertEquals(Instant.parse("2026-10-25T00:05:00Z"), r.resolve(LocalDateTime.parse("2026-10-25T01:05")).instant());
        assertEquals(Instant.parse("2026-10-24T23:50:00Z"), r.resolve(LocalDateTime.parse("2026-10-25T00:50")).instant());
    }

    @Test
    void a_row_hours_later_before_the_repeat_does_not_make_a_file_newest_first() {
        LocalTimeResolver r = new LocalTimeResolver(LONDON);
        r.resolve(LocalDateTime.parse("2026-10-25T09:00")); // the previous person's last row, in a file sorted by person
        assertEquals(Instant.parse("2026-10-25T00:30:00Z"), r.resolve(LocalDateTime.parse("2026-10-25T01:30")).instant());
    }
}
