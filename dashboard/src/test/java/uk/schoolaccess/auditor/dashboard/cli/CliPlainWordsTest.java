package uk.schoolaccess.auditor.dashboard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the command line says when a person gets something wrong, or asks how things stand: plain
 * words, the expected form, a suggestion for a mistyped command, and never a Java or YAML
 * library's class name.
 */
class CliPlainWordsTest {

    @TempDir
    Path dir;

    private static void assertNoClassNames(Cli c) {
        String all = c.out() + c.err();
        assertFalse(all.contains("Exception"), c.toString());
        assertFalse(all.contains("java."), c.toString());
        assertFalse(all.contains("com.fasterxml"), c.toString());
        assertFalse(all.contains("uk.schoolaccess"), c.toString());
    }

    @Test
    void a_date_in_another_format_says_which_format_is_expected() {
        Cli c = Cli.run("audit", "--from", "25/09/2026", "--db", dir.resolve("a.duckdb").toString());
        assertEquals(2, c.exit(), c.toString());
        assertTrue(c.err().contains("'25/09/2026' is not a date: write it as yyyy-MM-dd"), c.toString());
        assertTrue(c.err().contains("for 25/09/2026 write 2026-09-25"), c.toString());
        assertNoClassNames(c);
    }

    @Test
    void a_mistyped_command_gets_a_suggestion() {
        Cli c = Cli.run("audt");
        assertEquals(2, c.exit(), c.toString());
        assertTrue(c.err().contains("Did you mean"), c.toString());
        assertTrue(c.err().contains("audit"), c.toString());
    }

    @Test
    void a_misspelt_setting_and_broken_yaml_are_explained_without_library_names() throws Exception {
        Path typo = dir.resolve("typo.yaml");
        Files.writeString(typo, "smtp:\n  host: mail.example.org\n  pasword_env: X\n");
        Cli c = Cli.run("config", "--config", typo.toString(), "--db", dir.resolve("a.duckdb").toString());
        assertEquals(2, c.exit(), c.toString());
        assertTrue(c.err().contains("'pasword_env' is not a setting here (line 3)"), c.toString());
        assertTrue(c.err().contains("password_env"), "the settings it could have been: " + c);
        assertNoClassNames(c);

        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "school:\n  name: Northfield\n timezone: Europe/London\n");
        c = Cli.run("config", "--config", broken.toString(), "--db", dir.resolve("a.duckdb").toString());
        assertEquals(2, c.exit(), c.toString());
        assertTrue(c.err().contains("not valid YAML (line "), c.toString());
        assertNoClassNames(c);

        Path wrongType = dir.resolve("type.yaml");
        Files.writeString(wrongType, "smtp:\n  host: mail.example.org\n  port: twenty-five\n");
        c = Cli.run("config", "--config", wrongType.toString(), "--db", dir.resolve("a.duckdb").toString());
        assertEquals(2, c.exit(), c.toString());
        assertTrue(c.err().contains("'port' should be a number"), c.toString());
        assertNoClassNames(c);
    }

    @Test
    void ingest_help_lists_one_format_a_line_within_80_columns() {
        Cli c = Cli.run("ingest", "--help");
        String formats = c.out().substring(c.out().indexOf("Formats ("));
        for (String line : formats.lines().toList()) {
            assertTrue(line.length() <= 80, "too wide: " + line);
        }
        assertTrue(formats.lines().anyMatch(l -> l.matches("  [a-z0-9_.-]+")), "a format name alone on its line");
    }

    @Test
    void status_says_when_the_last_audit_ran_and_in_school_time() throws Exception {
        String db = dir.resolve("a.duckdb").toString();
        uk.schoolaccess.auditor.ingest.store.Store.open(Path.of(db)).close(); // status reads only an existing store
        Cli before = Cli.run("status", "--db", db);
        assertEquals(0, before.exit(), before.toString());
        assertTrue(before.out().contains("Last audit: none yet"), before.toString());
        assertTrue(before.out().contains("Times are school time (Europe/London)."), before.toString());
        // An audit ran at 11:58 UTC on 21 September: 12:58 at school.
        try (var store = uk.schoolaccess.auditor.ingest.store.Store.open(Path.of(db));
             var st = store.connection().createStatement()) {
            st.execute("INSERT INTO audit_runs (audit_id, engine, period_from, period_to, started_at, detectors, "
                    + "findings, new_findings) VALUES (1, 'duckdb', TIMESTAMP '2026-09-06 23:00:00', "
                    + "TIMESTAMP '2026-09-20 23:00:00', TIMESTAMP '2026-09-21 11:58:00', ['out_of_role_access'], 12, 3)");
        }
        Cli after = Cli.run("status", "--db", db);
        assertEquals(0, after.exit(), after.toString());
        assertTrue(after.out().contains("Last audit: Mon 21 Sep 2026, 12:58, of Mon 7 Sep 2026 to Sun 20 Sep 2026: "
                + "12 finding(s), 3 new."), after.toString());
        assertTrue(after.out().contains("Ingested files: 0"), after.toString());
    }

    @Test
    void restoring_a_file_that_is_not_a_store_says_so_in_plain_words() throws Exception {
        Path csv = Files.writeString(dir.resolve("pupils.csv"), "pupil_id,surname\nP00001,Example\n");
        String db = dir.resolve("a.duckdb").toString();
        Cli c = Cli.run("restore", "--db", db, "--from", csv.toString());
        assertEquals(2, c.exit(), c.toString());
        assertTrue(c.err().contains(csv + " is not a DuckDB store: give a file written by 'auditor backup'"), c.toString());
        assertFalse(c.err().contains("IO Error"), c.toString());
        assertFalse(c.err().contains(".restoring"), "no internal file named: " + c);
        assertFalse(Files.exists(Path.of(db)), "nothing put in the store's place");
        assertNoClassNames(c);
    }

    @Test
    void a_reversed_period_is_named_in_the_dates_typed_and_a_negative_count_is_refused() throws Exception {
        String db = dir.resolve("a.duckdb").toString();
        uk.schoolaccess.auditor.ingest.store.Store.open(Path.of(db)).close();
        Cli c = Cli.run("audit", "--db", db, "--from", "2026-09-30", "--to", "2026-09-01");
        assertEquals(2, c.exit(), c.toString());
        assertTrue(c.err().contains("the audit period must end on or after the day it starts (from 2026-09-30 to "
                + "2026-09-01)"), "the dates typed, not UTC instants a day off in summer: " + c);
        Cli s = Cli.run("status", "--db", db, "--accounts", "-1");
        assertEquals(2, s.exit(), s.toString());
        assertTrue(s.err().contains("--accounts must be 0 or more (was -1)"), s.toString());
        assertNoClassNames(s);
    }
}
