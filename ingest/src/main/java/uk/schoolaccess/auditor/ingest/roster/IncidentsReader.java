package uk.schoolaccess.auditor.ingest.roster;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.stream.Stream;

import uk.schoolaccess.auditor.ingest.CellShape;
import uk.schoolaccess.auditor.ingest.ReadContext;
import uk.schoolaccess.auditor.ingest.RowRejected;
import uk.schoolaccess.auditor.ingest.RowSink;
import uk.schoolaccess.auditor.ingest.SourceReader;
import uk.schoolaccess.auditor.ingest.csv.CsvInput;
import uk.schoolaccess.auditor.ingest.csv.HeaderMatch;
import uk.schoolaccess.auditor.ingest.rows.IncidentRow;
import uk.schoolaccess.auditor.ingest.rows.InvolvementRow;
import uk.schoolaccess.auditor.ingest.source.Sniff;
import uk.schoolaccess.auditor.ingest.source.SourceFile;
import uk.schoolaccess.auditor.ingest.time.LocalTimeResolver;

/**
 * {@code incidents.csv} from CPOMS/MyConcern: each incident with its author and the staff
 * assigned to it or alerted about it. Those involvements later explain who may open it.
 * {@code created_at} with no offset is in the safeguarding system's zone.
 */
public final class IncidentsReader implements SourceReader {

    private static final List<String> COLUMNS = List.of("incident_id", "pupil_id", "category", "created_at", "author");

    @Override
    public String format() {
        return "roster-incidents";
    }

    @Override
    public String description() {
        return "incidents.csv: incident_id, pupil_id, category, created_at, author, assigned, alerted";
    }

    @Override
    public String sourceZone(ReadContext context) {
        return context.zoneOf("cpoms").getId();
    }

    @Override
    public List<String> requiredColumns() {
        return COLUMNS;
    }

    @Override
    public List<String> knownColumns() {
        return Stream.of(COLUMNS, List.of("assigned", "alerted", "actioned")).flatMap(List::stream).toList();
    }

    @Override
    public int recognises(Sniff sniff) {
        return HeaderMatch.score(sniff, COLUMNS);
    }

    @Override
    public void read(SourceFile file, ReadContext context, RowSink sink) throws IOException {
        LocalTimeResolver local = new LocalTimeResolver(context.zoneOf("cpoms"));
        CsvInput.forEachRow(file, false, sink, (row, origin) -> {
            String id = row.required("incident_id");
            String author = row.text("author");
            sink.incident(origin, new IncidentRow(id, row.text("pupil_id"), row.text("category"),
                    createdAt(row.required("created_at"), local, sink, origin), author));
            int part = 1;
            if (author != null) {
                sink.involvement(origin.part(part++), new InvolvementRow(id, author, "author"));
            }
            for (String kind : List.of("assigned", "alerted", "actioned")) {
                for (String account : row.list(kind)) {
                    sink.involvement(origin.part(part++), new InvolvementRow(id, account, kind));
                }
            }
        });
    }

    private static Instant createdAt(String v, LocalTimeResolver local, RowSink sink,
                                     uk.schoolaccess.auditor.ingest.Origin origin) {
        try {
            return OffsetDateTime.parse(v.replace(' ', 'T')).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                var r = local.resolve(LocalDateTime.parse(v.replace(' ', 'T')));
                if (r.ambiguous()) {
                    sink.ambiguousTime(origin);
                }
                return r.instant();
            } catch (DateTimeParseException e) {
                throw new RowRejected("unparsable time in 'created_at', expected ISO-8601 " + CellShape.found(v));
            }
        }
    }
}
