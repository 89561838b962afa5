package uk.schoolaccess.auditor.ingest.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import uk.schoolaccess.auditor.ingest.RowRejected;

class ExportTimesTest {

    @Test
    void reads_iso_utc_with_up_to_seven_fractional_digits() {
        assertEquals(Instant.parse("2026-07-03T18:52:57.794Z"), ExportTimes.utc("2026-07-03T18:52:57.7940000Z", "IdTime"));
        assertEquals(Instant.parse("2026-09-07T07:58:12Z"), ExportTimes.utc("2026-09-07T07:58:12Z", "Date (UTC)"));
        assertEquals(Instant.parse("2021-04-28T14:08:45.221Z"), ExportTimes.utc("2021-04-28T14:08:45.2210000+00:00", "t"));
        assertEquals(Instant.parse("2021-04-28T13:08:45Z"), ExportTimes.utc("2021-04-28T14:08:45+01:00", "t"));
    }

    @Test
    void reads_the_us_locale_strings_of_log_analytics_exports() {
        assertEquals(Instant.parse("2021-04-28T14:08:45.221Z"), ExportTimes.utc("4/28/2021, 2:08:45.221 PM", "t"));
        assertEquals(Instant.parse("2026-07-03T00:05:01Z"), ExportTimes.utc("7/3/2026, 12:05:01 AM", "t"));
        assertEquals(Instant.parse("2026-07-03T12:05:01.5Z"), ExportTimes.utc("7/3/2026, 12:05:01.5 PM", "t"));
    }

    @Test
    void reads_zone_less_iso_as_utc() {
        assertEquals(Instant.parse("2020-09-22T18:53:01.266Z"), ExportTimes.utc("2020-09-22 18:53:01.266", "UtcTime"));
        assertEquals(Instant.parse("2020-09-22T18:53:00Z"), ExportTimes.utc("2020-09-22T18:53", "t"));
    }

    @Test
    void rejects_nonsense_naming_the_column() {
        RowRejected e = assertThrows(RowRejected.class, () -> ExportTimes.utc("yesterday", "Date (UTC)"));
        assertEquals("unparsable time in 'Date (UTC)' (found 9 characters: letters)", e.getMessage());
    }

    @Test
    void the_quick_reading_of_iso_utc_gives_what_the_formatters_give() {
        for (String v : new String[] {"2026-09-07T05:50:12Z", "2026-09-07T05:50:12.6Z", "2026-09-07T05:50:12.638Z",
                "2026-07-03T18:52:57.7940000Z", "2024-02-29T23:59:59.123456789Z", "1999-12-31T00:00:00.000Z"}) {
            assertEquals(Instant.parse(v), ExportTimes.isoUtc(v), v);
            assertEquals(Instant.parse(v), ExportTimes.utc(v, "t"), v);
        }
        // Out of range or another shape: left to the formatters, which reject or read it as before
        for (String v : new String[] {"2025-02-29T10:00:00Z", "2026-13-01T10:00:00Z", "2026-09-07T24:00:00Z",
                "2026-09-07T05:50:60Z", "2026-09-07T05:50:12.Z", "2026-09-07 05:50:12Z", "2026-09-07T05:50Z",
                "2026-09-07T05:50:12.1234567890Z", "2026-09-07T05:50:12z", "2026-09-07T05:5a:12Z"}) {
            assertEquals(null, ExportTimes.isoUtc(v), v);
        }
        assertThrows(RowRejected.class, () -> ExportTimes.utc("2025-02-29T10:00:00Z", "t"));
        assertThrows(RowRejected.class, () -> ExportTimes.utc("2026-09-07T05:50:60Z", "t"));
        assertEquals(Instant.parse("2026-09-07T05:50:12Z"), ExportTimes.utc("2026-09-07 05:50:12Z", "t"));
    }
}
