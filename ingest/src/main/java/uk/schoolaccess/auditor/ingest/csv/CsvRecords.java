package uk.schoolaccess.auditor.ingest.csv;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import uk.schoolaccess.auditor.ingest.config.IngestSettings;
import uk.schoolaccess.auditor.ingest.source.LineReader;

/**
 * Splits RFC 4180 CSV into records, keeping each record's raw text and first line number.
 *
 * <p>Why not Jackson's CsvParser here: quarantine needs the exact raw text and physical line of
 * every bad record, and one stray quote must cost one record, not the rest of the file. Jackson
 * exposes neither the raw text nor a way to resume after a broken quote. Jackson CSV is still
 * used to write CSV.
 *
 * <p>With {@code multiline} false (MIS and roster exports) a record never spans lines, so a
 * truncated line with an open quote is one bad record. With it true (Log Analytics exports hold
 * pretty-printed JSON in quoted cells) quoted fields may contain line breaks.
 *
 * <p>The separator is the comma, or the tab when the first line holds more tabs than commas:
 * Excel's "Unicode Text" save (UTF-16 with a byte-order mark) separates columns with tabs and
 * quotes cells as CSV does.
 */
public final class CsvRecords implements Iterator<CsvRecord> {

    /** How much of an over-long record quarantine keeps: enough to recognise it, never all of it. */
    public static final int KEPT_OF_LONG_RECORD = 1024;

    private final LineReader in;
    private final boolean multiline;
    private final int maxChars;
    private long nextLine = 1;
    /** Fields in the last good record: the next one most likely has as many. */
    private int width = 16;
    /** The column separator, decided on the first line with text (0 until then). */
    private char separator;
    private CsvRecord pending;
    private boolean done;

    public CsvRecords(BufferedReader in, boolean multiline) {
        this(in, multiline, IngestSettings.Limits.DEFAULTS.maxRecordChars());
    }

    /** @param maxChars the longest record kept whole (ingest.max_record_bytes); longer ones are quarantined */
    public CsvRecords(Reader in, boolean multiline, int maxChars) {
        this.in = new LineReader(in, maxChars);
        this.multiline = multiline;
        this.maxChars = maxChars;
    }

    /** Why an over-long record was quarantined. */
    public static String tooLong(long length, int maxChars) {
        return "record longer than " + maxChars + " characters (ingest.max_record_bytes" + (length > maxChars
                ? ", it has " + length : "") + "): quarantined with its first " + KEPT_OF_LONG_RECORD + " only";
    }

    private CsvRecord tooLongRecord(long start, CharSequence raw, long length) {
        String kept = raw.subSequence(0, Math.min(raw.length(), KEPT_OF_LONG_RECORD)).toString();
        return new CsvRecord(start, List.of(), kept, tooLong(length, maxChars));
    }

    @Override
    public boolean hasNext() {
        if (pending == null && !done) {
            pending = readRecord();
            done = pending == null;
        }
        return pending != null;
    }

    @Override
    public CsvRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        CsvRecord r = pending;
        pending = null;
        return r;
    }

    private CsvRecord readRecord() {
        try {
            String line = in.readLine();
            if (line == null) {
                return null;
            }
            long start = nextLine++;
            if (in.wasCut()) {
                return tooLongRecord(start, line, in.lastLength());
            }
            if (separator == 0 && !line.isBlank()) {
                separator = line.chars().filter(c -> c == '\t').count() > line.chars().filter(c -> c == ',').count()
                        ? '\t' : ',';
            }
            char sep = separator == 0 ? ',' : separator;
            // The raw text is the line itself unless a quoted field runs on to further lines.
            StringBuilder raw = null;
            List<String> fields = new ArrayList<>(width);
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean afterQuote = false;
            int i = 0;
            String first = line;
            while (true) {
                if (!quoted && !afterQuote && field.length() == 0 && i < line.length() && line.charAt(i) != '"') {
                    // An unquoted field: everything up to the next separator, as it stands.
                    int comma = line.indexOf(sep, i);
                    if (comma >= 0) {
                        fields.add(line.substring(i, comma));
                        i = comma + 1;
                        continue;
                    }
                    fields.add(line.substring(i));
                    width = fields.size();
                    return new CsvRecord(start, fields, raw == null ? first : raw.toString(), null);
                }
                if (i == line.length()) {
                    if (!quoted) {
                        fields.add(field.toString());
                        width = fields.size();
                        return new CsvRecord(start, fields, raw == null ? first : raw.toString(), null);
                    }
                    String more = multiline ? in.readLine() : null;
                    if (more == null) {
                        fields.add(field.toString());
                        return new CsvRecord(start, fields, raw == null ? first : raw.toString(),
                                "unterminated quoted field (the line may be truncated)");
                    }
                    nextLine++;
                    if (raw == null) {
                        raw = new StringBuilder(first);
                    }
                    if (in.wasCut() || raw.length() + 1 + more.length() > maxChars) {
                        // A runaway quote or a huge cell: stop here; the lines after it are read as records again.
                        return tooLongRecord(start, raw, raw.length() + 1 + in.lastLength());
                    }
                    raw.append('\n').append(more);
                    field.append('\n');
                    line = more;
                    i = 0;
                    continue;
                }
                char c = line.charAt(i++);
                if (quoted) {
                    if (c == '"') {
                        if (i < line.length() && line.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            quoted = false;
                            afterQuote = true;
                        }
                    } else {
                        field.append(c);
                    }
                } else if (c == sep) {
                    fields.add(field.toString());
                    field.setLength(0);
                    afterQuote = false;
                } else if (c == '"' && field.length() == 0 && !afterQuote) {
                    quoted = true;
                } else {
                    field.append(c);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
