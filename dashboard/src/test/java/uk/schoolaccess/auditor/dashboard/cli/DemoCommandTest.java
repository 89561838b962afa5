package uk.schoolaccess.auditor.dashboard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {

    @TempDir
    Path dir;

    @Test
    void the_demo_loads_the_committed_sample_school_into_a_fresh_store() {
        Path samples = Path.of(System.getProperty("auditor.repo.root", "..")).resolve("data-samples");
        Path db = dir.resolve("demo.duckdb");
        Cli first = Cli.run("demo", "--no-serve", "--samples", samples.toString(), "--db", db.toString());
        assertEquals(0, first.exit(), first.toString());
        assertTrue(first.out().contains("quarantined 0,"), first.toString());
        assertTrue(first.out().contains("Accounts nobody in the roster owns: 0"), first.toString());
        Cli again = Cli.run("demo", "--no-serve", "--samples", samples.toString(), "--db", db.toString());
        assertTrue(again.out().contains("duplicates skipped 0,"), "each demo starts from a fresh store\n" + again);
    }

    @Test
    void the_demo_never_replaces_a_store_it_did_not_make() throws Exception {
        Path samples = Path.of(System.getProperty("auditor.repo.root", "..")).resolve("data-samples");
        Path real = dir.resolve("real").resolve("audit.duckdb");
        assertEquals(0, Cli.run("ingest", "--db", real.toString(), samples.resolve("roster").toString()).exit());
        long before = Files.size(real);
        Cli c = Cli.run("demo", "--no-serve", "--samples", samples.toString(), "--db", real.toString());
        assertEquals(2, c.exit(), c.toString());
        assertTrue(c.err().contains("was not made by 'auditor demo'"), c.toString());
        assertEquals(before, Files.size(real), "the school's store is untouched");
        assertTrue(Cli.run("status", "--db", real.toString()).out().contains("Roster: 40 staff"));
    }

    @Test
    void the_demo_never_overwrites_a_schools_own_settings() throws Exception {
        Path samples = Path.of(System.getProperty("auditor.repo.root", "..")).resolve("data-samples");
        Path folder = dir.resolve("auditor-data");
        Files.createDirectories(folder);
        String own = "school:\n  id: RHS\n  name: Real High School\n  timezone: Europe/London\n";
        Files.writeString(folder.resolve("auditor.yaml"), own);
        Cli c = Cli.run("demo", "--no-serve", "--samples", samples.toString(), "--db", folder.resolve("demo.duckdb").toString());
        assertEquals(2, c.exit(), c.toString());
        assertTrue(c.err().contains("holds other settings"), c.toString());
        assertEquals(own, Files.readString(folder.resolve("auditor.yaml")));
        assertFalse(Files.exists(folder.resolve("demo.duckdb")), "nothing made");

        // In a folder of its own the demo writes its marked copy, and replaces it at the next run.
        Path demo = dir.resolve("demo").resolve("demo.duckdb");
        assertEquals(0, Cli.run("demo", "--no-serve", "--samples", samples.toString(), "--db", demo.toString()).exit());
        assertTrue(Files.readString(demo.resolveSibling("auditor.yaml")).startsWith("# Copied by 'auditor demo'"));
        assertTrue(Files.isRegularFile(demo.resolveSibling("demo.duckdb.demo")));
        Cli again = Cli.run("demo", "--no-serve", "--samples", samples.toString(), "--db", demo.toString());
        assertEquals(0, again.exit(), again.toString());
        assertTrue(again.out().contains("./auditor status --db " + demo.toAbsolutePath().normalize()), again.toString());
    }

    @Test
    void the_demo_generates_the_sample_school_when_it_is_missing() {
        Path samples = dir.resolve("no-samples-yet");
        Cli c = Cli.run("demo", "--no-serve", "--samples", samples.toString(), "--db", dir.resolve("d.duckdb").toString());
        assertEquals(0, c.exit(), c.toString());
        assertTrue(c.out().contains("generating one"), c.toString());
        assertTrue(Files.isRegularFile(samples.resolve("labels.csv")));
        assertTrue(c.out().contains("Roster: 40 staff"), c.toString());
    }
}
