package uk.schoolaccess.auditor.ingest.json;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import uk.schoolaccess.auditor.ingest.Origin;
import uk.schoolaccess.auditor.ingest.RowRejected;
import uk.schoolaccess.auditor.ingest.RowSink;
import uk.schoolaccess.auditor.ingest.source.SourceFile;
import uk.schoolaccess.auditor.ingest.source.TextDecoding;

/**
 * The loop every JSON reader shares. Exports come as one object per line (NDJSON), as a
 * top-level array, or wrapped in an object whose array holds the records ({@code value} for
 * Graph, {@code items} for Google, {@code records} for Azure Monitor). Each record is handed
 * over with its line and raw text; a broken NDJSON line is quarantined and the rest carries on.
 * A broken wrapped document cannot be resynchronised, so it fails the file with its line.
 */
public final class JsonInput {

    public static final ObjectMapper MAPPER = new ObjectMapper();

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
        if (isNdjson(file, arrayFields)) {
            ndjson(file, sink, handler);
        } else {
            wrapped(file, arrayFields, sink, handler);
        }
    }

    /** NDJSON when the first non-blank line is a whole object that is not a wrapper. */
    private static boolean isNdjson(SourceFile file, List<String> arrayFields) throws IOException {
        try (InputStream in = file.open(); BufferedReader r = TextDecoding.reader(in)) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank()) {
                    continue;
                }
                if (!line.strip().startsWith("{")) {
                    return false;
                }
                try {
                    JsonNode first = MAPPER.readTree(line);
                    return first.isObject() && arrayFields.stream().noneMatch(f -> first.path(f).isArray());
                } catch (JsonProcessingException e) {
                    return false; // a pretty-printed document: its first line is not whole
                }
            }
            return true;
        }
    }

    private static void ndjson(SourceFile file, RowSink sink, RecordHandler handler) throws IOException {
        try (InputStream in = file.open(); BufferedReader r = TextDecoding.reader(in)) {
            long n = 0;
            for (String line; (line = r.readLine()) != null; ) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                Origin origin = new Origin(n, line);
                JsonNode node;
                try {
                    node = MAPPER.readTree(line);
                } catch (JsonProcessingException e) {
                    sink.quarantine(origin, "not valid JSON: " + e.getOriginalMessage());
                    continue;
                }
                handle(node, origin, sink, handler);
            }
        }
    }

    private static void wrapped(SourceFile file, List<String> arrayFields, RowSink sink, RecordHandler handler)
            throws IOException {
        try (InputStream in = file.open(); BufferedReader r = TextDecoding.reader(in);
             JsonParser p = MAPPER.createParser(r)) {
            try {
                JsonToken t = p.nextToken();
                if (t == JsonToken.START_OBJECT) {
                    if (!toArrayField(p, arrayFields)) {
                        throw new IOException(file.displayName() + ": no " + String.join(" / ", arrayFields)
                                + " array of records found");
                    }
                } else if (t != JsonToken.START_ARRAY) {
                    throw new IOException(file.displayName() + ": not a JSON object or array");
                }
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    long line = p.currentTokenLocation().getLineNr();
                    JsonNode node = MAPPER.readTree(p);
                    handle(node, new Origin(line, node.toString()), sink, handler);
                }
            } catch (JsonProcessingException e) {
                throw new IOException(file.displayName() + ":" + e.getLocation().getLineNr() + ": not valid JSON: "
                        + e.getOriginalMessage(), e);
            }
        }
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
