package uk.schoolaccess.auditor.ingest.json;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.TokenBuffer;

import uk.schoolaccess.auditor.ingest.Origin;
import uk.schoolaccess.auditor.ingest.RowRejected;
import uk.schoolaccess.auditor.ingest.RowSink;
import uk.schoolaccess.auditor.ingest.csv.CsvRecords;
import uk.schoolaccess.auditor.ingest.source.LineReader;
import uk.schoolaccess.auditor.ingest.source.SourceFile;
import uk.schoolaccess.auditor.ingest.source.TextDecoding;

/**
 * The loop every JSON reader shares. Exports come as one object per line (NDJSON), as a
 * top-level array, or wrapped in an object whose array holds the records ({@code value} for
 * Graph, {@code items} for Google, {@code records} for Azure Monitor). Each record is handed
 * over with its line and raw text; a broken, too deep or too long NDJSON line is quarantined and
 * the rest carries on. A wrapped record too deep or too long is read past as tokens (never held)
 * and quarantined with its line; a syntax error in a wrapped document cannot be resynchronised,
 * so it fails the file with its line.
 */
public final class JsonInput {

    /**
     * Deeper than this, a record is not an export's: quarantined with its line, never a crash.
     * The deepest real records (Winlogbeat's nested JSON) are about six levels deep.
     */
    public static final int MAX_DEPTH = 100;

    /** The one mapper for records; it refuses documents nested deeper than {@link #MAX_DEPTH}. */
    public static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build()).build());

    /** How deep a wrapped document may go while a too-deep record inside it is read past. */
    private static final int SKIP_DEPTH = 10_000;

    private JsonInput() {
    }

    /** What a reader does with one record. */
    @FunctionalInterface
    public interface RecordHandler {
        void handle(JsonNode record, Origin origin);
    }

    /**
     * @param arrayFields the wrapper fields that hold the records, e.g. {@code value}
     */
    public static void forEachRecord(SourceFile file, List<String> arrayFields, RowSink sink, RecordHandler handler)
            throws IOException {
        if (isNdjson(file, arrayFields, sink.maxRecordChars())) {
            ndjson(file, sink, handler);
        } else {
            wrapped(file, arrayFields, sink, handler);
        }
    }

    /** A parser for the whole file that holds no value longer than a record may be. */
    private static JsonParser parser(java.io.Reader r, int maxChars) throws IOException {
        JsonFactory f = JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(SKIP_DEPTH).maxStringLength(Math.max(maxChars, 1024)).build()).build();
        return f.createParser(r);
    }

    /**
     * NDJSON when the first value is an object that ends on the line it starts on and is not a
     * wrapper. Read as a stream, so a first line of any length or depth costs no memory.
     */
    private static boolean isNdjson(SourceFile file, List<String> arrayFields, int maxChars) throws IOException {
        try (BufferedReader r = TextDecoding.reader(file); JsonParser p = parser(r, maxChars)) {
            long firstLine = -1;
            try {
                JsonToken t = p.nextToken();
                if (t == null) {
                    return true;
                }
                if (t != JsonToken.START_OBJECT) {
                    return false;
                }
                firstLine = p.currentTokenLocation().getLineNr();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken value = p.nextToken();
                    if (value == JsonToken.START_ARRAY && arrayFields.contains(name)) {
                        return false;
                    }
                    p.skipChildren();
                }
                return p.currentLocation().getLineNr() == firstLine;
            } catch (JsonProcessingException e) {
                // A broken or too-deep first line of NDJSON: that line is quarantined, the rest read.
                // Not JSON from its first character: the wrapped reading rejects the file.
                return firstLine > 0 && lineOf(e, p) == firstLine;
            }
        }
    }

    private static void ndjson(SourceFile file, RowSink sink, RecordHandler handler) throws IOException {
        int maxChars = sink.maxRecordChars();
        try (BufferedReader br = TextDecoding.reader(file); LineReader r = new LineReader(br, maxChars)) {
            long n = 0;
            for (String line; (line = r.readLine()) != null; ) {
                n++;
                if (r.wasCut()) {
                    sink.quarantine(new Origin(n, line.substring(0, Math.min(line.length(),
                            CsvRecords.KEPT_OF_LONG_RECORD))), CsvRecords.tooLong(r.lastLength(), maxChars));
                    continue;
                }
                if (line.isBlank()) {
                    continue;
                }
                Origin origin = new Origin(n, line);
                if (line.indexOf('\uFFFD') >= 0) {
                    sink.quarantine(origin, RowSink.UNDECODABLE);
                    continue;
                }
                JsonNode node;
                try {
                    node = MAPPER.readTree(line);
                } catch (JsonProcessingException e) {
                    sink.quarantine(origin, reason(e));
                    continue;
                }
                handle(node, origin, sink, handler);
            }
        }
    }

    private static void wrapped(SourceFile file, List<String> arrayFields, RowSink sink, RecordHandler handler)
            throws IOException {
        int maxChars = sink.maxRecordChars();
        try (BufferedReader r = TextDecoding.reader(file); JsonParser p = parser(r, maxChars)) {
            try {
                JsonToken t = p.nextToken();
                if (t == JsonToken.START_OBJECT) {
                    if (!toArrayField(p, arrayFields)) {
                        throw new IOException("no " + String.join(" / ", arrayFields) + " array of records found");
                    }
                } else if (t != JsonToken.START_ARRAY) {
                    throw new IOException("not a JSON object or array");
                }
                for (t = p.nextToken(); t != null && t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    long line = p.currentTokenLocation().getLineNr();
                    if (t != JsonToken.START_OBJECT) {
                        p.skipChildren();
                        sink.quarantine(new Origin(line, ""), "a record must be a JSON object");
                        continue;
                    }
                    record(p, line, maxChars, sink, handler);
                }
                if (t == null) {
                    throw new IOException("the document ends before its records array is closed (truncated?)");
                }
            } catch (JsonProcessingException e) {
                throw new IOException("line " + lineOf(e, p) + ": " + reason(e), e);
            }
        }
    }

    /**
     * One record of a wrapped document, copied token by token so that a record too deep or too
     * long is read past (and quarantined with its line) without being held.
     */
    private static void record(JsonParser p, long line, int maxChars, RowSink sink, RecordHandler handler)
            throws IOException {
        long start = p.currentTokenLocation().getCharOffset();
        TokenBuffer copy = new TokenBuffer(p, null);
        copy.copyCurrentEvent(p);
        String problem = null;
        for (int depth = 1; depth > 0; ) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new IOException("line " + line + ": the document ends inside a record (truncated?)");
            }
            depth += t.isStructStart() ? 1 : t.isStructEnd() ? -1 : 0;
            if (problem == null && depth > MAX_DEPTH) {
                problem = "nested deeper than " + MAX_DEPTH + " levels";
            } else if (problem == null && p.currentLocation().getCharOffset() - start > maxChars) {
                problem = CsvRecords.tooLong(-1, maxChars).replace(": quarantined with its first "
                        + CsvRecords.KEPT_OF_LONG_RECORD + " only", "");
            }
            if (problem == null) {
                copy.copyCurrentEvent(p);
            }
        }
        if (problem != null) {
            sink.quarantine(new Origin(line, ""), problem);
            return;
        }
        JsonNode node;
        try (JsonParser replay = copy.asParser()) {
            node = MAPPER.readTree(replay);
        }
        String raw = node.toString();
        if (raw.indexOf('\uFFFD') >= 0) {
            sink.quarantine(new Origin(line, raw), RowSink.UNDECODABLE);
            return;
        }
        handle(node, new Origin(line, raw), sink, handler);
    }

    /** The line a parse failed on; a limit exceeded has no location of its own, the parser has. */
    private static long lineOf(JsonProcessingException e, JsonParser p) {
        JsonLocation at = e.getLocation();
        if (at == null || at.getLineNr() < 1) {
            at = p.currentLocation();
        }
        return at == null ? 0 : at.getLineNr();
    }

    /** A parse failure in words, without Jackson's advice on its own settings. */
    private static String reason(JsonProcessingException e) {
        if (e instanceof StreamConstraintsException) {
            String m = String.valueOf(e.getOriginalMessage());
            if (m.contains("nesting depth")) {
                return "nested deeper than " + MAX_DEPTH + " levels";
            }
            if (m.contains("String value length")) {
                return "a value longer than a record may be (ingest.max_record_bytes)";
            }
            return m.replaceAll("\\s*\\(from `StreamReadConstraints.*", "");
        }
        return describe(e);
    }

    /**
     * A JSON syntax error as its position and its kind, without Jackson's own words: they quote
     * the token or character that broke the parse ("Unrecognized token 'Samuel'"), which can be
     * a pupil's name from the record. The file:line and the quarantined raw text show the rest.
     */
    public static String describe(JsonProcessingException e) {
        String m = String.valueOf(e.getOriginalMessage());
        String kind = m.startsWith("Unrecognized token") ? "text without quotes where a value should be"
                : m.startsWith("Unexpected end-of-input") ? "the text ends inside a record (cut short?)"
                : m.startsWith("Unexpected close marker") ? "a closing bracket that does not match"
                : m.startsWith("Unexpected character") ? "an unexpected character"
                : m.startsWith("Illegal unquoted character") || m.startsWith("Illegal character")
                        ? "a control character inside a value"
                : m.startsWith("Unrecognized character escape") ? "an invalid backslash escape"
                : m.contains("numeric value") || m.contains("Leading zeroes") || m.startsWith("Non-standard token")
                        ? "a malformed number"
                : m.startsWith("Invalid UTF") ? "bytes that are not valid text"
                : "a syntax error";
        JsonLocation at = e.getLocation();
        return "not valid JSON" + (at != null && at.getColumnNr() > 0 ? " at column " + at.getColumnNr() : "")
                + ": " + kind;
    }

    /** Moves the parser into the first wrapper array; false when there is none. */
    private static boolean toArrayField(JsonParser p, List<String> arrayFields) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (value == JsonToken.START_ARRAY && arrayFields.contains(name)) {
                return true;
            }
            p.skipChildren();
        }
        return false;
    }

    private static void handle(JsonNode node, Origin origin, RowSink sink, RecordHandler handler) {
        if (!node.isObject()) {
            sink.quarantine(origin, "a record must be a JSON object");
            return;
        }
        try {
            handler.handle(node, origin);
        } catch (RowRejected e) {
            sink.quarantine(origin, e.getMessage());
        }
    }
}
