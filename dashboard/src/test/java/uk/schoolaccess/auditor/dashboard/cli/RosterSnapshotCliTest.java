package uk.schoolaccess.auditor.dashboard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A roster export cut short (a download stopped part way) says so and takes nothing away; a
 * whole one that takes rows away says how many.
 */
class RosterSnapshotCliTest {

    @TempDir
    Path dir;

    private static final Path ROSTER = Path.of(System.getProperty("auditor.repo.root", ".."))
            .resolve("data-samples/roster");

    @Test
    void a_cut_teaching_groups_file_removes_nothing_and_a_whole_one_counts_what_it_removes() throws Exception {
        Path db = dir.resolve("t.duckdb");
        assertEquals(0, Cli.run("ingest", "--db", db.toString(), ROSTER.toString()).exit());
        long before = relationships(db);
        byte[] all = Files.readAllBytes(ROSTER.resolve("teaching_groups.csv"));
        Path cut = Files.write(dir.resolve("tg.csv"), Arrays.copyOf(all, 20000));

        Cli c = Cli.run("ingest", "--db", db.toString(), cut.toString());
        assertEquals(0, c.exit(), c.toString());
        assertTrue(c.out().contains("roster snapshot incomplete (1 row quarantined): nothing removed; fix the export "
                + "and load it again"), c.toString());
        assertFalse(c.out().contains("removed 1") || c.out().contains("Removed"), c.toString());
        assertEquals(before, relationships(db), "nothing removed");

        // The same rows without the broken last one: a whole file, which replaces the listed staff's teaching.
        String whole = new String(all, 0, 20000, java.nio.charset.StandardCharsets.UTF_8);
        Path fewer = Files.writeString(dir.resolve("tg-whole.csv"), whole.substring(0, whole.lastIndexOf('\n') + 1));
        Cli w = Cli.run("ingest", "--db", db.toString(), fewer.toString());
        assertEquals(0, w.exit(), w.toString());
        long removed = before - relationships(db);
        assertTrue(removed > 0, w.toString());
        assertTrue(w.out().contains(String.format(java.util.Locale.UK, ", removed %,d (", removed)), w.toString());
        assertTrue(w.out().contains(String.format(java.util.Locale.UK, "Removed %,d login(s) or relationship(s)",
                removed)), w.toString());
    }

    private static long relationships(Path db) throws Exception {
        try (var c = DriverManager.getConnection("jdbc:duckdb:" + db);
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM relationships")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
