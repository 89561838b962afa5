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
            throw new RowRejected("unparsable time in '" + column + "': '" + v + "'");
        }
    }
}
