package uk.schoolaccess.auditor.dashboard.service;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import uk.schoolaccess.auditor.ingest.config.ConfigException;

/**
 * When a job runs, in the school's own zone: every so often ({@code every: 1h}, {@code 15m},
 * {@code 1d}), daily at a time ({@code time: "06:00"}), or weekly on a day at a time
 * ({@code day: monday, time: "06:00"}). A weekly or daily time means wall-clock time at the
 * school, across the clock changes.
 */
public record Schedule(String every, String day, String time) {

    private static final Pattern EVERY = Pattern.compile("(\\d+)\\s*(s|m|min|h|d)", Pattern.CASE_INSENSITIVE);
    /** Hourly: a file dropped in the inbox is on the dashboard within the hour. */
    public static final Schedule DEFAULT = new Schedule("1h", null, null);

    public Schedule {
        if (every != null && (day != null || time != null)) {
            throw new ConfigException("jobs: give either 'every' or 'day'/'time', not both");
        }
        if (every == null && day == null && time == null) {
            every = "1h";
        }
        if (every != null) {
            interval(every);
        } else {
            at(time);
            if (day != null) {
                dayOfWeek(day);
            }
        }
    }

    /** The first run strictly after {@code after}. */
    public Instant next(Instant after, ZoneId zone) {
        if (every != null) {
            return after.plus(interval(every));
        }
        ZonedDateTime now = after.atZone(zone);
        ZonedDateTime at = now.with(at(time));
        if (day != null) {
            at = at.with(TemporalAdjusters.nextOrSame(dayOfWeek(day)));
            if (!at.isAfter(now)) {
                at = at.plusWeeks(1).with(at(time));
            }
        } else if (!at.isAfter(now)) {
            at = at.plusDays(1).with(at(time));
        }
        return at.toInstant();
    }

    /** For people: "every 1h", "Mondays at 06:00", "daily at 06:00". */
    public String describe() {
        if (every != null) {
            return "every " + every;
        }
        return (day != null ? capital(dayOfWeek(day)) + "s" : "daily") + " at " + at(time);
    }

    static Duration interval(String every) {
        Matcher m = EVERY.matcher(every.strip());
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new ConfigException("jobs: every '" + every + "' is not an interval such as 15m, 1h or 1d");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "s" -> Duration.ofSeconds(n); // for trying the service out; a school wants minutes or more
            case "m", "min" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    private static LocalTime at(String time) {
        if (time == null) {
            throw new ConfigException("jobs: a 'day' needs a 'time', e.g. time: \"06:00\"");
        }
        try {
            return LocalTime.parse(time.strip());
        } catch (DateTimeParseException e) {
            throw new ConfigException("jobs: time '" + time + "' is not a time of day such as \"06:00\"");
        }
    }

    private static DayOfWeek dayOfWeek(String day) {
        try {
            return DayOfWeek.valueOf(day.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("jobs: day '" + day + "' is not a day of the week such as monday");
        }
    }

    private static String capital(DayOfWeek d) {
        String s = d.name().toLowerCase(Locale.ROOT);
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
