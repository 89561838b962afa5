package uk.schoolaccess.auditor.ingest.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The canonical tables as Parquet for the Spark engine (docs/scale-out.md): event tables
 * partitioned by school and UTC date ({@code DIR/signins/school_id=NFS/date=2026-09-07/...}),
 * roster tables by school ({@code DIR/staff/school_id=NFS/...}), so a trust gathers many schools'
 * exports under one folder. Re-exporting a school replaces that school's partitions only. An
 * empty table writes no partition; {@code DIR/_schema/<table>.parquet} (no rows) keeps every
 * table's columns for the reader. Timestamps are written as DuckDB stores them (UTC, no zone).
 */
public final class ParquetExport {

    /** The tables the detectors read. */
    public static final List<String> EVENT_TABLES = List.of("signins", "logon_events", "record_access");
    public static final List<String> ROSTER_TABLES = List.of("staff", "staff_accounts", "pupils", "pupil_accounts",
            "relationships", "incidents", "incident_involvement");
    public static final List<String> TABLES = Stream.concat(ROSTER_TABLES.stream(), EVENT_TABLES.stream()).toList();
    public static final String SCHEMA_DIR = "_schema";

    private ParquetExport() {
    }

    /** The school the store holds: the one school_id on its staff rows, else the given fallback. */
    public static String schoolOf(Store store, String fallback) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Statement s = store.connection().createStatement();
             ResultSet rs = s.executeQuery("SELECT DISTINCT school_id FROM staff WHERE school_id IS NOT NULL "
                     + "UNION SELECT DISTINCT school_id FROM pupils WHERE school_id IS NOT NULL")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids.size() == 1 ? ids.get(0) : fallback;
    }

    /** Writes every table of one school; returns rows written per table. */
    public static Map<String, Long> export(Store store, Path dir, String schoolId) throws SQLException, IOException {
        if (schoolId == null || !schoolId.matches("[A-Za-z0-9_-]{1,40}")) {
            throw new IllegalArgumentException("school id '" + schoolId + "': 1-40 letters, digits, - or _");
        }
        Files.createDirectories(dir.resolve(SCHEMA_DIR));
        Map<String, Long> rows = new LinkedHashMap<>();
        try (Statement s = store.connection().createStatement()) {
            for (String table : TABLES) {
                boolean events = EVENT_TABLES.contains(table);
                PrivateFiles.deleteTree(dir.resolve(table).resolve("school_id=" + schoolId));
                String columns = columns(s, table);
                Path schema = dir.resolve(SCHEMA_DIR).resolve(table + ".parquet");
                s.execute("COPY (SELECT " + columns + " FROM " + table + " LIMIT 0) TO " + literal(schema)
                        + " (FORMAT PARQUET)");
                long n;
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
                    rs.next();
                    n = rs.getLong(1);
                }
                rows.put(table, n);
                if (n == 0) {
                    continue;
                }
                String select = "SELECT " + columns + ", '" + schoolId + "' AS school_id"
                        + (events ? ", CAST(ts AS DATE) AS date" : "") + " FROM " + table;
                s.execute("COPY (" + select + ") TO " + literal(dir.resolve(table)) + " (FORMAT PARQUET, PARTITION_BY ("
                        + (events ? "school_id, date" : "school_id") + "), OVERWRITE_OR_IGNORE true)");
            }
        }
        return rows;
    }

    /** The table's columns but school_id (the partition column, written from the export's school) and natural_id. */
    private static String columns(Statement s, String table) throws SQLException {
        List<String> names = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT column_name FROM information_schema.columns WHERE table_schema = "
                + "'main' AND table_name = '" + table + "' ORDER BY ordinal_position")) {
            while (rs.next()) {
                // natural_id is the ingest's own bookkeeping (which stored event a re-read record is)
                if (!rs.getString(1).equals("school_id") && !rs.getString(1).equals("natural_id")) {
                    names.add(rs.getString(1));
                }
            }
        }
        return String.join(", ", names);
    }

    private static String literal(Path p) {
        return "'" + p.toAbsolutePath().toString().replace("'", "''") + "'";
    }

}
