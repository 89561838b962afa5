package uk.schoolaccess.auditor.analytics.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.schoolaccess.auditor.ingest.store.Store;

class SchoolNetworksTest {

    @TempDir
    Path dir;

    @Test
    void suggests_the_range_many_staff_sign_in_from_while_logged_on_at_school_computers_and_not_a_home() throws Exception {
        try (Store store = Store.open(dir.resolve("s.duckdb")); Statement s = store.connection().createStatement()) {
            int n = 0;
            for (int i = 1; i <= 5; i++) {
                String staff = "S" + i;
                s.execute("INSERT INTO logon_events (event_id, source, ts, account, staff_id, workstation, logon_id, kind, "
                        + "logon_type, interactive) VALUES ('w" + i + "', 'windows', TIMESTAMP '2026-09-14 07:30:00', 'a"
                        + i + "', '" + staff + "', 'NFS-RM0" + i + "-PC01', '0x1', 'logon', 2, true)");
                String schoolIp = "198.51.100." + (i % 2 == 0 ? 3 : 12);
                s.execute("INSERT INTO signins (event_id, source, ts, account, staff_id, app, ip, success) VALUES ('s"
                        + (++n) + "', 'entra', TIMESTAMP '2026-09-14 07:32:00', 'a" + i + "', '" + staff + "', 'OfficeHome', '"
                        + schoolIp + "', true)");
                // evening sign-ins from home broadband: one household each
                s.execute("INSERT INTO signins (event_id, source, ts, account, staff_id, app, ip, success) VALUES ('s"
                        + (++n) + "', 'entra', TIMESTAMP '2026-09-14 19:00:00', 'a" + i + "', '" + staff + "', 'OfficeHome', "
                        + "'203.0.113." + i + "', true)");
            }
            List<SchoolNetworks.Suggestion> found = SchoolNetworks.suggest(store.connection());
            assertEquals(1, found.size(), found.toString());
            assertEquals("198.51.100.0/28", found.get(0).cidr());
            assertEquals(List.of("198.51.100.3", "198.51.100.12"), found.get(0).addresses(), "in address order");
            assertEquals(5, found.get(0).logons(), "each staff member's logon at a school PC coincided");
            assertEquals(List.of(java.time.LocalDate.parse("2026-09-14")), found.get(0).days());
            assertEquals("5 staff signed in from it within 15 minutes of logging on at a school computer (5 school-PC "
                    + "logon(s) coincided), on Mon 14 Sep 2026", found.get(0).evidence());
            assertEquals(found, SchoolNetworks.missingFrom(found, List.of()), "nothing configured: all missing");
            assertEquals(found, SchoolNetworks.missingFrom(found, List.of("198.51.100.0/29")), "a range that misses .12");
            assertEquals(List.of(), SchoolNetworks.missingFrom(found, List.of("198.51.100.0/24")), "a wider range covers it");
        }
    }

    @Test
    void the_covering_range_is_the_smallest_within_the_slash_24() {
        assertEquals("10.1.2.7/32", SchoolNetworks.covering("10.1.2", List.of("10.1.2.7")));
        assertEquals("10.1.2.0/25", SchoolNetworks.covering("10.1.2", List.of("10.1.2.1", "10.1.2.100")));
        assertEquals("10.1.2.0/24", SchoolNetworks.covering("10.1.2", List.of("10.1.2.1", "10.1.2.200")));
    }
}
