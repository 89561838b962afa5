package uk.schoolaccess.auditor.ingest.entra;

import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import uk.schoolaccess.auditor.ingest.ReadContext;
import uk.schoolaccess.auditor.ingest.RowSink;
import uk.schoolaccess.auditor.ingest.SourceReader;
import uk.schoolaccess.auditor.ingest.csv.CsvInput;
import uk.schoolaccess.auditor.ingest.csv.Fields;
import uk.schoolaccess.auditor.ingest.source.Sniff;
import uk.schoolaccess.auditor.ingest.source.SourceFile;
import uk.schoolaccess.auditor.ingest.time.ExportTimes;

/**
 * The {@code SigninLogs} table of Log Analytics or Sentinel, exported with "Export to CSV"
 * (FORMATS §1b). Its dynamic columns hold JSON, either plain ({@code DeviceDetail}) or split
 * into {@code DeviceDetail_dynamic} / {@code DeviceDetail_string} pairs, and some of that JSON
 * is pretty-printed across lines inside one quoted cell, so records may span lines.
 */
public final class LogAnalyticsCsvReader implements SourceReader {

    /** CreatedDateTime is when the person signed in; TimeGenerated when the row reached the workspace. */
    private static final List<String> TIMES = List.of("CreatedDateTime [UTC]", "CreatedDateTime",
            "TimeGenerated [UTC]", "TimeGenerated");
    private static final List<String> REQUIRED = List.of("UserPrincipalName", "AppDisplayName", "IPAddress",
            "ResultType");
    private static final List<String> OPTIONAL = List.of("AuthenticationRequirement", "ConditionalAccessStatus",
            "ClientAppUsed", "AuthenticationDetails", "UniqueTokenIdentifier", "SessionId", "UserAgent",
            "DeviceDetail", "DeviceDetail_dynamic", "LocationDetails", "LocationDetails_dynamic", "Status",
            "Status_dynamic");

    @Override
    public String format() {
        return "entra-log-analytics-csv";
    }

    @Override
    public String description() {
        return "Entra ID SigninLogs exported from Log Analytics / Sentinel (CSV, JSON cells)";
    }

    @Override
    public List<String> requiredColumns() {
        return REQUIRED;
    }

    @Override
    public List<String> knownColumns() {
        return Stream.of(TIMES, REQUIRED, OPTIONAL, List.of("Location")).flatMap(List::stream).toList();
    }

    @Override
    public int recognises(Sniff sniff) {
        boolean timed = TIMES.stream().anyMatch(sniff.csvHeader()::has);
        return timed ? Detection.csv(sniff, REQUIRED, OPTIONAL) : 0;
    }

    @Override
    public void read(SourceFile file, ReadContext context, RowSink sink) throws IOException {
        CsvInput.forEachRow(file, true, sink, (row, origin) -> {
            EntraSignIn s = new EntraSignIn();
            String timeColumn = TIMES.stream().filter(row.header()::has).findFirst().orElse(TIMES.get(0));
            s.ts = ExportTimes.utc(row.text(timeColumn), timeColumn);
            s.account = row.required("UserPrincipalName");
            s.app = row.text("AppDisplayName");
            s.ip = row.text("IPAddress");
            s.clientApp = row.text("ClientAppUsed");
            s.requirement(row.text("AuthenticationRequirement"), "AuthenticationRequirement");
            s.sessionId = row.text("SessionId");
            s.userAgent = row.text("UserAgent");
            s.deviceDetail(dynamic(row, "DeviceDetail"), "DeviceDetail");
            s.locationDetail(dynamic(row, "LocationDetails"), "LocationDetails");
            if (s.country == null) {
                s.country = row.text("Location");
            }
            JsonNode status = dynamic(row, "Status");
            s.outcome(row.text("ResultType"), null, "ResultType", "ResultType");
            if (s.success == null) {
                s.status(status, "Status");
            }
            s.mfaResult(status, EntraSignIn.jsonCell(row.text("AuthenticationDetails"), "AuthenticationDetails"));
            sink.signin(origin, s.toRow());
        });
    }

    /** A dynamic column from whichever layout the export used; in the split one _string is empty. */
    private static JsonNode dynamic(Fields row, String name) {
        for (String column : List.of(name, name + "_dynamic", name + "_string")) {
            String text = row.text(column);
            if (text != null) {
                return EntraSignIn.jsonCell(text, column);
            }
        }
        return EntraSignIn.jsonCell(null, name);
    }
}
