package uk.schoolaccess.auditor.ingest.roster;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import uk.schoolaccess.auditor.ingest.CellShape;
import uk.schoolaccess.auditor.ingest.ReadContext;
import uk.schoolaccess.auditor.ingest.RowRejected;
import uk.schoolaccess.auditor.ingest.RowSink;
import uk.schoolaccess.auditor.ingest.SourceReader;
import uk.schoolaccess.auditor.ingest.csv.CsvInput;
import uk.schoolaccess.auditor.ingest.csv.HeaderMatch;
import uk.schoolaccess.auditor.ingest.rows.RelationshipRow;
import uk.schoolaccess.auditor.ingest.source.Sniff;
import uk.schoolaccess.auditor.ingest.source.SourceFile;

/**
 * {@code pastoral.csv}: form tutors, heads of year, SEN caseloads and keyworkers. Each row names
 * exactly one scope (a year group, a form or a pupil); it is stored as that scope and expanded
 * to pupils by the view relationship_pupils, so pupils may be loaded before or after.
 */
public final class PastoralReader implements SourceReader {

    private static final List<String> SCOPES = List.of("year_group", "form", "pupil_id");

    @Override
    public String format() {
        return "roster-pastoral";
    }

    @Override
    public String description() {
        return "roster pastoral.csv: staff_id, kind, and one of year_group / form / pupil_id";
    }

    @Override
    public List<String> knownColumns() {
        return List.of("staff_id", "kind", "year_group", "form", "pupil_id");
    }

    @Override
    public int recognises(Sniff sniff) {
        int base = HeaderMatch.score(sniff, List.of("staff_id", "kind"));
        long scopes = SCOPES.stream().filter(sniff.csvHeader()::has).count();
        return base == 0 || scopes == 0 || sniff.csvHeader().has("group_id") ? 0 : base + (int) scopes;
    }

    @Override
    public void read(SourceFile file, ReadContext context, RowSink sink) throws IOException {
        CsvInput.forEachRow(file, false, sink, (row, origin) -> {
            String kind = row.required("kind").toLowerCase(Locale.ROOT);
            if (!RelationshipRow.PASTORAL_KINDS.contains(kind)) {
                throw new RowRejected("unknown kind in 'kind' " + CellShape.found(kind) + ", known: "
                        + String.join(", ", RelationshipRow.PASTORAL_KINDS.stream().sorted().toList()));
            }
            Integer year = row.integer("year_group");
            String form = row.text("form");
            String pupil = row.text("pupil_id");
            long given = Stream.of(year, form, pupil).filter(v -> v != null).count();
            if (given != 1) {
                throw new RowRejected("exactly one of year_group, form, pupil_id must be given (found " + given + ")");
            }
            sink.relationship(origin, new RelationshipRow(row.required("staff_id"), kind, pupil, form, year,
                    null, null));
        });
    }
}
