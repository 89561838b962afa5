package uk.schoolaccess.auditor.dashboard.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import org.junit.jupiter.api.Test;

import uk.schoolaccess.auditor.ingest.config.ConfigException;

/** The inbox job's schedule, in the school's zone and across the clock changes. */
class ScheduleTest {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    @Test
    void everyIsAnIntervalFromNow() {
        Instant now = Instant.parse("2026-10-25T00:30:00Z");
        assertEquals(now.plusSeconds(3600), new Schedule("1h", null, null).next(now, LONDON));
        assertEquals(now.plusSeconds(900), new Schedule("15m", null, null).next(now, LONDON));
        assertEquals("every 1h", Schedule.DEFAULT.describe());
    }

    @Test
    void weeklyIsSchoolWallClockTimeAcrossTheAutumnChange() {
        Schedule monday6 = new Schedule(null, "monday", "06:00");
        // Saturday 24 October 2026 (BST); the clocks go back on Sunday 25th: Monday 06:00 is GMT.
        Instant sat = ZonedDateTime.of(2026, 10, 24, 12, 0, 0, 0, LONDON).toInstant();
        assertEquals(Instant.parse("2026-10-26T06:00:00Z"), monday6.next(sat, LONDON));
        // At Monday 06:00 exactly, the next run is a week later.
        assertEquals(Instant.parse("2026-11-02T06:00:00Z"), monday6.next(Instant.parse("2026-10-26T06:00:00Z"), LONDON));
        assertEquals("Mondays at 06:00", monday6.describe());
    }

    @Test
    void dailyRunsAtTheTimeEachDay() {
        Schedule daily = new Schedule(null, null, "06:00");
        Instant sept = ZonedDateTime.of(2026, 9, 21, 7, 0, 0, 0, LONDON).toInstant();
        assertEquals(Instant.parse("2026-09-22T05:00:00Z"), daily.next(sept, LONDON));
    }

    @Test
    void mistakesAreExplained() {
        assertTrue(assertThrows(ConfigException.class, () -> new Schedule("often", null, null)).getMessage()
                .contains("15m"));
        assertTrue(assertThrows(ConfigException.class, () -> new Schedule(null, "funday", "06:00")).getMessage()
                .contains("day of the week"));
        assertTrue(assertThrows(ConfigException.class, () -> new Schedule("1h", "monday", "06:00")).getMessage()
                .contains("not both"));
    }
}
