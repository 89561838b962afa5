package uk.schoolaccess.auditor.ingest.csv;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import uk.schoolaccess.auditor.ingest.CellShape;
import uk.schoolaccess.auditor.ingest.RowRejected;

/**
 * One record's values, looked up by column name. Empty values read as null. Parsing failures
 * become {@link RowRejected} with the column and the offending value, which is format data
 * (a date, a flag), never a name.
 */
public final class Fields {

    private final Header header;
    private final CsvRecord record;

    public Fields(Header header, CsvRecord record) {
        this.header = header;
        this.record = record;
    }

    public Header header() {
        return header;
    }

    /** The trimmed value, or null when the column is absent or empty. */
    public String text(String column) {
        var i = header.indexOf(column);
        if (i.isEmpty()) {
            return null;
        }
        String v = record.get(i.getAsInt()).strip();
        return v.isEmpty() ? null : v;
    }

    public String required(String column) {
        String v = text(column);
        if (v == null) {
            throw new RowRejected("missing value in column '" + column + "'");
        }
        return v;
    }

    public LocalDate date(String column) {
        String v = text(column);
        try {
            return v == null ? null : LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            throw new RowRejected("unparsable date in '" + column + "', expected yyyy-MM-dd " + CellShape.found(v));
        }
    }

    public Integer integer(String column) {
        String v = text(column);
        try {
            return v == null ? null : Integer.valueOf(v);
        } catch (NumberFormatException e) {
            throw new RowRejected("not a whole number in '" + column + "' " + CellShape.found(v));
        }
    }

    /** Y/N, yes/no, true/false, 1/0; null when empty. */
    public Boolean flag(String column) {
        String v = text(column);
        if (v == null) {
            return null;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "y", "yes", "true", "1" -> Boolean.TRUE;
            case "n", "no", "false", "0" -> Boolean.FALSE;
            default -> throw new RowRejected("not a yes/no value in '" + column + "' " + CellShape.found(v));
        };
    }

    /** A semicolon-separated list, trimmed, without empty items. */
    public List<String> list(String column) {
        String v = text(column);
        return v == null ? List.of() : Arrays.stream(v.split(";")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
