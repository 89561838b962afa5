package uk.schoolaccess.auditor.ingest.google;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import uk.schoolaccess.auditor.ingest.Origin;
import uk.schoolaccess.auditor.ingest.ReadContext;
import uk.schoolaccess.auditor.ingest.RowRejected;
import uk.schoolaccess.auditor.ingest.RowSink;
import uk.schoolaccess.auditor.ingest.SourceReader;
import uk.schoolaccess.auditor.ingest.json.JsonInput;
import uk.schoolaccess.auditor.ingest.source.Sniff;
import uk.schoolaccess.auditor.ingest.source.SourceFile;

/**
 * Google Workspace Reports API login activities (FORMATS §2a), as {@code {"items":[...]}} or one
 * activity a line: {@code id.time} (RFC 3339), {@code actor.email}, {@code ipAddress} and
 * {@code events}, which some tools write as a single object rather than an array. Each
 * parameter carries one of value, boolValue, intValue (a string) or multiValue.
 */
public final class GoogleReportsApiReader implements SourceReader {

    private static final List<String> WRAPPERS = List.of("items");

    private static final Pattern ACTOR = key("actor", "\\{");
    private static final Pattern EVENTS = key("events", "[\\[{]");
    private static final Pattern LOGIN_APP = key("applicationName", "\"login\"");
    private static final Pattern LOGIN_EVENT = key("type", "\"login\"");
    private static final List<Pattern> EXTRAS = List.of(Pattern.compile("\"admin#reports#activit"),
            key("ipAddress", "\""), key("time", "\""), key("uniqueQualifier", ""));

    private static Pattern key(String name, String valueStart) {
        return Pattern.compile("\"" + name + "\"\\s*:\\s*" + valueStart);
    }

    @Override
    public String format() {
        return "google-reports-json";
    }

    @Override
    public String description() {
        return "Google Workspace login audit, Reports API activities JSON ({\"items\":[...]} or one a line)";
    }

    @Override
    public String sourceZone(ReadContext context) {
        return context.zoneOf(GoogleLoginAudit.SOURCE).getId();
    }

    /** Actor, events and a login marker are required: other Google audit apps are not logins. */
    @Override
    public int recognises(Sniff sniff) {
        char c = sniff.firstChar();
        String head = sniff.head();
        if ((c != '{' && c != '[') || !ACTOR.matcher(head).find() || !EVENTS.matcher(head).find()) {
            return 0;
        }
        boolean app = LOGIN_APP.matcher(head).find();
        boolean type = LOGIN_EVENT.matcher(head).find();
        if (!app && !type) {
            return 0;
        }
        int score = 2 + (app ? 1 : 0) + (type ? 1 : 0);
        for (Pattern p : EXTRAS) {
            score += p.matcher(head).find() ? 1 : 0;
        }
        return score;
    }

    @Override
    public void read(SourceFile file, ReadContext context, RowSink sink) throws IOException {
        GoogleLoginAudit first = GoogleLoginAudit.firstPass(context);
        pass(file, first);
        pass(file, first.secondPass(sink));
    }

    private static void pass(SourceFile file, GoogleLoginAudit audit) throws IOException {
        JsonInput.forEachRecord(file, WRAPPERS, audit.sink(),
                (activity, origin) -> audit.record(events(activity, audit, origin), origin));
    }

    private static List<GoogleLoginEvent> events(JsonNode activity, GoogleLoginAudit audit, Origin origin) {
        String application = activity.at("/id/applicationName").asText("");
        if (!application.isEmpty() && !"login".equals(application)) {
            return List.of(); // another Reports application in the same download
        }
        var ts = audit.time(textual(activity.at("/id/time")), "id.time", origin);
        String account = textual(activity.at("/actor/email"));
        if (account == null) {
            throw new RowRejected("missing actor.email");
        }
        String ip = textual(activity.get("ipAddress"));
        String country = textual(activity.at("/networkInfo/regionCode"));
        JsonNode events = activity.get("events");
        List<JsonNode> list = new ArrayList<>();
        if (events != null && events.isArray()) {
            events.forEach(list::add);
        } else if (events != null && events.isObject()) {
            list.add(events);
        } else {
            throw new RowRejected("'events' is neither an array nor an object");
        }
        List<GoogleLoginEvent> out = new ArrayList<>();
        for (JsonNode event : list) {
            String name = textual(event.get("name"));
            if (name == null) {
                throw new RowRejected("an event without a name");
            }
            out.add(new GoogleLoginEvent(ts, account, ip, country, name, parameters(event.get("parameters"))));
        }
        return out;
    }

    /** The API's list of typed parameters, keyed by name, so both shapes look alike. */
    private static ObjectNode parameters(JsonNode list) {
        ObjectNode out = JsonInput.MAPPER.createObjectNode();
        if (list == null || list.isNull()) {
            return out;
        }
        if (!list.isArray()) {
            throw new RowRejected("event 'parameters' is not an array");
        }
        for (JsonNode p : list) {
            String name = textual(p.get("name"));
            if (name == null) {
                throw new RowRejected("an event parameter without a name");
            }
            for (String field : List.of("value", "boolValue", "intValue", "multiValue", "multiIntValue")) {
                if (p.has(field)) {
                    out.set(name, p.get(field));
                    break;
                }
            }
        }
        return out;
    }

    private static String textual(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode() || n.isContainerNode()) {
            return null;
        }
        String s = n.asText().strip();
        return s.isEmpty() ? null : s;
    }
}
