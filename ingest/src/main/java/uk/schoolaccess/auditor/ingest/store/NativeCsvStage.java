package uk.schoolaccess.auditor.ingest.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import uk.schoolaccess.auditor.ingest.IngestTrace;
import uk.schoolaccess.auditor.ingest.Origin;
import uk.schoolaccess.auditor.ingest.csv.CsvRecord;
import uk.schoolaccess.auditor.ingest.csv.CsvRecords;
import uk.schoolaccess.auditor.ingest.csv.PlainCsv;
import uk.schoolaccess.auditor.ingest.source.SourceFile;
import uk.schoolaccess.auditor.ingest.source.TextDecoding;

/**
 * Stages a plain CSV file ({@link PlainCsv}) read by DuckDB's own CSV reader instead of row by
 * row in Java. {@link #read} loads the file's fields, all as text, into {@link #RAW} (columns
 * c0, c1, ... in header order; a row's rowid is its place in the file, so its line is rowid + 2).
 * A format's SQL then turns them into {@link #ROWS}: one row per record, either a reason it is
 * quarantined or an event, exactly as its Java reader would have sent it to the
 * {@link BatchWriter}. {@link #stage} puts those into the batch: events into the staging tables
 * with their owners resolved, quarantined records with the raw text of their line.
 *
 * <p>Everything that can fail (DuckDB refusing a line, the SQL) runs before the batch begins,
 * so the file can still be read the Java way with nothing to roll back and the same batch id.
 *
 * <p>{@link #ROWS} columns: o (0-based record), line, reason (null when the record is kept),
 * implausible (the reason is the plausible-time window), ambiguous (a time in the autumn's
 * repeated hour), logon (a logon event, else a record access), source, ts, account, action
 * (logon events: login, logout or login_failed), area, pupil_id, incident_id, category,
 * row_count, workstation, ip, session_id, mfa.
 */
public final class NativeCsvStage {

    public static final String RAW = "temp._native_raw";
    public static final String ROWS = "temp._native_rows";
    /** The distinct (source, account) pairs of the file's records, whether kept or not. */
    public static final String ACCOUNTS = "temp._native_accounts";
    private static final String STAFF = "_native_staff";

    /** Files staged this way since the process started (tests check that the path was taken). */
    private static final java.util.concurrent.atomic.AtomicLong STAGED = new java.util.concurrent.atomic.AtomicLong();

    private NativeCsvStage() {
    }

    public static long filesStaged() {
        return STAGED.get();
    }

    /**
     * Whether DuckDB reads plain mapped CSV files: only when asked, with {@code AUDITOR_DUCKDB_CSV=1}
     * or {@code -Dauditor.duckdbCsv=true}. Off by default because it was measured slower than the
     * Java reader once the JIT has warmed up (a whole school's six SIMS weeks: 4.5 s against
     * 2.7 s), and only a little quicker on one cold week (docs/performance.md, nativecsv).
     */
    public static boolean enabled() {
        if (Boolean.getBoolean("auditor.duckdbCsv")) {
            return true;
        }
        String env = System.getenv("AUDITOR_DUCKDB_CSV");
        return env != null && !env.isEmpty() && !env.equals("0");
    }

    /**
     * Reads the file into {@link #RAW}, outside any transaction. False (and nothing left behind)
     * when DuckDB refuses a line or reads another number of records than the check counted.
     */
    public static boolean read(Connection c, PlainCsv plain, java.util.SortedSet<Integer> used) {
        // No new_line option: the check allows one line ending per file, and DuckDB 1.5 given
        // new_line = '\r\n' read no rows of such a file; left to itself it reads both.
        StringBuilder columns = new StringBuilder();
        for (int i = 0; i < plain.header().size(); i++) {
            columns.append(i == 0 ? "" : ", ").append("'c").append(i).append("': 'VARCHAR'");
        }
        StringBuilder kept = new StringBuilder();
        for (int i : used) {
            kept.append(kept.length() == 0 ? "" : ", ").append('c').append(i);
        }
        String sql = "CREATE OR REPLACE TEMP TABLE " + RAW.substring(5) + " AS SELECT "
                + (kept.length() == 0 ? "NULL AS none" : kept) + " FROM read_csv("
                + literal(plain.path().toAbsolutePath().toString()) + ", header = true, auto_detect = false, columns = {"
                + columns + "}, delim = ',', quote = '\"', escape = '\"', strict_mode = true, null_padding = false, "
                + "encoding = 'utf-8', max_line_size = " + Math.max(2_097_152L, plain.maxLineBytes() + 1024L) + ")";
        try (Statement s = c.createStatement()) {
            s.execute(sql);
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + RAW)) {
                rs.next();
                if (rs.getLong(1) == plain.dataRows()) {
                    return true;
                }
            }
        } catch (SQLException e) {
            // DuckDB reads it otherwise than the check expected: the Java reader will
        }
        drop(c);
        return false;
    }

    /** The temporary tables and views a file read this way leaves, by name (a catalog scan cost 0.7 s). */
    private static final List<String> TEMPORARY = List.of("VIEW _native_accounts", "VIEW _native_rows",
            "VIEW _native_values", "TABLE _native_raw", "TABLE _native_sys", "TABLE _native_time", "TABLE _native_amb",
            "TABLE _native_action", "TABLE _native_area", "TABLE _native_type", "TABLE _native_int",
            "TABLE _native_flag", "TABLE " + STAFF);

    /** Drops this class's temporary tables; the connection must not be inside a failed transaction. */
    public static void drop(Connection c) {
        try (Statement s = c.createStatement()) {
            for (String t : TEMPORARY) {
                int space = t.indexOf(' ');
                s.execute("DROP " + t.substring(0, space) + " IF EXISTS temp." + t.substring(space + 1));
            }
        } catch (SQLException ignored) {
            // temporary: they go with the connection anyway, and each file replaces them
        }
    }

    /**
     * Puts {@link #ROWS} into the batch, as the Java reader's calls would have: events staged in
     * file order with their owner, quarantined records with their line's raw text, and the counts.
     */
    public static void stage(BatchWriter batch, SourceFile file, boolean multiline, int maxChars)
            throws IOException {
        DuckDBConnection c = batch.connection();
        long t = IngestTrace.start();
        try (Statement s = c.createStatement()) {
            // Owners first, for every account of the file without counting it as unknown; only the
            // accounts of rows actually staged are counted below, as the Java reader's rows are.
            s.execute("CREATE OR REPLACE TEMP TABLE " + STAFF + " (source VARCHAR, account VARCHAR, staff_id VARCHAR)");
            List<String[]> accounts = pairs(s, "SELECT source, account FROM " + ACCOUNTS);
            try (DuckDBAppender a = c.createAppender("temp", DuckDBConnection.DEFAULT_SCHEMA, STAFF)) {
                for (String[] k : accounts) {
                    String staffId = batch.staff().staffId(k[0], k[1], false);
                    if (staffId != null) {
                        a.beginRow();
                        a.append(k[0]).append(k[1]).append(staffId);
                        a.endRow();
                    }
                }
                a.flush();
            }
            t = IngestTrace.done("", "sql staff", t);
            String owner = " FROM " + ROWS + " r LEFT JOIN temp." + STAFF + " w ON w.source = r.source AND w.account = r.account"
                    + " WHERE r.reason IS NULL AND ";
            // In file order, as the Java reader appends them: DuckDB's joins do not keep their input's order.
            long kept = s.executeUpdate("INSERT INTO temp._stage_record_access (source, ts, account, staff_id, action, "
                    + "area, pupil_id, incident_id, category, row_count, workstation, ip, session_id, batch_id, line_no) "
                    + "SELECT r.source, r.ts, r.account, w.staff_id, r.action, r.area, r.pupil_id, r.incident_id, "
                    + "r.category, r.row_count, r.workstation, r.ip, r.session_id, " + batch.batchId() + ", r.line"
                    + owner + "NOT r.logon ORDER BY r.o");
            kept += s.executeUpdate("INSERT INTO temp._stage_logon_events (source, ts, account, staff_id, workstation, "
                    + "kind, ip, mfa, interactive, session_id, batch_id, line_no) "
                    + "SELECT r.source, r.ts, r.account, w.staff_id, r.workstation, CASE r.action WHEN 'login' THEN "
                    + "'logon' WHEN 'logout' THEN 'logoff' ELSE 'failed' END, r.ip, r.mfa, true, r.session_id, "
                    + batch.batchId() + ", r.line" + owner + "r.logon ORDER BY r.o");
            t = IngestTrace.done("", "sql stage", t);
            for (String[] k : pairs(s, "SELECT DISTINCT source, account FROM temp._stage_record_access WHERE staff_id "
                    + "IS NULL UNION SELECT DISTINCT source, account FROM temp._stage_logon_events WHERE staff_id IS NULL")) {
                batch.staff().staffId(k[0], k[1], true);
            }
            long all = count(s, "SELECT count(*) FROM " + RAW);
            long ambiguous = count(s, "SELECT count(*) FROM temp._native_amb");
            List<Long> lines = new ArrayList<>();
            List<String> reasons = new ArrayList<>();
            long implausible = 0;
            if (kept < all) {
                try (ResultSet rs = s.executeQuery("SELECT line, reason, implausible FROM " + ROWS
                        + " WHERE reason IS NOT NULL ORDER BY line")) {
                    while (rs.next()) {
                        lines.add(rs.getLong(1));
                        reasons.add(rs.getString(2));
                        implausible += rs.getBoolean(3) ? 1 : 0;
                    }
                }
            }
            if (kept + lines.size() != all) {
                throw new StoreException(batch.path() + ": " + all + " records read but " + kept + " staged and "
                        + lines.size() + " quarantined");
            }
            batch.stagedElsewhere(kept, ambiguous, implausible);
            STAGED.incrementAndGet();
            if (!lines.isEmpty()) {
                quarantine(batch, file, multiline, maxChars, lines, reasons);
            }
            IngestTrace.done("", "sql counts", t);
        } catch (SQLException e) {
            throw new StoreException(batch.path() + ": cannot stage the rows DuckDB read: " + Store.firstLine(e), e);
        }
    }

    private static List<String[]> pairs(Statement s, String sql) throws SQLException {
        List<String[]> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        }
        return out;
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Each quarantined record with its line's raw text, read again the way the Java reader keeps it. */
    private static void quarantine(BatchWriter batch, SourceFile file, boolean multiline, int maxChars,
            List<Long> lines, List<String> reasons) throws IOException {
        try (BufferedReader reader = TextDecoding.reader(file)) {
            CsvRecords records = new CsvRecords(reader, multiline, maxChars);
            int next = 0;
            while (next < lines.size() && records.hasNext()) {
                CsvRecord r = records.next();
                while (next < lines.size() && lines.get(next) == r.line()) {
                    batch.quarantine(new Origin(r.line(), r.raw()), reasons.get(next));
                    next++;
                }
            }
            if (next < lines.size()) {
                throw new IOException(file.displayName() + ": line " + lines.get(next) + " is no longer in the file");
            }
        }
    }

    private static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
