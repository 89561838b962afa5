package uk.schoolaccess.auditor.ingest.source;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import uk.schoolaccess.auditor.ingest.csv.CsvRecord;
import uk.schoolaccess.auditor.ingest.csv.CsvRecords;
import uk.schoolaccess.auditor.ingest.csv.Header;

/**
 * The start of an input, enough to recognise its format: the first text (for JSON readers'
 * top-level keys) and the first CSV record read as a header.
 */
public record Sniff(String head, Header csvHeader, boolean whole) {

    private static final int CHARS = 1 << 15;
    /** The wrapper arrays of JSON exports (Graph, Google, Azure Monitor): empty in an empty week. */
    private static final List<String> WRAPPERS = List.of("value", "items", "records");

    public Sniff(String head, Header csvHeader) {
        this(head, csvHeader, false);
    }

    public static Sniff of(SourceFile file) throws IOException {
        try (BufferedReader r = TextDecoding.reader(file)) {
            char[] buf = new char[CHARS];
            int n = fill(r, buf);
            String head = n <= 0 ? "" : new String(buf, 0, n);
            return new Sniff(head, firstRecord(head), n < CHARS);
        }
    }

    /**
     * An export of an empty period: nothing at all, or a JSON document whose records array is
     * empty ({@code {"value":[]}}, {@code []}, or Google's answer without {@code items}). Not an
     * error: there was nothing to export.
     */
    public boolean noRecords() {
        if (!whole) {
            return false;
        }
        if (head.isBlank()) {
            return true;
        }
        char c = firstChar();
        if (c != '{' && c != '[') {
            return false;
        }
        JsonNode doc;
        try {
            doc = MAPPER.readTree(head);
        } catch (IOException | RuntimeException e) {
            return false;
        }
        if (doc == null) {
            return false;
        }
        if (doc.isArray()) {
            return doc.isEmpty();
        }
        if (!doc.isObject()) {
            return false;
        }
        boolean emptyWrapper = WRAPPERS.stream().anyMatch(f -> doc.path(f).isArray() && doc.path(f).isEmpty());
        boolean anyRecords = WRAPPERS.stream().anyMatch(f -> doc.path(f).isArray() && !doc.path(f).isEmpty());
        boolean googleNone = doc.path("kind").asText("").equals("admin#reports#activities") && !doc.has("items");
        return !anyRecords && (emptyWrapper || googleNone);
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER =
            new com.fasterxml.jackson.databind.ObjectMapper();

    /** Reads until the buffer is full or the input ends (one read may return less). */
    private static int fill(BufferedReader r, char[] buf) throws IOException {
        int n = 0;
        for (int k; n < buf.length && (k = r.read(buf, n, buf.length - n)) > 0; ) {
            n += k;
        }
        return n;
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
