package uk.schoolaccess.auditor.ingest.roster;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import uk.schoolaccess.auditor.ingest.CellShape;
import uk.schoolaccess.auditor.ingest.ReadContext;
import uk.schoolaccess.auditor.ingest.RowRejected;
import uk.schoolaccess.auditor.ingest.RowSink;
import uk.schoolaccess.auditor.ingest.SourceReader;
import uk.schoolaccess.auditor.ingest.csv.CsvInput;
import uk.schoolaccess.auditor.ingest.csv.Fields;
import uk.schoolaccess.auditor.ingest.csv.HeaderMatch;
import uk.schoolaccess.auditor.ingest.rows.StaffAccountRow;
import uk.schoolaccess.auditor.ingest.rows.StaffRow;
import uk.schoolaccess.auditor.ingest.source.Sniff;
import uk.schoolaccess.auditor.ingest.source.SourceFile;

/** {@code staff.csv}: members of staff, their roles and their logins in each system. */
public final class StaffRosterReader implements SourceReader {

    private static final List<String> COLUMNS = List.of("staff_id", "roles", "accounts");

    @Override
    public String format() {
        return "roster-staff";
    }

    @Override
    public String description() {
        return "roster staff.csv: staff_id, display_name, email, roles, start_date, leave_date, accounts[, family_key]";
    }

    @Override
    public List<String> requiredColumns() {
        return COLUMNS;
    }

    @Override
    public List<String> knownColumns() {
        return List.of("staff_id", "display_name", "email", "roles", "start_date", "leave_date", "accounts", "family_key");
    }

    @Override
    public int recognises(Sniff sniff) {
        return HeaderMatch.score(sniff, COLUMNS);
    }

    @Override
    public void read(SourceFile file, ReadContext context, RowSink sink) throws IOException {
        CsvInput.forEachRow(file, false, sink, (row, origin) -> {
            String staffId = row.required("staff_id");
            List<String> roles = roles(row);
            List<StaffAccountRow> accounts = accounts(staffId, row);
            var start = row.date("start_date");
            var leave = row.date("leave_date");
            if (start != null && leave != null && leave.isBefore(start)) {
                throw new RowRejected("leave_date is before start_date");
            }
            sink.staff(origin, new StaffRow(staffId, row.text("display_name"), row.text("email"), roles,
                    start, leave, context.schoolId(), row.text("family_key")));
            for (int i = 0; i < accounts.size(); i++) {
                sink.staffAccount(origin.part(i + 1), accounts.get(i));
            }
        });
    }

    private static List<String> roles(Fields row) {
        List<String> roles = new ArrayList<>();
        for (String r : row.list("roles")) {
            String role = r.toLowerCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
            if (!StaffRow.ROLES.contains(role)) {
                throw new RowRejected("unknown role in 'roles' " + CellShape.found(r) + ", known: " + String.join(", ",
                        StaffRow.ROLES.stream().sorted().toList()));
            }
            if (!roles.contains(role)) {
                roles.add(role);
            }
        }
        return roles;
    }

    private static List<StaffAccountRow> accounts(String staffId, Fields row) {
        List<StaffAccountRow> out = new ArrayList<>();
        for (AccountList.Account a : AccountList.parse(row)) {
            if (!StaffAccountRow.SYSTEMS.contains(a.system())) {
                throw new RowRejected("unknown system in 'accounts' " + CellShape.found(a.system()) + ", known: "
                        + String.join(", ", StaffAccountRow.SYSTEMS.stream().sorted().toList()));
            }
            out.add(new StaffAccountRow(staffId, a.system(), a.login()));
        }
        return out;
    }
}
