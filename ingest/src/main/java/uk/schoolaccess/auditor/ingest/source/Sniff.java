package uk.schoolaccess.auditor.ingest.source;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import uk.schoolaccess.auditor.ingest.csv.CsvRecord;
import uk.schoolaccess.auditor.ingest.csv.CsvRecords;
import uk.schoolaccess.auditor.ingest.csv.Header;

/**
 * The start of an input, enough to recognise its format: the first text (for JSON readers'
 * top-level keys) and the first CSV record read as a header.
 */
public record Sniff(String head, Header csvHeader) {

    private static final int CHARS = 1 << 15;

    public static Sniff of(SourceFile file) throws IOException {
        try (InputStream in = file.open(); BufferedReader r = TextDecoding.reader(in)) {
            char[] buf = new char[CHARS];
            int n = r.read(buf, 0, CHARS);
            String head = n <= 0 ? "" : new String(buf, 0, n);
            return new Sniff(head, firstRecord(head));
        }
    }

    private static Header firstRecord(String head) {
        CsvRecords records = new CsvRecords(new BufferedReader(new java.io.StringReader(head)), true);
        while (records.hasNext()) {
            CsvRecord r = records.next();
            if (!r.isBlank()) {
                return new Header(r.fields());
            }
        }
        return new Header(List.of());
    }

    /** The first non-blank character: '{' or '[' for JSON inputs. */
    public char firstChar() {
        String s = head.strip();
        return s.isEmpty() ? 0 : s.charAt(0);
    }
}
