package uk.schoolaccess.auditor.ingest.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.schoolaccess.auditor.ingest.Fixtures;
import uk.schoolaccess.auditor.ingest.config.ConfigException;
import uk.schoolaccess.auditor.ingest.config.ConfigFile;
import uk.schoolaccess.auditor.ingest.config.StoreSettings;

/** Issue 14: DuckDB's memory limit and spill folder come from auditor.yaml when the store opens. */
class StoreSettingsTest {

    @TempDir
    Path dir;

    @Test
    void the_store_opens_within_the_configured_memory_and_spills_beside_it() throws Exception {
        Path yaml = dir.resolve("auditor.yaml");
        Files.writeString(yaml, "store:\n  memory_limit: 300MB\n  temp_directory: spill\n");
        StoreSettings settings = StoreSettings.from(ConfigFile.load(yaml));
        Path db = dir.resolve("audit.duckdb");
        try (Store store = Store.open(db, StoreKey.none(), settings)) {
            // DuckDB reports the limit in its own units (300MB is 286.1 MiB).
            String limit = (String) Fixtures.scalar(store, "SELECT current_setting('memory_limit')");
            assertEquals("286.1 MiB", limit);
            String spill = (String) Fixtures.scalar(store, "SELECT current_setting('temp_directory')");
            assertEquals(dir.resolve("spill").toAbsolutePath().toString(), spill);
        }
        // Reopened without a setting: the auditor's default again, nothing sticks to the file.
        try (Store store = Store.open(db)) {
            String limit = (String) Fixtures.scalar(store, "SELECT current_setting('memory_limit')");
            assertEquals("488.2 MiB", limit);
        }
    }

    @Test
    void without_a_configured_limit_a_command_stays_within_the_default_not_most_of_the_machine() throws Exception {
        // DuckDB's own default is 80% of the machine's memory; with the launcher's 512 MiB heap
        // the default keeps a command within about 1 GiB (512MB is 488.2 MiB).
        assertEquals("512MB", StoreSettings.from(ConfigFile.defaults()).memoryLimitOrDefault());
        try (Store store = Store.open(dir.resolve("b.duckdb"), StoreKey.none(), StoreSettings.DEFAULTS)) {
            assertEquals("488.2 MiB", Fixtures.scalar(store, "SELECT current_setting('memory_limit')"));
            // and it spills beside the store (DuckDB's default for a file store)
            assertEquals(dir.resolve("b.duckdb").toAbsolutePath() + ".tmp",
                    Fixtures.scalar(store, "SELECT current_setting('temp_directory')"));
        }
    }

    @Test
    void a_limit_that_is_not_a_size_or_too_small_is_refused_with_the_setting_named() throws Exception {
        Path yaml = dir.resolve("auditor.yaml");
        Files.writeString(yaml, "store:\n  memory_limit: lots\n");
        ConfigException e = assertThrows(ConfigException.class, () -> StoreSettings.from(ConfigFile.load(yaml)));
        assertTrue(e.getMessage().contains("store.memory_limit") && e.getMessage().contains("lots"), e.getMessage());
        Files.writeString(yaml, "store:\n  memory_limit: 10MB\n");
        e = assertThrows(ConfigException.class, () -> StoreSettings.from(ConfigFile.load(yaml)));
        assertTrue(e.getMessage().contains("below 64MB"), e.getMessage());
        Files.writeString(yaml, "store:\n  memory_limt: 1GB\n");
        e = assertThrows(ConfigException.class, () -> StoreSettings.from(ConfigFile.load(yaml)));
        assertTrue(e.getMessage().contains("memory_limt"), e.getMessage());
    }

    @Test
    void without_a_store_section_nothing_is_changed() {
        StoreSettings none = StoreSettings.from(ConfigFile.defaults());
        assertEquals(StoreSettings.DEFAULTS, none);
        assertEquals(Path.of(dir.resolve("a.duckdb").toAbsolutePath() + ".tmp"), none.spillFolder(dir.resolve("a.duckdb")));
    }
}
