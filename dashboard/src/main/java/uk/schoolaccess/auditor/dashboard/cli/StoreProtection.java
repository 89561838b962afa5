package uk.schoolaccess.auditor.dashboard.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import uk.schoolaccess.auditor.ingest.store.PrivateFiles;
import uk.schoolaccess.auditor.ingest.store.Store;

/**
 * What {@code auditor status} says about how the store is protected: whether it is encrypted, and
 * a warning for each of its files other users of the computer could read (docs/security.md).
 */
final class StoreProtection {

    private StoreProtection() {
    }

    static void print(PrintWriter out, Store store) {
        out.println("Encryption: " + (encrypted(store)
                ? "on (DuckDB AES-GCM; the key is not stored with it)"
                : "off: keep the store on an encrypted disk, or see 'auditor encrypt' (docs/security.md)"));
        Path db = store.path().toAbsolutePath();
        // Its folder may be the user's own choice (/srv, a home folder): only the store's own files are judged.
        for (Path p : new Path[] {db, Path.of(db + ".wal"), Path.of(db + ".tmp")}) {
            try {
                if (PrivateFiles.openToOthers(p)) {
                    out.println("WARNING: " + p + " is open to other users of this computer (mode "
                            + PrivateFiles.mode(p) + "); it holds children's data: chmod "
                            + (java.nio.file.Files.isDirectory(p) ? "700 " : "600 ") + p);
                }
            } catch (IOException e) {
                out.println("WARNING: cannot read the permissions of " + p + ": " + e.getMessage());
            }
        }
    }

    static boolean encrypted(Store store) {
        try (Statement s = store.connection().createStatement(); ResultSet rs = s.executeQuery(
                "SELECT encrypted FROM duckdb_databases() WHERE database_name = current_database()")) {
            return rs.next() && rs.getBoolean(1);
        } catch (SQLException e) {
            return false;
        }
    }
}
