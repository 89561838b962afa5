package uk.schoolaccess.auditor.ingest.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * The canonical store: one DuckDB file holding the tables of docs/schema.md. Opening it
 * migrates an older file to the current schema and refuses a file written by a newer auditor,
 * so an old binary never damages new data.
 */
public class Store implements AutoCloseable {

    public static final Path DEFAULT_PATH = Path.of("auditor-data", "audit.duckdb");

    private final Path path;
    private final Connection connection;

    Store(Path path, Connection connection) {
        this.path = path;
        this.connection = connection;
    }

    /**
     * Opens a store that must already exist: every command but those that load data (ingest,
     * users add) says so instead of creating an empty file from a mistyped --db.
     */
    public static Store openExisting(Path path) {
        if (!Files.exists(path)) {
            throw new StoreException("there is no store at " + path + ": check --db, or load data first with "
                    + "'auditor ingest --db " + path + " FOLDER'");
        }
        return open(path);
    }

    /**
     * Another connection to a store this process already has open (the server's), for work run
     * beside the dashboard. Closing it leaves the owner's connection open.
     */
    public static Store shareOf(Store owner) {
        try {
            return new Store(owner.path, ((org.duckdb.DuckDBConnection) owner.connection).duplicate());
        } catch (SQLException e) {
            throw new StoreException(owner.path + ": cannot open another connection: " + firstLine(e));
        }
    }

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
        try {
            Connection c = DriverManager.getConnection("jdbc:duckdb:" + copy);
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
        } catch (SQLException e) {
            throw new StoreException(copy + ": cannot open the snapshot: " + firstLine(e));
        }
    }

    public static Store open(Path path) {
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new StoreException(path + ": cannot create its folder: " + e.getMessage());
        }
        Connection c;
        try {
            c = DriverManager.getConnection("jdbc:duckdb:" + path.toAbsolutePath());
        } catch (SQLException e) {
            throw new StoreException(StoreLock.explain(path, firstLine(e)));
        }
        try {
            Migrations.apply(c, path);
            return new Store(path, c);
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
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
