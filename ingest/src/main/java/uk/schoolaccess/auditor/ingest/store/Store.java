package uk.schoolaccess.auditor.ingest.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

import uk.schoolaccess.auditor.ingest.config.StoreSettings;

/**
 * The canonical store: one DuckDB file holding the tables of docs/schema.md. Opening it
 * migrates an older file to the current schema and refuses a file written by a newer auditor,
 * so an old binary never damages new data.
 */
public class Store implements AutoCloseable {

    public static final Path DEFAULT_PATH = Path.of("auditor-data", "audit.duckdb");

    private final Path path;
    private final Connection connection;
    private StoreKey key = StoreKey.none();

    Store(Path path, Connection connection) {
        this.path = path;
        this.connection = connection;
    }

    /** The key the store was opened with ({@link StoreKey#none()} for a plain file): copies keep it. */
    StoreKey key() {
        return key;
    }

    /**
     * Opens a store that must already exist: every command but those that load data (ingest,
     * users add) says so instead of creating an empty file from a mistyped --db.
     */
    public static Store openExisting(Path path) {
        return openExisting(path, StoreKey.locate(path));
    }

    public static Store openExisting(Path path, StoreKey key) {
        return openExisting(path, key, StoreSettings.DEFAULTS);
    }

    /** As {@link #openExisting(Path, StoreKey)}, within the memory and spill folder of {@code settings}. */
    public static Store openExisting(Path path, StoreKey key, StoreSettings settings) {
        if (!Files.exists(path)) {
            throw new StoreException("there is no store at " + path + ": check --db, or load data first with "
                    + "'auditor ingest --db " + path + " FOLDER'");
        }
        return open(path, key, settings);
    }

    /**
     * Another connection to a store this process already has open (the server's), for work run
     * beside the dashboard. Closing it leaves the owner's connection open.
     */
    public static Store shareOf(Store owner) {
        try {
            if (shareFault != null) {
                throw new SQLException(shareFault);
            }
            Connection c = ((org.duckdb.DuckDBConnection) owner.connection).duplicate();
            try (Statement st = c.createStatement();
                 var rs = st.executeQuery("SELECT count(*) FROM duckdb_databases() WHERE database_name = '"
                         + StoreKey.CATALOG + "'")) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    // An encrypted store is attached; each connection must be pointed at it.
                    st.execute("USE " + StoreKey.CATALOG);
                }
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            Store shared = new Store(owner.path, c);
            shared.key = owner.key;
            return shared;
        } catch (SQLException e) {
            throw new StoreException(owner.path + ": cannot open another connection: " + firstLine(e));
        }
    }

    /** Tests: the reason every {@link #shareOf} fails with, as when DuckDB cannot open another connection. */
    static volatile String shareFault;

    /**
     * The store for analysis (the notebooks): the file itself when no server owns it; when one
     * does, a consistent private copy the server makes on request, deleted on close, so an
     * analysis never waits for or disturbs the service (what it writes, such as an audit's
     * working tables, is discarded with the copy).
     */
    public static Store openOrSnapshot(Path path) {
        Optional<StoreServer> server = StoreServer.running(path);
        if (server.isEmpty()) {
            return openExisting(path);
        }
        Path copy;
        try {
            Path dir = path.toAbsolutePath().getParent();
            copy = dir.resolve(".snapshot-" + ProcessHandle.current().pid() + "-" + System.nanoTime() + ".duckdb");
            server.get().snapshot(copy);
        } catch (IOException e) {
            throw new StoreException(path + ": the running server could not make a snapshot: " + e.getMessage());
        }
        {
            Connection c = StoreKey.locate(path).connect(copy);
            return new Store(copy, c) {
                @Override
                public void close() {
                    super.close();
                    try {
                        Files.deleteIfExists(copy);
                        Files.deleteIfExists(copy.resolveSibling(copy.getFileName() + ".wal"));
                    } catch (IOException ignored) {
                        // a leftover snapshot is only a copy; the server's next backup run does not depend on it
                    }
                }
            };
        }
    }

    public static Store open(Path path) {
        return open(path, StoreKey.locate(path));
    }

    /** Opens the store with the key to it, or {@link StoreKey#none()} for a plain file. */
    public static Store open(Path path, StoreKey key) {
        return open(path, key, StoreSettings.DEFAULTS);
    }

    /**
     * Opens (or creates) the store within DuckDB's memory limit and spill folder from the
     * configuration ({@code store:}), so a load or an audit stays within the machine's means.
     */
    public static Store open(Path path, StoreKey key, StoreSettings settings) {
        try {
            PrivateFiles.restrictNewFiles();
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                PrivateFiles.folder(parent);
            }
        } catch (IOException e) {
            throw new StoreException(path + ": cannot create its folder: " + e.getMessage());
        }
        refuseSqlite(path);
        Connection c = key.connect(path);
        try {
            limit(c, path, settings);
            Migrations.apply(c, path);
            Store store = new Store(path, c);
            store.key = key;
            return store;
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    private static void limit(Connection c, Path path, StoreSettings settings) {
        try (Statement s = c.createStatement()) {
            s.execute("SET memory_limit = '" + settings.memoryLimitOrDefault() + "'");
            if (settings.tempDirectory() != null) {
                s.execute("SET temp_directory = '" + settings.spillFolder(path).toString().replace("'", "''") + "'");
            }
        } catch (SQLException e) {
            throw new StoreException(path + ": cannot apply the store settings (store.memory_limit, "
                    + "store.temp_directory): " + firstLine(e));
        }
    }

    /**
     * DuckDB would fetch an extension from the internet to open a file it does not know (a SQLite
     * database given as --db). The auditor reaches no network but the SMTP server and Spark
     * master its configuration names, so every connection has auto-install and auto-load off.
     */
    private static void refuseSqlite(Path path) {
        byte[] magic = "SQLite format 3\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        if (Files.isRegularFile(path)) {
            try (var in = Files.newInputStream(path)) {
                if (java.util.Arrays.equals(in.readNBytes(magic.length), magic)) {
                    throw new StoreException(path + " is a SQLite database, not an auditor store (a DuckDB file); "
                            + "give --db the auditor's own file");
                }
            } catch (IOException e) {
                throw new StoreException(path + ": cannot read it: " + e.getMessage());
            }
        }
    }

    /**
     * Runs DuckDB's statements on the calling thread only, for a process that owns the store and
     * keeps its other cores busy itself (ingest's reading threads). With more than one thread the
     * calling thread never sleeps while DuckDB's other threads work: it asks for more work in a
     * loop (pending-query execution takes and releases a lock each time round), which on a week's
     * ingest burned 1.0 to 1.5 CPU s of a 2-core machine, the core the reading threads needed.
     * The setting is the whole database's, so never for a server's store (its other connections).
     */
    public void oneThread() {
        try (Statement s = connection.createStatement()) {
            s.execute("SET threads = 1");
        } catch (SQLException e) {
            throw new StoreException(path + ": cannot set DuckDB's threads: " + firstLine(e));
        }
    }

    public Path path() {
        return path;
    }

    public Connection connection() {
        return connection;
    }

    public long count(String table) {
        try (Statement s = connection.createStatement(); var rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new StoreException(path + ": " + firstLine(e));
        }
    }

    @Override
    public void close() {
        closeQuietly(connection);
    }

    /**
     * The line of a DuckDB error that says what went wrong. The JDBC driver sometimes puts a
     * generic "unsuccessful or closed pending query result" line first and the real cause
     * (a binder or constraint error) after it.
     */
    public static String firstLine(SQLException e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        return m.lines().map(String::strip).filter(l -> !l.isEmpty())
                .filter(l -> !l.contains("unsuccessful or closed pending query result"))
                .map(l -> l.startsWith("Error: ") ? l.substring(7) : l)
                .findFirst().orElse(m.lines().findFirst().orElse(m));
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // Nothing useful to do: the file is closed either way when the process ends.
        }
    }
}

