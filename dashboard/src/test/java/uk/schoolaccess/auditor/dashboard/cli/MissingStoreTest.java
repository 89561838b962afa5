package uk.schoolaccess.auditor.dashboard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 16, item 11: a mistyped --db is an error that says there is no store there, never a new
 * empty store and exit 0. Only the commands that load data (ingest, users add, serve) create one.
 */
class MissingStoreTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"status", "audit", "digest --dry-run", "export --parquet OUT", "jobs", "backup --to OUT",
            "users list", "purge --dry-run"})
    void aCommandThatOnlyReadsAStoreDoesNotCreateOne(String command) {
        Path typo = dir.resolve("typo.duckdb");
        String[] words = (command.replace("OUT", dir.resolve("out").toString()) + " --db " + typo).split(" ");
        Cli r = Cli.run(words);
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("no store") || r.err().contains("there is no store"), r.toString());
        assertFalse(Files.exists(typo), "no empty store was created by " + command);
    }
}
