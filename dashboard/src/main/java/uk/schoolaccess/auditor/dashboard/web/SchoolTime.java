package uk.schoolaccess.auditor.dashboard.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Times as a person at the school reads them. The store keeps every time in UTC; a DPO in
 * September must not have to add an hour in their head, so every page, digest and printed
 * subject access record shows times in the school's zone, in one format
 * ({@code Mon 21 Sep 2026, 12:58}; seconds only where evidence needs them), and says the zone
 * once. Exports keep ISO-8601 UTC and add a local column ({@link #iso}).
 */
public final class SchoolTime {

    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm:ss", Locale.ENGLISH);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter ISO_LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx", Locale.ROOT);

    private final ZoneId zone;

    public SchoolTime(ZoneId zone) {
        this.zone = zone == null ? ZoneOffset.UTC : zone;
    }

    public ZoneId zone() {
        return zone;
    }

    /** {@code Mon 21 Sep 2026, 12:58} in the school's zone; "" for no time. */
    public String format(Object utc) {
        ZonedDateTime t = local(utc);
        return t == null ? text(utc) : MINUTES.format(t);
    }

    /** With seconds, for evidence (two events in the same minute must still read in order). */
    public String formatSeconds(Object utc) {
        ZonedDateTime t = local(utc);
        return t == null ? text(utc) : SECONDS.format(t);
    }

    /** A day ({@code Mon 21 Sep 2026}); a date is a date, a time is first moved to the school's zone. */
    public String day(Object v) {
        if (v instanceof LocalDate d) {
            return DAY.format(d);
        }
        if (v instanceof String s && s.matches("\\d{4}-\\d{2}-\\d{2}")) {
            return DAY.format(LocalDate.parse(s));
        }
        ZonedDateTime t = local(v);
        return t == null ? text(v) : DAY.format(t);
    }

    /** The school-local time as ISO-8601 with its offset, for an export's local column. */
    public String iso(Object utc) {
        ZonedDateTime t = local(utc);
        return t == null ? text(utc) : ISO_LOCAL.format(t);
    }

    /** The UTC time as ISO-8601 ({@code 2026-09-21T11:58:07Z}), for an export's UTC column. */
    public static String isoUtc(Object utc) {
        Instant i = instant(utc);
        return i == null ? text(utc) : DateTimeFormatter.ISO_INSTANT.format(i);
    }

    /** Said once per page: "Times are school time (Europe/London)." */
    public String note() {
        if (zone.normalized().equals(ZoneOffset.UTC)) {
            return "Times are UTC.";
        }
        return "Times are school time (" + zone.getId() + ").";
    }

    /** A stored time (UTC) as a time in the school's zone; null if it is not a time. */
    public ZonedDateTime local(Object utc) {
        Instant i = instant(utc);
        return i == null ? null : i.atZone(zone);
    }

    private static Instant instant(Object v) {
        if (v instanceof LocalDateTime t) {
            return t.toInstant(ZoneOffset.UTC);
        }
        if (v instanceof java.sql.Timestamp t) {
            return t.toLocalDateTime().toInstant(ZoneOffset.UTC);
        }
        if (v instanceof Instant i) {
            return i;
        }
        if (v instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (v instanceof ZonedDateTime z) {
            return z.toInstant();
        }
        return null;
    }

    private static String text(Object v) {
        return v == null ? "" : String.valueOf(v);
    }
}
