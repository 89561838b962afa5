package uk.schoolaccess.auditor.ingest.entra;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
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
 * Entra sign-ins sent by a diagnostic setting to a storage account or event hub (FORMATS §1d):
 * {@code {"records":[...]}} or one record a line, each an Azure Monitor envelope (time,
 * category, resultType, callerIpAddress) around the Graph sign-in in {@code properties}.
 */
public final class AzureMonitorJsonReader implements SourceReader {

    /**
     * The categories holding people's sign-ins: interactive ones, and the non-interactive ones
     * that the admin centre's download also lists. Service principal and managed identity
     * sign-ins, audit logs and the rest share the envelope but are not people signing in.
     */
    private static final Set<String> PEOPLE = Set.of("signinlogs", "noninteractiveusersigninlogs");
    private static final Pattern SIGN_IN_CATEGORY = Pattern.compile("\"category\"\\s*:\\s*\"[A-Za-z]*SignInLogs\"");
    private static final List<String> REQUIRED = List.of("time", "operationName", "category", "properties");
    private static final List<String> OPTIONAL = List.of("resultType", "callerIpAddress", "correlationId",
            "createdDateTime", "userPrincipalName", "appDisplayName", "authenticationRequirement");

    @Override
    public String format() {
        return "entra-azure-monitor-json";
    }

    @Override
    public String description() {
        return "Entra ID sign-ins from an Azure Monitor diagnostic setting (JSON records)";
    }

    @Override
    public int recognises(Sniff sniff) {
        boolean signIns = SIGN_IN_CATEGORY.matcher(sniff.head()).find();
        return signIns ? Detection.json(sniff, REQUIRED, OPTIONAL) : 0;
    }

    @Override
    public void read(SourceFile file, ReadContext context, RowSink sink) throws IOException {
        JsonInput.forEachRecord(file, List.of("records"), sink, (record, origin) -> {
            String category = EntraSignIn.text(record, "category");
            if (category == null) {
                throw new RowRejected("missing value in 'category'");
            }
            if (!PEOPLE.contains(category.toLowerCase(Locale.ROOT))) {
                sink.ignored(origin);
                return;
            }
            JsonNode p = record.path("properties");
            if (!p.isObject()) {
                throw new RowRejected("missing object 'properties'");
            }
            EntraSignIn s = new EntraSignIn();
            s.graph(p, record);
            sink.signin(origin, s.toRow());
        });
    }
}
