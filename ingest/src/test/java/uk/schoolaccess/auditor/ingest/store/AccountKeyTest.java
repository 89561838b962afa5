package uk.schoolaccess.auditor.ingest.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import uk.schoolaccess.auditor.ingest.FreshStore;

/**
 * StaffResolver works out account_key in Java for plain ASCII accounts; the store's SQL macro
 * (V001) is the rule. Both must give the same key for every such account, or an event would be
 * resolved to someone else than a roster load's re-resolution gives it.
 */
class AccountKeyTest extends FreshStore {

    @Test
    void the_java_key_equals_the_macro_for_the_accounts_exports_write() throws Exception {
        List<String> accounts = new ArrayList<>(List.of("TMarsden", "NORTHFIELD\\TMarsden", "t.marsden@northfield.sch.uk",
                "  NORTHFIELD\\Sub\\JSmith@x.y@z  ", "a@b\\c", "", " ", " @ ", "\\", "@", "\\\\", "x\\", "@x\\y",
                "NFS-RM87-PC01$", "SYSTEM", "NT AUTHORITY\\SYSTEM", "DOM\\ jsmith ", "Jo Smith", "~!#$%^&*()_+{}|:\"<>?",
                "UPPER@LOWER", "MiXeD\\CaSe@Domain.ORG"));
        Random random = new Random(14);
        String alphabet = "AbCzZa09 .\\@-_$'~";
        for (int i = 0; i < 3000; i++) {
            StringBuilder b = new StringBuilder();
            for (int n = random.nextInt(14); n > 0; n--) {
                b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            accounts.add(b.toString());
        }
        try (PreparedStatement p = store.connection().prepareStatement("SELECT account_key(?)")) {
            for (String account : accounts) {
                p.setString(1, account);
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    assertEquals(rs.getString(1), StaffResolver.plainAccountKey(account), "[" + account + "]");
                }
            }
        }
    }

    @Test
    void anything_beyond_printable_ascii_is_left_to_the_macro() {
        for (String account : List.of("Zoë.Brontë", "tab\there", "line\nbreak", "cr\r", "\u00a0nbsp", "ＡＢＣ", "del\u007f")) {
            assertNull(StaffResolver.plainAccountKey(account), account);
        }
    }
}
