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

    private static final java.util.regex.Pattern STAMP = java.util.regex.Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2})(?:(,? (?:at )?|T| )(\\d{2}:\\d{2})(?::\\d{2}(?:\\.\\d+)?)?)?|\\b(\\d{2}:\\d{2})\\b");
    private static final java.util.regex.Pattern ANY_DATE = java.util.regex.Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    /**
     * A finding's summary, written by a detector with times in UTC ("logged on 2026-09-21 11:58
     * UTC", "on 2026-09-25, 10:02-10:40 UTC", "between 10:00 and 11:00 UTC"), with those times in
     * the school's zone and the "UTC" dropped: the page says the zone once. A bare time takes its
     * day from the nearest date written before it; a time moved across midnight says the day.
     */
    public String localise(String text) {
        if (text == null || !text.contains(" UTC") || zone.normalized().equals(ZoneOffset.UTC)) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        LocalDate context = null;
        int from = 0;
        int utc;
        while ((utc = text.indexOf(" UTC", from)) >= 0) {
            String before = text.substring(from, utc);
            // The times this "UTC" qualifies: those after the last clause break before it.
            int cut = Math.max(Math.max(before.lastIndexOf(';'), before.lastIndexOf('(')),
                    Math.max(before.lastIndexOf(": "), before.lastIndexOf(". ")));
            String head = before.substring(0, cut + 1);
            context = lastDate(head, context);
            out.append(head);
            java.util.regex.Matcher m = STAMP.matcher(before.substring(cut + 1));
            StringBuilder tail = new StringBuilder();
            while (m.find()) {
                String replacement;
                if (m.group(1) != null && m.group(3) != null) {
                    LocalDateTime t = LocalDateTime.parse(m.group(1) + "T" + m.group(3));
                    replacement = format(t);
                    context = LocalDate.parse(m.group(1));
                } else if (m.group(1) != null) {
                    context = LocalDate.parse(m.group(1));
                    replacement = m.group();
                } else if (context != null) {
                    LocalDateTime t = LocalDateTime.of(context, java.time.LocalTime.parse(m.group(4)));
                    ZonedDateTime z = local(t);
                    replacement = z.toLocalDate().equals(context) ? z.toLocalTime().toString()
                            : z.toLocalTime() + " on " + DAY.format(z);
                } else {
                    replacement = m.group() + " UTC"; // no day to place it on: left as written
                }
                m.appendReplacement(tail, java.util.regex.Matcher.quoteReplacement(replacement));
            }
            m.appendTail(tail);
            out.append(tail);
            from = utc + 4;
        }
        out.append(text.substring(from));
        return out.toString();
    }

    private static LocalDate lastDate(String text, LocalDate fallback) {
        java.util.regex.Matcher m = ANY_DATE.matcher(text);
        LocalDate last = fallback;
        while (m.find()) {
            last = LocalDate.parse(m.group());
        }
        return last;
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
