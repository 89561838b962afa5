package uk.schoolaccess.auditor.ingest.windows;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import uk.schoolaccess.auditor.ingest.ReadContext;
import uk.schoolaccess.auditor.ingest.RowRejected;
import uk.schoolaccess.auditor.ingest.RowSink;
import uk.schoolaccess.auditor.ingest.SourceReader;
import uk.schoolaccess.auditor.ingest.json.JsonInput;
import uk.schoolaccess.auditor.ingest.source.Sniff;
import uk.schoolaccess.auditor.ingest.source.SourceFile;
import uk.schoolaccess.auditor.ingest.time.ExportTimes;

/**
 * The Windows Security log as Winlogbeat writes it to a file or Elasticsearch in its own nested
 * shape, rather than flattened (FORMATS §3a): {@code winlog.event_id}, {@code winlog.channel},
 * {@code winlog.computer_name} and the event data under {@code winlog.event_data}; Winlogbeat 6
 * and older put the same names at the top level ({@code event_id}, {@code log_name},
 * {@code computer_name}, {@code event_data}). Time is {@code @timestamp}, which Winlogbeat sets to
 * the event's creation time in UTC. The kept events and their meaning are those of
 * {@link SecurityEvents}, shared with the flattened shape.
 */
public final class WinlogbeatEcsReader implements SourceReader {

    private static final List<String> WRAPPERS = List.of("records");
    private static final Pattern NESTED = Pattern.compile("\"winlog\"\\s*:\\s*\\{");
    private static final Pattern LEGACY = Pattern.compile("\"log_name\"\\s*:");

    @Override
    public String format() {
        return "windows-winlogbeat-json";
    }

    @Override
    public String description() {
        return "Windows Security log as Winlogbeat's own JSON: @timestamp, winlog.event_id, winlog.computer_name, "
                + "winlog.event_data";
    }

    @Override
    public int recognises(Sniff sniff) {
        if (sniff.firstChar() != '{' && sniff.firstChar() != '[') {
            return 0;
        }
        String head = sniff.head();
        boolean nested = NESTED.matcher(head).find() && head.contains("\"computer_name\"");
        boolean legacy = LEGACY.matcher(head).find() && head.contains("\"event_data\"")
                && head.contains("\"computer_name\"");
        return (nested || legacy) && head.contains("\"@timestamp\"") ? 5 : 0;
    }

    @Override
    public void read(SourceFile file, ReadContext context, RowSink sink) throws IOException {
        JsonInput.forEachRecord(file, WRAPPERS, sink, (record, origin) -> {
            // a line of an Elasticsearch export (elasticdump) wraps the event in _source
            JsonNode node = record.has("_source") ? record.get("_source") : record;
            JsonNode winlog = node.has("winlog") ? node.get("winlog") : node;
            JsonNode data = winlog.path("event_data");
            SecurityEvents.EventFields fields = name -> switch (name) {
                case "EventID" -> first(text(winlog, "event_id"), text(node.path("event"), "code"));
                case "Computer", "Hostname" -> text(winlog, "computer_name");
                default -> text(data, name);
            };
            String stamp = text(node, "@timestamp");
            if (stamp == null) {
                throw new RowRejected("missing time: no '@timestamp'");
            }
            Instant ts = ExportTimes.utc(stamp, "@timestamp");
            String channel = first(text(winlog, "channel"), text(winlog, "log_name"));
            if (channel == null) {
                throw new RowRejected("missing 'winlog.channel'");
            }
            SecurityEvents.send(fields, ts, channel, origin, sink);
        });
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }

    /** Winlogbeat writes event ids as numbers in some versions and strings in others. */
    private static String text(JsonNode node, String name) {
        JsonNode v = node == null ? null : node.get(name);
        return v == null || v.isNull() || v.isContainerNode() ? null : SecurityEvents.value(v.asText());
    }
}
