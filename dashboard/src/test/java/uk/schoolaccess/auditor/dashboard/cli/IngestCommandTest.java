package uk.schoolaccess.auditor.dashboard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The foundation's acceptance, end to end through the command line on a generated school. */
class IngestCommandTest {

    @TempDir
    static Path dir;
    static Path school;

    @BeforeAll
    static void generate() {
        school = dir.resolve("school");
        Cli c = Cli.run("generate", "--out", school.toString(), "--seed", "3", "--pupils", "300", "--staff", "40",
                "--weeks", "2");
        assertEquals(0, c.exit(), c.toString());
        assertTrue(c.out().contains("Wrote"), c.toString());
    }

    @Test
    void loads_every_generated_row_and_a_second_run_adds_nothing() throws Exception {
        Path db = dir.resolve("every-row.duckdb");
        String[] args = {"ingest", "--db", db.toString(), school.resolve("roster").toString(),
                school.resolve("mis").toString(), school.resolve("cpoms").toString()};
        Cli first = Cli.run(args);
        assertEquals(0, first.exit(), first.toString());
        assertTrue(first.out().contains("Total:"), first.toString());
        long misRows = dataRows(school.resolve("mis"));
        long cpomsRows = dataRows(school.resolve("cpoms"));
        assertEquals(misRows, query(db, "SELECT (SELECT count(*) FROM record_access WHERE source = 'sims') "
                + "+ (SELECT count(*) FROM logon_events WHERE source = 'sims')"), "every SIMS row is stored");
        assertEquals(cpomsRows, query(db, "SELECT (SELECT count(*) FROM record_access WHERE source = 'cpoms') "
                + "+ (SELECT count(*) FROM logon_events WHERE source = 'cpoms')"), "every CPOMS row is stored");
        assertEquals(0, query(db, "SELECT count(*) FROM quarantine"));
        assertEquals(dataRows(school.resolve("roster/staff.csv")), query(db, "SELECT count(*) FROM staff"));
        assertEquals(dataRows(school.resolve("roster/pupils.csv")), query(db, "SELECT count(*) FROM pupils"));
        assertEquals(0, query(db, "SELECT count(*) FROM record_access WHERE staff_id IS NULL"),
                "every generated staff login resolves to its owner");
        long accesses = query(db, "SELECT count(*) FROM record_access");

        Cli again = Cli.run(args);
        assertEquals(0, again.exit(), again.toString());
        assertEquals(accesses, query(db, "SELECT count(*) FROM record_access"));
        assertTrue(again.out().contains("added 0,"), again.toString());
    }

    @Test
    void a_damaged_mis_file_loads_its_good_rows_and_lists_each_bad_one_with_file_line_and_reason() throws Exception {
        Path original;
        try (Stream<Path> s = Files.list(school.resolve("mis"))) {
            original = s.sorted().findFirst().orElseThrow();
        }
        List<String> lines = new ArrayList<>(Files.readAllLines(original));
        int total = lines.size() - 1;
        // line numbers are 1-based and the header is line 1
        lines.set(9, lines.get(9).substring(0, lines.get(9).length() / 2));          // line 10: truncated
        lines.set(19, "31/09/2026" + lines.get(19).substring(lines.get(19).indexOf(','))); // line 20: no such date
        lines.set(29, lines.get(29) + ",surplus");                                      // line 30: a column too many
        Path damaged = dir.resolve("damaged/sims-copy.csv");
        Files.createDirectories(damaged.getParent());
        Files.write(damaged, lines);
        Path db = dir.resolve("damaged.duckdb");

        Cli c = Cli.run("ingest", "--db", db.toString(), damaged.toString());
        assertEquals(0, c.exit(), "quarantined rows are a warning, not a failure\n" + c);
        assertTrue(c.out().contains("quarantined 3"), c.toString());
        assertTrue(c.out().contains("sims-copy.csv:10: wrong column count"), c.toString());
        assertTrue(c.out().contains("sims-copy.csv:20: unparsable time"), c.toString());
        assertTrue(c.out().contains("sims-copy.csv:30: wrong column count: 10 fields"), c.toString());
        assertTrue(c.out().contains("Warning: 3 row(s) quarantined"), c.toString());
        assertEquals(total - 3, query(db, "SELECT (SELECT count(*) FROM record_access) + (SELECT count(*) FROM logon_events)"));
        assertEquals(3, query(db, "SELECT count(*) FROM quarantine"));
    }

    @Test
    void an_unrecognised_file_is_skipped_with_the_shape_of_its_first_line_and_exit_code_2() throws IOException {
        Path odd = dir.resolve("odd/timesheet.csv");
        Files.createDirectories(odd.getParent());
        Files.writeString(odd, "Week,Hours,Approver,pupil_id\n37,32.5,HR,P1\n");
        Cli c = Cli.run("ingest", "--db", dir.resolve("odd.duckdb").toString(), odd.toString(),
                school.resolve("roster/pupils.csv").toString());
        assertEquals(2, c.exit(), c.toString());
        assertTrue(c.err().contains("timesheet.csv: format not recognised, skipped. Its first line has 4 cells: "
                + "<cell 1>, <cell 2>, <cell 3>, pupil_id (cells that are not a known column name are not shown). "
                + "Use --format"), c.toString());
        assertTrue(c.out().contains("roster-pupils"), "the other file still loads\n" + c);
    }

    @Test
    void a_pupil_roster_without_its_header_line_is_not_echoed_to_the_screen() throws IOException {
        List<String> lines = Files.readAllLines(school.resolve("roster/pupils.csv"));
        Path headerless = Files.write(dir.resolve("pupils-noheader.csv"), lines.subList(1, lines.size()));
        Cli c = Cli.run("ingest", "--db", dir.resolve("noheader.duckdb").toString(), headerless.toString());
        assertEquals(2, c.exit(), c.toString());
        assertTrue(c.err().contains("pupils-noheader.csv: format not recognised, skipped. Its first line ("),
                c.toString());
        assertTrue(c.err().contains("looks like data, not column names (is the header line missing?)"), c.toString());
        for (String cell : lines.get(1).split(",")) {
            if (cell.length() > 2) {
                assertFalse(c.toString().contains(cell), "'" + cell + "' was repeated:\n" + c);
            }
        }
    }

    @Test
    void a_corrupt_zip_among_good_files_is_named_with_its_reason_and_the_others_load() throws Exception {
        Path in = Files.createDirectories(dir.resolve("mixed"));
        Files.copy(school.resolve("roster/staff.csv"), in.resolve("a-staff.csv"));
        Files.writeString(in.resolve("b-export.zip"), "PK this is not a zip archive");
        Files.write(in.resolve("c-entra-empty-week.csv"), new byte[0]);
        Files.writeString(in.resolve("d-graph-empty-week.json"), "{\"value\":[]}");
        Path db = dir.resolve("mixed.duckdb");
        Cli c = Cli.run("ingest", "--db", db.toString(), in.toString());
        assertEquals(2, c.exit(), c.toString());
        assertTrue(c.err().contains("b-export.zip: not a readable zip archive (zip END header not found), skipped"),
                c.toString());
        assertTrue(c.out().contains("c-entra-empty-week.csv: empty export, 0 rows"), c.toString());
        assertTrue(c.out().contains("d-graph-empty-week.json: empty export, 0 rows"), c.toString());
        assertEquals(dataRows(school.resolve("roster/staff.csv")), query(db, "SELECT count(*) FROM staff"));

        Cli empty = Cli.run("ingest", "--db", db.toString(), in.resolve("d-graph-empty-week.json").toString());
        assertEquals(0, empty.exit(), "an empty week is not an error\n" + empty);
    }

    @Test
    void a_missing_path_or_a_store_from_a_newer_auditor_is_exit_code_2() throws Exception {
        Cli missing = Cli.run("ingest", "--db", dir.resolve("m.duckdb").toString(), dir.resolve("nope").toString());
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("nope: no such file or folder"), missing.toString());

        Path newer = dir.resolve("newer.duckdb");
        uk.schoolaccess.auditor.ingest.store.Store.open(newer).close(); // status opens only an existing store
        assertEquals(0, Cli.run("status", "--db", newer.toString()).exit());
        try (var c = DriverManager.getConnection("jdbc:duckdb:" + newer)) {
            c.createStatement().execute("INSERT INTO schema_version VALUES (999, 'future', now()::TIMESTAMP)");
        }
        Cli refused = Cli.run("status", "--db", newer.toString());
        assertEquals(2, refused.exit());
        assertTrue(refused.err().contains("newer auditor"), refused.toString());
    }

    @Test
    void status_shows_sources_and_accounts_nobody_owns() {
        Path db = dir.resolve("status.duckdb");
        Cli.run("ingest", "--db", db.toString(), school.resolve("mis").toString());
        Cli c = Cli.run("status", "--db", db.toString());
        assertEquals(0, c.exit(), c.toString());
        assertTrue(c.out().contains("No roster loaded"), c.toString());
        assertTrue(c.out().contains("record_access  sims"), c.toString());
    }

    private static long dataRows(Path fileOrFolder) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(fileOrFolder)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        long n = 0;
        for (Path f : files) {
            try (Stream<String> lines = Files.lines(f)) {
                n += lines.filter(l -> !l.isBlank()).count() - 1;
            }
        }
        return n;
    }

    private static long query(Path db, String sql) throws Exception {
        try (var c = DriverManager.getConnection("jdbc:duckdb:" + db); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
