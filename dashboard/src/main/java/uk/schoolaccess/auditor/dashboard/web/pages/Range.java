package uk.schoolaccess.auditor.dashboard.web.pages;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import io.javalin.http.Context;

/**
 * An optional date range from the query (from, to: yyyy-MM-dd, both inclusive days as the school
 * counts them: a day starts at midnight in the school's zone, an hour before midnight UTC in summer).
 */
record Range(LocalDate from, LocalDate to) {

    static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);
    static final LocalDate LATEST = LocalDate.of(2199, 12, 31);

    static Range of(Context ctx) {
        Range r = new Range(date(ctx, "from"), date(ctx, "to"));
        if (r.from != null && r.to != null && r.to.isBefore(r.from)) {
            throw new IllegalArgumentException("'to' (" + r.to + ") is before 'from' (" + r.from + ")");
        }
        return r;
    }

    private static LocalDate date(Context ctx, String name) {
        return day(name, ctx.queryParam(name));
    }

    /**
     * A day typed in a query (yyyy-MM-dd, a real date between {@link #EARLIEST} and
     * {@link #LATEST}); null when blank. Anything else is a plain 400, never an overflow further on.
     */
    static LocalDate day(String name, String v) {
        if (v == null || v.isBlank()) {
            return null;
        }
        LocalDate d;
        try {
            d = LocalDate.parse(v.strip());
        } catch (DateTimeParseException e) {
            if (v.strip().matches("\\d{4}-\\d{2}-\\d{2}")) {
                // digits only, so safe to repeat: the form was right, the day is not in the calendar
                throw new IllegalArgumentException("'" + name + "': " + v.strip() + " does not exist (no such day "
                        + "in the calendar)");
            }
            throw new IllegalArgumentException("'" + name + "' must be a date as yyyy-MM-dd");
        }
        if (d.isBefore(EARLIEST) || d.isAfter(LATEST)) {
            throw new IllegalArgumentException("'" + name + "' must be a date between " + EARLIEST + " and " + LATEST);
        }
        return d;
    }

    /** Start of the first day in the school's zone, as the store's UTC; or the distant past. */
    LocalDateTime start(ZoneId zone) {
        return from == null ? LocalDateTime.of(1900, 1, 1, 0, 0) : utc(from, zone);
    }

    /** Start of the day after the last in the school's zone, as the store's UTC; or the distant future. */
    LocalDateTime end(ZoneId zone) {
        return to == null ? LocalDateTime.of(2200, 1, 1, 0, 0) : utc(to.plusDays(1), zone);
    }

    private static LocalDateTime utc(LocalDate day, ZoneId zone) {
        return LocalDateTime.ofInstant(day.atStartOfDay(zone).toInstant(), ZoneOffset.UTC);
    }

    String label() {
        if (from == null && to == null) {
            return "everything recorded";
        }
        return (from == null ? "the start" : from.toString()) + " to " + (to == null ? "the latest" : to.toString());
    }
}
