package uk.schoolaccess.auditor.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import uk.schoolaccess.auditor.ingest.store.Store;

/** A test class whose every test starts with an empty store in its own temporary folder. */
public abstract class FreshStore {

    @TempDir
    protected Path dir;
    protected Store store;

    @BeforeEach
    void openStore() {
        store = Store.open(dir.resolve("audit.duckdb"));
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    /** Ingesting the same files again adds no row to the table. */
    protected void assertReingestAddsNothing(String table, Path... paths) throws IOException {
        Fixtures.ingest(store, paths);
        long before = store.count(table);
        IngestSummary again = Fixtures.ingest(store, paths);
        assertEquals(0, again.added(), "re-ingest adds nothing");
        assertEquals(before, store.count(table));
    }
}
