package uk.schoolaccess.auditor.ingest.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.schoolaccess.auditor.ingest.config.ConfigException;
import uk.schoolaccess.auditor.ingest.config.ConfigFile;

/**
 * Key handling, the refusals, and an encrypted store end to end. DuckDB 1.5 writes encrypted files
 * only with httpfs loaded, which cannot be downloaded here: the tests marked so create their
 * encrypted fixture through DuckDB's own (unsafe) mbedtls writer instead, which is fine for a test
 * file and is never used by the auditor, and the httpfs round trip runs only where httpfs loads.
 */
class StoreKeyTest {

    static final String KEY = "c29tZS1yYW5kb20ta2V5LWZvci10ZXN0cw==";
    /** Test only: lets DuckDB write an encrypted file with its built-in module (see the class comment). */
    static final StoreKey.CryptoModule UNSAFE_TEST_WRITER = s -> s.execute("SET force_mbedtls_unsafe = 'true'");

    @TempDir
    Path dir;

    @Test
    void the_key_comes_from_a_private_key_file_named_in_the_config() throws Exception {
        Path keyFile = privateKeyFile("store.key", KEY + "\n");
        ConfigFile config = config("encryption:\n  key_file: store.key\n");
        StoreKey key = StoreKey.from(config, Map.of());
        assertTrue(key.present());
        assertEquals("key file " + keyFile, key.origin());
        assertFalse(key.toString().contains(KEY), "never printed");
    }

    @Test
    void the_environment_variable_wins_over_the_key_file() throws Exception {
        privateKeyFile("store.key", KEY);
        StoreKey key = StoreKey.from(config("encryption:\n  key_file: store.key\n"), Map.of(StoreKey.ENV, KEY + "x"));
        assertEquals(StoreKey.ENV, key.origin());
        assertFalse(StoreKey.from(ConfigFile.defaults(), Map.of()).present());
    }

    @Test
    void a_key_file_others_can_read_is_refused_and_the_message_says_how_to_fix_it() throws Exception {
        assumeTrue(PrivateFiles.posix(), "no POSIX permissions on this file system");
        Path keyFile = privateKeyFile("store.key", KEY);
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));
        StoreException e = assertThrows(StoreException.class,
                () -> StoreKey.from(config("encryption:\n  key_file: store.key\n"), Map.of()));
        assertTrue(e.getMessage().contains("open to other users (mode rw-r--r--)"), e.getMessage());
        assertTrue(e.getMessage().contains("chmod 600 " + keyFile), e.getMessage());
        assertFalse(e.getMessage().contains(KEY));
    }

    @Test
    void a_missing_or_short_key_and_a_key_in_the_config_itself_are_refused() throws Exception {
        StoreException missing = assertThrows(StoreException.class,
                () -> StoreKey.from(config("encryption:\n  key_file: nowhere.key\n"), Map.of()));
        assertTrue(missing.getMessage().contains("nowhere.key not found"), missing.getMessage());

        privateKeyFile("short.key", "tooshort");
        StoreException shortKey = assertThrows(StoreException.class,
                () -> StoreKey.from(config("encryption:\n  key_file: short.key\n"), Map.of()));
        assertTrue(shortKey.getMessage().contains("shorter than 16 characters"), shortKey.getMessage());
        assertFalse(shortKey.getMessage().contains("tooshort"));

        ConfigException inConfig = assertThrows(ConfigException.class,
                () -> StoreKey.from(config("encryption:\n  key: " + KEY + "\n"), Map.of()));
        assertTrue(inConfig.getMessage().contains("never goes in auditor.yaml"), inConfig.getMessage());
        assertFalse(inConfig.getMessage().contains(KEY));
    }

    @Test
    void without_httpfs_a_keyed_store_is_refused_naming_the_extension_and_where_to_put_it() throws Exception {
        assumeTrue(!httpfsLoads(null), "httpfs loads on this machine, so there is nothing to refuse");
        Path db = dir.resolve("audit.duckdb");
        StoreException e = assertThrows(StoreException.class,
                () -> Store.open(db, StoreKey.of(KEY, StoreKey.ENV, null)));
        String m = e.getMessage();
        assertTrue(m.contains("httpfs.duckdb_extension"), m);
        assertTrue(m.contains("/v1.5.6/"), "the exact folder DuckDB looks in: " + m);
        assertTrue(m.contains("built for DuckDB v1.5.6 ("), "the version and platform it must match: " + m);
        assertTrue(m.contains("encryption.extension_dir"), m);
        assertTrue(m.contains("docs/security.md"), m);
        assertFalse(m.contains(KEY));
        assertFalse(Files.exists(db), "nothing written");

        Path offline = dir.resolve("duckdb-extensions");
        StoreException configured = assertThrows(StoreException.class,
                () -> Store.open(db, StoreKey.of(KEY, StoreKey.ENV, offline)));
        assertTrue(configured.getMessage().contains(offline + "/v1.5.6/"), configured.getMessage());
    }

    @Test
    void an_encrypted_store_cannot_be_read_without_its_key_nor_with_a_wrong_one() throws Exception {
        Path db = encryptedFixture();
        StoreException noKey = assertThrows(StoreException.class, () -> Store.open(db, StoreKey.none()));
        assertTrue(noKey.getMessage().contains("is encrypted and no key was given: set " + StoreKey.ENV),
                noKey.getMessage());
        StoreException wrong = assertThrows(StoreException.class,
                () -> StoreKey.of("a-different-key-0123456789", "test", null).readOnly(db));
        assertTrue(wrong.getMessage().contains("wrong key"), wrong.getMessage());
        assertFalse(new String(Files.readAllBytes(db), java.nio.charset.StandardCharsets.ISO_8859_1).contains("P-ENC-1"),
                "no pupil id readable in the file");
    }

    @Test
    void an_encrypted_store_can_be_read_read_only_with_its_key_without_httpfs() throws Exception {
        Path db = encryptedFixture();
        try (Connection c = StoreKey.of(KEY, "test", null).readOnly(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pupils WHERE pupil_id = 'P-ENC-1'")) {
            rs.next();
            assertEquals(1, rs.getLong(1));
        }
    }

    @Test
    void a_plain_store_with_a_key_set_says_it_is_not_encrypted() throws Exception {
        Path db = dir.resolve("plain.duckdb");
        try (Store ignored = Store.open(db, StoreKey.none())) {
            // created plain
        }
        StoreException e = assertThrows(StoreException.class,
                () -> Store.open(db, StoreKey.of(KEY, StoreKey.ENV, null).withCryptoModule(UNSAFE_TEST_WRITER)));
        assertTrue(e.getMessage().contains("not encrypted, but a key is set (AUDITOR_DB_KEY): run `auditor encrypt`"),
                e.getMessage());
    }

    @Test
    void encrypting_a_plain_store_keeps_every_row_and_needs_the_key_afterwards() throws Exception {
        roundTrip(StoreKey.of(KEY, "test", null).withCryptoModule(UNSAFE_TEST_WRITER));
    }

    @Test
    void with_httpfs_the_real_round_trip() throws Exception {
        assumeTrue(httpfsLoads(null), "httpfs cannot be loaded here (not in ~/.duckdb/extensions, and this machine "
                + "cannot download it): the encrypted round trip through httpfs is skipped; see docs/security.md");
        roundTrip(StoreKey.of(KEY, "test", null));
    }

    private void roundTrip(StoreKey key) throws Exception {
        Path db = dir.resolve("school.duckdb");
        try (Store s = Store.open(db, StoreKey.none()); Statement st = s.connection().createStatement()) {
            st.execute("INSERT INTO pupils (pupil_id) SELECT 'P' || range FROM range(500)");
            st.execute("INSERT INTO access_log VALUES (TIMESTAMP '2026-12-01 09:00', 'dpo', 'dpo', 'GET', '/', 'view', NULL)");
        }
        Path kept = dir.resolve("plain-copy.duckdb");
        StoreEncryption.Result r = StoreEncryption.encrypt(db, key, kept);
        assertEquals(500L, r.rows().get("pupils"));
        assertEquals(1L, r.rows().get("access_log"));
        assertTrue(Files.exists(kept));
        assertFalse(Files.exists(dir.resolve("school.duckdb.encrypting")));
        if (PrivateFiles.posix()) {
            assertEquals("rw-------", PrivateFiles.mode(db));
        }
        assertThrows(StoreException.class, () -> Store.open(db, StoreKey.none()));
        try (Store s = Store.open(db, key)) {
            assertEquals(500, s.count("pupils"));
            assertEquals(1, s.count("access_log"));
            assertEquals(Migrations.CURRENT, s.count("schema_version"));
            s.connection().createStatement().execute("INSERT INTO pupils (pupil_id) VALUES ('P-after')");
        }
        try (Store s = Store.open(db, key)) {
            assertEquals(501, s.count("pupils"), "written while encrypted, and read back");
        }
        StoreException again = assertThrows(StoreException.class, () -> StoreEncryption.encrypt(db, key, null));
        assertTrue(again.getMessage().contains("already encrypted"), again.getMessage());
    }

    private Path encryptedFixture() throws Exception {
        Path db = dir.resolve("encrypted.duckdb");
        try (Store s = Store.open(db, StoreKey.of(KEY, "test", null).withCryptoModule(UNSAFE_TEST_WRITER))) {
            s.connection().createStatement().execute("INSERT INTO pupils (pupil_id) VALUES ('P-ENC-1')");
        }
        return db;
    }

    static boolean httpfsLoads(Path extensionDir) {
        Properties p = new Properties();
        p.setProperty("autoinstall_known_extensions", "false");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:", p); Statement s = c.createStatement()) {
            if (extensionDir != null) {
                s.execute("SET extension_directory = '" + extensionDir + "'");
            }
            s.execute("LOAD httpfs");
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private Path privateKeyFile(String name, String content) throws Exception {
        Path f = dir.resolve(name);
        PrivateFiles.write(f, content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return f;
    }

    private ConfigFile config(String yaml) throws Exception {
        Path f = dir.resolve("auditor.yaml");
        Files.writeString(f, yaml);
        return ConfigFile.load(f);
    }
}
