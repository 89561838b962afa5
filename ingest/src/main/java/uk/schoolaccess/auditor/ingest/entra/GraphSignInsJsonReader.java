package uk.schoolaccess.auditor.ingest.entra;

import java.io.IOException;
import java.util.List;

import uk.schoolaccess.auditor.ingest.ReadContext;
import uk.schoolaccess.auditor.ingest.RowSink;
import uk.schoolaccess.auditor.ingest.SourceReader;
import uk.schoolaccess.auditor.ingest.json.JsonInput;
import uk.schoolaccess.auditor.ingest.source.Sniff;
import uk.schoolaccess.auditor.ingest.source.SourceFile;

/**
 * Sign-ins fetched from Microsoft Graph {@code auditLogs/signIns} (FORMATS §1c), saved as the
 * API returns a page ({@code {"value":[...]}}) or one sign-in a line.
 */
public final class GraphSignInsJsonReader implements SourceReader {

    private static final List<String> REQUIRED = List.of("createdDateTime", "userPrincipalName", "appDisplayName",
            "status");
    private static final List<String> OPTIONAL = List.of("ipAddress", "clientAppUsed", "authenticationRequirement",
            "conditionalAccessStatus", "isInteractive", "deviceDetail", "location", "sessionId",
            "uniqueTokenIdentifier");

    @Override
    public String format() {
        return "entra-graph-json";
    }

    @Override
    public String description() {
        return "Entra ID sign-ins from Microsoft Graph auditLogs/signIns (JSON)";
    }

    @Override
    public int recognises(Sniff sniff) {
        // Azure Monitor records nest these same fields in "properties"; that reader claims them.
        if (Detection.hasKey(sniff, "operationName") && Detection.hasKey(sniff, "properties")) {
            return 0;
        }
        return Detection.json(sniff, REQUIRED, OPTIONAL);
    }

    @Override
    public void read(SourceFile file, ReadContext context, RowSink sink) throws IOException {
        JsonInput.forEachRecord(file, List.of("value"), sink, (record, origin) -> {
            EntraSignIn s = new EntraSignIn();
            s.graph(record);
            sink.signin(origin, s.toRow());
        });
    }
}
