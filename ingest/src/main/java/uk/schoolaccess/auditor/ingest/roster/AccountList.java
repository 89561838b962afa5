package uk.schoolaccess.auditor.ingest.roster;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import uk.schoolaccess.auditor.ingest.csv.Fields;
import uk.schoolaccess.auditor.ingest.RowRejected;

/** The {@code accounts} column of staff.csv and pupils.csv: {@code system:login} pairs separated by {@code ;}. */
final class AccountList {

    /** One login: the system in lower case, the login as written. */
    record Account(String system, String login) {
    }

    private AccountList() {
    }

    static List<Account> parse(Fields row) {
        List<Account> out = new ArrayList<>();
        for (String pair : row.list("accounts")) {
            int colon = pair.indexOf(':');
            if (colon <= 0 || colon == pair.length() - 1) {
                // the entry is not repeated in the reason: a pupil's login is personal data
                throw new RowRejected("accounts entry " + (out.size() + 1) + " is not system:login");
            }
            out.add(new Account(pair.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                    pair.substring(colon + 1).strip()));
        }
        return out;
    }
}
