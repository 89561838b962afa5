package uk.schoolaccess.auditor.dashboard.lifecycle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import uk.schoolaccess.auditor.ingest.store.SqlNames;

/**
 * Gives the disk space of purged rows back. DuckDB's CHECKPOINT marks the blocks of deleted rows
 * free and reuses them, but only shrinks the file when the free blocks are at its end, which
 * after a purge of the oldest events they seldom are (measured: deleting two thirds of a table
 * and CHECKPOINT or VACUUM left a 63 MiB file at 63 MiB). So the store is copied, table by
 * table, into a fresh file beside it (COPY FROM DATABASE keeps tables, constraints, views,
 * macros and sequence values), and the copy replaces the store once the store is closed.
 */
public final class Compaction {

    private Compaction() {
    }

    /** The compact copy of an open store, written beside it as FILE.compact; returns its path. */
    public static Path copy(Connection c, Path store) throws SQLException, IOException {
        Path target = store.toAbsolutePath().resolveSibling(store.getFileName() + ".compact");
        Files.deleteIfExists(target);
        Files.deleteIfExists(target.resolveSibling(target.getFileName() + ".wal"));
        try (Statement s = c.createStatement()) {
            s.execute("CHECKPOINT");
            String name;
            try (var rs = s.executeQuery("SELECT current_database()")) {
                rs.next();
                name = rs.getString(1);
            }
            s.execute("ATTACH '" + target.toString().replace("'", "''") + "' AS purge_compact");
            try {
                sameAccess(store, target); // before any row is copied into it
                s.execute("COPY FROM DATABASE " + SqlNames.quoted(name) + " TO purge_compact");
                s.execute("CHECKPOINT purge_compact");
            } finally {
                s.execute("DETACH purge_compact");
            }
        }
        return target;
    }

    /**
     * Replaces the (closed) store with its compact copy, keeping the store's owner-only permissions,
     * in one rename on the same file system.
     */
    public static void replace(Path store, Path copy) throws IOException {
        sameAccess(store, copy);
        Files.move(copy, store, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.deleteIfExists(store.resolveSibling(store.getFileName() + ".wal"));
    }

    private static void sameAccess(Path store, Path copy) throws IOException {
        PosixFileAttributeView from = Files.getFileAttributeView(store, PosixFileAttributeView.class);
        PosixFileAttributeView to = Files.getFileAttributeView(copy, PosixFileAttributeView.class);
        if (from != null && to != null && Files.exists(store)) {
            to.setPermissions(from.readAttributes().permissions());
        }
    }
}
