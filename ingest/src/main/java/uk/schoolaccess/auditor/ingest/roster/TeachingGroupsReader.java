package uk.schoolaccess.auditor.ingest.roster;

import java.io.IOException;
import java.util.List;

import uk.schoolaccess.auditor.ingest.ReadContext;
import uk.schoolaccess.auditor.ingest.RowSink;
import uk.schoolaccess.auditor.ingest.SourceReader;
import uk.schoolaccess.auditor.ingest.csv.CsvInput;
import uk.schoolaccess.auditor.ingest.csv.HeaderMatch;
import uk.schoolaccess.auditor.ingest.rows.RelationshipRow;
import uk.schoolaccess.auditor.ingest.source.Sniff;
import uk.schoolaccess.auditor.ingest.source.SourceFile;

/** {@code teaching_groups.csv}, the timetable: each row says a teacher teaches a pupil. */
public final class TeachingGroupsReader implements SourceReader {

    private static final List<String> COLUMNS = List.of("group_id", "subject", "staff_id", "pupil_id");

    @Override
    public String format() {
        return "roster-teaching-groups";
    }

    @Override
    public String description() {
        return "roster teaching_groups.csv: group_id, subject, staff_id, pupil_id (who teaches whom)";
    }

    @Override
    public List<String> requiredColumns() {
        return COLUMNS;
    }

    @Override
    public List<String> knownColumns() {
        return COLUMNS;
    }

    @Override
    public int recognises(Sniff sniff) {
        return HeaderMatch.score(sniff, COLUMNS);
    }

    @Override
    public void read(SourceFile file, ReadContext context, RowSink sink) throws IOException {
        CsvInput.forEachRow(file, false, sink, (row, origin) -> sink.relationship(origin, new RelationshipRow(
                row.required("staff_id"), "teaches", row.required("pupil_id"), null, null,
                row.required("group_id"), row.text("subject"))));
    }
}
