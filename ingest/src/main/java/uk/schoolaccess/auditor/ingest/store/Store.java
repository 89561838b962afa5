package uk.schoolaccess.auditor.ingest.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The canonical store: one DuckDB file holding the tables of docs/schema.md. Opening it
 * migrates an older file to the current schema and refuses a file written by a newer auditor,
 * so an old binary never damages new data.
 */
public final class Store implements AutoCloseable {

    public static final Path DEFAULT_PATH = Path.of("auditor-data", "audit.duckdb");

    private final Path path;
    private final Connection connection;

    private Store(Path path, Connection connection) {
        this.path = path;
        this.connection = connection;
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
        refuseSqlite(path);
        Connection c;
        try {
            c = DriverManager.getConnection("jdbc:duckdb:" + path.toAbsolutePath(), NO_EXTENSION_DOWNLOADS);
        } catch (SQLException e) {
            throw new StoreException(path + ": cannot open the database: " + firstLine(e));
        }
        try {
            Migrations.apply(c, path);
            return new Store(path, c);
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    /**
     * DuckDB would fetch an extension from the internet to open a file it does not know (a SQLite
     * database given as --db). The auditor reaches no network but the SMTP server and Spark
     * master its configuration names, so every connection has auto-install and auto-load off.
     */
    private static final java.util.Properties NO_EXTENSION_DOWNLOADS = new java.util.Properties();

    static {
        NO_EXTENSION_DOWNLOADS.setProperty("autoinstall_known_extensions", "false");
        NO_EXTENSION_DOWNLOADS.setProperty("autoload_known_extensions", "false");
    }

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
