package uk.schoolaccess.auditor.ingest.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import uk.schoolaccess.auditor.ingest.config.ConfigException;
import uk.schoolaccess.auditor.ingest.config.ConfigFile;

/**
 * The key to an encrypted store (docs/security.md), and how a store is opened with or without
 * one. The key comes from the environment variable {@value #ENV} or from the file named by
 * {@code encryption.key_file} in auditor.yaml, which must be readable by the service's user only;
 * never from auditor.yaml itself. It is never printed: every message names where the key came
 * from, never the key.
 *
 * <p>DuckDB encrypts with AES-GCM, but its built-in crypto module only reads: writing an encrypted
 * file needs the httpfs extension (OpenSSL) loaded. Extensions are never installed or loaded
 * automatically; httpfs is loaded explicitly, from DuckDB's extension folder or from
 * {@code encryption.extension_dir}, and where it cannot be the store is refused with a message
 * that says exactly what to put where.
 */
public final class StoreKey {

    public static final String ENV = "AUDITOR_DB_KEY";
    public static final int MIN_LENGTH = 16;
    /** The catalog name an encrypted store is attached under (and made the default). */
    static final String CATALOG = "auditor_store";
    private static final Pattern MISSING_EXTENSION = Pattern.compile("Extension \"([^\"]+)\" not found");

    /** The {@code encryption:} section of auditor.yaml. */
    public record Settings(String keyFile, String extensionDir) {
        public static final Settings DEFAULTS = new Settings(null, null);
    }

    /**
     * Makes the loaded DuckDB able to write encrypted files. Production code always uses
     * {@link #HTTPFS}; tests substitute another only to run the same code where httpfs is absent.
     */
    @FunctionalInterface
    public interface CryptoModule {
        void load(Statement s) throws SQLException;
    }

    public static final CryptoModule HTTPFS = s -> s.execute("LOAD httpfs");

    private final String key;
    private final String origin;
    private final Path extensionDir;
    private final CryptoModule crypto;

    private StoreKey(String key, String origin, Path extensionDir, CryptoModule crypto) {
        this.key = key;
        this.origin = origin;
        this.extensionDir = extensionDir;
        this.crypto = crypto;
    }

    /** No key: the store is a plain DuckDB file (an encrypted one is refused with what to set). */
    public static StoreKey none() {
        return new StoreKey(null, null, null, HTTPFS);
    }

    /** The key for a store, from the environment or auditor.yaml beside it. */
    public static StoreKey locate(Path db) {
        return from(ConfigFile.locate(null, db), System.getenv());
    }

    /** The key from {@value #ENV} when set, else from {@code encryption.key_file}; none when neither. */
    public static StoreKey from(ConfigFile config, Map<String, String> env) {
        Settings s = settings(config);
        Path base = config.origin().equals("(defaults)") ? null : Path.of(config.origin()).toAbsolutePath().getParent();
        Path extensions = s.extensionDir() == null || s.extensionDir().isBlank() ? null : resolve(base, s.extensionDir());
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return new StoreKey(checked(fromEnv, "the environment variable " + ENV), ENV, extensions, HTTPFS);
        }
        if (s.keyFile() == null || s.keyFile().isBlank()) {
            return new StoreKey(null, null, extensions, HTTPFS);
        }
        Path file = resolve(base, s.keyFile());
        return new StoreKey(readKeyFile(file), "key file " + file, extensions, HTTPFS);
    }

    /** The {@code encryption:} section; a key written in it is refused with where it belongs instead. */
    public static Settings settings(ConfigFile config) {
        if (!config.tree().path("encryption").path("key").isMissingNode()) {
            throw new ConfigException(config.origin() + ": encryption.key: the key never goes in auditor.yaml; "
                    + "put it in a file only the service's user can read and name that file in encryption.key_file, "
                    + "or set " + ENV + " (docs/security.md)");
        }
        return config.section("encryption", Settings.class, Settings.DEFAULTS);
    }

    /** A key given directly (tests, and {@code auditor encrypt} before the config names it). */
    public static StoreKey of(String key, String origin, Path extensionDir) {
        return new StoreKey(checked(key, origin), origin, extensionDir, HTTPFS);
    }

    /** The same key with another crypto module: for tests only (see {@link CryptoModule}). */
    public StoreKey withCryptoModule(CryptoModule module) {
        return new StoreKey(key, origin, extensionDir, module);
    }

    public boolean present() {
        return key != null;
    }

    /** Where the key came from, for messages ("key file /etc/auditor/store.key"); never the key. */
    public String origin() {
        return origin == null ? "no key" : origin;
    }

    @Override
    public String toString() {
        return "StoreKey(" + origin() + ")";
    }

    /**
     * Reads a key file, refusing one that others may read or that is too short. Only the first
     * line counts, so a trailing newline from {@code openssl rand -base64 32 > file} is harmless.
     */
    public static String readKeyFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new StoreException("encryption key file " + file + " not found");
        }
        try {
            if (PrivateFiles.openToOthers(file)) {
                throw new StoreException("encryption key file " + file + " is open to other users (mode "
                        + PrivateFiles.mode(file) + "); make it readable by the service's user only: chmod 600 " + file);
            }
            String text = Files.readString(file, StandardCharsets.UTF_8);
            return checked(text.lines().findFirst().orElse("").strip(), "key file " + file);
        } catch (IOException e) {
            throw new StoreException("encryption key file " + file + ": cannot read it: " + e.getMessage());
        }
    }

    private static String checked(String key, String origin) {
        String k = key == null ? "" : key.strip();
        if (k.length() < MIN_LENGTH) {
            throw new StoreException("the encryption key from " + origin + " is shorter than " + MIN_LENGTH
                    + " characters; make one with: openssl rand -base64 32");
        }
        return k;
    }

    private static Path resolve(Path base, String p) {
        Path path = Path.of(p);
        return path.isAbsolute() || base == null ? path : base.resolve(path);
    }

    /**
     * Opens the store: a plain DuckDB connection to the file when there is no key, else an
     * in-memory connection with the file attached (encrypted) as the default catalog. Extension
     * auto-install and auto-load are off either way.
     */
    Connection connect(Path db) {
        Path abs = db.toAbsolutePath();
        if (!present()) {
            try {
                return duckdb("jdbc:duckdb:" + abs);
            } catch (SQLException e) {
                String m = Store.firstLine(e);
                if (m.contains("without a key")) {
                    throw new StoreException(db + " is encrypted and no key was given: set " + ENV
                            + ", or name a key file in auditor.yaml (encryption.key_file) (docs/security.md)");
                }
                throw new StoreException(StoreLock.explain(db, m));
            }
        }
        Connection c = inMemory(db);
        try (Statement s = c.createStatement()) {
            loadCrypto(c, s, db);
            s.execute("ATTACH " + literal(abs.toString()) + " AS " + CATALOG + " (ENCRYPTION_KEY " + literal(key) + ")");
            s.execute("USE " + CATALOG);
            // DuckDB spills beside a file store by default; keep it so for an attached one.
            s.execute("SET temp_directory = " + literal(abs + ".tmp"));
            return c;
        } catch (SQLException e) {
            close(c);
            throw new StoreException(db + ": " + attachProblem(e));
        } catch (RuntimeException e) {
            close(c);
            throw e;
        }
    }

    /**
     * Attaches another file under {@code alias} on an open connection, encrypted with this key
     * when {@code encrypted}; the crypto module must already be loaded ({@link #prepare}).
     */
    public void attach(Statement s, Path file, String alias, boolean encrypted, boolean readOnly) throws SQLException {
        StringBuilder options = new StringBuilder();
        if (encrypted) {
            options.append("ENCRYPTION_KEY ").append(literal(key));
        }
        if (readOnly) {
            options.append(options.length() > 0 ? ", " : "").append("READ_ONLY");
        }
        try {
            s.execute("ATTACH " + literal(file.toAbsolutePath().toString()) + " AS " + alias
                    + (options.length() > 0 ? " (" + options + ")" : ""));
        } catch (SQLException e) {
            throw new StoreException(file + ": " + attachProblem(e));
        }
    }

    /** An in-memory connection with the crypto module loaded, for copying between files. */
    public Connection prepare(Path forStore) {
        Connection c = inMemory(forStore);
        try (Statement s = c.createStatement()) {
            loadCrypto(c, s, forStore);
            return c;
        } catch (SQLException | RuntimeException e) {
            close(c);
            throw e instanceof StoreException se ? se : new StoreException(forStore + ": " + e.getMessage());
        }
    }

    /**
     * Opens an encrypted store read-only, which DuckDB's built-in crypto module can do without
     * httpfs: for reading a store on a machine where httpfs cannot be installed.
     */
    public Connection readOnly(Path db) {
        if (!present()) {
            throw new StoreException(db + ": no key to open it with");
        }
        Connection c = inMemory(db);
        try (Statement s = c.createStatement()) {
            attach(s, db, CATALOG, true, true);
            s.execute("USE " + CATALOG);
            return c;
        } catch (SQLException | RuntimeException e) {
            close(c);
            throw e instanceof StoreException se ? se : new StoreException(db + ": " + e.getMessage());
        }
    }

    private Connection inMemory(Path db) {
        try {
            return duckdb("jdbc:duckdb:");
        } catch (SQLException e) {
            throw new StoreException(db + ": cannot start DuckDB: " + Store.firstLine(e));
        }
    }

    private void loadCrypto(Connection c, Statement s, Path db) throws SQLException {
        if (extensionDir != null) {
            s.execute("SET extension_directory = " + literal(extensionDir.toAbsolutePath().toString()));
        }
        try {
            crypto.load(s);
        } catch (SQLException e) {
            throw new StoreException(refusal(db, Store.firstLine(e), version(c)));
        }
    }

    /** Exactly what is missing, and where to put it, when httpfs cannot be loaded. */
    String refusal(Path db, String duckdbError, String version) {
        Matcher m = MISSING_EXTENSION.matcher(duckdbError);
        StringBuilder b = new StringBuilder(db + ": an encryption key is set (" + origin() + "), and DuckDB "
                + version + " opens an encrypted store for writing only with its httpfs extension loaded. ");
        if (m.find()) {
            b.append("httpfs is not installed: put httpfs.duckdb_extension built for DuckDB ").append(version)
                    .append(" at ").append(m.group(1)).append(", ");
            b.append(extensionDir == null
                    ? "or set encryption.extension_dir in auditor.yaml to a folder holding it in that layout. "
                    : "as encryption.extension_dir in auditor.yaml asks. ");
        } else {
            b.append("Loading httpfs failed: ").append(duckdbError).append(". ");
        }
        return b.append("Extensions are never downloaded or loaded automatically; docs/security.md gives the "
                + "offline install step by step.").toString();
    }

    /** This DuckDB's version and platform, e.g. "v1.5.6 (linux_amd64)": the httpfs build must match both. */
    private static String version(Connection c) {
        // A fresh statement: DuckDB's driver closes one whose query failed.
        try (Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT library_version, (SELECT platform FROM pragma_platform()) FROM pragma_version()")) {
            return rs.next() ? rs.getString(1) + " (" + rs.getString(2) + ")" : "?";
        } catch (SQLException e) {
            return "?";
        }
    }

    private String attachProblem(SQLException e) {
        String m = Store.firstLine(e);
        if (key != null) {
            m = m.replace(key, "(key)");
        }
        if (m.contains("Wrong encryption key")) {
            return "the key from " + origin() + " does not open it (wrong key)";
        }
        if (m.contains("is not encrypted")) {
            return "it is not encrypted, but a key is set (" + origin() + "): run `auditor encrypt` to encrypt it, "
                    + "or remove the key setting";
        }
        return m;
    }

    /**
     * A connection from DuckDB's driver itself rather than through DriverManager, whose first use
     * looks for every JDBC driver on the class path: with Spark's jars in the manifest that opens
     * all of them (about 0.2 s of every command's start-up).
     */
    private static Connection duckdb(String url) throws SQLException {
        Connection c = Driver.DUCKDB.connect(url, noAutoExtensions());
        if (c == null) {
            throw new SQLException("not a DuckDB address: " + url);
        }
        return c;
    }

    /**
     * DuckDB's driver, loaded once. When its class first loads it registers a JFR periodic event
     * (a memory monitor that stays off unless a connection names it with jdbc_jfr_memory_monitor,
     * which the auditor never does), and registering it starts the JVM's Flight Recorder
     * machinery: classes generated at run time that the start-up archive cannot hold, 50 to 70 ms
     * of every command's start-up here. So the monitor is marked as set up before the driver
     * loads. A driver without that field simply sets it up as before, at its own cost.
     */
    private static final class Driver {
        static final org.duckdb.DuckDBDriver DUCKDB;

        static {
            try {
                java.lang.reflect.Field done = Class.forName("org.duckdb.DuckDBMemoryMonitor")
                        .getDeclaredField("initialized");
                done.setAccessible(true);
                done.setBoolean(null, true);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // another driver version: its own set-up runs
            }
            DUCKDB = new org.duckdb.DuckDBDriver();
        }
    }

    /**
     * Starts DuckDB on a daemon thread: its library, and one throwaway database in memory. The
     * first database a process makes costs about a third of a second whatever it holds (the
     * library's pages and its process-wide set-up; the store itself then opens in about a tenth),
     * and a command's own first steps before it opens the store (the command line, the
     * configuration, listing the inputs) leave the second core idle. Nothing is written; a failure
     * here is the store's open's to report. Run what it returns before the process exits.
     */
    public static Runnable warmUpInBackground() {
        Thread t = new Thread(new WarmUp(), "auditor-duckdb-start");
        t.setDaemon(true);
        t.start();
        return new Finished(t);
    }

    /** Waits (a few seconds at most) for the warm-up to end: the process must not exit inside DuckDB's start. */
    private record Finished(Thread warmUp) implements Runnable {
        @Override
        public void run() {
            try {
                warmUp.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A class rather than a lambda: the first lambda of a process costs its main thread the set-up of all of them. */
    private static final class WarmUp implements Runnable {
        @Override
        public void run() {
            try (Connection c = duckdb("jdbc:duckdb:")) {
                c.isClosed();
            } catch (SQLException | RuntimeException | LinkageError ignored) {
                // the store's own open fails with the reason, if there is one
            }
        }
    }

    private static Properties noAutoExtensions() {
        Properties p = new Properties();
        p.setProperty("autoinstall_known_extensions", "false");
        p.setProperty("autoload_known_extensions", "false");
        return p;
    }

    static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    private static void close(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // Already failing: the first error is the one to report.
        }
    }
}
