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
 * The Windows Security log as Winlogbeat or NXLog ship it (FORMATS §3a): one event a line, the
 * event data flattened to top-level strings, all channels mixed (Sysmon, PowerShell, System),
 * so only the Security channel's logon events are kept.
 *
 * <p>Time is {@code TimeCreated}, else {@code @timestamp}, both UTC. {@code EventTime} is the
 * computer's local time with no zone, so it is never read: on a school laptop set to the wrong
 * zone it would silently move every event.
 */
public final class SecurityLogNdjsonReader implements SourceReader {

    private static final List<String> WRAPPERS = List.of("records", "value", "items");

    /** Each group is one identifying key, written either way by different collectors. */
    private static final List<List<String>> REQUIRED = List.of(List.of("EventID"), List.of("Channel"),
            List.of("Hostname", "Computer"), List.of("TimeCreated", "@timestamp"));
    private static final List<String> OPTIONAL = List.of("SourceName", "ProviderGuid", "EventTime");

    @Override
    public String format() {
        return "windows-security-ndjson";
    }

    @Override
    public String description() {
        return "Windows Security log as NDJSON (Winlogbeat / NXLog): EventID, Channel, Hostname, @timestamp";
    }

    @Override
    public int recognises(Sniff sniff) {
        if (sniff.firstChar() != '{' && sniff.firstChar() != '[') {
            return 0;
        }
        String head = sniff.head();
        int score = 0;
        for (List<String> group : REQUIRED) {
            if (group.stream().noneMatch(k -> hasKey(head, k))) {
                return 0;
            }
            score++;
        }
        return score + (int) OPTIONAL.stream().filter(k -> hasKey(head, k)).count();
    }

    private static boolean hasKey(String head, String key) {
        return Pattern.compile("\"" + Pattern.quote(key) + "\"\\s*:").matcher(head).find();
    }

    @Override
    public void read(SourceFile file, ReadContext context, RowSink sink) throws IOException {
        JsonInput.forEachRecord(file, WRAPPERS, sink, (node, origin) -> {
            SecurityEvents.EventFields fields = name -> text(node, name);
            Instant ts = time(fields);
            String channel = fields.get("Channel");
            if (channel == null) {
                throw new RowRejected("missing 'Channel'");
            }
            SecurityEvents.send(fields, ts, channel, origin, sink);
        });
    }

    /** TimeCreated is when the event happened; @timestamp may be when the collector received it. */
    private static Instant time(SecurityEvents.EventFields fields) {
        String created = fields.get("TimeCreated");
        if (created != null) {
            return ExportTimes.utc(created, "TimeCreated");
        }
        String stamp = fields.get("@timestamp");
        if (stamp == null) {
            throw new RowRejected("missing time: no 'TimeCreated' or '@timestamp' (local 'EventTime' is not used)");
        }
        return ExportTimes.utc(stamp, "@timestamp");
    }

    /** Flattened event data is strings, but collectors write EventID and Keywords as numbers. */
    private static String text(JsonNode node, String name) {
        JsonNode v = node.get(name);
        return v == null || v.isNull() || v.isContainerNode() ? null : SecurityEvents.value(v.asText());
    }
}
