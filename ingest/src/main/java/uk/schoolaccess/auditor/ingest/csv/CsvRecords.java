package uk.schoolaccess.auditor.ingest.csv;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

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
 */
public final class CsvRecords implements Iterator<CsvRecord> {

    private final BufferedReader in;
    private final boolean multiline;
    private long nextLine = 1;
    private CsvRecord pending;
    private boolean done;

    public CsvRecords(BufferedReader in, boolean multiline) {
        this.in = in;
        this.multiline = multiline;
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
            StringBuilder raw = new StringBuilder(line);
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean afterQuote = false;
            int i = 0;
            while (true) {
                if (i == line.length()) {
                    if (!quoted) {
                        fields.add(field.toString());
                        return new CsvRecord(start, fields, raw.toString(), null);
                    }
                    String more = multiline ? in.readLine() : null;
                    if (more == null) {
                        fields.add(field.toString());
                        return new CsvRecord(start, fields, raw.toString(),
                                "unterminated quoted field (the line may be truncated)");
                    }
                    nextLine++;
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
                } else if (c == ',') {
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
