package uk.schoolaccess.auditor.ingest.entra;

import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;

import uk.schoolaccess.auditor.ingest.ReadContext;
import uk.schoolaccess.auditor.ingest.RowSink;
import uk.schoolaccess.auditor.ingest.SourceReader;
import uk.schoolaccess.auditor.ingest.csv.CsvInput;
import uk.schoolaccess.auditor.ingest.source.Sniff;
import uk.schoolaccess.auditor.ingest.source.SourceFile;
import uk.schoolaccess.auditor.ingest.time.ExportTimes;

/**
 * The sign-in log as the Entra admin centre's "Download" button writes it (FORMATS §1a).
 * Columns are found by name, trimmed and with spaces collapsed ("Application ID ",
 * "Autonomous system  number"), and all but the core few are optional because older downloads
 * lack many of them.
 */
public final class AdminCentreCsvReader implements SourceReader {

    private static final List<String> REQUIRED = List.of("Date (UTC)", "Username", "Application", "IP address",
            "Status");
    private static final List<String> OPTIONAL = List.of("Request ID", "Correlation ID", "User ID", "Location",
            "Sign-in error code", "Client app", "Authentication requirement", "Multifactor authentication result",
            "Session ID", "Compliant", "Managed", "Device ID");

    @Override
    public String format() {
        return "entra-admin-csv";
    }

    @Override
    public String description() {
        return "Entra ID sign-ins, admin centre Download (CSV: Date (UTC), Username, Application, Status)";
    }

    @Override
    public List<String> requiredColumns() {
        return REQUIRED;
    }

    @Override
    public List<String> knownColumns() {
        return Stream.of(REQUIRED, OPTIONAL, List.of("User agent")).flatMap(List::stream).toList();
    }

    @Override
    public int recognises(Sniff sniff) {
        return Detection.csv(sniff, REQUIRED, OPTIONAL);
    }

    @Override
    public void read(SourceFile file, ReadContext context, RowSink sink) throws IOException {
        // No admin-centre column holds line breaks, so a cut-off quote costs one row, not the file.
        CsvInput.forEachRow(file, false, sink, (row, origin) -> {
            EntraSignIn s = new EntraSignIn();
            s.ts = ExportTimes.utc(row.text("Date (UTC)"), "Date (UTC)");
            s.account = row.required("Username");
            s.app = row.text("Application");
            s.ip = row.text("IP address");
            s.location(row.text("Location"));
            s.outcome(row.text("Sign-in error code"), row.text("Status"), "Sign-in error code", "Status");
            s.clientApp = row.text("Client app");
            s.deviceId = row.text("Device ID");
            s.deviceCompliant = EntraSignIn.flag(row.text("Compliant"), "Compliant");
            s.deviceManaged = EntraSignIn.flag(row.text("Managed"), "Managed");
            s.requirement(row.text("Authentication requirement"), "Authentication requirement");
            s.mfaResult = row.text("Multifactor authentication result");
            s.sessionId = row.text("Session ID");
            s.userAgent = row.text("User agent");
            sink.signin(origin, s.toRow());
        });
    }
}
