package uk.schoolaccess.auditor.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.schoolaccess.auditor.ingest.Fixtures.path;
import static uk.schoolaccess.auditor.ingest.Fixtures.scalar;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import uk.schoolaccess.auditor.ingest.store.BatchResult;

/**
 * A roster file replaces what it lists (a person's logins, a member of staff's relationships of
 * the kinds it holds) only when all of it was read: a download cut short, or a row quarantined,
 * must not remove what the missing rows would have listed.
 */
class RosterSnapshotTest extends FreshStore {

    private long teaches(String staffId) {
        return (Long) scalar(store, "SELECT count(*) FROM relationships WHERE staff_id = '" + staffId
                + "' AND kind = 'teaches'");
    }

    /** The fixture roster, then a teaching-groups file of these rows (after the header). */
    private BatchResult teachingGroupsAfterTheRoster(String rows) throws IOException {
        Fixtures.ingest(store, path("roster"));
        return load("teaching_groups.csv", "group_id,subject,staff_id,pupil_id\n" + rows);
    }

    private BatchResult load(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return Fixtures.ingest(store, file).batches().get(0);
    }

    @Test
    void a_teaching_groups_file_cut_short_removes_nothing_and_says_so() throws IOException {
        // the download stopped inside the third row: S0001's other two pupils are not in what arrived
        BatchResult b = teachingGroupsAfterTheRoster("7MA1,Maths,S0001,P00101\n8EN2,English,S0002,P00201\n"
                + "7MA1,Ma");
        assertEquals(1, b.quarantined());
        assertEquals(3, teaches("S0001"), "a cut file removes nothing");
        assertEquals(2, teaches("S0002"));
        assertEquals(0, b.removed());
        assertTrue(b.snapshotIncomplete());
        assertEquals("roster snapshot incomplete (1 row quarantined): nothing removed; fix the export and load it "
                + "again", b.incompleteSnapshot());
    }

    @Test
    void a_file_cut_inside_its_last_column_looks_well_formed_but_removes_nothing() throws IOException {
        // "P001" of "P00103": the row has all its columns, so only the missing line break shows the cut
        BatchResult b = teachingGroupsAfterTheRoster("7MA1,Maths,S0001,P00101\n7MA1,Maths,S0001,P001");
        assertEquals(0, b.quarantined());
        assertEquals(3L, scalar(store, "SELECT count(*) FROM relationships WHERE staff_id = 'S0001' AND kind = "
                + "'teaches' AND pupil_id IN ('P00101', 'P00102', 'P00103')"), "P00102 and P00103 kept");
        assertEquals(0, b.removed());
        assertEquals("roster snapshot incomplete (its last line ends without a line break, as a download cut short "
                + "does): nothing removed; fix the export and load it again", b.incompleteSnapshot());
    }

    @Test
    void a_whole_utf16_file_ends_with_its_line_break_and_is_a_snapshot() throws IOException {
        Fixtures.ingest(store, path("roster"));
        for (var cs : java.util.List.of(java.nio.charset.StandardCharsets.UTF_16LE,
                java.nio.charset.StandardCharsets.UTF_16BE)) {
            String text = "\uFEFFgroup_id,subject,staff_id,pupil_id\r\n7MA1,Maths,S0001,P00101\r\n";
            Path file = Files.write(dir.resolve("tg-" + cs.name() + ".csv"), text.getBytes(cs));
            BatchResult b = Fixtures.ingest(store, file).batches().get(0);
            assertFalse(b.snapshotIncomplete(), cs + ": " + b.incompleteSnapshot());
            Path cut = Files.write(dir.resolve("tg-cut-" + cs.name() + ".csv"),
                    text.substring(0, text.length() - 2).getBytes(cs));
            assertTrue(Fixtures.ingest(store, cut).batches().get(0).snapshotIncomplete(), cs.name());
        }
        assertEquals(1, teaches("S0001"));
    }

    @Test
    void a_row_quarantined_in_the_middle_also_keeps_what_the_file_does_not_list() throws IOException {
        BatchResult b = teachingGroupsAfterTheRoster("7MA1,Maths,S0001,P00101\n7MA1,Maths,S0001\n"
                + "8EN2,English,S0002,P00201\n");
        assertEquals(1, b.quarantined());
        assertEquals(3, teaches("S0001"));
        assertEquals(2, teaches("S0002"));
        assertTrue(b.snapshotIncomplete());
    }

    @Test
    void a_whole_relationships_file_removes_what_it_no_longer_lists_and_counts_it() throws IOException {
        BatchResult b = teachingGroupsAfterTheRoster("7MA1,Maths,S0001,P00101\n");
        assertEquals(1, teaches("S0001"));
        assertEquals(2, b.removed(), "S0001's two other pupils");
        assertFalse(b.snapshotIncomplete());
        assertNull(b.incompleteSnapshot());
        BatchResult again = load("teaching_groups.csv",
                "group_id,subject,staff_id,pupil_id\n7MA1,Maths,S0001,P00101\n");
        assertEquals(0, again.removed(), "nothing left to remove");
    }

    @Test
    void a_staff_file_cut_inside_its_last_column_keeps_everyones_logins() throws IOException {
        Fixtures.ingest(store, path("roster/staff.csv"));
        String header = "staff_id,display_name,email,roles,start_date,leave_date,accounts\n";
        // cut inside S0004's logins: a well-formed row, which would have replaced S0004's three logins
        BatchResult b = load("staff.csv", header
                + "S0005,Eli Grant,e.grant@northfield.sch.uk,teacher;supply,2026-09-01,2026-10-16,sims:EGrant\n"
                + "S0004,Dee Fox,d.fox@northfield.sch.uk,office,2021-04-12,,entra:d.fox@north");
        assertTrue(b.snapshotIncomplete());
        assertEquals(2L, scalar(store, "SELECT count(*) FROM staff_accounts WHERE staff_id = 'S0005'"),
                "the login the file no longer lists is kept while the file is not whole");
        assertEquals(3L, scalar(store, "SELECT count(*) FROM staff_accounts WHERE staff_id = 'S0004'"));

        BatchResult whole = load("staff2.csv", header
                + "S0005,Eli Grant,e.grant@northfield.sch.uk,teacher;supply,2026-09-01,2026-10-16,sims:EGrant\n");
        assertFalse(whole.snapshotIncomplete());
        assertEquals(1, whole.removed(), "S0005's Entra login");
        assertEquals(1L, scalar(store, "SELECT count(*) FROM staff_accounts WHERE staff_id = 'S0005'"));
    }

    @Test
    void a_pupils_file_with_a_quarantined_row_keeps_pupils_logins() throws IOException {
        String header = "pupil_id,surname,forename,year_group,form,sen,family_key,accounts\n";
        load("pupils.csv", header
                + "P00101,Hill,Ava,7,7A,N,F001,windows:NORTHFIELD\\26ahill;google:26ahill@x.sch.uk\n");
        BatchResult b = load("pupils2.csv", header + "P00101,Hill,Ava,7,7A,N,F001,windows:NORTHFIELD\\26ahill\n"
                + "P00102,Iqbal,Ben,7,7A,Y\n");
        assertTrue(b.snapshotIncomplete());
        assertEquals(2L, scalar(store, "SELECT count(*) FROM pupil_accounts WHERE pupil_id = 'P00101'"));

        BatchResult whole = load("pupils3.csv", header + "P00101,Hill,Ava,7,7A,N,F001,windows:NORTHFIELD\\26ahill\n");
        assertEquals(1, whole.removed());
        assertEquals(1L, scalar(store, "SELECT count(*) FROM pupil_accounts WHERE pupil_id = 'P00101'"));
    }
}
