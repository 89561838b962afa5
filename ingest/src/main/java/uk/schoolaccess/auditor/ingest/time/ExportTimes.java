package uk.schoolaccess.auditor.ingest.time;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;

import uk.schoolaccess.auditor.ingest.CellShape;
import uk.schoolaccess.auditor.ingest.RowRejected;

/**
 * Timestamps that exports write in UTC, in the shapes seen in real files: ISO-8601 with Z or an
 * offset and up to nine fractional digits (Graph writes seven), ISO without a zone
 * ({@code 2020-09-22 18:53:01.266}), and the US-locale strings of Log Analytics / Sentinel
 * "Export to CSV" ({@code 4/28/2021, 2:08:45.221 PM}).
 */
public final class ExportTimes {

    private static final DateTimeFormatter LOCAL_ISO = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE).optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .appendPattern("HH:mm[:ss]").optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
            .optionalEnd().toFormatter(Locale.ROOT);

    private static final DateTimeFormatter US = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendPattern("M/d/uuuu, h:mm:ss").optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
            .optionalEnd().appendPattern(" a").toFormatter(Locale.US);

    private ExportTimes() {
    }

    /**
     * A UTC instant.
     *
     * @param column named in the rejection message
     */
    /** Compiled once: this runs on every row of a sign-in or Windows export. */
    private static final java.util.regex.Pattern WITH_OFFSET =
            java.util.regex.Pattern.compile(".*[T ]\\d{2}:\\d{2}.*[+-]\\d{2}:?\\d{2}$");

    public static Instant utc(String value, String column) {
        if (value == null || value.isBlank()) {
            throw new RowRejected("missing time in '" + column + "'");
        }
        String v = value.strip();
        Instant fast = isoUtc(v);
        if (fast != null) {
            return fast;
        }
        try {
            if (v.indexOf('/') > 0) {
                return LocalDateTime.parse(v, US).toInstant(ZoneOffset.UTC);
            }
            if (v.endsWith("Z") || v.endsWith("z") || WITH_OFFSET.matcher(v).matches()) {
                return OffsetDateTime.parse(v.replace(' ', 'T').replace('z', 'Z'),
                        DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            }
            return LocalDateTime.parse(v, LOCAL_ISO).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new RowRejected("unparsable time in '" + column + "' " + CellShape.found(v));
        }
    }

    /**
     * The shape almost every record of Graph, Entra, Google and Winlogbeat exports carries
     * ({@code 2026-09-07T05:50:12.638Z}: date, 'T', seconds, 1 to 9 fractional digits or none,
     * 'Z'), read without the formatters, which cost a few microseconds a row. Anything else, or a
     * value out of range, returns null and takes the general path above, which reads or rejects it
     * exactly as before.
     */
    static Instant isoUtc(String v) {
        int n = v.length();
        if (n < 20 || n == 21 || n > 30 || v.charAt(n - 1) != 'Z' || v.charAt(4) != '-' || v.charAt(7) != '-'
                || v.charAt(10) != 'T' || v.charAt(13) != ':' || v.charAt(16) != ':') {
            return null;
        }
        int year = digits(v, 0, 4);
        int month = digits(v, 5, 7);
        int day = digits(v, 8, 10);
        int hour = digits(v, 11, 13);
        int minute = digits(v, 14, 16);
        int second = digits(v, 17, 19);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 28 && day > java.time.YearMonth.of(year, month)
                .lengthOfMonth() || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        int nano = 0;
        if (n > 20) {
            if (v.charAt(19) != '.') {
                return null;
            }
            int fraction = digits(v, 20, n - 1);
            if (fraction < 0) {
                return null;
            }
            nano = fraction;
            for (int i = n - 1 - 20; i < 9; i++) {
                nano *= 10;
            }
        }
        long epochDay = java.time.LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400L + hour * 3_600L + minute * 60L + second, nano);
    }

    /** The ASCII digits of v[from, to) as a number, or -1 when any is not a digit. */
    private static int digits(String v, int from, int to) {
        int x = 0;
        for (int i = from; i < to; i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            x = x * 10 + (c - '0');
        }
        return x;
    }
}
