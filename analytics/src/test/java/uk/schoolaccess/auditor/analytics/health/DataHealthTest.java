package uk.schoolaccess.auditor.analytics.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.schoolaccess.auditor.ingest.store.Store;

class DataHealthTest {

    @TempDir
    Path dir;

    @Test
    void reports_each_sources_coverage_quarantine_and_accounts_nobody_owns() throws Exception {
        try (Store store = Store.open(dir.resolve("a.duckdb")); Statement s = store.connection().createStatement()) {
            s.execute("INSERT INTO staff (staff_id, roles) VALUES ('S1', ['teacher'])");
            s.execute("INSERT INTO record_access (event_id, source, ts, account, staff_id, action) VALUES "
                    + "('e1', 'sims', TIMESTAMP '2026-09-14 08:00:00', 'ACarter', 'S1', 'view'),"
                    + "('e2', 'sims', TIMESTAMP '2026-09-18 15:00:00', 'Ghost', NULL, 'view'),"
                    + "('e3', 'cpoms', TIMESTAMP '2026-09-15 10:00:00', 'Ghost', NULL, 'view')");
            s.execute("INSERT INTO logon_events (event_id, source, ts, account, kind, interactive) VALUES "
                    + "('l1', 'windows', TIMESTAMP '2026-09-14 07:00:00', 'PC01$', 'logon', false)");
            s.execute("INSERT INTO quarantine VALUES (1, 'x.csv', 3, 'raw', 'bad')");
            s.execute("INSERT INTO pupil_accounts VALUES ('P1', 'windows', 'NORTHFIELD\\25gbegum', '25gbegum')");
            s.execute("INSERT INTO logon_events (event_id, source, ts, account, kind, interactive) VALUES "
                    + "('l2', 'windows', TIMESTAMP '2026-09-14 09:00:00', 'NORTHFIELD\\25GBegum', 'logon', true)");
            DataHealth.Report r = DataHealth.of(store.connection(), 10);
            assertEquals(1, r.roster().staff());
            assertEquals(List.of(
                    new DataHealth.SourceCoverage("logon_events", "windows", 1, Instant.parse("2026-09-14T09:00:00Z"),
                            Instant.parse("2026-09-14T09:00:00Z"), 0),
                    new DataHealth.SourceCoverage("record_access", "cpoms", 1, Instant.parse("2026-09-15T10:00:00Z"),
                            Instant.parse("2026-09-15T10:00:00Z"), 1),
                    new DataHealth.SourceCoverage("record_access", "sims", 2, Instant.parse("2026-09-14T08:00:00Z"),
                            Instant.parse("2026-09-18T15:00:00Z"), 1)), r.sources());
            assertEquals(1, r.quarantined());
            assertEquals(2, r.unknownAccountCount(), "machine accounts and pupils' own logins are not unknown");
            assertEquals(1, r.pupilAccountsSeen());
        }
    }
    @Test
    void events_a_member_of_staff_owns_are_never_without_owner_even_before_the_pupils_roster() throws Exception {
        // Staff roster loaded, no pupils yet: the owned events used to count as "with no known owner".
        try (Store store = Store.open(dir.resolve("b.duckdb")); Statement s = store.connection().createStatement()) {
            s.execute("INSERT INTO staff (staff_id, roles) VALUES ('S1', ['teacher'])");
            s.execute("INSERT INTO record_access (event_id, source, ts, account, staff_id, action) VALUES "
                    + "('e1', 'sims', TIMESTAMP '2026-09-14 08:00:00', 'ACarter', 'S1', 'view'),"
                    + "('e2', 'sims', TIMESTAMP '2026-09-14 09:00:00', 'ACarter', 'S1', 'view'),"
                    + "('e3', 'sims', TIMESTAMP '2026-09-18 15:00:00', 'Ghost', NULL, 'view')");
            DataHealth.Report r = DataHealth.of(store.connection(), 10);
            assertEquals(List.of(new DataHealth.SourceCoverage("record_access", "sims", 3,
                    Instant.parse("2026-09-14T08:00:00Z"), Instant.parse("2026-09-18T15:00:00Z"), 1)), r.sources());
            assertEquals(List.of(new DataHealth.UnknownAccount("sims", "Ghost", 1)), r.unknownAccounts());
        }
    }
}
