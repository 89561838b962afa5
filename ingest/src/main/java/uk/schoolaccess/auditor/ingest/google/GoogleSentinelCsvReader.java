package uk.schoolaccess.auditor.ingest.google;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import uk.schoolaccess.auditor.ingest.Origin;
import uk.schoolaccess.auditor.ingest.ReadContext;
import uk.schoolaccess.auditor.ingest.RowRejected;
import uk.schoolaccess.auditor.ingest.RowSink;
import uk.schoolaccess.auditor.ingest.SourceReader;
import uk.schoolaccess.auditor.ingest.csv.CsvInput;
import uk.schoolaccess.auditor.ingest.csv.Fields;
import uk.schoolaccess.auditor.ingest.csv.Header;
import uk.schoolaccess.auditor.ingest.json.JsonInput;
import uk.schoolaccess.auditor.ingest.source.Sniff;
import uk.schoolaccess.auditor.ingest.source.SourceFile;

/**
 * Google Workspace login audit flattened to CSV by Microsoft Sentinel's connector (FORMATS §2b,
 * table GoogleWorkspaceReports, about 133 columns): {@code IdTime} (ISO, seven fractional
 * digits) or {@code TimeGenerated [UTC]} (US-locale), {@code EventName}, {@code EventParameters}
 * (a JSON object string), and the connector's own typed columns {@code LoginType},
 * {@code LoginChallengeMethod} (a JSON array string), {@code IsSecondFactor},
 * {@code IsSuspicious} (TRUE/FALSE), which win over the same keys in EventParameters.
 * {@code IdUniqueQualifier} is not read: Excel turns it into {@code -4.32E+18}.
 */
public final class GoogleSentinelCsvReader implements SourceReader {

    private static final List<String> REQUIRED = List.of("ActorEmail", "EventName", "EventParameters");
    private static final List<String> TIMES = List.of("IdTime", "TimeGenerated [UTC]");
    private static final List<String> EXTRAS = List.of("LoginType", "LoginChallengeMethod", "IsSecondFactor",
            "IsSuspicious", "IdApplicationName", "ResourceDetails");

    @Override
    public String format() {
        return "google-flattened-csv";
    }

    @Override
    public String description() {
        return "Google Workspace login audit flattened to CSV by Sentinel (IdTime, ActorEmail, EventName, "
                + "EventParameters, ...)";
    }

    @Override
    public String sourceZone(ReadContext context) {
        return context.zoneOf(GoogleLoginAudit.SOURCE).getId();
    }

    @Override
    public List<String> requiredColumns() {
        return REQUIRED;
    }

    @Override
    public List<String> knownColumns() {
        return Stream.of(TIMES, REQUIRED, EXTRAS, List.of("LoginChallengeStatus", "IPAddress", "SrcIpAddr", "NetworkInfoRegionCode")).flatMap(List::stream).toList();
    }

    @Override
    public int recognises(Sniff sniff) {
        Header h = sniff.csvHeader();
        if (!h.hasAll(REQUIRED) || TIMES.stream().noneMatch(h::has)) {
            return 0;
        }
        return REQUIRED.size() + (int) TIMES.stream().filter(h::has).count()
                + (int) EXTRAS.stream().filter(h::has).count();
    }

    @Override
    public void read(SourceFile file, ReadContext context, RowSink sink) throws IOException {
        GoogleLoginAudit first = GoogleLoginAudit.firstPass(context);
        pass(file, first);
        pass(file, first.secondPass(sink));
    }

    private static void pass(SourceFile file, GoogleLoginAudit audit) throws IOException {
        // Sentinel exports may hold pretty-printed JSON in quoted cells
        CsvInput.forEachRow(file, true, audit.sink(), (row, origin) -> audit.record(event(row, audit, origin), origin));
    }

    private static List<GoogleLoginEvent> event(Fields row, GoogleLoginAudit audit, Origin origin) {
        String application = row.text("IdApplicationName");
        if (application != null && !"login".equals(application)) {
            return List.of();
        }
        String name = row.required("EventName");
        Instant ts = row.text("IdTime") != null ? audit.time(row.text("IdTime"), "IdTime", origin)
                : audit.time(row.text("TimeGenerated [UTC]"), "TimeGenerated [UTC]", origin);
        String ip = row.text("IPAddress") != null ? row.text("IPAddress") : row.text("SrcIpAddr");
        return List.of(new GoogleLoginEvent(ts, account(row), ip, row.text("NetworkInfoRegionCode"), name,
                parameters(row)));
    }

    /**
     * Who signed in. In Google's model the actor of a login event is the person signing in, and
     * the event's resource is that same user account, so the two agree in a genuine export. In
     * Sentinel's public sample the anonymiser wrote one placeholder into every ActorEmail while
     * ActorProfileId and ResourceDetails[0].title stayed in step (29 people, one title per
     * profile id), so the USER resource's title is what still names the person: it is stored,
     * and ActorEmail is the fallback when no USER resource is given.
     */
    private static String account(Fields row) {
        String details = row.text("ResourceDetails");
        if (details != null) {
            JsonNode list = json(details, "ResourceDetails");
            for (JsonNode r : list.isArray() ? list : List.<JsonNode>of()) {
                String title = r.path("title").asText("").strip();
                if ("USER".equalsIgnoreCase(r.path("type").asText()) && !title.isEmpty()) {
                    return title;
                }
            }
        }
        return row.required("ActorEmail");
    }

    private static ObjectNode parameters(Fields row) {
        String raw = row.text("EventParameters");
        ObjectNode params;
        if (raw == null) {
            params = JsonInput.MAPPER.createObjectNode();
        } else if (json(raw, "EventParameters") instanceof ObjectNode o) {
            params = o;
        } else {
            throw new RowRejected("EventParameters is not a JSON object");
        }
        put(params, "login_type", row.text("LoginType"));
        put(params, "login_challenge_status", row.text("LoginChallengeStatus"));
        String methods = row.text("LoginChallengeMethod");
        if (methods != null) {
            params.set("login_challenge_method", methods.startsWith("[") ? json(methods, "LoginChallengeMethod")
                    : params.textNode(methods));
        }
        for (String[] flag : new String[][] {{"IsSecondFactor", "is_second_factor"}, {"IsSuspicious", "is_suspicious"}}) {
            Boolean b = row.flag(flag[0]);
            if (b != null) {
                params.set(flag[1], BooleanNode.valueOf(b));
            }
        }
        return params;
    }

    private static void put(ObjectNode params, String name, String value) {
        if (value != null) {
            params.put(name, value);
        }
    }

    private static JsonNode json(String text, String column) {
        try {
            return JsonInput.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new RowRejected(column + " is not valid JSON"); // the text may hold addresses: not repeated
        }
    }
}
