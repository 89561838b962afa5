package uk.schoolaccess.auditor.dashboard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    void the_demo_generates_the_sample_school_when_it_is_missing() {
        Path samples = dir.resolve("no-samples-yet");
        Cli c = Cli.run("demo", "--no-serve", "--samples", samples.toString(), "--db", dir.resolve("d.duckdb").toString());
        assertEquals(0, c.exit(), c.toString());
        assertTrue(c.out().contains("generating one"), c.toString());
        assertTrue(Files.isRegularFile(samples.resolve("labels.csv")));
        assertTrue(c.out().contains("Roster: 40 staff"), c.toString());
    }
}
