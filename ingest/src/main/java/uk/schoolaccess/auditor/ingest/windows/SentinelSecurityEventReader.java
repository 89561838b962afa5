package uk.schoolaccess.auditor.ingest.windows;

import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;

import uk.schoolaccess.auditor.ingest.ReadContext;
import uk.schoolaccess.auditor.ingest.RowSink;
import uk.schoolaccess.auditor.ingest.SourceReader;
import uk.schoolaccess.auditor.ingest.csv.CsvInput;
import uk.schoolaccess.auditor.ingest.csv.Header;
import uk.schoolaccess.auditor.ingest.source.Sniff;
import uk.schoolaccess.auditor.ingest.source.SourceFile;
import uk.schoolaccess.auditor.ingest.time.ExportTimes;

/**
 * Microsoft Sentinel / Log Analytics {@code SecurityEvent} exported to CSV (FORMATS §3b): about
 * 230 columns, one per event field, most empty on any one row. Only the columns the auditor
 * needs are read, by name, so a column Excel damaged on the way ({@code #NAME?} where
 * {@code Account} was {@code -\-}) never stops a row. {@code EventData} holds XML that may
 * span lines, so quoted line breaks are read as part of the cell.
 */
public final class SentinelSecurityEventReader implements SourceReader {

    private static final String TIME = "TimeGenerated [UTC]";
    /** A query that projected its own columns exports the time without the zone suffix. */
    private static final String TIME_PLAIN = "TimeGenerated";

    private static final List<String> REQUIRED = List.of("Computer", "EventID", "TargetUserName", "TargetLogonId");
    private static final List<String> OPTIONAL = List.of("TargetDomainName", "LogonType", "IpAddress",
            "WorkstationName", "Account", "EventSourceName", "Activity", "Channel");

    @Override
    public String format() {
        return "windows-security-sentinel-csv";
    }

    @Override
    public String description() {
        return "Sentinel SecurityEvent CSV: TimeGenerated [UTC], Computer, EventID, TargetUserName, TargetLogonId";
    }

    @Override
    public List<String> requiredColumns() {
        return REQUIRED;
    }

    @Override
    public List<String> knownColumns() {
        return Stream.of(List.of(TIME, TIME_PLAIN), REQUIRED, OPTIONAL).flatMap(List::stream).toList();
    }

    @Override
    public int recognises(Sniff sniff) {
        Header h = sniff.csvHeader();
        if (sniff.firstChar() == '{' || sniff.firstChar() == '[' || !(h.has(TIME) || h.has(TIME_PLAIN))
                || !h.hasAll(REQUIRED)) {
            return 0;
        }
        return 1 + REQUIRED.size() + (int) OPTIONAL.stream().filter(h::has).count();
    }

    @Override
    public void read(SourceFile file, ReadContext context, RowSink sink) throws IOException {
        CsvInput.forEachRow(file, true, sink, (row, origin) -> {
            String timeColumn = row.header().indexOf(TIME).isPresent() ? TIME : TIME_PLAIN;
            SecurityEvents.EventFields fields = name -> SecurityEvents.value(row.text(name));
            SecurityEvents.send(fields, ExportTimes.utc(row.text(timeColumn), timeColumn), fields.get("Channel"),
                    origin, sink);
        });
    }
}
