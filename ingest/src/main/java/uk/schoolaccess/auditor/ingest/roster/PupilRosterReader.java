package uk.schoolaccess.auditor.ingest.roster;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import uk.schoolaccess.auditor.ingest.ReadContext;
import uk.schoolaccess.auditor.ingest.RowRejected;
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
    public int recognises(Sniff sniff) {
        return HeaderMatch.score(sniff, COLUMNS);
    }

    @Override
    public void read(SourceFile file, ReadContext context, RowSink sink) throws IOException {
        CsvInput.forEachRow(file, false, sink, (row, origin) -> {
            String id = row.required("pupil_id");
            List<PupilAccountRow> accounts = new ArrayList<>();
            for (String pair : row.list("accounts")) {
                int colon = pair.indexOf(':');
                if (colon <= 0 || colon == pair.length() - 1) {
                    throw new RowRejected("accounts entry " + (accounts.size() + 1) + " is not system:login");
                }
                accounts.add(new PupilAccountRow(id, pair.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        pair.substring(colon + 1).strip()));
            }
            sink.pupil(origin, new PupilRow(id, row.text("surname"), row.text("forename"), row.integer("year_group"),
                    row.text("form"), row.flag("sen"), row.text("family_key"), context.schoolId()));
            for (int i = 0; i < accounts.size(); i++) {
                sink.pupilAccount(origin.part(i + 1), accounts.get(i));
            }
        });
    }
}
