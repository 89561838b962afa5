package uk.schoolaccess.auditor.ingest.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a plain store into an encrypted one ({@code auditor encrypt}): the plain file and a new
 * encrypted file are attached side by side, everything is copied with DuckDB's
 * {@code COPY FROM DATABASE}, every table's row count is compared, and only then is the encrypted
 * file moved into the plain one's place. A failure at any step leaves the plain store as it was.
 */
public final class StoreEncryption {

    private static final String PLAIN = "plain_store";
    private static final String ENCRYPTED = "encrypted_store";

    /** What was copied: each table's rows (identical in both files), and where the plain file went. */
    public record Result(Map<String, Long> rows, Path keptPlain) {
    }

    private StoreEncryption() {
    }

    /**
     * Encrypts the store at {@code db} with {@code key}. The plain file is removed, or moved to
     * {@code keepPlain} when given (say so: that copy is not encrypted).
     */
    public static Result encrypt(Path db, StoreKey key, Path keepPlain) {
        if (!key.present()) {
            throw new StoreException("no encryption key: set " + StoreKey.ENV + " or name a key file in auditor.yaml "
                    + "(encryption.key_file) before encrypting (docs/security.md)");
        }
        if (!Files.isRegularFile(db)) {
            throw new StoreException(db + ": no such store");
        }
        if (keepPlain != null && Files.exists(keepPlain)) {
            throw new StoreException(keepPlain + " already exists; choose another --keep-plain file");
        }
        Path target = db.resolveSibling(db.getFileName() + ".encrypting");
        Map<String, Long> rows;
        try {
            Files.deleteIfExists(target); // an earlier run that stopped half-way
            Files.deleteIfExists(target.resolveSibling(target.getFileName() + ".wal"));
        } catch (IOException e) {
            throw new StoreException(target + ": cannot remove an earlier attempt: " + e.getMessage());
        }
        try (Connection c = key.prepare(db); Statement s = c.createStatement()) {
            attachPlain(s, key, db);
            s.execute("CHECKPOINT " + PLAIN); // fold its WAL in, so the copy misses nothing
            key.attach(s, target, ENCRYPTED, true, false);
            s.execute("COPY FROM DATABASE " + PLAIN + " TO " + ENCRYPTED);
            rows = compare(s);
            s.execute("CHECKPOINT " + ENCRYPTED);
            s.execute("DETACH " + ENCRYPTED);
            s.execute("DETACH " + PLAIN);
        } catch (SQLException | RuntimeException e) {
            deleteQuietly(target);
            if (e instanceof StoreException se) {
                throw se;
            }
            throw new StoreException(db + ": encrypting failed, the plain store is unchanged: "
                    + (e instanceof SQLException q ? Store.firstLine(q) : e.getMessage()));
        }
        try {
            PrivateFiles.narrow(target);
            if (keepPlain != null) {
                Files.move(db, keepPlain);
                PrivateFiles.narrow(keepPlain);
            } else {
                Files.delete(db);
            }
            Files.move(target, db, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new StoreException(db + ": the encrypted copy is complete at " + target
                    + " but could not be moved into place: " + e.getMessage());
        }
        return new Result(rows, keepPlain);
    }

    private static void attachPlain(Statement s, StoreKey key, Path db) throws SQLException {
        try {
            key.attach(s, db, PLAIN, false, false);
        } catch (StoreException e) {
            if (e.getMessage().contains("without a key")) {
                throw new StoreException(db + " is already encrypted");
            }
            throw e;
        }
    }

    /** Every table's row count in both files; any difference stops the swap. */
    private static Map<String, Long> compare(Statement s) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = '"
                + PLAIN + "' ORDER BY schema_name, table_name")) {
            while (rs.next()) {
                tables.add(SqlNames.quoted(rs.getString(1)) + "." + SqlNames.quoted(rs.getString(2)));
            }
        }
        Map<String, Long> rows = new LinkedHashMap<>();
        for (String t : tables) {
            long plain = count(s, PLAIN + "." + t);
            long encrypted = count(s, ENCRYPTED + "." + t);
            if (plain != encrypted) {
                throw new StoreException("encrypting failed, the plain store is unchanged: table " + t + " has "
                        + plain + " rows but its encrypted copy " + encrypted);
            }
            rows.put(t.replace("\"main\".", "").replace("\"", ""), plain);
        }
        return rows;
    }

    private static long count(Statement s, String table) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
            Files.deleteIfExists(p.resolveSibling(p.getFileName() + ".wal"));
        } catch (IOException ignored) {
            // The half-made copy is named *.encrypting; the next run removes it first.
        }
    }
}
