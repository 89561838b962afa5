package uk.schoolaccess.auditor.ingest.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.schoolaccess.auditor.ingest.Fixtures;

class StoreTest {

    @TempDir
    Path dir;

    @Test
    void a_new_file_gets_every_canonical_table_at_the_current_version() {
        try (Store store = Store.open(dir.resolve("nested/folder/audit.duckdb"))) {
            for (String table : List.of("staff", "staff_accounts", "pupils", "relationships", "incidents",
                    "incident_involvement", "signins", "logon_events", "record_access", "ingest_batches",
                    "quarantine", "findings")) {
                assertEquals(0L, store.count(table), table);
            }
            assertEquals((long) Migrations.CURRENT, ((Number) Fixtures.scalar(store,
                    "SELECT max(version) FROM schema_version")).longValue());
        }
    }

    @Test
    void reopening_a_current_file_keeps_its_data_and_applies_nothing_twice() throws Exception {
        Path db = dir.resolve("audit.duckdb");
        try (Store store = Store.open(db)) {
            store.connection().createStatement().execute("INSERT INTO pupils (pupil_id) VALUES ('P1')");
        }
        try (Store store = Store.open(db)) {
            assertEquals(1, store.count("pupils"));
            assertEquals(Migrations.CURRENT, store.count("schema_version"));
        }
    }

    @Test
    void an_older_file_is_migrated_on_open() throws Exception {
        Path db = dir.resolve("old.duckdb");
        // A file at version 0: the version table exists but nothing was applied yet.
        try (var c = DriverManager.getConnection("jdbc:duckdb:" + db)) {
            c.createStatement().execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, "
                    + "description VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)");
        }
        try (Store store = Store.open(db)) {
            assertEquals(Migrations.CURRENT, store.count("schema_version"));
            assertEquals(0, store.count("record_access"));
        }
    }

    @Test
    void a_file_from_a_newer_auditor_is_refused_with_a_clear_message() throws Exception {
        Path db = dir.resolve("newer.duckdb");
        try (Store store = Store.open(db)) {
            store.connection().createStatement().execute(
                    "INSERT INTO schema_version VALUES (" + (Migrations.CURRENT + 5) + ", 'future', now()::TIMESTAMP)");
        }
        StoreException e = assertThrows(StoreException.class, () -> Store.open(db));
        assertTrue(e.getMessage().contains("newer auditor"), e.getMessage());
        assertTrue(e.getMessage().contains(db.toString()), e.getMessage());
    }

    @Test
    void a_duckdb_file_that_is_not_an_auditor_store_is_left_alone() throws Exception {
        Path db = dir.resolve("other.duckdb");
        try (var c = DriverManager.getConnection("jdbc:duckdb:" + db)) {
            c.createStatement().execute("CREATE TABLE invoices (id INTEGER)");
        }
        StoreException e = assertThrows(StoreException.class, () -> Store.open(db));
        assertTrue(e.getMessage().contains("not an auditor store"), e.getMessage());
    }

    @Test
    void migration_scripts_split_into_statements_without_comments() {
        List<String> s = Migrations.statements("-- a comment\nCREATE TABLE a (x INT);\n\nCREATE TABLE b (\n"
                + "  -- inside\n  y INT\n);\n");
        assertEquals(2, s.size());
        assertTrue(s.get(1).contains("y INT"));
    }

    @Test
    void a_sqlite_file_given_as_the_store_is_refused_without_loading_any_extension() throws Exception {
        Path sqlite = dir.resolve("school.db");
        byte[] header = new byte[4096];
        byte[] magic = "SQLite format 3\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(magic, 0, header, 0, magic.length);
        java.nio.file.Files.write(sqlite, header);
        StoreException e = assertThrows(StoreException.class, () -> Store.open(sqlite));
        assertEquals(sqlite + " is a SQLite database, not an auditor store (a DuckDB file); give --db the "
                + "auditor's own file", e.getMessage());
    }

    @Test
    void every_connection_has_extension_autoinstall_and_autoload_off() {
        try (Store store = Store.open(dir.resolve("audit.duckdb"))) {
            assertEquals(List.of(List.of(false, false)), Fixtures.rows(store,
                    "SELECT current_setting('autoinstall_known_extensions'), current_setting('autoload_known_extensions')"));
            // What the auditor's SQL needs is built in: time zones (the audit's from_utc_timestamp) and Parquet.
            assertEquals("2026-07-01 13:00:00", String.valueOf(Fixtures.scalar(store,
                    "SELECT strftime(timezone('Europe/London', timezone('UTC', TIMESTAMP '2026-07-01 12:00:00')), "
                            + "'%Y-%m-%d %H:%M:%S')")));
            try (var st = store.connection().createStatement()) {
                st.execute("COPY (SELECT 1 AS x) TO '" + dir.resolve("x.parquet") + "' (FORMAT parquet)");
            } catch (java.sql.SQLException e) {
                throw new AssertionError(e);
            }
        }
    }
}
