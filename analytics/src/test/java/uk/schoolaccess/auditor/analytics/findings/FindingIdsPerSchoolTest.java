package uk.schoolaccess.auditor.analytics.findings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.schoolaccess.auditor.analytics.detect.Evidence;
import uk.schoolaccess.auditor.analytics.detect.Finding;
import uk.schoolaccess.auditor.analytics.detect.FindingIds;
import uk.schoolaccess.auditor.analytics.detect.Severity;
import uk.schoolaccess.auditor.ingest.store.Store;

/** Two schools of a trust may share staff ids: the school is part of a finding's id. */
class FindingIdsPerSchoolTest {

    private static final Instant T = Instant.parse("2026-09-08T09:00:00Z");

    private static Finding unplaced(String id) {
        return new Finding(id, "leaver_account", "S0001", "jsmith", "MIS", T, T, Severity.HIGH, 1.0, "CRED-2",
                "S0001 used the MIS after leaving.", new Evidence(List.of("e1"), null, java.util.Map.of()));
    }

    @Test
    void the_same_finding_at_two_schools_has_two_ids() {
        Finding a = unplaced("Fabc").withSchool("NFS");
        Finding b = unplaced("Fabc").withSchool("SFS");
        assertNotEquals(a.findingId(), b.findingId());
        assertEquals(FindingIds.of("Fabc", "NFS"), a.findingId());
        assertSame(a, a.withSchool("NFS"), "placing a finding at its own school again changes nothing");
        assertSame(a, a.withSchool(null));
    }

    /** A store whose findings were saved with their school before ids included it moves them, with their triage. */
    @Test
    void an_older_store_moves_its_ids_with_decisions_and_digests(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("audit.duckdb");
        Finding old = new Finding("F0011223344556677", "leaver_account", "S0001", "jsmith", "MIS", T, T,
                Severity.HIGH, 1.0, "CRED-2", "S0001 used the MIS after leaving.",
                new Evidence(List.of("e1"), null, java.util.Map.of()), "NFS");
        Finding noSchool = unplaced("F8899aabbccddeeff");
        try (Store s = Store.open(db); Statement st = s.connection().createStatement()) {
            FindingStore.save(s.connection(), List.of(old, noSchool), List.of("leaver_account"), T, T.plusSeconds(60));
            st.execute("UPDATE findings SET status = 'confirmed' WHERE finding_id = 'F0011223344556677'");
            st.execute("INSERT INTO finding_decisions VALUES ('F0011223344556677', 'confirmed', 'spoke to IT', 'dpo', "
                    + "TIMESTAMP '2026-09-09 10:00:00')");
            st.execute("INSERT INTO digest_findings VALUES ('dsl-daily', '2026-09-08', 'F0011223344556677')");
            st.execute("DELETE FROM schema_version WHERE version >= 5"); // as written by the previous auditor
        }
        String moved = FindingIds.of("F0011223344556677", "NFS");
        try (Store s = Store.open(db); Statement st = s.connection().createStatement()) {
            assertEquals(List.of(moved, "F8899aabbccddeeff"), column(st, "SELECT finding_id FROM findings ORDER BY school_id NULLS LAST"));
            assertEquals(List.of(moved), column(st, "SELECT finding_id FROM finding_decisions"));
            assertEquals(List.of(moved), column(st, "SELECT finding_id FROM digest_findings"));
            assertEquals(List.of("confirmed"), column(st, "SELECT status FROM findings WHERE school_id = 'NFS'"));
        }
    }

    /** A finding saved before findings had a school takes the store's one school, as the next audit will. */
    @Test
    void a_finding_saved_without_a_school_moves_to_the_stores_school(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("audit.duckdb");
        try (Store s = Store.open(db); Statement st = s.connection().createStatement()) {
            st.execute("INSERT INTO staff (staff_id, display_name, roles, school_id) VALUES ('S0001', 'A Teacher', "
                    + "['teacher'], 'NFS')");
            FindingStore.save(s.connection(), List.of(unplaced("F8899aabbccddeeff")), List.of("leaver_account"), T,
                    T.plusSeconds(60));
            st.execute("UPDATE findings SET status = 'dismissed'");
            st.execute("INSERT INTO finding_decisions VALUES ('F8899aabbccddeeff', 'dismissed', 'cover', 'dpo', "
                    + "TIMESTAMP '2026-09-09 10:00:00')");
            st.execute("DELETE FROM schema_version WHERE version >= 5");
        }
        String moved = FindingIds.of("F8899aabbccddeeff", "NFS");
        assertEquals(moved, unplaced("F8899aabbccddeeff").withSchool("NFS").findingId(), "the id the next audit gives");
        try (Store s = Store.open(db); Statement st = s.connection().createStatement()) {
            assertEquals(List.of(moved + " NFS dismissed"),
                    column(st, "SELECT finding_id || ' ' || school_id || ' ' || status FROM findings"));
            assertEquals(List.of(moved), column(st, "SELECT finding_id FROM finding_decisions"));
        }
    }

    private static List<String> column(Statement st, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
