package uk.schoolaccess.auditor.ingest.roster;

import java.io.IOException;
import java.util.List;

import uk.schoolaccess.auditor.ingest.ReadContext;
import uk.schoolaccess.auditor.ingest.RowSink;
import uk.schoolaccess.auditor.ingest.SourceReader;
import uk.schoolaccess.auditor.ingest.csv.CsvInput;
import uk.schoolaccess.auditor.ingest.csv.HeaderMatch;
import uk.schoolaccess.auditor.ingest.rows.PupilAccountRow;
import uk.schoolaccess.auditor.ingest.rows.PupilRow;
import uk.schoolaccess.auditor.ingest.source.Sniff;
import uk.schoolaccess.auditor.ingest.source.SourceFile;

/** {@code pupils.csv}: pupils, their year, form and SEN flag; names optional. */
public final class PupilRosterReader implements SourceReader {

    private static final List<String> COLUMNS = List.of("pupil_id", "year_group", "form", "sen");

    @Override
    public String format() {
        return "roster-pupils";
    }

    @Override
    public String description() {
        return "roster pupils.csv: pupil_id, surname, forename, year_group, form, sen, family_key[, accounts]";
    }

    @Override
    public List<String> requiredColumns() {
        return COLUMNS;
    }

    @Override
    public List<String> knownColumns() {
        return List.of("pupil_id", "surname", "forename", "year_group", "form", "sen", "family_key", "accounts");
    }

    @Override
    public int recognises(Sniff sniff) {
        return HeaderMatch.score(sniff, COLUMNS);
    }

    @Override
    public void read(SourceFile file, ReadContext context, RowSink sink) throws IOException {
        CsvInput.forEachRow(file, false, sink, (row, origin) -> {
            String id = row.required("pupil_id");
            List<PupilAccountRow> accounts = AccountList.parse(row).stream()
                    .map(a -> new PupilAccountRow(id, a.system(), a.login())).toList();
            sink.pupil(origin, new PupilRow(id, row.text("surname"), row.text("forename"), row.integer("year_group"),
                    row.text("form"), row.flag("sen"), row.text("family_key"), context.schoolId()));
            for (int i = 0; i < accounts.size(); i++) {
                sink.pupilAccount(origin.part(i + 1), accounts.get(i));
            }
        });
    }
}
