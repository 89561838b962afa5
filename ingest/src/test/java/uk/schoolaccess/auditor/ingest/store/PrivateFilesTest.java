package uk.schoolaccess.auditor.ingest.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Statement;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM running these tests inherits the build's umask (022 on a usual machine and in CI), under
 * which a file is created rw-r--r--: every file here must come out rw------- all the same.
 */
class PrivateFilesTest {

    @TempDir
    Path dir;

    @BeforeEach
    void posixOnly() {
        assumeTrue(PrivateFiles.posix(), "no POSIX permissions on this file system");
    }

    @Test
    void a_new_store_its_folder_and_its_wal_are_for_the_owner_only() throws Exception {
        Path db = dir.resolve("auditor-data/audit.duckdb");
        try (Store store = Store.open(db, StoreKey.none()); Statement s = store.connection().createStatement()) {
            s.execute("INSERT INTO pupils (pupil_id) VALUES ('P1')");
            Path wal = Path.of(db + ".wal");
            assertTrue(Files.exists(wal), "a write leaves a WAL until the next checkpoint");
            assertEquals("rw-------", PrivateFiles.mode(wal));
            s.execute("CHECKPOINT");
            s.execute("INSERT INTO pupils (pupil_id) VALUES ('P2')");
            assertEquals("rw-------", PrivateFiles.mode(wal), "the WAL DuckDB recreates after a checkpoint");
        }
        assertEquals("rw-------", PrivateFiles.mode(db));
        assertEquals("rwx------", PrivateFiles.mode(db.getParent()));
        assertFalse(PrivateFiles.openToOthers(db));
    }

    @Test
    void files_the_auditor_writes_itself_are_private_even_if_they_existed_before() throws Exception {
        Path backup = dir.resolve("backups/audit-2026-12-05.duckdb");
        PrivateFiles.folder(backup.getParent());
        PrivateFiles.write(backup, "copy".getBytes(StandardCharsets.UTF_8));
        assertEquals("rw-------", PrivateFiles.mode(backup));
        assertEquals("rwx------", PrivateFiles.mode(backup.getParent()));

        Path old = dir.resolve("sar-P1.csv");
        Files.writeString(old, "x");
        Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rw-r--r--"));
        assertTrue(PrivateFiles.openToOthers(old));
        PrivateFiles.write(old, "new".getBytes(StandardCharsets.UTF_8));
        assertEquals("rw-------", PrivateFiles.mode(old));
        assertEquals("new", Files.readString(old));
    }

    @Test
    void an_existing_folder_it_did_not_make_is_left_alone() throws Exception {
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (Store ignored = Store.open(shared.resolve("audit.duckdb"), StoreKey.none())) {
            assertEquals("rwxr-xr-x", PrivateFiles.mode(shared));
            assertEquals("rw-------", PrivateFiles.mode(shared.resolve("audit.duckdb")));
        }
    }

    @Test
    void a_store_made_readable_by_others_is_seen_as_such() throws Exception {
        Path db = dir.resolve("audit.duckdb");
        try (Store ignored = Store.open(db, StoreKey.none())) {
            assertFalse(PrivateFiles.openToOthers(db));
        }
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-r--r--"));
        assertTrue(PrivateFiles.openToOthers(db));
    }
}
