package uk.schoolaccess.auditor.ingest.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A consistent copy of a store in a new file: every table as of one moment (a single DuckDB
 * transaction), so rows committed before the copy began are in it and work committed during it
 * is not half in it. Used by backups and by the read-only snapshots notebooks open while a
 * server owns the store. The copy is private to its owner (0600) whatever the umask.
 */
public final class StoreCopy {

    private StoreCopy() {
    }

    /** Copies the store to {@code to}, which must not exist; returns the copy's size in bytes. */
    public static long copy(Store from, Path to) {
        Path target = to.toAbsolutePath().normalize();
        if (Files.exists(target)) {
            throw new StoreException(target + " already exists; a backup never overwrites a file");
        }
        Path work = null;
        try {
            Files.createDirectories(target.getParent());
            work = privateFolder(target.getParent());
            Path file = work.resolve(target.getFileName());
            try (Store s = Store.shareOf(from); Statement st = s.connection().createStatement()) {
                String source;
                try (ResultSet rs = st.executeQuery("SELECT current_database()")) {
                    rs.next();
                    source = rs.getString(1);
                }
                // A copy of an encrypted store is encrypted with the same key; a plain one stays plain.
                from.key().attach(st, file, "auditor_copy", from.key().present(), false);
                try {
                    st.execute("COPY FROM DATABASE " + SqlNames.quoted(source) + " TO auditor_copy");
                } finally {
                    st.execute("DETACH auditor_copy");
                }
            }
            privateFile(file);
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
            return Files.size(target);
        } catch (SQLException e) {
            throw new StoreException(target + ": the copy failed: " + Store.firstLine(e));
        } catch (IOException e) {
            throw new StoreException(target + ": the copy failed: " + e.getMessage());
        } finally {
            deleteQuietly(work);
        }
    }

    private static Path privateFolder(Path parent) throws IOException {
        try {
            return Files.createTempDirectory(parent, ".copy-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
            return Files.createTempDirectory(parent, ".copy-");
        }
    }

    private static void privateFile(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the folder's own protection applies
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a leftover temporary folder holds at most a partial copy, private to the owner
                }
            });
        } catch (IOException ignored) {
            // as above
        }
    }
}
