package uk.schoolaccess.auditor.dashboard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Properties;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.schoolaccess.auditor.ingest.store.PrivateFiles;
import uk.schoolaccess.auditor.ingest.store.Store;
import uk.schoolaccess.auditor.ingest.store.StoreKey;

/** {@code auditor encrypt} and what {@code auditor status} says about protection, from the command line. */
class EncryptCommandTest {

    static final String KEY = "dGVzdC1rZXktZm9yLXRoZS1lbmNyeXB0LWNvbW1hbmQ=";

    @TempDir
    Path dir;
    Path db;

    @BeforeEach
    void plainStore() throws Exception {
        db = dir.resolve("audit.duckdb");
        try (Store s = Store.open(db, StoreKey.none()); Statement st = s.connection().createStatement()) {
            st.execute("INSERT INTO pupils (pupil_id) SELECT 'P' || range FROM range(40)");
        }
    }

    private void keyFileInConfig() throws Exception {
        PrivateFiles.write(dir.resolve("store.key"), (KEY + "\n").getBytes(StandardCharsets.UTF_8));
        Files.writeString(dir.resolve("auditor.yaml"), "encryption:\n  key_file: store.key\n");
    }

    @Test
    void without_a_key_it_says_what_to_set_and_changes_nothing() {
        Cli c = Cli.run("encrypt", "--db", db.toString());
        assertEquals(2, c.exit(), c.toString());
        assertTrue(c.err().contains("no encryption key: set AUDITOR_DB_KEY or name a key file in auditor.yaml "
                + "(encryption.key_file)"), c.err());
        try (Store s = Store.open(db, StoreKey.none())) {
            assertEquals(40, s.count("pupils"));
        }
    }

    @Test
    void a_key_file_others_can_read_is_refused() throws Exception {
        assumeTrue(PrivateFiles.posix(), "no POSIX permissions on this file system");
        keyFileInConfig();
        Files.setPosixFilePermissions(dir.resolve("store.key"), PosixFilePermissions.fromString("rw-r-----"));
        Cli c = Cli.run("encrypt", "--db", db.toString());
        assertEquals(2, c.exit(), c.toString());
        assertTrue(c.err().contains("is open to other users (mode rw-r-----)"), c.err());
        assertFalse(c.toString().contains(KEY), "the key is never printed");
    }

    @Test
    void without_httpfs_it_refuses_naming_the_extension_and_leaves_the_plain_store() throws Exception {
        assumeTrue(!httpfsLoads(), "httpfs loads here: nothing to refuse");
        keyFileInConfig();
        Cli c = Cli.run("encrypt", "--db", db.toString());
        assertEquals(2, c.exit(), c.toString());
        assertTrue(c.err().contains("httpfs.duckdb_extension"), c.err());
        assertTrue(c.err().contains("encryption.extension_dir"), c.err());
        assertFalse(c.toString().contains(KEY));
        assertFalse(Files.exists(Path.of(db + ".encrypting")));
        try (Store s = Store.open(db, StoreKey.none())) {
            assertEquals(40, s.count("pupils"), "still plain and whole");
        }
        // every other command says the same, rather than opening the plain file as if no key were set
        Cli status = Cli.run("status", "--db", db.toString());
        assertEquals(2, status.exit(), status.toString());
        assertTrue(status.err().contains("httpfs"), status.err());
    }

    @Test
    void status_says_whether_the_store_is_encrypted_and_warns_when_others_can_read_it() throws Exception {
        Cli ok = Cli.run("status", "--db", db.toString());
        assertEquals(0, ok.exit(), ok.toString());
        assertTrue(ok.out().contains("Encryption: off"), ok.out());
        assertFalse(ok.out().contains("WARNING"), ok.out());
        assumeTrue(PrivateFiles.posix(), "no POSIX permissions on this file system");
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-r--r--"));
        Cli warned = Cli.run("status", "--db", db.toString());
        assertTrue(warned.out().contains("WARNING: " + db.toAbsolutePath() + " is open to other users of this computer "
                + "(mode rw-r--r--)"), warned.out());
        assertTrue(warned.out().contains("chmod 600 " + db.toAbsolutePath()), warned.out());
    }

    @Test
    void with_httpfs_encrypt_round_trips_and_every_command_needs_the_key() throws Exception {
        assumeTrue(httpfsLoads(), "httpfs cannot be loaded here (this machine cannot download DuckDB extensions): "
                + "the command-line round trip is skipped; StoreKeyTest runs the same copy through DuckDB's own writer");
        keyFileInConfig();
        Cli c = Cli.run("encrypt", "--db", db.toString());
        assertEquals(0, c.exit(), c.toString());
        assertTrue(c.out().contains("pupils") && c.out().contains("40 rows (same in both)"), c.out());
        Cli status = Cli.run("status", "--db", db.toString());
        assertEquals(0, status.exit(), status.toString());
        assertTrue(status.out().contains("Encryption: on"), status.out());
        Files.delete(dir.resolve("auditor.yaml"));
        Cli noKey = Cli.run("status", "--db", db.toString());
        assertEquals(2, noKey.exit());
        assertTrue(noKey.err().contains("is encrypted and no key was given"), noKey.err());
    }

    static boolean httpfsLoads() {
        Properties p = new Properties();
        p.setProperty("autoinstall_known_extensions", "false");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:", p); Statement s = c.createStatement()) {
            s.execute("LOAD httpfs");
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
